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

    long createBatch(String username, String cityCode, String fileName, String sha256, long size, boolean allOrNothing) {
        return GeneratedKeys.insert(dsl, tx -> tx.insertInto(IMPORT_BATCH)
                .set(IMPORT_BATCH.USERNAME, username)
                .set(IMPORT_BATCH.CITY_CODE, cityCode)
                .set(IMPORT_BATCH.FILE_NAME, fileName.length() > 255 ? fileName.substring(0, 255) : fileName)
                .set(IMPORT_BATCH.FILE_SHA256, sha256)
                .set(IMPORT_BATCH.FILE_SIZE, size)
                .set(IMPORT_BATCH.STATUS, BatchStatus.RUNNING.name())
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

    Map<Long, ImportBatchRecord> batches(java.util.Collection<Long> ids) {
        Map<Long, ImportBatchRecord> out = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            dsl.selectFrom(IMPORT_BATCH).where(IMPORT_BATCH.ID.in(ids)).fetch().forEach(b -> out.put(b.getId(), b));
        }
        return out;
    }

    void markRunning(long id) {
        dsl.update(IMPORT_BATCH).set(IMPORT_BATCH.STATUS, BatchStatus.RUNNING.name()).set(IMPORT_BATCH.MESSAGE, (String) null)
                .where(IMPORT_BATCH.ID.eq(id)).execute();
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
        var u = tx.update(IMPORT_BATCH)
                .set(IMPORT_BATCH.STATUS, status.name())
                .set(IMPORT_BATCH.ROWS_TOTAL, c.rowsTotal)
                .set(IMPORT_BATCH.ROWS_VALID, c.rowsValid)
                .set(IMPORT_BATCH.ROWS_REJECTED, c.rowsRejected)
                .set(IMPORT_BATCH.INSERTS, c.inserts)
                .set(IMPORT_BATCH.UPDATES, c.updates)
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

    void markRolledBack(DSLContext tx, long batchId, String username) {
        tx.update(IMPORT_BATCH).set(IMPORT_BATCH.STATUS, BatchStatus.ROLLED_BACK.name())
                .set(IMPORT_BATCH.ROLLED_BACK_AT, LocalDateTime.now())
                .set(IMPORT_BATCH.ROLLED_BACK_BY, username)
                .where(IMPORT_BATCH.ID.eq(batchId)).execute();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
