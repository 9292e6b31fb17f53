package cn.chainatlas.imports;

import cn.chainatlas.excel.RowError;

import cn.chainatlas.db.GeneratedKeys;
import cn.chainatlas.db.schema.tables.records.ImportBatchRecord;
import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.IMPORT_BATCH;
import static cn.chainatlas.db.schema.Tables.IMPORT_DUPLICATE;
import static cn.chainatlas.db.schema.Tables.IMPORT_ERROR;
import static cn.chainatlas.db.schema.Tables.IMPORT_REVIEW;
import static cn.chainatlas.db.schema.Tables.IMPORT_UNCLASSIFIED;

@Singleton
class ImportRepository {

    private final DSLContext dsl;

    ImportRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A new batch, QUEUED by this instance ({@code runner}) with what the upload asked for. */
    long createBatch(String username, String cityCode, String fileName, String sha256, long size, boolean allOrNothing,
                     boolean dryRun, String confirmedNames, String runner) {
        return GeneratedKeys.insert(dsl, tx -> tx.insertInto(IMPORT_BATCH)
                .set(IMPORT_BATCH.USERNAME, username)
                .set(IMPORT_BATCH.CITY_CODE, cityCode)
                .set(IMPORT_BATCH.FILE_NAME, fileName.length() > 255 ? fileName.substring(0, 255) : fileName)
                .set(IMPORT_BATCH.FILE_SHA256, sha256)
                .set(IMPORT_BATCH.FILE_SIZE, size)
                .set(IMPORT_BATCH.STATUS, BatchStatus.QUEUED.name())
                .set(IMPORT_BATCH.ALL_OR_NOTHING, allOrNothing)
                .set(IMPORT_BATCH.DRY_RUN, dryRun)
                .set(IMPORT_BATCH.CONFIRMED_NAMES, confirmedNames)
                .set(IMPORT_BATCH.RUNNER, runner));
    }

    /** A demand upload's batch (kind DEMAND) for a leader, QUEUED by this instance as a dry run. */
    long createDemandBatch(String username, String cityCode, String leader, String fileName, String sha256, long size,
                           String runner) {
        long id = createBatch(username, cityCode, fileName, sha256, size, true, true, null, runner);
        dsl.update(IMPORT_BATCH).set(IMPORT_BATCH.KIND, DEMAND).set(IMPORT_BATCH.LEADER_CREDIT_CODE, leader)
                .where(IMPORT_BATCH.ID.eq(id)).execute();
        return id;
    }

    /** A leader's demand uploads, newest first. */
    List<ImportBatchRecord> demandBatches(String leader, int limit) {
        return dsl.selectFrom(IMPORT_BATCH).where(IMPORT_BATCH.KIND.eq(DEMAND)).and(IMPORT_BATCH.LEADER_CREDIT_CODE.eq(leader))
                .orderBy(IMPORT_BATCH.ID.desc()).limit(limit).fetch();
    }

    /**
     * Puts a batch back in the queue if, and only if, it is in one of the given states now: one statement, so that
     * of two requests (on two instances) to commit the same dry run or run the same batch again, one wins.
     */
    boolean requeue(long id, java.util.Set<BatchStatus> from, boolean dryRun, boolean allOrNothing, String confirmedNames,
                    String runner) {
        return dsl.update(IMPORT_BATCH).set(IMPORT_BATCH.STATUS, BatchStatus.QUEUED.name())
                .set(IMPORT_BATCH.DRY_RUN, dryRun).set(IMPORT_BATCH.ALL_OR_NOTHING, allOrNothing)
                .set(IMPORT_BATCH.CONFIRMED_NAMES, confirmedNames).set(IMPORT_BATCH.RUNNER, runner)
                .set(IMPORT_BATCH.MESSAGE, (String) null).set(IMPORT_BATCH.FINISHED_AT, (LocalDateTime) null)
                .where(IMPORT_BATCH.ID.eq(id)).and(IMPORT_BATCH.STATUS.in(from.stream().map(Enum::name).toList()))
                .execute() == 1;
    }

    /** QUEUED → RUNNING for this runner; false when the batch left the queue meanwhile (marked 中断 …). */
    boolean claim(long id, String runner) {
        return dsl.update(IMPORT_BATCH).set(IMPORT_BATCH.STATUS, BatchStatus.RUNNING.name())
                .set(IMPORT_BATCH.STARTED_AT, LocalDateTime.now())
                .where(IMPORT_BATCH.ID.eq(id)).and(IMPORT_BATCH.STATUS.eq(BatchStatus.QUEUED.name()))
                .and(IMPORT_BATCH.RUNNER.eq(runner)).execute() == 1;
    }

    /** Batches waiting or running: id → runner. */
    Map<Long, String> unfinished() {
        Map<Long, String> out = new java.util.LinkedHashMap<>();
        dsl.select(IMPORT_BATCH.ID, IMPORT_BATCH.RUNNER).from(IMPORT_BATCH)
                .where(IMPORT_BATCH.STATUS.in(BatchStatus.QUEUED.name(), BatchStatus.RUNNING.name()))
                .orderBy(IMPORT_BATCH.ID).fetch().forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    /** Marks a batch 中断 if it is still waiting or running for that runner; true when it did. */
    boolean interrupt(long id, String runner, String message) {
        Condition byRunner = runner == null ? IMPORT_BATCH.RUNNER.isNull() : IMPORT_BATCH.RUNNER.eq(runner);
        return dsl.update(IMPORT_BATCH).set(IMPORT_BATCH.STATUS, BatchStatus.INTERRUPTED.name())
                .set(IMPORT_BATCH.MESSAGE, message).set(IMPORT_BATCH.FINISHED_AT, LocalDateTime.now())
                .where(IMPORT_BATCH.ID.eq(id)).and(byRunner)
                .and(IMPORT_BATCH.STATUS.in(BatchStatus.QUEUED.name(), BatchStatus.RUNNING.name())).execute() == 1;
    }

    /** 1 + the batches of the same runner that wait before this one (the queue runs in batch order). */
    int queuePosition(long id, String runner) {
        Condition byRunner = runner == null ? IMPORT_BATCH.RUNNER.isNull() : IMPORT_BATCH.RUNNER.eq(runner);
        return 1 + dsl.fetchCount(IMPORT_BATCH, IMPORT_BATCH.STATUS.eq(BatchStatus.QUEUED.name())
                .and(byRunner).and(IMPORT_BATCH.ID.lt(id)));
    }

    /** Bytes of uploaded files still stored. */
    long storedBytes() {
        java.math.BigDecimal sum = dsl.select(DSL.sum(IMPORT_BATCH.FILE_SIZE)).from(IMPORT_BATCH)
                .where(IMPORT_BATCH.STORED_FILE.isNotNull()).fetchOne(0, java.math.BigDecimal.class);
        return sum == null ? 0 : sum.longValue();
    }

    /** Dry runs started before the cut-off: id → stored file (may be null). */
    Map<Long, String> dryRunsBefore(LocalDateTime cutoff) {
        Map<Long, String> out = new java.util.LinkedHashMap<>();
        dsl.select(IMPORT_BATCH.ID, IMPORT_BATCH.STORED_FILE).from(IMPORT_BATCH)
                .where(IMPORT_BATCH.STATUS.eq(BatchStatus.DRY_RUN.name())).and(IMPORT_BATCH.STARTED_AT.lt(cutoff))
                .fetch().forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    /** Deletes a dry run (its findings go with it) if it still is one. */
    boolean deleteDryRun(long id) {
        return dsl.deleteFrom(IMPORT_BATCH).where(IMPORT_BATCH.ID.eq(id))
                .and(IMPORT_BATCH.STATUS.eq(BatchStatus.DRY_RUN.name())).execute() == 1;
    }

    /** Finished batches (not waiting, running or a dry run) started before the cut-off that still keep their file. */
    Map<Long, String> filesBefore(LocalDateTime cutoff) {
        Map<Long, String> out = new java.util.LinkedHashMap<>();
        dsl.select(IMPORT_BATCH.ID, IMPORT_BATCH.STORED_FILE).from(IMPORT_BATCH)
                .where(IMPORT_BATCH.STORED_FILE.isNotNull()).and(IMPORT_BATCH.STARTED_AT.lt(cutoff))
                .and(IMPORT_BATCH.STATUS.notIn(BatchStatus.QUEUED.name(), BatchStatus.RUNNING.name(), BatchStatus.DRY_RUN.name()))
                .fetch().forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    void fileRemoved(long id) {
        dsl.update(IMPORT_BATCH).set(IMPORT_BATCH.STORED_FILE, (String) null).set(IMPORT_BATCH.FILE_REMOVED_AT, LocalDateTime.now())
                .where(IMPORT_BATCH.ID.eq(id)).execute();
    }

    /** Every stored file a batch still names. */
    java.util.Set<String> storedFiles() {
        return new java.util.HashSet<>(dsl.select(IMPORT_BATCH.STORED_FILE).from(IMPORT_BATCH)
                .where(IMPORT_BATCH.STORED_FILE.isNotNull()).fetch(IMPORT_BATCH.STORED_FILE));
    }

    /** The kind of every registry batch (V17); demand uploads are DEMAND. */
    static final String REGISTRY = "REGISTRY";
    static final String DEMAND = "DEMAND";

    /** Registry batches, newest first (demand uploads are listed with their leader's demands). */
    List<ImportBatchRecord> batches(String cityCode, int page, int size) {
        Condition c = (cityCode == null ? DSL.noCondition() : IMPORT_BATCH.CITY_CODE.eq(cityCode)).and(IMPORT_BATCH.KIND.eq(REGISTRY));
        return dsl.selectFrom(IMPORT_BATCH).where(c).orderBy(IMPORT_BATCH.ID.desc()).limit(size)
                .offset((long) (page - 1) * size).fetch();
    }

    int batchCount(String cityCode) {
        return dsl.fetchCount(IMPORT_BATCH, (cityCode == null ? DSL.noCondition() : IMPORT_BATCH.CITY_CODE.eq(cityCode))
                .and(IMPORT_BATCH.KIND.eq(REGISTRY)));
    }

    void setStoredFile(long id, String path) {
        dsl.update(IMPORT_BATCH).set(IMPORT_BATCH.STORED_FILE, path).where(IMPORT_BATCH.ID.eq(id)).execute();
    }

    ImportBatchRecord batch(long id) {
        return dsl.selectFrom(IMPORT_BATCH).where(IMPORT_BATCH.ID.eq(id)).fetchOne();
    }

    List<ImportBatchRecord> batches(String cityCode, int limit) {
        Condition c = (cityCode == null ? DSL.noCondition() : IMPORT_BATCH.CITY_CODE.eq(cityCode)).and(IMPORT_BATCH.KIND.eq(REGISTRY));
        return dsl.selectFrom(IMPORT_BATCH).where(c).orderBy(IMPORT_BATCH.ID.desc()).limit(limit).fetch();
    }

    Map<Long, ImportBatchRecord> batches(java.util.Collection<Long> ids) {
        Map<Long, ImportBatchRecord> out = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            dsl.selectFrom(IMPORT_BATCH).where(IMPORT_BATCH.ID.in(ids)).fetch().forEach(b -> out.put(b.getId(), b));
        }
        return out;
    }

    /** Forgets the findings of an earlier run of the batch (a dry run being committed, a batch run again). */
    void clearFindings(long id) {
        dsl.deleteFrom(IMPORT_ERROR).where(IMPORT_ERROR.BATCH_ID.eq(id)).execute();
        dsl.deleteFrom(IMPORT_DUPLICATE).where(IMPORT_DUPLICATE.BATCH_ID.eq(id)).execute();
        dsl.deleteFrom(IMPORT_UNCLASSIFIED).where(IMPORT_UNCLASSIFIED.BATCH_ID.eq(id)).execute();
        dsl.deleteFrom(IMPORT_REVIEW).where(IMPORT_REVIEW.BATCH_ID.eq(id)).execute();
        dsl.update(IMPORT_BATCH).set(IMPORT_BATCH.NOTES, (String) null).where(IMPORT_BATCH.ID.eq(id)).execute();
    }

    List<ImportResult.NameChange> nameChanges(long batchId, int limit) {
        return dsl.select(IMPORT_REVIEW.SHEET, IMPORT_REVIEW.ROW_NO, IMPORT_REVIEW.CREDIT_CODE, IMPORT_REVIEW.STORED_NAME,
                        IMPORT_REVIEW.NEW_NAME, IMPORT_REVIEW.CONFIRMED)
                .from(IMPORT_REVIEW).where(IMPORT_REVIEW.BATCH_ID.eq(batchId)).orderBy(IMPORT_REVIEW.ID).limit(limit)
                .fetch(r -> new ImportResult.NameChange(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    /** Errors, duplicate flags, unclassified rows, name changes and notes of a run, kept with the batch. */
    void saveFindings(long batchId, List<RowError> errors, List<ImportResult.Duplicate> duplicates,
                      List<ImportResult.Unclassified> unclassified, List<ImportResult.NameChange> nameChanges,
                      List<String> notes) {
        if (!notes.isEmpty()) {
            String joined = String.join("\n", notes);
            dsl.update(IMPORT_BATCH).set(IMPORT_BATCH.NOTES, cut(joined, 4000)).where(IMPORT_BATCH.ID.eq(batchId)).execute();
        }
        if (!nameChanges.isEmpty()) {
            var insert = dsl.insertInto(IMPORT_REVIEW, IMPORT_REVIEW.BATCH_ID, IMPORT_REVIEW.SHEET, IMPORT_REVIEW.ROW_NO,
                    IMPORT_REVIEW.CREDIT_CODE, IMPORT_REVIEW.STORED_NAME, IMPORT_REVIEW.NEW_NAME, IMPORT_REVIEW.CONFIRMED);
            for (ImportResult.NameChange n : nameChanges) {
                insert = insert.values(batchId, cut(n.sheet(), 100), n.row(), n.creditCode(), cut(n.storedName(), 200),
                        cut(n.newName(), 200), n.confirmed());
            }
            insert.execute();
        }
        insertErrors(batchId, errors);
        insertDuplicates(batchId, duplicates);
        for (int from = 0; from < unclassified.size(); from += 1000) {
            var insert = dsl.insertInto(IMPORT_UNCLASSIFIED, IMPORT_UNCLASSIFIED.BATCH_ID, IMPORT_UNCLASSIFIED.SHEET,
                    IMPORT_UNCLASSIFIED.ROW_NO, IMPORT_UNCLASSIFIED.CREDIT_CODE, IMPORT_UNCLASSIFIED.NAME, IMPORT_UNCLASSIFIED.MAIN_PRODUCTS);
            for (ImportResult.Unclassified u : unclassified.subList(from, Math.min(unclassified.size(), from + 1000))) {
                insert = insert.values(batchId, cut(u.sheet(), 100), u.row(), u.creditCode(), cut(u.name(), 200), cut(u.mainProducts(), 2000));
            }
            insert.execute();
        }
    }

    List<ImportResult.Unclassified> unclassified(long batchId, int limit) {
        return dsl.select(IMPORT_UNCLASSIFIED.SHEET, IMPORT_UNCLASSIFIED.ROW_NO, IMPORT_UNCLASSIFIED.CREDIT_CODE,
                        IMPORT_UNCLASSIFIED.NAME, IMPORT_UNCLASSIFIED.MAIN_PRODUCTS)
                .from(IMPORT_UNCLASSIFIED).where(IMPORT_UNCLASSIFIED.BATCH_ID.eq(batchId))
                .orderBy(IMPORT_UNCLASSIFIED.ID).limit(limit)
                .fetch(r -> new ImportResult.Unclassified(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    int errorCount(long batchId) {
        return dsl.fetchCount(IMPORT_ERROR, IMPORT_ERROR.BATCH_ID.eq(batchId));
    }

    void finish(DSLContext tx, long id, BatchStatus status, ImportCounts c, String message, boolean committed) {
        // a batch refused as a whole (全部或全不 with a bad row, a demand workbook with one) wrote nothing, whatever its
        // run counted before the refusal: 新增 1 on a 已拒绝 batch told the clerk a row had gone in. The row counts
        // (valid, rejected, unchanged) stay: they say what is wrong with the file
        boolean wroteNothing = status == BatchStatus.REJECTED;
        var u = tx.update(IMPORT_BATCH)
                .set(IMPORT_BATCH.STATUS, status.name())
                .set(IMPORT_BATCH.ROWS_TOTAL, c.rowsTotal)
                .set(IMPORT_BATCH.ROWS_VALID, c.rowsValid)
                .set(IMPORT_BATCH.ROWS_REJECTED, c.rowsRejected)
                .set(IMPORT_BATCH.INSERTS, wroteNothing ? 0 : c.inserts)
                .set(IMPORT_BATCH.UPDATES, wroteNothing ? 0 : c.updates)
                .set(IMPORT_BATCH.UNCHANGED, c.unchanged)
                .set(IMPORT_BATCH.UNCLASSIFIED, c.unclassified)
                .set(IMPORT_BATCH.DUPLICATES, c.duplicates)
                .set(IMPORT_BATCH.SKIPPED, c.skipped)
                .set(IMPORT_BATCH.MESSAGE, message == null || message.length() <= 1000 ? message : message.substring(0, 1000))
                .set(IMPORT_BATCH.FINISHED_AT, LocalDateTime.now());
        if (committed) {
            u = u.set(IMPORT_BATCH.COMMITTED_AT, LocalDateTime.now());
        }
        u.where(IMPORT_BATCH.ID.eq(id)).execute();
    }

    void fail(long id, BatchStatus status, String message) {
        dsl.update(IMPORT_BATCH).set(IMPORT_BATCH.STATUS, status.name())
                .set(IMPORT_BATCH.MESSAGE, message == null || message.length() <= 1000 ? message : message.substring(0, 1000))
                .set(IMPORT_BATCH.FINISHED_AT, LocalDateTime.now())
                .where(IMPORT_BATCH.ID.eq(id)).execute();
    }

    private void insertErrors(long batchId, List<RowError> errors) {
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

    private void insertDuplicates(long batchId, List<ImportResult.Duplicate> dups) {
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

    /**
     * COMMITTED → ROLLED_BACK, in the rollback's transaction and before anything else it does: the row stays locked
     * until the transaction ends, so a second rollback of the same batch (on any instance) waits and then finds it
     * no longer committed. False when the batch was not committed (any more).
     */
    boolean markRolledBack(DSLContext tx, long batchId, String username) {
        return tx.update(IMPORT_BATCH).set(IMPORT_BATCH.STATUS, BatchStatus.ROLLED_BACK.name())
                .set(IMPORT_BATCH.ROLLED_BACK_AT, LocalDateTime.now())
                .set(IMPORT_BATCH.ROLLED_BACK_BY, username)
                .where(IMPORT_BATCH.ID.eq(batchId)).and(IMPORT_BATCH.STATUS.eq(BatchStatus.COMMITTED.name())).execute() == 1;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
