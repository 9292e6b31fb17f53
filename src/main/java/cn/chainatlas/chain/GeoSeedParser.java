package cn.chainatlas.chain;

import cn.chainatlas.db.SeedFiles.SeedFile;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static cn.chainatlas.chain.ChainSeedParser.strings;
import static cn.chainatlas.chain.ChainSeedParser.text;

/**
 * Reads {@code geo/cities.yaml} and {@code geo/cluster-ratings.yaml}; ratings name cities by their Chinese name.
 * Stars become tiers by the legend of the star's own table, because 004's two tables use different star counts
 * for the same tiers (★★★ core in clusters 1-10, ★★★★ core in 11-20).
 */
final class GeoSeedParser {

    static final Set<String> TIERS = Set.of("CORE", "KEY", "GENERAL");

    private GeoSeedParser() {
    }

    static GeoSeed parse(SeedFile cities, SeedFile ratings) {
        List<String> problems = new ArrayList<>();
        MessageDigest digest = ChainSeedParser.sha256();
        Map<?, ?> c = read(cities, digest, problems);
        Map<?, ?> r = ratings == null ? Map.of() : read(ratings, digest, problems);
        List<GeoSeed.Region> regions = new ArrayList<>();
        List<GeoSeed.City> cityList = new ArrayList<>();
        List<GeoSeed.District> districts = new ArrayList<>();
        List<GeoSeed.Cluster> clusters = new ArrayList<>();
        List<String> industries = c == null ? List.of() : strings(c.get("industries"));
        if (c != null) {
            Set<String> regionCodes = new HashSet<>();
            for (Map<?, ?> m : maps(c.get("regions"))) {
                String code = text(m.get("code"));
                String name = text(m.get("name"));
                if (code == null || name == null || !regionCodes.add(code)) {
                    problems.add(cities.name() + ": 区域缺少 code/name 或重复: " + m);
                } else {
                    regions.add(new GeoSeed.Region(code, name));
                }
            }
            Map<String, String> cityByName = new HashMap<>();
            Set<String> cityCodes = new HashSet<>();
            for (Map<?, ?> m : maps(c.get("cities"))) {
                String code = text(m.get("code"));
                String name = text(m.get("name"));
                String region = text(m.get("region"));
                if (code == null || !code.matches("\\d{6}") || name == null) {
                    problems.add(cities.name() + ": 城市须有 6 位 code 和 name: " + m);
                } else if (!cityCodes.add(code) || cityByName.putIfAbsent(name, code) != null) {
                    problems.add(cities.name() + ": 城市 " + name + "（" + code + "）重复");
                } else if (!regionCodes.contains(region)) {
                    problems.add(cities.name() + ": 城市 " + name + " 的 region「" + region + "」未在 regions 中定义");
                } else {
                    cityList.add(new GeoSeed.City(code, name, text(m.get("nameEn")), region));
                }
            }
            Set<String> districtCodes = new HashSet<>();
            for (Map<?, ?> m : maps(c.get("districts"))) {
                String code = text(m.get("code"));
                String city = text(m.get("city"));
                Object count = m.get("enterprises");
                if (code == null || text(m.get("name")) == null || !districtCodes.add(code)) {
                    problems.add(cities.name() + ": 区县缺少 code/name 或重复: " + m);
                } else if (!cityCodes.contains(city)) {
                    problems.add(cities.name() + ": 区县 " + m.get("name") + " 的 city「" + city + "」不是已定义的城市");
                } else {
                    List<Integer> byIndustry = byIndustry(m.get("byIndustry"));
                    int sum = byIndustry.stream().mapToInt(v -> v == null ? 0 : v).sum();
                    if (m.get("byIndustry") != null && (byIndustry.size() != industries.size()
                            || byIndustry.stream().anyMatch(v -> v != null && v < 0))) {
                        problems.add(cities.name() + ": 区县 " + m.get("name") + " 的 byIndustry 应为 " + industries.size()
                                + " 个非负整数或 null（对应 industries）");
                    } else if (!byIndustry.isEmpty() && !(count instanceof Number total && total.intValue() == sum)) {
                        problems.add(cities.name() + ": 区县 " + m.get("name") + " 的分行业家数合计 " + sum
                                + "，与 enterprises「" + count + "」不符");
                    } else {
                        districts.add(new GeoSeed.District(code, text(m.get("name")), city,
                                count instanceof Number n ? n.intValue() : null, byIndustry));
                    }
                }
            }
            if (r != null) {
                Map<Integer, Map<Integer, String>> legends = legends(r.get("legends"), ratings, problems);
                Set<Integer> numbers = new HashSet<>();
                for (Map<?, ?> m : maps(r.get("clusters"))) {
                    Object number = m.get("number");
                    String name = text(m.get("name"));
                    if (!(number instanceof Number n) || name == null || !numbers.add(n.intValue())) {
                        problems.add(ratings.name() + ": 集群须有唯一的 number 和 name: " + m.get("number") + " " + name);
                        continue;
                    }
                    int table = m.get("table") instanceof Number t ? t.intValue() : 0;
                    Map<Integer, String> legend = legends.get(table);
                    if (!legends.isEmpty() && legend == null) {
                        problems.add(ratings.name() + ": 集群 " + n + " " + name + " 的 table「" + m.get("table")
                                + "」没有星级图例（legends）");
                    }
                    Map<String, Integer> stars = new LinkedHashMap<>();
                    Map<String, String> tiers = new LinkedHashMap<>();
                    if (m.get("ratings") instanceof Map<?, ?> rm) {
                        for (Map.Entry<?, ?> e : rm.entrySet()) {
                            String cityName = text(e.getKey());
                            String code = cityByName.get(cityName);
                            if (code == null && cityCodes.contains(cityName)) {
                                code = cityName;
                            }
                            if (code == null) {
                                problems.add(ratings.name() + ": 集群 " + n + " " + name + " 的评级引用了未知城市「" + cityName + "」");
                            } else if (!(e.getValue() instanceof Number s) || s.intValue() < 1 || s.intValue() > 4) {
                                problems.add(ratings.name() + ": 集群 " + n + " " + name + " 中 " + cityName + " 的星级应为 1-4: " + e.getValue());
                            } else if (legend != null && !legend.containsKey(s.intValue())) {
                                problems.add(ratings.name() + ": 集群 " + n + " " + name + " 中 " + cityName + " 的 "
                                        + s.intValue() + " 星不在表 " + table + " 的图例 " + legend.keySet() + " 中");
                            } else {
                                stars.put(code, s.intValue());
                                if (legend != null) {
                                    tiers.put(code, legend.get(s.intValue()));
                                }
                            }
                        }
                    }
                    clusters.add(new GeoSeed.Cluster(n.intValue(), name, table, strings(m.get("chains")), stars, tiers));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ChainSeedRejected(problems);
        }
        return new GeoSeed(regions, cityList, List.copyOf(industries), districts, clusters,
                HexFormat.of().formatHex(digest.digest()));
    }

    /** {@code legends: {table: {stars: CORE|KEY|GENERAL}}}; empty when the file has none. */
    private static Map<Integer, Map<Integer, String>> legends(Object value, SeedFile file, List<String> problems) {
        Map<Integer, Map<Integer, String>> out = new HashMap<>();
        if (!(value instanceof Map<?, ?> tables)) {
            return out;
        }
        for (Map.Entry<?, ?> t : tables.entrySet()) {
            Map<Integer, String> legend = new HashMap<>();
            if (t.getKey() instanceof Number table && t.getValue() instanceof Map<?, ?> entries) {
                for (Map.Entry<?, ?> e : entries.entrySet()) {
                    if (e.getKey() instanceof Number stars && TIERS.contains(text(e.getValue()))) {
                        legend.put(stars.intValue(), text(e.getValue()));
                    } else {
                        problems.add(file.name() + ": 表 " + table + " 的图例项「" + e.getKey() + ": " + e.getValue()
                                + "」应为 星数: CORE|KEY|GENERAL");
                    }
                }
                out.put(table.intValue(), legend);
            } else {
                problems.add(file.name() + ": legends 应为 {表号: {星数: 等级}}");
            }
        }
        return out;
    }

    /** A district's industry cells; null entries stand for the table's “-”. */
    private static List<Integer> byIndustry(Object value) {
        List<Integer> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                out.add(o instanceof Number n ? n.intValue() : o == null ? null : -1);
            }
        }
        return out;
    }

    private static Map<?, ?> read(SeedFile file, MessageDigest digest, List<String> problems) {
        try (InputStream in = file.open()) {
            byte[] bytes = in.readAllBytes();
            digest.update(bytes);
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(bytes, StandardCharsets.UTF_8));
            if (doc instanceof Map<?, ?> m) {
                return m;
            }
            problems.add(file.name() + ": 顶层应为映射");
        } catch (IOException e) {
            problems.add(file.name() + ": 无法读取 (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            problems.add(file.name() + ": 不是有效的 YAML (" + e.getMessage().replace('\n', ' ') + ")");
        }
        return null;
    }

    private static List<Map<?, ?>> maps(Object value) {
        List<Map<?, ?>> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    out.add(m);
                }
            }
        }
        return out;
    }
}
