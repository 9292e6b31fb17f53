package cn.chainatlas.enterprise;

import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;

/**
 * Bulk reads and writes of registry rows for imports: stored digests by credit code, and multi-row upserts of
 * enterprises with their nodes. Callers pass the transaction's DSLContext; new rows go in as multi-row inserts
 * of up to 1,000 rows ({@link MultiRowInsert}), one round trip each.
 */
@Singleton
public final class RegistryWriter {

    public static final List<Field<?>> COLUMNS = List.of(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, ENTERPRISE.CITY_CODE,
            ENTERPRISE.OUTSIDE_PROVINCE, ENTERPRISE.DISTRICT, ENTERPRISE.SIZE_CLASS, ENTERPRISE.ABOVE_SCALE,
            ENTERPRISE.MAIN_PRODUCTS, ENTERPRISE.CERTIFICATIONS, ENTERPRISE.TITLES, ENTERPRISE.TIER, ENTERPRISE.IS_LEADER,
            ENTERPRISE.REVENUE, ENTERPRISE.RND_SPENDING, ENTERPRISE.EMPLOYEES, ENTERPRISE.PATENTS,
            ENTERPRISE.CAPACITY_VALUE, ENTERPRISE.CAPACITY_UNIT, ENTERPRISE.TECH_PARAMS, ENTERPRISE.CONTACT_NAME,
            ENTERPRISE.CONTACT_PHONE, ENTERPRISE.FOUNDED_ON, ENTERPRISE.EXPLICIT_NODES, ENTERPRISE.EXTRA_ATTRIBUTES,
            ENTERPRISE.LAST_BATCH_ID, ENTERPRISE.CONTENT_HASH, ENTERPRISE.NAME_KEY, ENTERPRISE.IS_UNCLASSIFIED);

    /**
     * The columns of a new enterprise: {@link #COLUMNS} and the batch that inserted it, which a rollback of that batch
     * deletes it by (V23; so an import saves no previous state for the enterprises it inserts). Updates leave it alone.
     */
    private static final List<Field<?>> INSERT_COLUMNS;

    static {
        List<Field<?>> c = new ArrayList<>(COLUMNS);
        c.add(ENTERPRISE.CREATED_BATCH_ID);
        INSERT_COLUMNS = List.copyOf(c);
    }

    private static final List<Field<?>> NODE_COLUMNS = List.of(ENTERPRISE_NODE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE,
            ENTERPRISE_NODE.CONFIDENCE, ENTERPRISE_NODE.SOURCE, ENTERPRISE_NODE.MATCHED);

    /** A row to write: the content, its nodes, digest and name key. */
    public record Row(EnterpriseData data, List<NodeMatch> nodes, String hash, String nameKey) {
    }

    /**
     * What an import needs to know of an enterprise already in the registry: its digest (to tell unchanged rows),
     * its city (a city bureau may only change its own city's enterprises) and its name.
     *
     * @param cityCode null for an enterprise outside Guangdong
     * @param leader   it is 链主 now (an update whose 企业称号 drops 链主 ends that, and the import says so)
     */
    public record Stored(String hash, @io.micronaut.core.annotation.Nullable String cityCode,
                         @io.micronaut.core.annotation.Nullable String outsideProvince, String name, boolean leader) {
    }

    /** The stored state of the given codes (absent: not in the registry). */
    public Map<String, Stored> stored(DSLContext tx, Collection<String> codes) {
        Map<String, Stored> out = new HashMap<>(codes.size() * 2);
        if (codes.isEmpty()) {
            return out;
        }
        for (var r : tx.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.CONTENT_HASH, ENTERPRISE.CITY_CODE,
                        ENTERPRISE.OUTSIDE_PROVINCE, ENTERPRISE.NAME, ENTERPRISE.IS_LEADER).from(ENTERPRISE)
                .where(ENTERPRISE.CREDIT_CODE.in(codes)).fetch()) {
            out.put(r.value1(), new Stored(r.value2() == null ? "" : r.value2(), r.value3(), r.value4(), r.value5(),
                    Boolean.TRUE.equals(r.value6())));
        }
        return out;
    }

    /** The stored content of the given codes (absent: not in the registry), as {@link EnterpriseService#data} gives it. */
    public Map<String, EnterpriseData> data(DSLContext tx, Collection<String> codes) {
        Map<String, EnterpriseData> out = new HashMap<>(codes.size() * 2);
        if (!codes.isEmpty()) {
            tx.selectFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.in(codes)).fetch()
                    .forEach(r -> out.put(r.getCreditCode(), EnterpriseService.data(r)));
        }
        return out;
    }

    /**
     * Every stored enterprise's credit code, digest, city and name key, read in one streaming pass (db.StreamedQuery:
     * a forward-only result set fetched row by row, MySQL 8 and MariaDB alike) into an {@link Index}. An import reads it
     * once at its start, in its own transaction, instead of two lookup queries per 1,000 rows: under InnoDB's
     * repeatable read the transaction sees the registry as of its first read either way, and an import's own writes
     * never matter to its later rows (a code twice in one file is an error; rows it wrote are already decided).
     */
    public Index index(DSLContext tx) {
        Index index = new Index();
        cn.chainatlas.db.StreamedQuery.stream(tx, tx.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.CONTENT_HASH, ENTERPRISE.CITY_CODE,
                ENTERPRISE.NAME_KEY).from(ENTERPRISE), rs -> {
            while (rs.next()) {
                index.add(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
            }
        });
        index.seal();
        return index;
    }

    /**
     * What an import must know of each stored enterprise to decide most rows without asking the database: its
     * credit code, its digest (MD5, kept as 16 bytes), its city and its name key (kept as a 64-bit hash). About 70
     * bytes per enterprise, so 100,000 enterprises take about 7 MB and a million about 70 MB. The answers are
     * exact: a row is "unchanged" only when its code and its full digest equal a stored enterprise's; a name key
     * hash that matches another enterprise's only says "look it up" ({@link #othersNamed}), never "duplicate".
     */
    public static final class Index {
        private static final int CODE = 18;

        private int size;
        private byte[] codes = new byte[CODE * 1024];
        private long[] digests = new long[2 * 1024];
        /** no digest of the 32-hex-digit form stored: never "unchanged" here */
        private final java.util.BitSet noDigest = new java.util.BitSet();
        private short[] cities = new short[1024];
        private long[] nameKeys = new long[1024];
        private final List<String> cityCodes = new ArrayList<>();
        private final Map<String, Short> cityIndex = new HashMap<>();
        /** codes that are not 18 ASCII characters (none in a sound registry): entry by code */
        private final Map<String, Integer> odd = new HashMap<>();
        private final Map<Integer, String> oddByEntry = new HashMap<>();
        /** open addressing: entry + 1 per slot, 0 empty */
        private int[] codeSlots;
        /** open addressing on name key hashes: the hash, and entry + 1 (or -1: more than one enterprise) */
        private long[] nameSlotHash;
        private int[] nameSlotEntry;

        Index() {
        }

        /** The number of stored enterprises read. */
        public int size() {
            return size;
        }

        void add(String code, String digest, String city, String nameKey) {
            if (size == cities.length) {
                int n = size * 2;
                codes = java.util.Arrays.copyOf(codes, n * CODE);
                digests = java.util.Arrays.copyOf(digests, n * 2);
                cities = java.util.Arrays.copyOf(cities, n);
                nameKeys = java.util.Arrays.copyOf(nameKeys, n);
            }
            int e = size++;
            if (ascii18(code)) {
                for (int i = 0; i < CODE; i++) {
                    codes[e * CODE + i] = (byte) code.charAt(i);
                }
            } else {
                odd.put(code, e);
                oddByEntry.put(e, code);
            }
            long[] d = digest(digest);
            if (d == null) {
                noDigest.set(e);
            } else {
                digests[2 * e] = d[0];
                digests[2 * e + 1] = d[1];
            }
            if (city == null) {
                cities[e] = -1;
            } else {
                Short ci = cityIndex.get(city);
                if (ci == null) {
                    ci = (short) cityCodes.size();
                    cityCodes.add(city);
                    cityIndex.put(city, ci);
                }
                cities[e] = ci;
            }
            nameKeys[e] = nameKey == null || nameKey.isEmpty() ? 0 : nameHash(nameKey);
        }

        void seal() {
            int slots = Integer.highestOneBit(Math.max(16, size * 2 + 1)) << 1;
            codeSlots = new int[slots];
            nameSlotHash = new long[slots];
            nameSlotEntry = new int[slots];
            int mask = slots - 1;
            for (int e = 0; e < size; e++) {
                if (codes[e * CODE] != 0) {
                    int s = (int) codeHash(codes, e * CODE) & mask;
                    while (codeSlots[s] != 0) {
                        s = (s + 1) & mask;
                    }
                    codeSlots[s] = e + 1;
                }
                long h = nameKeys[e];
                if (h != 0) {
                    int s = (int) h & mask;
                    while (nameSlotEntry[s] != 0 && nameSlotHash[s] != h) {
                        s = (s + 1) & mask;
                    }
                    if (nameSlotEntry[s] == 0) {
                        nameSlotHash[s] = h;
                        nameSlotEntry[s] = e + 1;
                    } else {
                        nameSlotEntry[s] = -1;
                    }
                }
            }
            nameKeys = null;
        }

        /** The entry of a stored credit code, or -1 when no enterprise has it. */
        public int find(String code) {
            if (!ascii18(code)) {
                Integer e = odd.get(code);
                return e == null ? -1 : e;
            }
            int mask = codeSlots.length - 1;
            int s = (int) codeHash(code) & mask;
            while (codeSlots[s] != 0) {
                int e = codeSlots[s] - 1;
                if (sameCode(e, code)) {
                    return e;
                }
                s = (s + 1) & mask;
            }
            return -1;
        }

        /** Whether the stored digest of the entry is {@code digest} (the lower-case hex of {@link EnterpriseData#contentHash}). */
        public boolean sameDigest(int entry, String digest) {
            if (noDigest.get(entry)) {
                return false;
            }
            long[] d = digest(digest);
            return d != null && d[0] == digests[2 * entry] && d[1] == digests[2 * entry + 1];
        }

        /** The entry's city code, null for an enterprise outside Guangdong. */
        public @io.micronaut.core.annotation.Nullable String city(int entry) {
            return cities[entry] < 0 ? null : cityCodes.get(cities[entry]);
        }

        /**
         * False when no stored enterprise but {@code code} itself has the name key {@code nameKey} (exact); true when
         * another one may have it, to be looked up with {@link #byNameKeys}.
         */
        public boolean othersNamed(String nameKey, String code) {
            if (nameKey == null || nameKey.isEmpty()) {
                return false;
            }
            long h = nameHash(nameKey);
            int mask = nameSlotEntry.length - 1;
            int s = (int) h & mask;
            while (nameSlotEntry[s] != 0) {
                if (nameSlotHash[s] == h) {
                    int e = nameSlotEntry[s];
                    return e < 0 || !sameEntryCode(e - 1, code);
                }
                s = (s + 1) & mask;
            }
            return false;
        }

        private boolean sameEntryCode(int e, String code) {
            if (codes[e * CODE] == 0) {
                return code.equals(oddByEntry.get(e));
            }
            return ascii18(code) && sameCode(e, code);
        }

        private boolean sameCode(int e, String code) {
            int base = e * CODE;
            for (int i = 0; i < CODE; i++) {
                if (codes[base + i] != code.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean ascii18(String code) {
            if (code == null || code.length() != CODE) {
                return false;
            }
            for (int i = 0; i < CODE; i++) {
                char ch = code.charAt(i);
                if (ch == 0 || ch > 127) {
                    return false;
                }
            }
            return true;
        }

        private static long codeHash(String code) {
            long h = 0;
            for (int i = 0; i < CODE; i++) {
                h = h * 31 + code.charAt(i);
            }
            return mix(h);
        }

        private static long codeHash(byte[] codes, int from) {
            long h = 0;
            for (int i = 0; i < CODE; i++) {
                h = h * 31 + codes[from + i];
            }
            return mix(h);
        }

        /** FNV-1a over the characters, mixed; never 0 (0 marks "no name key"). */
        private static long nameHash(String key) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < key.length(); i++) {
                h = (h ^ key.charAt(i)) * 0x100000001b3L;
            }
            h = mix(h);
            return h == 0 ? 1 : h;
        }

        private static long mix(long h) {
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb93fe53a8b87L;
            return h ^ (h >>> 33);
        }

        /** The two halves of a 32-digit lower-case hex digest, or null for anything else. */
        private static long[] digest(String hex) {
            if (hex == null || hex.length() != 32) {
                return null;
            }
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 32; i++) {
                char ch = hex.charAt(i);
                int v = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
                if (v < 0) {
                    return null;
                }
                if (i < 16) {
                    hi = hi << 4 | v;
                } else {
                    lo = lo << 4 | v;
                }
            }
            return new long[]{hi, lo};
        }
    }

    /** Stored enterprises whose name key is one of the given keys: key → (code → name). */
    public Map<String, Map<String, String>> byNameKeys(DSLContext tx, Collection<String> keys) {
        Map<String, Map<String, String>> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        for (var r : tx.select(ENTERPRISE.NAME_KEY, ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME).from(ENTERPRISE)
                .where(ENTERPRISE.NAME_KEY.in(keys)).fetch()) {
            out.computeIfAbsent(r.value1(), k -> new LinkedHashMap<>()).put(r.value2(), r.value3());
        }
        return out;
    }

    /**
     * Writes the given enterprises (all columns) and their node lists, marked with the batch. New ones go in with a
     * plain multi-row insert, also marked as inserted by the batch; existing ones are replaced column by column (insert … on duplicate key update), and
     * only their old node rows are deleted first.
     */
    public void upsert(DSLContext tx, List<Row> inserted, List<Row> updated, Long batchId) {
        inserted = inKeyOrder(inserted);
        updated = inKeyOrder(updated);
        // the search index: one narrow row per written enterprise; its grams are computed after the commit, off this thread
        List<String> stale = codes(inserted, updated);
        stale.sort(null);
        SearchIndex.markStale(tx, stale);
        if (!inserted.isEmpty()) {
            List<Object[]> rows = new ArrayList<>(inserted.size());
            for (Row r : inserted) {
                rows.add(values(r, batchId));
            }
            MultiRowInsert.insert(tx, ENTERPRISE, INSERT_COLUMNS, rows);
        }
        if (!updated.isEmpty()) {
            Map<Field<?>, Field<?>> set = new LinkedHashMap<>();
            for (Field<?> f : COLUMNS) {
                if (f != ENTERPRISE.CREDIT_CODE) {
                    set.put(f, DSL.excluded(f));
                }
            }
            insert(tx, updated, batchId).onDuplicateKeyUpdate().set(set).execute();
            List<String> codes = new ArrayList<>(updated.size());
            for (Row r : updated) {
                codes.add(r.data().creditCode());
            }
            tx.deleteFrom(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.in(codes)).execute();
        }
    }

    /** Inserts the node rows of enterprises just written by {@link #upsert} (their old node rows are gone). */
    public void insertNodes(DSLContext tx, List<Row> inserted, List<Row> updated) {
        List<Object[]> rows = new ArrayList<>((inserted.size() + updated.size()) * 2);
        for (List<Row> list : List.of(inserted, updated)) {
            for (Row r : list) {
                for (NodeMatch n : r.nodes()) {
                    String matched = n.matched();
                    if (matched != null && matched.length() > 100) {
                        matched = matched.substring(0, 100);
                    }
                    rows.add(new Object[]{r.data().creditCode(), n.nodeCode(), BigDecimal.valueOf(n.confidence()), n.source(), matched});
                }
            }
        }
        rows.sort(NODE_KEY_ORDER);
        MultiRowInsert.insert(tx, ENTERPRISE_NODE, NODE_COLUMNS, rows);
    }

    /**
     * A file lists its enterprises in no key order (a real registry by city or by name, the benchmark's at random), so
     * each 1,000-row statement put its rows at random places in the primary keys of the enterprise and node tables.
     * Written in key order, consecutive rows of a statement meet the same pages. Measured with
     * RegistryWriteBenchmark (issue 15, docs/benchmarks.md): the writer's thread and database CPU for 100,000
     * enterprises and their nodes −8 % (−20 % with 5,000-row windows, −32 % wholly sorted; the database's B-tree
     * work is most of the writer's time); through the service the writer's time −12 % and −33 % in two runs. The order written changes no stored value; Java's order equals the
     * column's for the upper-case ASCII codes a registry holds, and an odd code only costs the locality.
     */
    private static List<Row> inKeyOrder(List<Row> rows) {
        if (rows.size() < 2) {
            return rows;
        }
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(java.util.Comparator.comparing(r -> r.data().creditCode()));
        return sorted;
    }

    /** Node rows in the order of their primary key (credit code, node code); see {@link #inKeyOrder}. */
    private static final java.util.Comparator<Object[]> NODE_KEY_ORDER = java.util.Comparator
            .<Object[], String>comparing(r -> (String) r[0]).thenComparing(r -> (String) r[1]);

    private static List<String> codes(List<Row> inserted, List<Row> updated) {
        List<String> out = new ArrayList<>(inserted.size() + updated.size());
        inserted.forEach(r -> out.add(r.data().creditCode()));
        updated.forEach(r -> out.add(r.data().creditCode()));
        return out;
    }

    private static Object[] values(Row r, Long batchId) {
        EnterpriseData d = r.data();
        return new Object[]{d.creditCode(), d.name(), d.cityCode(), d.outsideProvince(), d.district(),
                d.sizeClass(), d.aboveScale(), d.mainProducts(), d.certifications(), d.titles(), d.tier(),
                d.leader(), d.revenue(), d.rndSpending(), d.employees(), d.patents(), d.capacityValue(),
                d.capacityUnit(), d.techParams(), d.contactName(), d.contactPhone(), d.foundedOn(),
                d.explicitNodes(), d.extraAttributes(), batchId, r.hash(), r.nameKey(), r.nodes().isEmpty(), batchId};
    }

    private static InsertValuesStepN<?> insert(DSLContext tx, List<Row> rows, Long batchId) {
        InsertValuesStepN<?> insert = tx.insertInto(ENTERPRISE, COLUMNS);
        for (Row r : rows) {
            EnterpriseData d = r.data();
            insert = insert.values(d.creditCode(), d.name(), d.cityCode(), d.outsideProvince(), d.district(),
                    d.sizeClass(), d.aboveScale(), d.mainProducts(), d.certifications(), d.titles(), d.tier(),
                    d.leader(), d.revenue(), d.rndSpending(), d.employees(), d.patents(), d.capacityValue(),
                    d.capacityUnit(), d.techParams(), d.contactName(), d.contactPhone(), d.foundedOn(),
                    d.explicitNodes(), d.extraAttributes(), batchId, r.hash(), r.nameKey(), r.nodes().isEmpty());
        }
        return insert;
    }
}
