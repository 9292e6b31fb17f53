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
            ENTERPRISE.LAST_BATCH_ID, ENTERPRISE.CONTENT_HASH, ENTERPRISE.NAME_KEY);

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
     */
    public record Stored(String hash, @io.micronaut.core.annotation.Nullable String cityCode,
                         @io.micronaut.core.annotation.Nullable String outsideProvince, String name) {
    }

    /** The stored state of the given codes (absent: not in the registry). */
    public Map<String, Stored> stored(DSLContext tx, Collection<String> codes) {
        Map<String, Stored> out = new HashMap<>(codes.size() * 2);
        if (codes.isEmpty()) {
            return out;
        }
        for (var r : tx.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.CONTENT_HASH, ENTERPRISE.CITY_CODE,
                        ENTERPRISE.OUTSIDE_PROVINCE, ENTERPRISE.NAME).from(ENTERPRISE)
                .where(ENTERPRISE.CREDIT_CODE.in(codes)).fetch()) {
            out.put(r.value1(), new Stored(r.value2() == null ? "" : r.value2(), r.value3(), r.value4(), r.value5()));
        }
        return out;
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
     * plain multi-row insert; existing ones are replaced column by column (insert … on duplicate key update), and
     * only their old node rows are deleted first.
     */
    public void upsert(DSLContext tx, List<Row> inserted, List<Row> updated, Long batchId) {
        // the search index: one narrow row per written enterprise; its grams are computed after the commit, off this thread
        SearchIndex.markStale(tx, codes(inserted, updated));
        if (!inserted.isEmpty()) {
            List<Object[]> rows = new ArrayList<>(inserted.size());
            for (Row r : inserted) {
                rows.add(values(r, batchId));
            }
            MultiRowInsert.insert(tx, ENTERPRISE, COLUMNS, rows);
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
        MultiRowInsert.insert(tx, ENTERPRISE_NODE, NODE_COLUMNS, rows);
    }

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
                d.explicitNodes(), d.extraAttributes(), batchId, r.hash(), r.nameKey()};
    }

    private static InsertValuesStepN<?> insert(DSLContext tx, List<Row> rows, Long batchId) {
        InsertValuesStepN<?> insert = tx.insertInto(ENTERPRISE, COLUMNS);
        for (Row r : rows) {
            EnterpriseData d = r.data();
            insert = insert.values(d.creditCode(), d.name(), d.cityCode(), d.outsideProvince(), d.district(),
                    d.sizeClass(), d.aboveScale(), d.mainProducts(), d.certifications(), d.titles(), d.tier(),
                    d.leader(), d.revenue(), d.rndSpending(), d.employees(), d.patents(), d.capacityValue(),
                    d.capacityUnit(), d.techParams(), d.contactName(), d.contactPhone(), d.foundedOn(),
                    d.explicitNodes(), d.extraAttributes(), batchId, r.hash(), r.nameKey());
        }
        return insert;
    }
}
