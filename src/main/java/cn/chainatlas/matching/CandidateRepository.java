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
     * @param revenue     万元, packed (MatchRules.Decimals: no BigDecimal per enterprise)
     * @param rndSpending 万元, packed as {@code revenue}
     * @param oddMoney    {revenue, R&amp;D spending} where either does not pack (MatchRules.Decimals#UNPACKED), else null
     * @param techParams  null unless the row was read for a node kind with spec fields
     * @param products    null unless the row was read for a node kind with spec fields
     */
    record Row(String creditCode, String name, @Nullable String cityCode, @Nullable String cityName,
               @Nullable String regionCode, @Nullable String regionName, @Nullable String outsideProvince, String node,
               String source, double confidence, @Nullable String certifications, @Nullable String tier,
               @Nullable Integer patents, long revenue, long rndSpending, @Nullable BigDecimal[] oddMoney,
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
    /** the server's executor for blocking work, where {@link #scanned}'s second read runs */
    private final java.util.concurrent.ExecutorService blocking;
    private volatile Map<String, String[]> regions;

    CandidateRepository(DSLContext dsl,
                        @jakarta.inject.Named(io.micronaut.scheduling.TaskExecutors.BLOCKING) java.util.concurrent.ExecutorService blocking) {
        this.dsl = dsl;
        this.blocking = blocking;
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
                        long revenue, long rndSpending, @Nullable BigDecimal[] oddMoney, @Nullable BigDecimal capacity,
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
        // the node rows, the capacities stated per node and the spec texts are read on a second connection by another
        // thread while this one reads the enterprises: the server's scans and the decoding of both overlap on two
        // cores (each read is its own statement on its own pooled connection, as before: no transaction spans them)
        java.util.concurrent.CompletableFuture<NodeRows> others = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> nodeRows(nodes, withTexts), blocking);
        List<Lean> enterprises = new ArrayList<>(1 << 17);
        boolean[] ordered = {true};
        Repeats texts = new Repeats(java.sql.ResultSet::getString);
        Repeats small = new Repeats(java.sql.ResultSet::getInt);
        Repeats flags = new Repeats(java.sql.ResultSet::getBoolean);
        Codes codes = new Codes();
        read(dsl.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, ENTERPRISE.CITY_CODE, ENTERPRISE.OUTSIDE_PROVINCE,
                        ENTERPRISE.CERTIFICATIONS, ENTERPRISE.TIER, ENTERPRISE.PATENTS, ENTERPRISE.REVENUE,
                        ENTERPRISE.RND_SPENDING, ENTERPRISE.CAPACITY_VALUE, ENTERPRISE.CAPACITY_UNIT, ENTERPRISE.UNWILLING)
                .from(ENTERPRISE).where(ENTERPRISE.STATUS.eq("ACTIVE")).orderBy(ENTERPRISE.CREDIT_CODE), r -> {
            // columns in their order: Connector/J seeks a text row's values from its start whenever a lower one is asked
            String code = codes.value(r.getBytes(1), r, 1);
            String name = r.getString(2);
            String city = (String) texts.value(r, 3);
            String outside = (String) texts.value(r, 4);
            String certifications = (String) texts.value(r, 5);
            String tier = (String) texts.value(r, 6);
            Integer patentsOrNull = (Integer) small.value(r, 7);
            long revenue = packed(r, 8);
            BigDecimal oddRevenue = revenue == MatchRules.Decimals.UNPACKED ? r.getBigDecimal(8) : null;
            long rnd = packed(r, 9);
            BigDecimal oddRnd = rnd == MatchRules.Decimals.UNPACKED ? r.getBigDecimal(9) : null;
            Lean e = new Lean(code, name, city, outside, certifications, tier, patentsOrNull, revenue, rnd,
                    oddRevenue == null && oddRnd == null ? null : new BigDecimal[]{oddRevenue, oddRnd},
                    decimal(r, 10), (String) texts.value(r, 11), Boolean.TRUE.equals(flags.value(r, 12)));
            if (!enterprises.isEmpty() && enterprises.get(enterprises.size() - 1).creditCode().compareTo(e.creditCode()) >= 0) {
                ordered[0] = false;
            }
            enterprises.add(e);
            return null;
        });
        NodeRows o;
        try {
            o = others.join();
        } catch (java.util.concurrent.CompletionException x) {
            throw x.getCause() instanceof RuntimeException re ? re : x;
        }
        Set<String> textNodes = Set.copyOf(withTexts);
        // both reads in the order of the primary keys (credit code first), so the node rows are matched to the
        // enterprises by walking both in step; should the server's order of codes ever differ from Java's (a collation
        // that sorts otherwise), the rest is matched by a map instead
        Merge merge = new Merge(enterprises, ordered[0]);
        List<Row> out = new ArrayList<>(o.rows().size());
        for (NodeRow n : o.rows()) {
            Lean e = merge.find(n.creditCode());
            if (e == null) {
                continue;
            }
            String node = n.node();
            String[] g = e.cityCode() == null ? NO_PLACE : geo.getOrDefault(e.cityCode(), NO_PLACE);
            Object[] capacity = o.ofNode().isEmpty() ? null : o.ofNode().get(e.creditCode() + '|' + node);
            String[] text = textNodes.contains(node) ? o.specTexts().get(e.creditCode()) : null;
            out.add(new Row(e.creditCode(), e.name(), e.cityCode(), g[2], g[0], g[1], e.outsideProvince(), node,
                    n.source(), n.confidence(), e.certifications(),
                    e.tier(), e.patents(), e.revenue(), e.rndSpending(), e.oddMoney(),
                    capacity != null ? (BigDecimal) capacity[0] : e.capacity(),
                    capacity != null ? (String) capacity[1] : e.capacityUnit(), e.unwilling(), capacity != null,
                    text == null ? null : text[0], text == null ? null : text[1]));
        }
        return out;
    }


    /** One classification row of a wanted node, as {@link #scanned} reads it. */
    private record NodeRow(String creditCode, String node, String source, double confidence) {
    }

    /**
     * What {@link #scanned} reads besides the enterprises: the wanted nodes' rows in credit-code order, the capacities
     * stated per node ({@code creditCode|node} → {quantity, unit}), 技术参数 and products of the enterprises of
     * {@code withTexts} by credit code.
     */
    private record NodeRows(List<NodeRow> rows, Map<String, Object[]> ofNode, Map<String, String[]> specTexts) {
    }

    private NodeRows nodeRows(Collection<String> nodes, Collection<String> withTexts) {
        Repeats texts = new Repeats(java.sql.ResultSet::getString);
        Repeats numbers = new Repeats(java.sql.ResultSet::getBigDecimal);
        Codes codes = new Codes();
        Map<String, Object[]> ofNode = new HashMap<>();
        read(dsl.select(ENTERPRISE_NODE_CAPACITY.CREDIT_CODE, ENTERPRISE_NODE_CAPACITY.NODE_CODE,
                        ENTERPRISE_NODE_CAPACITY.QUANTITY, ENTERPRISE_NODE_CAPACITY.UNIT)
                .from(ENTERPRISE_NODE_CAPACITY).where(ENTERPRISE_NODE_CAPACITY.NODE_CODE.in(nodes)), r -> {
            String key = codes.value(r.getBytes(1), r, 1) + '|' + texts.value(r, 2);
            ofNode.put(key, new Object[]{decimal(r, 3), texts.value(r, 4)});
            return null;
        });
        Map<String, String[]> specTexts = new HashMap<>();
        Repeats specs = new Repeats(java.sql.ResultSet::getString);
        Codes textCodes = new Codes();
        if (!withTexts.isEmpty()) {
            read(dsl.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.TECH_PARAMS, ENTERPRISE.MAIN_PRODUCTS).from(ENTERPRISE)
                    .where(ENTERPRISE.CREDIT_CODE.in(DSL.select(ENTERPRISE_NODE.CREDIT_CODE).from(ENTERPRISE_NODE)
                            .where(ENTERPRISE_NODE.NODE_CODE.in(withTexts))))
                    .and(ENTERPRISE.STATUS.eq("ACTIVE")), r -> {
                specTexts.put(textCodes.value(r.getBytes(1), r, 1), new String[]{(String) specs.value(r, 2), (String) specs.value(r, 3)});
                return null;
            });
        }
        Set<String> wanted = Set.copyOf(nodes);
        Codes nodeCodes = new Codes();
        List<NodeRow> rows = read(dsl.select(ENTERPRISE_NODE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE, ENTERPRISE_NODE.SOURCE,
                        ENTERPRISE_NODE.CONFIDENCE)
                .from(ENTERPRISE_NODE).orderBy(ENTERPRISE_NODE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE), r -> {
            byte[] codeBytes = r.getBytes(1);
            // the node is read before the code is decoded: rows of other nodes are skipped undecoded
            String node = (String) texts.value(r, 2);
            if (!wanted.contains(node)) {
                return null;
            }
            String code = nodeCodes.value(codeBytes, r, 1);
            String source = (String) texts.value(r, 3);
            BigDecimal confidence = (BigDecimal) numbers.value(r, 4);
            return new NodeRow(code, node, source, confidence == null ? 0 : confidence.doubleValue());
        });
        return new NodeRows(rows, ofNode, specTexts);
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
        // values repeat across rows (a handful of certification texts, tiers, units, node codes, confidences): each decoded
        // once (Repeats); columns read in their order (Connector/J seeks a text row's values from its start whenever a
        // lower one is asked)
        Repeats texts = new Repeats(java.sql.ResultSet::getString);
        Repeats numbers = new Repeats(java.sql.ResultSet::getBigDecimal);
        Repeats specs = new Repeats(java.sql.ResultSet::getString);
        Repeats small = new Repeats(java.sql.ResultSet::getInt);
        Repeats flags = new Repeats(java.sql.ResultSet::getBoolean);
        Codes codes = new Codes();
        return read(query, r -> {
            String code = codes.value(r.getBytes(1), r, 1);
            String name = r.getString(2);
            String city = (String) texts.value(r, 3);
            String outside = (String) texts.value(r, 4);
            String node = (String) texts.value(r, 5);
            String source = (String) texts.value(r, 6);
            BigDecimal confidence = (BigDecimal) numbers.value(r, 7);
            String certifications = (String) texts.value(r, 8);
            String tier = (String) texts.value(r, 9);
            Integer patentsOrNull = (Integer) small.value(r, 10);
            long revenue = packed(r, 11);
            BigDecimal oddRevenue = revenue == MatchRules.Decimals.UNPACKED ? r.getBigDecimal(11) : null;
            long rnd = packed(r, 12);
            BigDecimal oddRnd = rnd == MatchRules.Decimals.UNPACKED ? r.getBigDecimal(12) : null;
            BigDecimal capacity = decimal(r, 13);
            String unit = (String) texts.value(r, 14);
            boolean unwilling = Boolean.TRUE.equals(flags.value(r, 15));
            BigDecimal ofNode = decimal(r, 16);
            String unitOfNode = (String) texts.value(r, 17);
            String techText = (String) specs.value(r, 18);
            String productsText = (String) specs.value(r, 19);
            String[] g = city == null ? NO_PLACE : geo.getOrDefault(city, NO_PLACE);
            return new Row(code, name, city, g[2], g[0], g[1], outside, node, source,
                    confidence == null ? 0 : confidence.doubleValue(), certifications, tier, patentsOrNull, revenue, rnd,
                    oddRevenue == null && oddRnd == null ? null : new BigDecimal[]{oddRevenue, oddRnd},
                    ofNode != null ? ofNode : capacity, ofNode != null ? unitOfNode : unit, unwilling, ofNode != null,
                    techText, productsText);
        });
    }

    /**
     * Values of a column that repeat across rows (texts, decimals, patent counts, flags), decoded once each: the column's bytes are looked up, and only a value
     * not met before is decoded, by the driver itself ({@code decode}, so the session's character set and the column's
     * type are the driver's business). 需求覆盖 reads ~250,000 rows whose certification lists, tiers, units, cities,
     * node codes and confidences take a few dozen values each (docs/benchmarks.md, issue 10): decoding them every
     * time was most of the read's work and garbage. Shared by the columns of one thread's reads (equal bytes in two
     * columns of the same type decode alike); not thread-safe. Past {@link #LIMIT} distinct values (texts that do not
     * repeat, such as a real registry's 技术参数) the rest are decoded every time, as before.
     */
    static final class Repeats {
        static final int LIMIT = 1 << 14;
        private final Decode decode;
        private byte[][] keys = new byte[256][];
        private Object[] values = new Object[256];
        private int size;

        Repeats(Decode decode) {
            this.decode = decode;
        }

        /** The column's value in the current row (null for SQL NULL). */
        @Nullable
        Object value(java.sql.ResultSet r, int column) throws java.sql.SQLException {
            byte[] b = r.getBytes(column);
            if (b == null) {
                return null;
            }
            int mask = keys.length - 1;
            int i = hash(b) & mask;
            for (byte[] k = keys[i]; k != null; k = keys[i]) {
                if (java.util.Arrays.equals(k, b)) {
                    return values[i];
                }
                i = (i + 1) & mask;
            }
            Object v = decode.at(r, column);
            if (size < LIMIT) {
                keys[i] = b;
                values[i] = v;
                if (++size * 2 > keys.length) {
                    grow();
                }
            }
            return v;
        }

        private void grow() {
            byte[][] oldKeys = keys;
            Object[] oldValues = values;
            keys = new byte[oldKeys.length * 2][];
            values = new Object[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] != null) {
                    int i = hash(oldKeys[j]) & mask;
                    while (keys[i] != null) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[j];
                    values[i] = oldValues[j];
                }
            }
        }

        /** The length and at most 16 bytes spread over the value: certification lists run to 2,000 bytes. */
        private static int hash(byte[] b) {
            int h = b.length;
            int step = Math.max(1, b.length >> 4);
            for (int i = 0; i < b.length; i += step) {
                h = 31 * h + b[i];
            }
            h = 31 * h + (b.length > 0 ? b[b.length - 1] : 0);
            return h ^ (h >>> 16);
        }
    }

    /** How {@link Repeats} decodes a value it has not met: the driver's own getter. */
    @FunctionalInterface
    interface Decode {
        Object at(java.sql.ResultSet r, int column) throws java.sql.SQLException;
    }

    /**
     * A DECIMAL column's value from its text ({@code -12345.67}) as one BigDecimal, without the driver's String and
     * char[] per value (需求覆盖 reads three per enterprise: revenue, R&amp;D spending, capacity): the digits as
     * {@link #packed} reads them; anything else — an exponent, more than 17 digits, a character set whose digits are
     * not ASCII — is left to the driver.
     */
    @Nullable
    static BigDecimal decimal(java.sql.ResultSet r, int column) throws java.sql.SQLException {
        long packed = packed(r, column);
        return packed == MatchRules.Decimals.UNPACKED ? r.getBigDecimal(column) : MatchRules.Decimals.unpack(packed, null, 0);
    }

    /**
     * A DECIMAL column's value packed as MatchRules.Decimals packs it (unscaled value and scale in one long), from its
     * text as {@link #decimal} reads it, without a BigDecimal: {@code Decimals.NULL} for SQL NULL,
     * {@code Decimals.UNPACKED} for anything else than up to 17 plain digits with at most 31 after the point (the caller
     * then reads the BigDecimal from the driver). Revenue and R&amp;D spending are kept so in the pools.
     */
    static long packed(java.sql.ResultSet r, int column) throws java.sql.SQLException {
        byte[] b = r.getBytes(column);
        if (b == null) {
            return MatchRules.Decimals.NULL;
        }
        long unscaled = 0;
        int scale = -1;
        int digits = 0;
        boolean negative = false;
        for (int i = 0; i < b.length; i++) {
            byte x = b[i];
            if (x >= '0' && x <= '9') {
                if (++digits > 17) {
                    return MatchRules.Decimals.UNPACKED;
                }
                unscaled = unscaled * 10 + (x - '0');
                if (scale >= 0) {
                    scale++;
                }
            } else if (x == '.' && scale < 0) {
                scale = 0;
            } else if (x == '-' && i == 0) {
                negative = true;
            } else {
                return MatchRules.Decimals.UNPACKED;
            }
        }
        if (digits == 0 || scale > 31) {
            return MatchRules.Decimals.UNPACKED;
        }
        return MatchRules.Decimals.pack(negative ? -unscaled : unscaled, Math.max(scale, 0));
    }

    /**
     * Credit codes (18 ASCII letters and digits, unique per row) from the column's bytes as Latin-1 Strings, sparing
     * the driver's per-value decoder. Checked against the driver's own decoding at the first value of a read (so a
     * session character set that is not ASCII-compatible falls back to it for the whole read); any value with a byte
     * outside ASCII is decoded by the driver too.
     */
    static final class Codes {
        private int checked = -1;

        String value(@Nullable byte[] b, java.sql.ResultSet r, int column) throws java.sql.SQLException {
            if (b == null) {
                return null;
            }
            if (checked != 1 || !ascii(b)) {
                String driver = r.getString(column);
                if (checked == -1) {
                    checked = ascii(b) && new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).equals(driver) ? 1 : 0;
                }
                return driver;
            }
            return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        private static boolean ascii(byte[] b) {
            for (byte x : b) {
                if (x < 0) {
                    return false;
                }
            }
            return true;
        }
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
