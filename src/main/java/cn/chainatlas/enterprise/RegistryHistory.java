package cn.chainatlas.enterprise;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;
import static cn.chainatlas.db.schema.Tables.IMPORT_PREVIOUS;
import static cn.chainatlas.db.schema.Tables.IMPORT_PREVIOUS_NODE;

/**
 * The registry's previous states, one per enterprise a committed import batch changed (tables
 * {@code import_previous} and {@code import_previous_node}): what a rollback puts back, and what the audit log
 * shows as "before" for each enterprise of a batch, so a batch of 100,000 rows needs one audit line, not 100,000.
 * An enterprise a batch inserted had no previous state: its row carries the batch ({@code enterprise.created_batch_id},
 * V23) instead of a saved row, and a rollback writes its {@code existed = false} row when it deletes it (batches
 * committed before V23 saved those rows at the import; both are read alike). Callers pass the batch's transaction.
 */
@Singleton
public final class RegistryHistory {

    /** Content and import marks, as copied between enterprise and import_previous. */
    private static final List<Field<?>> E;
    private static final List<Field<?>> P;
    private static final List<Field<?>> P_CONTENT = EnterpriseRows.in(IMPORT_PREVIOUS, EnterpriseRows.CONTENT);

    static {
        List<Field<?>> e = new ArrayList<>(EnterpriseRows.CONTENT.subList(1, EnterpriseRows.CONTENT.size()));
        e.add(ENTERPRISE.PUBLIC_CONSENT);
        e.addAll(EnterpriseRows.IMPORT_MARKS);
        e.add(ENTERPRISE.UPDATED_AT);
        E = List.copyOf(e);
        P = EnterpriseRows.in(IMPORT_PREVIOUS, E);
    }

    /**
     * The state of an enterprise before one batch.
     *
     * @param before      the state map of {@link EnterpriseState}, or null when the batch inserted the enterprise
     * @param undoneState JSON of the state the batch had written, kept when the batch was rolled back, else null
     */
    public record Version(long batchId, @Nullable Map<String, Object> before, @Nullable String undoneState) {
    }

    private final DSLContext dsl;
    private final EnterpriseState states;
    private final JsonMapper json;

    RegistryHistory(DSLContext dsl, EnterpriseState states, JsonMapper json) {
        this.dsl = dsl;
        this.states = states;
        this.json = json;
    }

    /**
     * Saves the current state of enterprises about to be changed. Enterprises about to be inserted need nothing: their
     * rows are marked with the batch that inserts them ({@link RegistryWriter#upsert}).
     */
    public void snapshot(DSLContext tx, long batchId, Collection<String> updated) {
        if (!updated.isEmpty()) {
            List<Field<?>> target = new ArrayList<>();
            target.add(IMPORT_PREVIOUS.BATCH_ID);
            target.add(IMPORT_PREVIOUS.CREDIT_CODE);
            target.add(IMPORT_PREVIOUS.EXISTED);
            target.addAll(P);
            List<Field<?>> source = new ArrayList<>();
            source.add(DSL.val(batchId));
            source.add(ENTERPRISE.CREDIT_CODE);
            source.add(DSL.inline(true));
            source.addAll(E);
            tx.insertInto(IMPORT_PREVIOUS).columns(target)
                    .select(DSL.select(source).from(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.in(updated)))
                    .execute();
            tx.insertInto(IMPORT_PREVIOUS_NODE, IMPORT_PREVIOUS_NODE.BATCH_ID, IMPORT_PREVIOUS_NODE.CREDIT_CODE,
                            IMPORT_PREVIOUS_NODE.NODE_CODE, IMPORT_PREVIOUS_NODE.CONFIDENCE, IMPORT_PREVIOUS_NODE.SOURCE,
                            IMPORT_PREVIOUS_NODE.MATCHED)
                    .select(DSL.select(DSL.val(batchId), ENTERPRISE_NODE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE,
                                    ENTERPRISE_NODE.CONFIDENCE, ENTERPRISE_NODE.SOURCE, ENTERPRISE_NODE.MATCHED)
                            .from(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.in(updated)))
                    .execute();
        }
    }

    /** Codes the batch inserted or changed that were changed again afterwards (by a later batch or an edit). */
    public List<String> changedSince(DSLContext tx, long batchId) {
        List<String> out = new ArrayList<>(tx.select(IMPORT_PREVIOUS.CREDIT_CODE).from(IMPORT_PREVIOUS)
                .leftJoin(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(IMPORT_PREVIOUS.CREDIT_CODE))
                .where(IMPORT_PREVIOUS.BATCH_ID.eq(batchId))
                .and(ENTERPRISE.CREDIT_CODE.isNull().or(ENTERPRISE.LAST_BATCH_ID.isNull())
                        .or(ENTERPRISE.LAST_BATCH_ID.ne(batchId)))
                .limit(20)
                .fetch(IMPORT_PREVIOUS.CREDIT_CODE));
        if (out.size() < 20) {
            // inserted by the batch (only a rollback deletes such an enterprise, so it is still there): changed since
            // when a later batch or an edit wrote it
            out.addAll(tx.select(ENTERPRISE.CREDIT_CODE).from(ENTERPRISE)
                    .where(ENTERPRISE.CREATED_BATCH_ID.eq(batchId))
                    .and(ENTERPRISE.LAST_BATCH_ID.isNull().or(ENTERPRISE.LAST_BATCH_ID.ne(batchId)))
                    .limit(20 - out.size())
                    .fetch(ENTERPRISE.CREDIT_CODE));
        }
        return out;
    }

    /**
     * Enterprises of the batch that lie (or lay before it) outside {@code city}, as "name（code）". A city bureau
     * may not roll such a batch back: that would write another city's enterprises.
     */
    public List<String> outsideCity(DSLContext tx, long batchId, String city) {
        List<String> out = new ArrayList<>(tx.select(IMPORT_PREVIOUS.CREDIT_CODE, DSL.coalesce(ENTERPRISE.NAME, IMPORT_PREVIOUS.NAME))
                .from(IMPORT_PREVIOUS)
                .leftJoin(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(IMPORT_PREVIOUS.CREDIT_CODE))
                .where(IMPORT_PREVIOUS.BATCH_ID.eq(batchId))
                .and(IMPORT_PREVIOUS.EXISTED.isTrue().and(DSL.coalesce(IMPORT_PREVIOUS.CITY_CODE, "").ne(city))
                        .or(ENTERPRISE.CREDIT_CODE.isNotNull().and(DSL.coalesce(ENTERPRISE.CITY_CODE, "").ne(city))))
                .limit(5)
                .fetch(r -> r.value2() + "（" + r.value1() + "）"));
        if (out.size() < 5) {
            out.addAll(tx.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME).from(ENTERPRISE)
                    .where(ENTERPRISE.CREATED_BATCH_ID.eq(batchId))
                    .and(DSL.coalesce(ENTERPRISE.CITY_CODE, "").ne(city))
                    .limit(5 - out.size())
                    .fetch(r -> r.value2() + "（" + r.value1() + "）"));
        }
        return out;
    }

    /**
     * Writes the previous-state rows ({@code existed = false}) of the enterprises the batch inserted (only those of
     * {@code codes} when given) that have none yet: the import marked them instead of saving these rows, and from
     * here on the rollback and the audit log read them like any other. A plain (consistent, non-locking) read finds
     * them — only this batch's rollback deletes an enterprise the batch inserted, and the caller holds the batch — so
     * the scan of the registry locks no enterprise row.
     */
    private void recordInserted(DSLContext tx, long batchId, @Nullable Collection<String> codes) {
        Condition created = ENTERPRISE.CREATED_BATCH_ID.eq(batchId);
        if (codes != null) {
            if (codes.isEmpty()) {
                return;
            }
            created = created.and(ENTERPRISE.CREDIT_CODE.in(codes));
        }
        List<String> inserted = tx.select(ENTERPRISE.CREDIT_CODE).from(ENTERPRISE).where(created)
                .andNotExists(DSL.selectOne().from(IMPORT_PREVIOUS).where(IMPORT_PREVIOUS.BATCH_ID.eq(batchId))
                        .and(IMPORT_PREVIOUS.CREDIT_CODE.eq(ENTERPRISE.CREDIT_CODE)))
                .fetch(ENTERPRISE.CREDIT_CODE);
        List<Object[]> rows = new ArrayList<>(inserted.size());
        for (String code : inserted) {
            rows.add(new Object[]{batchId, code, false});
        }
        MultiRowInsert.insert(tx, IMPORT_PREVIOUS, List.of(IMPORT_PREVIOUS.BATCH_ID, IMPORT_PREVIOUS.CREDIT_CODE,
                IMPORT_PREVIOUS.EXISTED), rows);
    }

    /**
     * Puts back the saved state of the batch's enterprises (only {@code codes} when given, and then forgets those
     * states): deletes what it inserted, restores what it changed, column by column, nodes included. A whole
     * batch's rollback first keeps the state the batch had written, for the audit log.
     *
     * @return the number of enterprises deleted or restored
     */
    public int restore(DSLContext tx, long batchId, @Nullable Collection<String> codes) {
        recordInserted(tx, batchId, codes);
        Condition p = IMPORT_PREVIOUS.BATCH_ID.eq(batchId);
        if (codes != null) {
            p = p.and(IMPORT_PREVIOUS.CREDIT_CODE.in(codes));
        } else {
            keepUndone(tx, batchId);
        }
        var touched = DSL.select(IMPORT_PREVIOUS.CREDIT_CODE).from(IMPORT_PREVIOUS).where(p);
        // deleted or restored: their grams are rewritten (or dropped) after the commit
        SearchIndex.markStale(tx, touched);
        tx.deleteFrom(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.in(touched)).execute();
        int deleted = tx.deleteFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.in(
                DSL.select(IMPORT_PREVIOUS.CREDIT_CODE).from(IMPORT_PREVIOUS).where(p).and(IMPORT_PREVIOUS.EXISTED.isFalse()))).execute();
        var update = tx.update(ENTERPRISE.join(IMPORT_PREVIOUS).on(IMPORT_PREVIOUS.CREDIT_CODE.eq(ENTERPRISE.CREDIT_CODE)));
        Map<Field<?>, Field<?>> assignments = new LinkedHashMap<>();
        for (int i = 0; i < E.size(); i++) {
            assignments.put(E.get(i), P.get(i));
        }
        int restored = update.set(assignments).where(p).and(IMPORT_PREVIOUS.EXISTED.isTrue()).execute();
        Condition pn = IMPORT_PREVIOUS_NODE.BATCH_ID.eq(batchId);
        if (codes != null) {
            pn = pn.and(IMPORT_PREVIOUS_NODE.CREDIT_CODE.in(codes));
        }
        tx.insertInto(ENTERPRISE_NODE, ENTERPRISE_NODE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE, ENTERPRISE_NODE.CONFIDENCE,
                        ENTERPRISE_NODE.SOURCE, ENTERPRISE_NODE.MATCHED)
                .select(DSL.select(IMPORT_PREVIOUS_NODE.CREDIT_CODE, IMPORT_PREVIOUS_NODE.NODE_CODE,
                        IMPORT_PREVIOUS_NODE.CONFIDENCE, IMPORT_PREVIOUS_NODE.SOURCE, IMPORT_PREVIOUS_NODE.MATCHED)
                        .from(IMPORT_PREVIOUS_NODE).where(pn))
                .execute();
        // the restored enterprises' 未归类 mark (V24) follows the node rows just put back
        tx.update(ENTERPRISE).set(ENTERPRISE.IS_UNCLASSIFIED, DSL.field(DSL.notExists(DSL.selectOne().from(ENTERPRISE_NODE)
                        .where(ENTERPRISE_NODE.CREDIT_CODE.eq(ENTERPRISE.CREDIT_CODE)))))
                .where(ENTERPRISE.CREDIT_CODE.in(DSL.select(IMPORT_PREVIOUS.CREDIT_CODE).from(IMPORT_PREVIOUS).where(p)
                        .and(IMPORT_PREVIOUS.EXISTED.isTrue())))
                .execute();
        if (codes != null) {
            tx.deleteFrom(IMPORT_PREVIOUS_NODE).where(pn).execute();
            tx.deleteFrom(IMPORT_PREVIOUS).where(p).execute();
        }
        return deleted + restored;
    }

    /** Writes, for each enterprise of the batch, the state the batch left (its "after") as the audit's JSON. */
    private void keepUndone(DSLContext tx, long batchId) {
        final int chunk = 1000;
        long offset = 0;
        while (true) {
            List<String> codes = tx.select(IMPORT_PREVIOUS.CREDIT_CODE).from(IMPORT_PREVIOUS)
                    .where(IMPORT_PREVIOUS.BATCH_ID.eq(batchId)).orderBy(IMPORT_PREVIOUS.CREDIT_CODE)
                    .limit(chunk).offset(offset).fetch(IMPORT_PREVIOUS.CREDIT_CODE);
            if (codes.isEmpty()) {
                return;
            }
            Map<String, Map<String, Object>> current = currentStates(tx, codes);
            var batch = tx.batch(tx.update(IMPORT_PREVIOUS).set(IMPORT_PREVIOUS.UNDONE_STATE, (String) null)
                    .where(IMPORT_PREVIOUS.BATCH_ID.eq((Long) null)).and(IMPORT_PREVIOUS.CREDIT_CODE.eq((String) null)));
            for (Map.Entry<String, Map<String, Object>> e : current.entrySet()) {
                batch = batch.bind(toJson(e.getValue()), batchId, e.getKey());
            }
            if (!current.isEmpty()) {
                batch.execute();
            }
            offset += chunk;
        }
    }

    /** The batches that inserted or changed the enterprise, oldest first, each with the state before it. */
    public List<Version> versions(String creditCode) {
        Map<Long, List<String>> nodes = new HashMap<>();
        for (var n : dsl.select(IMPORT_PREVIOUS_NODE.BATCH_ID, IMPORT_PREVIOUS_NODE.NODE_CODE).from(IMPORT_PREVIOUS_NODE)
                .where(IMPORT_PREVIOUS_NODE.CREDIT_CODE.eq(creditCode)).fetch()) {
            nodes.computeIfAbsent(n.value1(), k -> new ArrayList<>()).add(n.value2());
        }
        var now = dsl.select(ENTERPRISE.STATUS, ENTERPRISE.CREATED_BATCH_ID).from(ENTERPRISE)
                .where(ENTERPRISE.CREDIT_CODE.eq(creditCode)).fetchOne();
        String status = now == null ? null : now.value1();
        Long createdBy = now == null ? null : now.value2();
        List<Field<?>> fields = new ArrayList<>(List.of(IMPORT_PREVIOUS.BATCH_ID, IMPORT_PREVIOUS.EXISTED, IMPORT_PREVIOUS.UNDONE_STATE));
        fields.addAll(P_CONTENT);
        List<Version> out = new ArrayList<>();
        for (Record r : dsl.select(fields).from(IMPORT_PREVIOUS).where(IMPORT_PREVIOUS.CREDIT_CODE.eq(creditCode))
                .orderBy(IMPORT_PREVIOUS.BATCH_ID).fetch()) {
            long batch = r.get(IMPORT_PREVIOUS.BATCH_ID);
            Map<String, Object> before = Boolean.TRUE.equals(r.get(IMPORT_PREVIOUS.EXISTED))
                    ? states.of(EnterpriseRows.data(r, P_CONTENT), nodes.getOrDefault(batch, List.of()), status)
                    : null;
            out.add(new Version(batch, before, r.get(IMPORT_PREVIOUS.UNDONE_STATE)));
        }
        if (createdBy != null && out.stream().noneMatch(v -> v.batchId() == createdBy)) {
            // inserted by a batch that saved no row for it (V23): that batch comes first among the ones that wrote it
            out.add(new Version(createdBy, null, null));
            out.sort(java.util.Comparator.comparingLong(Version::batchId));
        }
        return out;
    }

    /** The enterprise's state now, or null when it is not in the registry. */
    public @Nullable Map<String, Object> currentState(String creditCode) {
        return currentStates(dsl, List.of(creditCode)).get(creditCode);
    }

    private Map<String, Map<String, Object>> currentStates(DSLContext tx, List<String> codes) {
        Map<String, List<String>> nodes = new HashMap<>();
        for (var n : tx.select(ENTERPRISE_NODE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE).from(ENTERPRISE_NODE)
                .where(ENTERPRISE_NODE.CREDIT_CODE.in(codes)).fetch()) {
            nodes.computeIfAbsent(n.value1(), k -> new ArrayList<>()).add(n.value2());
        }
        List<Field<?>> fields = new ArrayList<>(EnterpriseRows.CONTENT);
        fields.add(ENTERPRISE.STATUS);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Record r : tx.select(fields).from(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.in(codes)).fetch()) {
            EnterpriseData d = EnterpriseRows.data(r, EnterpriseRows.CONTENT);
            out.put(d.creditCode(), states.of(d, nodes.getOrDefault(d.creditCode(), List.of()), r.get(ENTERPRISE.STATUS)));
        }
        return out;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
