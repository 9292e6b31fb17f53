package cn.chainatlas.chain;

import java.util.List;

/** Regions, cities, districts and the cluster star ratings, as read from {@code seeds/geo/}. */
record GeoSeed(List<Region> regions, List<City> cities, List<District> districts, List<Cluster> clusters,
               String sha256) {

    record Region(String code, String name) {
    }

    record City(String code, String name, String nameEn, String region) {
    }

    record District(String code, String name, String city, Integer enterprises) {
    }

    /** @param ratings city code → stars (1-4) */
    record Cluster(int number, String name, List<String> chains, java.util.Map<String, Integer> ratings) {
    }
}
