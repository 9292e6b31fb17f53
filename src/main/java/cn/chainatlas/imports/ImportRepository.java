package cn.chainatlas.imports;

import cn.chainatlas.db.GeneratedKeys;
import cn.chainatlas.db.schema.tables.records.ImportBatchRecord;
import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;
import static cn.chainatlas.db.schema.Tables.IMPORT_BATCH;
import static cn.chainatlas.db.schema.Tables.IMPORT_DUPLICATE;
import static cn.chainatlas.db.schema.Tables.IMPORT_ERROR;
import static cn.chainatlas.db.schema.Tables.IMPORT_PREVIOUS;
import static cn.chainatlas.db.schema.Tables.IMPORT_PREVIOUS_NODE;

@Singleton
class ImportRepository {

    /** Enterprise columns copied into import_previous and back, pairwise. */
    private static final List<Field<?>> E = List.of(ENTERPRISE.NAME, ENTERPRISE.CITY_CODE, ENTERPRISE.OUTSIDE_PROVINCE,
            ENTERPRISE.DISTRICT, ENTERPRISE.SIZE_CLASS, ENTERPRISE.ABOVE_SCALE, ENTERPRISE.MAIN_PRODUCTS,
            ENTERPRISE.CERTIFICATIONS, ENTERPRISE.TITLES, ENTERPRISE.TIER, ENTERPRISE.IS_LEADER, ENTERPRISE.REVENUE,
            ENTERPRISE.RND_SPENDING, ENTERPRISE.EMPLOYEES, ENTERPRISE.PATENTS, ENTERPRISE.CAPACITY_VALUE,
            ENTERPRISE.CAPACITY_UNIT, ENTERPRISE.TECH_PARAMS, ENTERPRISE.CONTACT_NAME, ENTERPRISE.CONTACT_PHONE,
            ENTERPRISE.FOUNDED_ON, ENTERPRISE.EXPLICIT_NODES, ENTERPRISE.EXTRA_ATTRIBUTES, ENTERPRISE.PUBLIC_CONSENT,
            ENTERPRISE.LAST_BATCH_ID, ENTERPRISE.CONTENT_HASH, ENTERPRISE.NAME_KEY, ENTERPRISE.UPDATED_AT);
    private static final List<Field<?>> P = List.of(IMPORT_PREVIOUS.NAME, IMPORT_PREVIOUS.CITY_CODE,
            IMPORT_PREVIOUS.OUTSIDE_PROVINCE, IMPORT_PREVIOUS.DISTRICT, IMPORT_PREVIOUS.SIZE_CLASS,
            IMPORT_PREVIOUS.ABOVE_SCALE, IMPORT_PREVIOUS.MAIN_PRODUCTS, IMPORT_PREVIOUS.CERTIFICATIONS,
            IMPORT_PREVIOUS.TITLES, IMPORT_PREVIOUS.TIER, IMPORT_PREVIOUS.IS_LEADER, IMPORT_PREVIOUS.REVENUE,
            IMPORT_PREVIOUS.RND_SPENDING, IMPORT_PREVIOUS.EMPLOYEES, IMPORT_PREVIOUS.PATENTS,
            IMPORT_PREVIOUS.CAPACITY_VALUE, IMPORT_PREVIOUS.CAPACITY_UNIT, IMPORT_PREVIOUS.TECH_PARAMS,
            IMPORT_PREVIOUS.CONTACT_NAME, IMPORT_PREVIOUS.CONTACT_PHONE, IMPORT_PREVIOUS.FOUNDED_ON,
            IMPORT_PREVIOUS.EXPLICIT_NODES, IMPORT_PREVIOUS.EXTRA_ATTRIBUTES, IMPORT_PREVIOUS.PUBLIC_CONSENT,
            IMPORT_PREVIOUS.LAST_BATCH_ID, IMPORT_PREVIOUS.CONTENT_HASH, IMPORT_PREVIOUS.NAME_KEY,
            IMPORT_PREVIOUS.UPDATED_AT);

    private final DSLContext dsl;

    ImportRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    long createBatch(String username, String cityCode, String fileName, String sha256, long size, boolean allOrNothing) {
        return GeneratedKeys.insert(dsl, tx -> tx.insertInto(IMPORT_BATCH)
                .set(IMPORT_BATCH.USERNAME, username)
                .set(IMPORT_BATCH.CITY_CODE, cityCode)
                .set(IMPORT_BATCH.FILE_NAME, fileName.length() > 255 ? fileName.substring(0, 255) : fileName)
                .set(IMPORT_BATCH.FILE_SHA256, sha256)
                .set(IMPORT_BATCH.FILE_SIZE, size)
                .set(IMPORT_BATCH.STATUS, "RUNNING")
                .set(IMPORT_BATCH.ALL_OR_NOTHING, allOrNothing));
    }

    void setStoredFile(long id, String path) {
        dsl.update(IMPORT_BATCH).set(IMPORT_BATCH.STORED_FILE, path).where(IMPORT_BATCH.ID.eq(id)).execute();
    }

    ImportBatchRecord batch(long id) {
        return dsl.selectFrom(IMPORT_BATCH).where(IMPORT_BATCH.ID.eq(id)).fetchOne();
    }

    List<ImportBatchRecord> batches(String cityCode, int limit) {
        Condition c = cityCode == null ? DSL.noCondition() : IMPORT_BATCH.CITY_CODE.eq(cityCode);
        return dsl.selectFrom(IMPORT_BATCH).where(c).orderBy(IMPORT_BATCH.ID.desc()).limit(limit).fetch();
    }

    void markRunning(long id) {
        dsl.update(IMPORT_BATCH).set(IMPORT_BATCH.STATUS, "RUNNING").set(IMPORT_BATCH.MESSAGE, (String) null)
                .where(IMPORT_BATCH.ID.eq(id)).execute();
        dsl.deleteFrom(IMPORT_ERROR).where(IMPORT_ERROR.BATCH_ID.eq(id)).execute();
        dsl.deleteFrom(IMPORT_DUPLICATE).where(IMPORT_DUPLICATE.BATCH_ID.eq(id)).execute();
    }

    void finish(DSLContext tx, long id, String status, ImportCounts c, String message, boolean committed) {
        var u = tx.update(IMPORT_BATCH)
                .set(IMPORT_BATCH.STATUS, status)
                .set(IMPORT_BATCH.ROWS_TOTAL, c.rowsTotal)
                .set(IMPORT_BATCH.ROWS_VALID, c.rowsValid)
                .set(IMPORT_BATCH.ROWS_REJECTED, c.rowsRejected)
                .set(IMPORT_BATCH.INSERTS, c.inserts)
                .set(IMPORT_BATCH.UPDATES, c.updates)
                .set(IMPORT_BATCH.UNCHANGED, c.unchanged)
                .set(IMPORT_BATCH.UNCLASSIFIED, c.unclassified)
                .set(IMPORT_BATCH.DUPLICATES, c.duplicates)
                .set(IMPORT_BATCH.MESSAGE, message == null || message.length() <= 1000 ? message : message.substring(0, 1000))
                .set(IMPORT_BATCH.FINISHED_AT, LocalDateTime.now());
        if (committed) {
            u = u.set(IMPORT_BATCH.COMMITTED_AT, LocalDateTime.now());
        }
        u.where(IMPORT_BATCH.ID.eq(id)).execute();
    }

    void fail(long id, String status, String message) {
        dsl.update(IMPORT_BATCH).set(IMPORT_BATCH.STATUS, status)
                .set(IMPORT_BATCH.MESSAGE, message == null || message.length() <= 1000 ? message : message.substring(0, 1000))
                .set(IMPORT_BATCH.FINISHED_AT, LocalDateTime.now())
                .where(IMPORT_BATCH.ID.eq(id)).execute();
    }

    void insertErrors(long batchId, List<RowError> errors) {
        for (int from = 0; from < errors.size(); from += 1000) {
            var insert = dsl.insertInto(IMPORT_ERROR, IMPORT_ERROR.BATCH_ID, IMPORT_ERROR.SHEET, IMPORT_ERROR.ROW_NO,
                    IMPORT_ERROR.COLUMN_NAME, IMPORT_ERROR.CODE, IMPORT_ERROR.MESSAGE);
            for (RowError e : errors.subList(from, Math.min(errors.size(), from + 1000))) {
                insert = insert.values(batchId, cut(e.sheet(), 100), e.row(), cut(e.column(), 100), e.code(), cut(e.message(), 500));
            }
            insert.execute();
        }
    }

    List<RowError> errors(long batchId, int limit) {
        return dsl.select(IMPORT_ERROR.SHEET, IMPORT_ERROR.ROW_NO, IMPORT_ERROR.COLUMN_NAME, IMPORT_ERROR.CODE, IMPORT_ERROR.MESSAGE)
                .from(IMPORT_ERROR).where(IMPORT_ERROR.BATCH_ID.eq(batchId))
                .orderBy(IMPORT_ERROR.ID).limit(limit)
                .fetch(r -> new RowError(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    void insertDuplicates(long batchId, List<ImportResult.Duplicate> dups) {
        for (int from = 0; from < dups.size(); from += 1000) {
            var insert = dsl.insertInto(IMPORT_DUPLICATE, IMPORT_DUPLICATE.BATCH_ID, IMPORT_DUPLICATE.ROW_NO,
                    IMPORT_DUPLICATE.CREDIT_CODE, IMPORT_DUPLICATE.NAME, IMPORT_DUPLICATE.OTHER_CREDIT_CODE,
                    IMPORT_DUPLICATE.OTHER_NAME, IMPORT_DUPLICATE.FOUND_IN);
            for (ImportResult.Duplicate d : dups.subList(from, Math.min(dups.size(), from + 1000))) {
                insert = insert.values(batchId, d.row(), d.creditCode(), cut(d.name(), 200), d.otherCreditCode(), cut(d.otherName(), 200), d.foundIn());
            }
            insert.execute();
        }
    }

    List<ImportResult.Duplicate> duplicates(long batchId, int limit) {
        return dsl.select(IMPORT_DUPLICATE.ROW_NO, IMPORT_DUPLICATE.CREDIT_CODE, IMPORT_DUPLICATE.NAME,
                        IMPORT_DUPLICATE.OTHER_CREDIT_CODE, IMPORT_DUPLICATE.OTHER_NAME, IMPORT_DUPLICATE.FOUND_IN)
                .from(IMPORT_DUPLICATE).where(IMPORT_DUPLICATE.BATCH_ID.eq(batchId)).orderBy(IMPORT_DUPLICATE.ID).limit(limit)
                .fetch(r -> new ImportResult.Duplicate(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    /** Saves the current state of enterprises about to be changed (existing ones) or inserted (new ones). */
    void snapshot(DSLContext tx, long batchId, Collection<String> updated, Collection<String> inserted) {
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
        if (!inserted.isEmpty()) {
            var insert = tx.insertInto(IMPORT_PREVIOUS, IMPORT_PREVIOUS.BATCH_ID, IMPORT_PREVIOUS.CREDIT_CODE, IMPORT_PREVIOUS.EXISTED);
            for (String code : inserted) {
                insert = insert.values(batchId, code, false);
            }
            insert.execute();
        }
    }

    /** Codes this batch changed that were changed again afterwards (by a later batch or an edit). */
    List<String> changedSince(DSLContext tx, long batchId) {
        return tx.select(IMPORT_PREVIOUS.CREDIT_CODE).from(IMPORT_PREVIOUS)
                .leftJoin(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(IMPORT_PREVIOUS.CREDIT_CODE))
                .where(IMPORT_PREVIOUS.BATCH_ID.eq(batchId))
                .and(ENTERPRISE.CREDIT_CODE.isNull().or(ENTERPRISE.LAST_BATCH_ID.isNull())
                        .or(ENTERPRISE.LAST_BATCH_ID.ne(batchId)))
                .limit(20)
                .fetch(IMPORT_PREVIOUS.CREDIT_CODE);
    }

    /**
     * Puts back the saved state of the batch's enterprises (only {@code codes} when given): deletes what it
     * inserted, restores what it changed, column by column, nodes included.
     */
    int restore(DSLContext tx, long batchId, Collection<String> codes) {
        Condition p = IMPORT_PREVIOUS.BATCH_ID.eq(batchId);
        if (codes != null) {
            p = p.and(IMPORT_PREVIOUS.CREDIT_CODE.in(codes));
        }
        var touched = DSL.select(IMPORT_PREVIOUS.CREDIT_CODE).from(IMPORT_PREVIOUS).where(p);
        tx.deleteFrom(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.in(touched)).execute();
        int deleted = tx.deleteFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.in(
                DSL.select(IMPORT_PREVIOUS.CREDIT_CODE).from(IMPORT_PREVIOUS).where(p).and(IMPORT_PREVIOUS.EXISTED.isFalse()))).execute();
        var update = tx.update(ENTERPRISE.join(IMPORT_PREVIOUS).on(IMPORT_PREVIOUS.CREDIT_CODE.eq(ENTERPRISE.CREDIT_CODE)));
        Map<Field<?>, Field<?>> assignments = new java.util.LinkedHashMap<>();
        for (int i = 0; i < E.size(); i++) {
            assignments.put(E.get(i), P.get(i));
        }
        var set = update.set(assignments);
        int restored = set.where(p).and(IMPORT_PREVIOUS.EXISTED.isTrue()).execute();
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
        if (codes != null) {
            tx.deleteFrom(IMPORT_PREVIOUS_NODE).where(pn).execute();
            tx.deleteFrom(IMPORT_PREVIOUS).where(p).execute();
        }
        return deleted + restored;
    }

    int previousCount(long batchId) {
        return dsl.fetchCount(IMPORT_PREVIOUS, IMPORT_PREVIOUS.BATCH_ID.eq(batchId));
    }

    void markRolledBack(DSLContext tx, long batchId, String username) {
        tx.update(IMPORT_BATCH).set(IMPORT_BATCH.STATUS, "ROLLED_BACK")
                .set(IMPORT_BATCH.ROLLED_BACK_AT, LocalDateTime.now())
                .set(IMPORT_BATCH.ROLLED_BACK_BY, username)
                .where(IMPORT_BATCH.ID.eq(batchId)).execute();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
