package cn.chainatlas.matching;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static cn.chainatlas.db.schema.Tables.CITY;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE_CAPACITY;
import static cn.chainatlas.db.schema.Tables.REGION;

/**
 * The candidates of a node as matching needs them: every operating (在营) enterprise classified to the node, with
 * the facts the rules weigh. Reads the registry's tables, writes nothing (like the gap analysis' figures); the
 * service decides which private fields a viewer sees.
 */
@Singleton
class CandidateRepository {

    /**
     * What the rules weigh of one enterprise classified to one node (the lean shape kept in the shared pools): no
     * contacts, no consent, no 匹配词, no profile source; 技术参数 and 主要产品 only where a pool parses specs from them.
     *
     * @param techParams null unless the row was read for a node kind with spec fields
     * @param products   null unless the row was read for a node kind with spec fields
     */
    record Row(String creditCode, String name, @Nullable String cityCode, @Nullable String cityName,
               @Nullable String regionCode, @Nullable String regionName, @Nullable String outsideProvince, String node,
               String source, double confidence, @Nullable String certifications, @Nullable String tier,
               @Nullable Integer patents, @Nullable BigDecimal revenue, @Nullable BigDecimal rndSpending,
               @Nullable BigDecimal capacity, @Nullable String capacityUnit, boolean unwilling, boolean capacityOfNode,
               @Nullable String techParams, @Nullable String products) {
    }

    /**
     * What only the shown candidates need (their words and private fields): read for the top matches of one page after
     * ranking, not for every candidate.
     *
     * @param consent the supplier agreed that leaders may see revenue, R&amp;D spending and contacts
     */
    record Details(String creditCode, String node, @Nullable String matched, @Nullable String techParams, String products,
                   boolean consent, @Nullable Long lastBatchId, @Nullable String profileEditedBy,
                   @Nullable String contactName, @Nullable String contactPhone) {
    }

    private final DSLContext dsl;
    private volatile Map<String, String[]> regions;

    CandidateRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Operating enterprises classified to any of the nodes (one row per enterprise and node), with what the rules
     * weigh. The capacity of a row is the one the enterprise states for that node (enterprise_node_capacity,
     * {@code capacityOfNode} true) where there is one, else the registry's single 年产能. 技术参数 and 主要产品 are read
     * for rows of {@code withTexts} only (the nodes whose pools parse specs). Cities' names and regions come from the
     * geography in memory, not from a join. One statement rendered by jOOQ, its rows streamed and read by position
     * (no records built: 需求覆盖 of the province reads ~125,000 rows, where building jOOQ records and converting each
     * value again cost more than the server's work). The service keeps what it prepares from these rows per data
     * version (MatchingService.Pool).
     */
    List<Row> candidates(Collection<String> nodes, Collection<String> withTexts) {
        return nodes.size() >= SCAN_FROM_NODES ? scanned(nodes, withTexts) : joined(nodes, withTexts);
    }

    /**
     * From how many nodes {@link #candidates} reads the enterprises in one scan instead of by key. 需求覆盖 of the province
     * asks for ~300 nodes, i.e. nearly every classification: the server's join by key of ~150,000 node rows to the wide
     * enterprise rows cost ~3× the two plain scans it replaces (docs/benchmarks.md, issue 10). A single demand's node
     * and its substitutes (a few thousand rows of a 100,000-row registry) are read by key.
     */
    static final int SCAN_FROM_NODES = 40;

    /** The lean columns of one operating enterprise, as {@link #scanned} keeps them until its node rows arrive. */
    private record Lean(String creditCode, String name, @Nullable String cityCode, @Nullable String outsideProvince,
                        @Nullable String certifications, @Nullable String tier, @Nullable Integer patents,
                        @Nullable BigDecimal revenue, @Nullable BigDecimal rndSpending, @Nullable BigDecimal capacity,
                        @Nullable String capacityUnit, boolean unwilling) {
    }

    /**
     * {@link #candidates} for many nodes: every operating enterprise in one scan of its lean columns, the capacities
     * stated per node and the texts of the spec-bearing nodes' enterprises apart, then every node row (those of other
     * nodes skipped here), joined to them here. The same rows as {@link #joined}, and in the same order within a node
     * (by credit code).
     */
    List<Row> scanned(Collection<String> nodes, Collection<String> withTexts) {
        Map<String, String[]> geo = geography();
        Map<String, String> same = new HashMap<>();
        List<Lean> enterprises = new ArrayList<>(1 << 17);
        boolean[] ordered = {true};
        read(dsl.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, ENTERPRISE.CITY_CODE, ENTERPRISE.OUTSIDE_PROVINCE,
                        ENTERPRISE.CERTIFICATIONS, ENTERPRISE.TIER, ENTERPRISE.PATENTS, ENTERPRISE.REVENUE,
                        ENTERPRISE.RND_SPENDING, ENTERPRISE.CAPACITY_VALUE, ENTERPRISE.CAPACITY_UNIT, ENTERPRISE.UNWILLING)
                .from(ENTERPRISE).where(ENTERPRISE.STATUS.eq("ACTIVE")).orderBy(ENTERPRISE.CREDIT_CODE), r -> {
            int patents = r.getInt(7);
            Integer patentsOrNull = r.wasNull() ? null : patents;
            Lean e = new Lean(r.getString(1), r.getString(2), same(same, r.getString(3)), r.getString(4),
                    same(same, r.getString(5)), same(same, r.getString(6)), patentsOrNull, r.getBigDecimal(8),
                    r.getBigDecimal(9), r.getBigDecimal(10), same(same, r.getString(11)), r.getBoolean(12));
            if (!enterprises.isEmpty() && enterprises.get(enterprises.size() - 1).creditCode().compareTo(e.creditCode()) >= 0) {
                ordered[0] = false;
            }
            enterprises.add(e);
            return null;
        });
        Map<String, Object[]> ofNode = new HashMap<>();
        read(dsl.select(ENTERPRISE_NODE_CAPACITY.CREDIT_CODE, ENTERPRISE_NODE_CAPACITY.NODE_CODE,
                        ENTERPRISE_NODE_CAPACITY.QUANTITY, ENTERPRISE_NODE_CAPACITY.UNIT)
                .from(ENTERPRISE_NODE_CAPACITY).where(ENTERPRISE_NODE_CAPACITY.NODE_CODE.in(nodes)), r -> {
            ofNode.put(r.getString(1) + '|' + r.getString(2), new Object[]{r.getBigDecimal(3), same(same, r.getString(4))});
            return null;
        });
        Map<String, String[]> texts = new HashMap<>();
        if (!withTexts.isEmpty()) {
            read(dsl.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.TECH_PARAMS, ENTERPRISE.MAIN_PRODUCTS).from(ENTERPRISE)
                    .where(ENTERPRISE.CREDIT_CODE.in(DSL.select(ENTERPRISE_NODE.CREDIT_CODE).from(ENTERPRISE_NODE)
                            .where(ENTERPRISE_NODE.NODE_CODE.in(withTexts))))
                    .and(ENTERPRISE.STATUS.eq("ACTIVE")), r -> {
                texts.put(r.getString(1), new String[]{r.getString(2), r.getString(3)});
                return null;
            });
        }
        Set<String> textNodes = Set.copyOf(withTexts);
        Set<String> wanted = Set.copyOf(nodes);
        // both reads in the order of the primary keys (credit code first), so the node rows are matched to the
        // enterprises by walking both in step; should the server's order of codes ever differ from Java's (a collation
        // that sorts otherwise), the rest is matched by a map instead
        Merge merge = new Merge(enterprises, ordered[0]);
        return read(dsl.select(ENTERPRISE_NODE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE, ENTERPRISE_NODE.SOURCE,
                        ENTERPRISE_NODE.CONFIDENCE)
                .from(ENTERPRISE_NODE).orderBy(ENTERPRISE_NODE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE), r -> {
            String node = same(same, r.getString(2));
            if (!wanted.contains(node)) {
                return null;
            }
            Lean e = merge.find(r.getString(1));
            if (e == null) {
                return null;
            }
            String[] g = e.cityCode() == null ? NO_PLACE : geo.getOrDefault(e.cityCode(), NO_PLACE);
            BigDecimal confidence = r.getBigDecimal(4);
            Object[] capacity = ofNode.isEmpty() ? null : ofNode.get(e.creditCode() + '|' + node);
            String[] text = textNodes.contains(node) ? texts.get(e.creditCode()) : null;
            return new Row(e.creditCode(), e.name(), e.cityCode(), g[2], g[0], g[1], e.outsideProvince(), node,
                    same(same, r.getString(3)), confidence == null ? 0 : confidence.doubleValue(), e.certifications(),
                    e.tier(), e.patents(), e.revenue(), e.rndSpending(),
                    capacity != null ? (BigDecimal) capacity[0] : e.capacity(),
                    capacity != null ? (String) capacity[1] : e.capacityUnit(), e.unwilling(), capacity != null,
                    text == null ? null : text[0], text == null ? null : text[1]);
        });
    }

    /**
     * The enterprise of each node row, for node rows read in credit-code order: a walk along the enterprises (read in
     * the same order) instead of a look-up in a map of 100,000 codes; by a map once either order is not Java's.
     */
    private static final class Merge {
        private final List<Lean> enterprises;
        private boolean inStep;
        private int at;
        private String previous;
        private Map<String, Lean> byCode;

        Merge(List<Lean> enterprises, boolean ordered) {
            this.enterprises = enterprises;
            this.inStep = ordered;
        }

        /** The operating enterprise of this code, or null. */
        @Nullable
        Lean find(String code) {
            if (inStep && previous != null && previous.compareTo(code) > 0) {
                inStep = false;
            }
            previous = code;
            if (inStep) {
                while (at < enterprises.size() && enterprises.get(at).creditCode().compareTo(code) < 0) {
                    at++;
                }
                return at < enterprises.size() && enterprises.get(at).creditCode().equals(code) ? enterprises.get(at) : null;
            }
            if (byCode == null) {
                byCode = new HashMap<>(enterprises.size() * 2);
                enterprises.forEach(e -> byCode.put(e.creditCode(), e));
            }
            return byCode.get(code);
        }
    }

    /** {@link #candidates} for a few nodes: the node rows joined by key to their enterprises by the server. */
    List<Row> joined(Collection<String> nodes, Collection<String> withTexts) {
        Map<String, String[]> geo = geography();
        org.jooq.Field<String> tech = withTexts.isEmpty() ? DSL.inline((String) null, String.class)
                : DSL.when(ENTERPRISE_NODE.NODE_CODE.in(withTexts), ENTERPRISE.TECH_PARAMS);
        org.jooq.Field<String> products = withTexts.isEmpty() ? DSL.inline((String) null, String.class)
                : DSL.when(ENTERPRISE_NODE.NODE_CODE.in(withTexts), ENTERPRISE.MAIN_PRODUCTS);
        var query = dsl.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, ENTERPRISE.CITY_CODE, ENTERPRISE.OUTSIDE_PROVINCE,
                        ENTERPRISE_NODE.NODE_CODE, ENTERPRISE_NODE.SOURCE, ENTERPRISE_NODE.CONFIDENCE,
                        ENTERPRISE.CERTIFICATIONS, ENTERPRISE.TIER, ENTERPRISE.PATENTS, ENTERPRISE.REVENUE,
                        ENTERPRISE.RND_SPENDING, ENTERPRISE.CAPACITY_VALUE, ENTERPRISE.CAPACITY_UNIT, ENTERPRISE.UNWILLING,
                        ENTERPRISE_NODE_CAPACITY.QUANTITY, ENTERPRISE_NODE_CAPACITY.UNIT, tech, products)
                .from(ENTERPRISE_NODE)
                .join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(ENTERPRISE_NODE.CREDIT_CODE))
                .leftJoin(ENTERPRISE_NODE_CAPACITY).on(ENTERPRISE_NODE_CAPACITY.CREDIT_CODE.eq(ENTERPRISE_NODE.CREDIT_CODE))
                .and(ENTERPRISE_NODE_CAPACITY.NODE_CODE.eq(ENTERPRISE_NODE.NODE_CODE))
                .where(ENTERPRISE_NODE.NODE_CODE.in(nodes))
                .and(ENTERPRISE.STATUS.eq("ACTIVE"));
        // values repeat across rows (a handful of certification texts, tiers, units, node codes): one String each
        Map<String, String> same = new HashMap<>();
        return read(query, r -> {
            String city = r.getString(3);
            String[] g = city == null ? NO_PLACE : geo.getOrDefault(city, NO_PLACE);
            BigDecimal confidence = r.getBigDecimal(7);
            BigDecimal ofNode = r.getBigDecimal(16);
            int patents = r.getInt(10);
            Integer patentsOrNull = r.wasNull() ? null : patents;
            return new Row(r.getString(1), r.getString(2), same(same, city), g[2], g[0], g[1], r.getString(4),
                    same(same, r.getString(5)), same(same, r.getString(6)), confidence == null ? 0 : confidence.doubleValue(),
                    same(same, r.getString(8)), same(same, r.getString(9)), patentsOrNull, r.getBigDecimal(11),
                    r.getBigDecimal(12), ofNode != null ? ofNode : r.getBigDecimal(13),
                    same(same, ofNode != null ? r.getString(17) : r.getString(14)), r.getBoolean(15), ofNode != null,
                    r.getString(18), r.getString(19));
        });
    }

    private static String same(Map<String, String> same, @Nullable String s) {
        return s == null ? null : same.computeIfAbsent(s, k -> k);
    }

    /**
     * The details of these candidates (credit code and node, as ranked): 匹配词 of the classification, 技术参数, products,
     * consent, who last edited the profile, contacts. Keyed {@code creditCode|node}; operating enterprises only.
     */
    Map<String, Details> details(Collection<String[]> codeAndNode) {
        if (codeAndNode.isEmpty()) {
            return Map.of();
        }
        Set<String> codes = new java.util.LinkedHashSet<>();
        Set<String> nodes = new java.util.LinkedHashSet<>();
        Set<String> wanted = new java.util.HashSet<>();
        codeAndNode.forEach(x -> {
            codes.add(x[0]);
            nodes.add(x[1]);
            wanted.add(x[0] + '|' + x[1]);
        });
        Map<String, Details> out = new HashMap<>();
        dsl.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE, ENTERPRISE_NODE.MATCHED, ENTERPRISE.TECH_PARAMS,
                        ENTERPRISE.MAIN_PRODUCTS, ENTERPRISE.PUBLIC_CONSENT, ENTERPRISE.LAST_BATCH_ID,
                        ENTERPRISE.PROFILE_EDITED_BY, ENTERPRISE.CONTACT_NAME, ENTERPRISE.CONTACT_PHONE)
                .from(ENTERPRISE_NODE)
                .join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(ENTERPRISE_NODE.CREDIT_CODE))
                .where(ENTERPRISE_NODE.CREDIT_CODE.in(codes)).and(ENTERPRISE_NODE.NODE_CODE.in(nodes))
                .forEach(r -> {
                    String key = r.value1() + '|' + r.value2();
                    if (wanted.contains(key)) {
                        out.put(key, new Details(r.value1(), r.value2(), r.value3(), r.value4(),
                                r.value5() == null ? "" : r.value5(), Boolean.TRUE.equals(r.value6()), r.value7(), r.value8(),
                                r.value9(), r.value10()));
                    }
                });
        return out;
    }

    /** Streams a query's rows (db.StreamedQuery), each mapped by position (null: none kept). */
    private <T> List<T> read(org.jooq.ResultQuery<?> query, RowReader<T> reader) {
        List<T> out = new ArrayList<>();
        cn.chainatlas.db.StreamedQuery.stream(dsl, query, r -> {
            while (r.next()) {
                T t = reader.read(r);
                if (t != null) {
                    out.add(t);
                }
            }
        });
        return out;
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(java.sql.ResultSet r) throws java.sql.SQLException;
    }

    private static final String[] NO_PLACE = {null, null, null};

    /** The region (code, name) of a city: 珠三角, 沿海经济带东翼 … (geography changes only with the seeds). */
    String[] region(@Nullable String cityCode) {
        if (cityCode == null) {
            return new String[]{null, null};
        }
        String[] g = geography().getOrDefault(cityCode, NO_PLACE);
        return new String[]{g[0], g[1]};
    }

    /** city code → {region code, region name, city name}; read once (and again when a city is missing). */
    private Map<String, String[]> geography() {
        Map<String, String[]> r = regions;
        if (r == null || r.isEmpty()) {
            Map<String, String[]> m = new HashMap<>();
            dsl.select(CITY.CODE, CITY.REGION_CODE, REGION.NAME, CITY.NAME).from(CITY).leftJoin(REGION).on(REGION.CODE.eq(CITY.REGION_CODE))
                    .forEach(x -> m.put(x.value1(), new String[]{x.value2(), x.value3(), x.value4()}));
            regions = m;
            r = m;
        }
        return r;
    }
}
