package cn.chainatlas.chain;

import java.util.List;
import java.util.Map;

/**
 * Regions, cities, districts and the cluster star ratings, as read from {@code seeds/geo/}.
 *
 * @param industries the industry columns of 003 表1, in the order of {@link District#byIndustry()}
 */
record GeoSeed(List<Region> regions, List<City> cities, List<String> industries, List<District> districts,
               List<Cluster> clusters, String sha256) {

    record Region(String code, String name) {
    }

    record City(String code, String name, String nameEn, String region) {
    }

    /**
     * @param enterprises high-end equipment enterprises of the district (003 表1 合计), null when the table has no row
     * @param byIndustry  the same by industry column; an entry is null where the table prints “-”; empty without a row
     */
    record District(String code, String name, String city, Integer enterprises, List<Integer> byIndustry) {
    }

    /**
     * @param table   1 for 004's table of clusters 1-10, 2 for 11-20; each has its own star legend
     * @param ratings city code → stars (1-4)
     * @param tiers   city code → CORE, KEY or GENERAL (核心城市, 重点城市, 一般城市) by the table's legend; empty
     *                when the seed gives no legend
     */
    record Cluster(int number, String name, int table, List<String> chains, Map<String, Integer> ratings,
                   Map<String, String> tiers) {
    }
}
