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

    /**
     * The node of row {@code i} of {@link #candidates}' answer, without building the row where it is {@link #scanned}'s
     * (whose rows are built when asked).
     */
    static String node(List<Row> rows, int i) {
        return rows instanceof Scanned s ? s.node(i) : rows.get(i).node();
    }

    /**
     * {@link #scanned}'s answer: the enterprises' lean columns and the node rows' columns, each {@link Row} built when
     * asked (by {@link #get}, a new object each time, for the caller to drop once it has pooled it). 需求覆盖 reads
     * ~100,000 enterprises and ~125,000 node rows: kept as objects (the rows, and each enterprise's columns until its
     * node rows arrived) they were alive, and copied, at every young collection during the read and the pooling — most
     * of its collections' pause time (docs/benchmarks.md, issue 10); a few arrays are copied, if at all, in one go.
     */
    private static final class Scanned extends java.util.AbstractList<Row> implements java.util.RandomAccess {
        private final Enterprises e;
        private final int[] enterprise;
        private final String[] node;
        private final String[] source;
        private final double[] confidence;
        private final int size;
        private final Map<String, String[]> geo;
        private final Map<String, Object[]> ofNode;
        private final Map<String, String[]> specTexts;
        private final Set<String> textNodes;

        Scanned(Enterprises e, int[] enterprise, String[] node, String[] source, double[] confidence, int size,
                Map<String, String[]> geo, NodeRows o, Set<String> textNodes) {
            this.e = e;
            this.enterprise = enterprise;
            this.node = node;
            this.source = source;
            this.confidence = confidence;
            this.size = size;
            this.geo = geo;
            this.ofNode = o.ofNode();
            this.specTexts = o.specTexts();
            this.textNodes = textNodes;
        }

        @Override
        public int size() {
            return size;
        }

        String node(int i) {
            java.util.Objects.checkIndex(i, size);
            return node[i];
        }

        @Override
        public Row get(int i) {
            java.util.Objects.checkIndex(i, size);
            int x = enterprise[i];
            String code = e.code[x];
            String n = node[i];
            String city = e.city[x];
            String[] g = city == null ? NO_PLACE : geo.getOrDefault(city, NO_PLACE);
            Object[] capacity = ofNode.isEmpty() ? null : ofNode.get(code + '|' + n);
            String[] text = textNodes.contains(n) ? specTexts.get(code) : null;
            BigDecimal[] odd = e.oddMoney == null ? null : e.oddMoney[x];
            BigDecimal ownCapacity = e.capacity[x] == MatchRules.Decimals.UNPACKED ? e.oddCapacity.get(x)
                    : MatchRules.Decimals.unpack(e.capacity[x], null, 0);
            return new Row(code, e.name[x], city, g[2], g[0], g[1], e.outside[x], n, source[i], confidence[i],
                    e.certifications[x], e.tier[x], e.patents[x], e.revenue[x], e.rnd[x], odd,
                    capacity != null ? (BigDecimal) capacity[0] : ownCapacity,
                    capacity != null ? (String) capacity[1] : e.capacityUnit[x], e.unwilling[x], capacity != null,
                    text == null ? null : text[0], text == null ? null : text[1]);
        }
    }

    /** The lean columns of the operating enterprises, by position in credit-code order, as {@link #scanned} reads them. */
    private static final class Enterprises {
        int size;
        String[] code = new String[1 << 17];
        String[] name = new String[1 << 17];
        String[] city = new String[1 << 17];
        String[] outside = new String[1 << 17];
        String[] certifications = new String[1 << 17];
        String[] tier = new String[1 << 17];
        Integer[] patents = new Integer[1 << 17];
        long[] revenue = new long[1 << 17];
        long[] rnd = new long[1 << 17];
        /** {revenue, R&amp;D spending} of an enterprise where either does not pack; null while none */
        BigDecimal[][] oddMoney;
        /** packed as revenue; UNPACKED: in {@link #oddCapacity} */
        long[] capacity = new long[1 << 17];
        final Map<Integer, BigDecimal> oddCapacity = new HashMap<>();
        String[] capacityUnit = new String[1 << 17];
        boolean[] unwilling = new boolean[1 << 17];

        /** Room for one more. */
        void grow() {
            if (size < code.length) {
                return;
            }
            int n = code.length * 2;
            code = java.util.Arrays.copyOf(code, n);
            name = java.util.Arrays.copyOf(name, n);
            city = java.util.Arrays.copyOf(city, n);
            outside = java.util.Arrays.copyOf(outside, n);
            certifications = java.util.Arrays.copyOf(certifications, n);
            tier = java.util.Arrays.copyOf(tier, n);
            patents = java.util.Arrays.copyOf(patents, n);
            revenue = java.util.Arrays.copyOf(revenue, n);
            rnd = java.util.Arrays.copyOf(rnd, n);
            if (oddMoney != null) {
                oddMoney = java.util.Arrays.copyOf(oddMoney, n);
            }
            capacity = java.util.Arrays.copyOf(capacity, n);
            capacityUnit = java.util.Arrays.copyOf(capacityUnit, n);
            unwilling = java.util.Arrays.copyOf(unwilling, n);
        }
    }

    /**
     * Credit codes and names as Strings already held (by the pools of an earlier read): a read after a write that left
     * an enterprise alone keeps its old Strings, so that the new read's are garbage at once instead of being copied by
     * the young collections while the read and the pooling run. Thread-safe (both of {@link #scanned}'s reads use it).
     */
    private final java.util.concurrent.ConcurrentHashMap<String, String> held = new java.util.concurrent.ConcurrentHashMap<>();

    private String held(@Nullable String value) {
        if (value == null) {
            return null;
        }
        String had = held.putIfAbsent(value, value);
        return had == null ? value : had;
    }

    /**
     * {@link #candidates} for many nodes: every operating enterprise in one scan of its lean columns, the capacities
     * stated per node and the texts of the spec-bearing nodes' enterprises apart, then every node row (those of other
     * nodes skipped here), joined to them here. The same rows as {@link #joined}, and in the same order within a node
     * (by credit code); kept as columns ({@link Scanned}).
     */
    List<Row> scanned(Collection<String> nodes, Collection<String> withTexts) {
        Map<String, String[]> geo = geography();
        // the node rows, the capacities stated per node and the spec texts are read on a second connection by another
        // thread while this one reads the enterprises: the server's scans and the decoding of both overlap on two
        // cores (each read is its own statement on its own pooled connection, as before: no transaction spans them)
        java.util.concurrent.CompletableFuture<NodeRows> others = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> nodeRows(nodes, withTexts), blocking);
        Enterprises e = new Enterprises();
        boolean[] ordered = {true};
        Repeats texts = new Repeats(java.sql.ResultSet::getString);
        Repeats small = new Repeats(java.sql.ResultSet::getInt);
        Repeats flags = new Repeats(java.sql.ResultSet::getBoolean);
        Codes codes = new Codes();
        read(dsl.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, ENTERPRISE.CITY_CODE, ENTERPRISE.OUTSIDE_PROVINCE,
                        ENTERPRISE.CERTIFICATIONS, ENTERPRISE.TIER, ENTERPRISE.PATENTS, ENTERPRISE.REVENUE,
                        ENTERPRISE.RND_SPENDING, ENTERPRISE.CAPACITY_VALUE, ENTERPRISE.CAPACITY_UNIT, ENTERPRISE.UNWILLING)
                .from(ENTERPRISE).where(ENTERPRISE.STATUS.eq("ACTIVE")).orderBy(ENTERPRISE.CREDIT_CODE), r -> {
            e.grow();
            int x = e.size;
            // columns in their order: Connector/J seeks a text row's values from its start whenever a lower one is asked
            String code = held(codes.value(r.getBytes(1), r, 1));
            e.code[x] = code;
            e.name[x] = held(r.getString(2));
            e.city[x] = (String) texts.value(r, 3);
            e.outside[x] = (String) texts.value(r, 4);
            e.certifications[x] = (String) texts.value(r, 5);
            e.tier[x] = (String) texts.value(r, 6);
            e.patents[x] = (Integer) small.value(r, 7);
            long revenue = packed(r, 8);
            BigDecimal oddRevenue = revenue == MatchRules.Decimals.UNPACKED ? r.getBigDecimal(8) : null;
            long rnd = packed(r, 9);
            BigDecimal oddRnd = rnd == MatchRules.Decimals.UNPACKED ? r.getBigDecimal(9) : null;
            e.revenue[x] = revenue;
            e.rnd[x] = rnd;
            if (oddRevenue != null || oddRnd != null) {
                if (e.oddMoney == null) {
                    e.oddMoney = new BigDecimal[e.code.length][];
                }
                e.oddMoney[x] = new BigDecimal[]{oddRevenue, oddRnd};
            }
            long capacity = packed(r, 10);
            e.capacity[x] = capacity;
            if (capacity == MatchRules.Decimals.UNPACKED) {
                e.oddCapacity.put(x, r.getBigDecimal(10));
            }
            e.capacityUnit[x] = (String) texts.value(r, 11);
            e.unwilling[x] = Boolean.TRUE.equals(flags.value(r, 12));
            if (x > 0 && e.code[x - 1].compareTo(code) >= 0) {
                ordered[0] = false;
            }
            e.size++;
            return null;
        });
        NodeRows o;
        try {
            o = others.join();
        } catch (java.util.concurrent.CompletionException x) {
            throw x.getCause() instanceof RuntimeException re ? re : x;
        }
        if (held.size() > 3 * (e.size + o.size()) + 10_000) {
            // codes and names of enterprises gone since (or renamed): dropped, the next read holds what it meets
            held.clear();
        }
        // both reads in the order of the primary keys (credit code first), so the node rows are matched to the
        // enterprises by walking both in step; should the server's order of codes ever differ from Java's (a collation
        // that sorts otherwise), the rest is matched by a map instead
        Merge merge = new Merge(e, ordered[0]);
        int[] enterprise = new int[o.size()];
        String[] node = new String[o.size()];
        String[] source = new String[o.size()];
        double[] confidence = new double[o.size()];
        int n = 0;
        for (int i = 0; i < o.size(); i++) {
            int x = merge.find(o.code()[i]);
            if (x >= 0) {
                enterprise[n] = x;
                node[n] = o.node()[i];
                source[n] = o.source()[i];
                confidence[n] = o.confidence()[i];
                n++;
            }
        }
        return new Scanned(e, enterprise, node, source, confidence, n, geo, o, Set.copyOf(withTexts));
    }

    /**
     * What {@link #scanned} reads besides the enterprises: the wanted nodes' rows in credit-code order (as columns:
     * code, node, source, confidence; {@code size} of them), the capacities stated per node
     * ({@code creditCode|node} → {quantity, unit}), 技术参数 and products of the enterprises of {@code withTexts} by
     * credit code.
     */
    private record NodeRows(int size, String[] code, String[] node, String[] source, double[] confidence,
                            Map<String, Object[]> ofNode, Map<String, String[]> specTexts) {
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
        int[] size = {0};
        String[][] code = {new String[1 << 17]};
        String[][] node = {new String[1 << 17]};
        String[][] source = {new String[1 << 17]};
        double[][] confidence = {new double[1 << 17]};
        read(dsl.select(ENTERPRISE_NODE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE, ENTERPRISE_NODE.SOURCE,
                        ENTERPRISE_NODE.CONFIDENCE)
                .from(ENTERPRISE_NODE).orderBy(ENTERPRISE_NODE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE), r -> {
            byte[] codeBytes = r.getBytes(1);
            // the node is read before the code is decoded: rows of other nodes are skipped undecoded
            String nodeCode = (String) texts.value(r, 2);
            if (!wanted.contains(nodeCode)) {
                return null;
            }
            int i = size[0]++;
            if (i == code[0].length) {
                code[0] = java.util.Arrays.copyOf(code[0], i * 2);
                node[0] = java.util.Arrays.copyOf(node[0], i * 2);
                source[0] = java.util.Arrays.copyOf(source[0], i * 2);
                confidence[0] = java.util.Arrays.copyOf(confidence[0], i * 2);
            }
            code[0][i] = held(nodeCodes.value(codeBytes, r, 1));
            node[0][i] = nodeCode;
            source[0][i] = (String) texts.value(r, 3);
            BigDecimal c = (BigDecimal) numbers.value(r, 4);
            confidence[0][i] = c == null ? 0 : c.doubleValue();
            return null;
        });
        return new NodeRows(size[0], code[0], node[0], source[0], confidence[0], ofNode, specTexts);
    }

    /**
     * The enterprise (its position) of each node row, for node rows read in credit-code order: a walk along the
     * enterprises (read in the same order) instead of a look-up in a map of 100,000 codes; by a map once either order
     * is not Java's.
     */
    private static final class Merge {
        private final Enterprises enterprises;
        private boolean inStep;
        private int at;
        private String previous;
        private Map<String, Integer> byCode;

        Merge(Enterprises enterprises, boolean ordered) {
            this.enterprises = enterprises;
            this.inStep = ordered;
        }

        /** The position of the operating enterprise of this code, or -1. */
        int find(String code) {
            if (inStep && previous != null && previous.compareTo(code) > 0) {
                inStep = false;
            }
            previous = code;
            String[] codes = enterprises.code;
            int size = enterprises.size;
            if (inStep) {
                while (at < size && codes[at].compareTo(code) < 0) {
                    at++;
                }
                return at < size && codes[at].equals(code) ? at : -1;
            }
            if (byCode == null) {
                byCode = new HashMap<>(size * 2);
                for (int i = 0; i < size; i++) {
                    byCode.put(codes[i], i);
                }
            }
            Integer x = byCode.get(code);
            return x == null ? -1 : x;
        }
    }

    /**
     * {@link #candidates} of some enterprises only: their rows for these nodes, as {@link #candidates} gives them (none
     * for an enterprise no longer operating or no longer classified to them). For bringing a kept pool up to date with
     * the enterprises changed since (MatchingService#pools).
     *
     * @param creditCodes the enterprises (at most a few thousand: they go into the statement)
     */
    List<Row> of(Collection<String> nodes, Collection<String> withTexts, Collection<String> creditCodes) {
        return joined(nodes, withTexts, creditCodes);
    }

    /** {@link #candidates} for a few nodes: the node rows joined by key to their enterprises by the server. */
    List<Row> joined(Collection<String> nodes, Collection<String> withTexts) {
        return joined(nodes, withTexts, null);
    }

    private List<Row> joined(Collection<String> nodes, Collection<String> withTexts, @Nullable Collection<String> only) {
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
                .and(only == null ? DSL.noCondition() : ENTERPRISE_NODE.CREDIT_CODE.in(only))
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
