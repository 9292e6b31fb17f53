package cn.chainatlas.imports;

import cn.chainatlas.excel.ErrorsWorkbook;

import cn.chainatlas.excel.RowError;

import cn.chainatlas.common.NotFound;

import cn.chainatlas.common.Conflict;
import cn.chainatlas.common.TooBusy;
import cn.chainatlas.db.DatabaseLocks;
import cn.chainatlas.db.Instance;

import cn.chainatlas.RuntimeSettings;
import cn.chainatlas.db.schema.tables.records.ImportBatchRecord;
import cn.chainatlas.geo.Cities;
import cn.chainatlas.enterprise.Classifier;
import cn.chainatlas.enterprise.RegistryHistory;
import cn.chainatlas.enterprise.RegistryWriter;
import cn.chainatlas.excel.FileRejected;
import cn.chainatlas.common.Actor;
import cn.chainatlas.audit.AuditLog;
import cn.chainatlas.common.Forbidden;
import cn.chainatlas.common.Role;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Registry uploads: dry run, commit (now or of an earlier dry run), rollback, errors.xlsx and batch history.
 * Roles: ADMIN and PROVINCE import for any city, CITY only for its own, LEADER not at all.
 */
@Singleton
public class ImportService {

    private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);

    private final DSLContext dsl;
    private final ImportRepository repository;
    private final RegistryWriter writer;
    private final RegistryHistory history;
    private final cn.chainatlas.enterprise.RegistryTemplate template;
    private final Cities cities;
    private final Classifier classifier;
    private final AuditLog audit;
    private final ImportProgress progress;
    private final long maxBytes;
    private final int maxRows;
    private final Path storeDir;
    private final ImportQueue queue;
    private final Instance instance;
    private final DatabaseLocks locks;
    private final long maxStoredBytes;
    private final cn.chainatlas.enterprise.SearchIndex searchIndex;
    /** runs background uploads; the queue bounds how many wait or run, so the pool needs no bound of its own */
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "import-background");
        t.setDaemon(true);
        return t;
    });
    ImportService(DSLContext dsl, ImportRepository repository, RegistryWriter writer, RegistryHistory history,
                  cn.chainatlas.enterprise.RegistryTemplate template, Cities cities, Classifier classifier,
                  AuditLog audit, ImportProgress progress, ImportQueue queue, Instance instance, DatabaseLocks locks,
                  cn.chainatlas.enterprise.SearchIndex searchIndex,
                  @Value("${chainatlas.imports.max-bytes:52428800}") long maxBytes,
                  @Value("${chainatlas.imports.max-rows:1000000}") int maxRows,
                  @Value("${chainatlas.imports.max-stored-mb:2048}") long maxStoredMb,
                  @Value("${chainatlas.imports.dir:}") String dir) {
        this.queue = queue;
        this.searchIndex = searchIndex;
        this.instance = instance;
        this.locks = locks;
        this.maxStoredBytes = maxStoredMb * 1024 * 1024;
        this.dsl = dsl;
        this.repository = repository;
        this.writer = writer;
        this.history = history;
        this.template = template;
        this.cities = cities;
        this.classifier = classifier;
        this.audit = audit;
        this.progress = progress;
        this.maxBytes = maxBytes;
        this.maxRows = maxRows;
        this.storeDir = dir == null || dir.isBlank() ? RuntimeSettings.dataDir().resolve("imports") : Path.of(dir);
    }

    /** Where uploaded files are kept (the data folder's imports/ unless {@code chainatlas.imports.dir} says otherwise). */
    Path storeDir() {
        return storeDir;
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }

    /** What the upload is scoped to: the city its rows must belong to (null: any) and whether the role forces it. */
    private record Scope(String city, boolean fromActor) {
    }

    private Scope scope(Actor actor, @Nullable String city) {
        if (actor.is(Role.LEADER)) {
            throw new Forbidden("链主企业账号不能导入企业名录");
        }
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY);
        String requested = city == null || city.isBlank() ? null : city.trim();
        if (requested != null) {
            Cities.Place place = cities.parse(requested);
            if (place.cityCode() == null) {
                throw new cn.chainatlas.common.BadInput("city 参数「" + requested + "」不是广东省的地市");
            }
            requested = place.cityCode();
        }
        if (actor.is(Role.CITY)) {
            if (requested != null && !requested.equals(actor.cityCode())) {
                throw new Forbidden("无权导入其他地市（" + cities.name(requested) + "）的企业");
            }
            return new Scope(actor.cityCode(), requested == null);
        }
        return new Scope(requested, false);
    }

    /** An upload received: stored, hashed and size-checked, not yet read. */
    public record Upload(String fileName, Path file, long size, String sha256) {
    }

    /** Copies the upload aside (the limit is checked while copying, so an oversized file costs no more than the limit). */
    public Upload receive(String fileName, InputStream in) {
        if (repository.storedBytes() + maxBytes > maxStoredBytes) {
            throw new TooBusy("upload_store_full", "上传文件的存放空间已满（上限 " + (maxStoredBytes / 1048576)
                    + " MB）：过期的文件会自动清理，请稍后再试，或请平台管理员处理", 3600);
        }
        try {
            Files.createDirectories(storeDir);
            Path tmp = Files.createTempFile(storeDir, "upload-", ".part");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (InputStream din = new DigestInputStream(in, sha); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = din.read(buf)) > 0) {
                    size += n;
                    if (size > maxBytes) {
                        out.close();
                        Files.deleteIfExists(tmp);
                        throw new FileRejected("FILE_TOO_LARGE", "文件" + (fileName == null || fileName.isBlank() ? "" : "「" + fileName + "」") + "超过 " + (maxBytes / 1024 / 1024 >= 1 ? (maxBytes / 1024 / 1024) + " MB" : maxBytes + " 字节")
                                + " 的上限，请拆分后分批上传");
                    }
                    out.write(buf, 0, n);
                }
            }
            return new Upload(fileName == null || fileName.isBlank() ? "upload" : fileName, tmp, size, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Dry run or commit of a fresh upload, answered when done. */
    public ImportResult importFile(Actor actor, Upload upload, @Nullable String city, boolean dryRun, boolean allOrNothing) {
        return importFile(actor, upload, city, dryRun, allOrNothing, java.util.Set.of());
    }

    /**
     * @param confirmedNames credit codes whose name change (stored name ≠ the file's, beyond spelling) the clerk
     *                       confirmed; other name changes are left out of a commit and listed
     */
    public ImportResult importFile(Actor actor, Upload upload, @Nullable String city, boolean dryRun, boolean allOrNothing,
                                   java.util.Set<String> confirmedNames) {
        ImportQueue.Ticket ticket = reserve(upload);
        try {
            long id = start(actor, upload, city, allOrNothing, dryRun, confirmedNames);
            ticket.assign(id);
            awaitTurn(ticket, id);
            return runQueued(actor, id);
        } finally {
            ticket.close();
        }
    }

    /** The same, running in the background: the batch id comes back at once, progress and result by {@link #batch}. */
    public long importFileAsync(Actor actor, Upload upload, @Nullable String city, boolean dryRun, boolean allOrNothing,
                                java.util.Set<String> confirmedNames) {
        ImportQueue.Ticket ticket = reserve(upload);
        long id;
        try {
            id = start(actor, upload, city, allOrNothing, dryRun, confirmedNames);
            ticket.assign(id);
        } catch (RuntimeException e) {
            ticket.close();
            throw e;
        }
        inBackground(actor, id, ticket);
        return id;
    }

    private void inBackground(Actor actor, long id, ImportQueue.Ticket ticket) {
        background.submit(() -> {
            try (ticket) {
                awaitTurn(ticket, id);
                runQueued(actor, id);
            } catch (RuntimeException e) {
                // the batch carries the outcome the clerk reads (runQueued settles it); this is for the operator
                LOG.warn("Background import {} ended with: {}", id, e.getMessage());
            }
        });
    }

    /** A place in this instance's import queue, or a 503 (and the upload deleted) when the queue is full. */
    private ImportQueue.Ticket reserve(Upload upload) {
        try {
            return queue.reserve();
        } catch (RuntimeException e) {
            deleteQuietly(upload.file());
            throw e;
        }
    }

    private static void awaitTurn(ImportQueue.Ticket ticket, long id) {
        try {
            ticket.awaitTurn();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("import " + id + " interrupted while queued", e);
        }
    }

    /** Runs a batch that this instance queued and whose turn has come: claims it, then reads (and writes) it. */
    private ImportResult runQueued(Actor actor, long id) {
        if (!repository.claim(id, instance.id())) {
            ImportBatchRecord b = repository.batch(id);
            throw new Conflict("批次 " + id + " 已不在排队（状态「" + BatchStatus.of(b == null ? null : b.getStatus()).label() + "」）");
        }
        try {
            repository.clearFindings(id);
            ImportBatchRecord b = repository.batch(id);
            return run(actor, id, Boolean.TRUE.equals(b.getDryRun()), Boolean.TRUE.equals(b.getAllOrNothing()),
                    names(b.getConfirmedNames()));
        } catch (RuntimeException e) {
            settle(id);
            throw e;
        }
    }

    /**
     * A batch this instance claimed must not stay 进行中 after its run ended with an error: the clerk would wait for it
     * forever (seen in the load test, where the connection pool was exhausted and the failure could not be written
     * either). Tries again for about a minute while the database cannot be reached; a batch already moved on (拒绝,
     * 失败 …) is left as it is. Its transaction never committed, so 失败 with "名录未作任何改动" is true.
     */
    private void settle(long id) {
        long pause = 500;
        for (int attempt = 1; attempt <= 7; attempt++) {
            try {
                ImportBatchRecord b = repository.batch(id);
                if (b != null && BatchStatus.RUNNING.name().equals(b.getStatus())) {
                    repository.fail(id, BatchStatus.FAILED, "导入因服务器繁忙或故障中止，名录未作任何改动。请稍后重新导入");
                }
                return;
            } catch (RuntimeException again) {
                LOG.warn("Import batch {} could not be marked failed yet (attempt {}): {}", id, attempt, again.getMessage());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = Math.min(pause * 2, 16_000);
            }
        }
    }

    private static String joinNames(java.util.Set<String> codes) {
        return codes == null || codes.isEmpty() ? null : String.join(",", new java.util.TreeSet<>(codes));
    }

    private static java.util.Set<String> names(@Nullable String joined) {
        return joined == null || joined.isBlank() ? java.util.Set.of() : java.util.Set.of(joined.split(","));
    }

    private long start(Actor actor, Upload upload, @Nullable String city, boolean allOrNothing, boolean dryRun,
                       java.util.Set<String> confirmedNames) {
        Scope scope;
        try {
            scope = scope(actor, city);
        } catch (RuntimeException e) {
            deleteQuietly(upload.file());
            throw e;
        }
        long id = repository.createBatch(actor.username(), scope.city(), upload.fileName(), upload.sha256(), upload.size(),
                allOrNothing, dryRun, joinNames(confirmedNames), instance.id());
        Path stored = storeDir.resolve("batch-" + id + ".upload");
        try {
            Files.move(upload.file(), stored, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        repository.setStoredFile(id, stored.toString());
        return id;
    }

    /**
     * Commits an earlier dry run of the same file (counts are computed afresh against the registry as it is now).
     * Of two requests to commit the same dry run (also on two instances) exactly one gets it; the other is a 409.
     */
    public ImportResult commitBatch(Actor actor, long id, boolean allOrNothing, java.util.Set<String> confirmedNames) {
        ImportBatchRecord b = visibleBatch(actor, id);
        scope(actor, b.getCityCode());
        ImportQueue.Ticket ticket = queue.reserve();
        try {
            if (!repository.requeue(id, java.util.EnumSet.of(BatchStatus.DRY_RUN), false,
                    allOrNothing || Boolean.TRUE.equals(b.getAllOrNothing()), joinNames(confirmedNames), instance.id())) {
                throw new Conflict("批次 " + id + " 的状态是「" + BatchStatus.of(repository.batch(id).getStatus()).label()
                        + "」，只有预检完成的批次可以提交");
            }
            ticket.assign(id);
            awaitTurn(ticket, id);
            return runQueued(actor, id);
        } finally {
            ticket.close();
        }
    }

    /**
     * Runs a batch again that a dead process left 中断 (or an unexpected error left 失败), the way it was asked
     * for (dry run or commit, all-or-nothing, confirmed name changes), from the file kept with it.
     *
     * @param async true: queued in the background, answered at once (the page polls the batch)
     */
    public ImportResult rerun(Actor actor, long id, boolean async) {
        ImportBatchRecord b = visibleBatch(actor, id);
        scope(actor, b.getCityCode());
        BatchStatus status = BatchStatus.of(b.getStatus());
        if (status != BatchStatus.INTERRUPTED && status != BatchStatus.FAILED) {
            throw new Conflict("批次 " + id + " 的状态是「" + status.label() + "」，只有中断或失败的批次可以重新导入");
        }
        if (b.getStoredFile() == null || !Files.exists(Path.of(b.getStoredFile()))) {
            throw new Conflict("批次 " + id + " 的文件已清理（或不在本服务器上），无法重新导入；请重新上传文件");
        }
        ImportQueue.Ticket ticket = queue.reserve();
        try {
            if (!repository.requeue(id, java.util.EnumSet.of(BatchStatus.INTERRUPTED, BatchStatus.FAILED),
                    Boolean.TRUE.equals(b.getDryRun()), Boolean.TRUE.equals(b.getAllOrNothing()), b.getConfirmedNames(),
                    instance.id())) {
                throw new Conflict("批次 " + id + " 已在重新导入或已处理");
            }
            audit.record(dsl, actor, "IMPORT_RERUN", "import_batch:" + id, Map.of("状态", status.label()),
                    Map.of("状态", BatchStatus.QUEUED.label()), "文件「" + b.getFileName() + "」重新导入");
            ticket.assign(id);
        } catch (RuntimeException e) {
            ticket.close();
            throw e;
        }
        if (async) {
            inBackground(actor, id, ticket);
            return batch(actor, id);
        }
        try (ticket) {
            awaitTurn(ticket, id);
            return runQueued(actor, id);
        }
    }

    private ImportResult run(Actor actor, long id, boolean dryRun, boolean allOrNothing, java.util.Set<String> confirmedNames) {
        ImportBatchRecord b = repository.batch(id);
        Scope scope = scope(actor, b.getCityCode());
        if (actor.is(Role.CITY)) {
            scope = new Scope(actor.cityCode(), true);
        }
        ImportProgress.Tracker tracker = progress.get(id);
        if (tracker == null) {
            tracker = progress.start(id);
        }
        classifier.invalidate();
        cities.reload();
        ImportPipeline pipeline = new ImportPipeline(cities, classifier.model(), writer, history);
        ImportPipeline.Job job = new ImportPipeline.Job(id, Path.of(b.getStoredFile()), b.getFileName(), scope.city(),
                scope.fromActor(), actor.is(Role.CITY) ? actor.cityCode() : null, dryRun, maxRows, tracker,
                confirmedNames == null ? java.util.Set.of() : java.util.Set.copyOf(confirmedNames));
        // the search index's background round waits until this file is read (and written)
        try (cn.chainatlas.enterprise.SearchIndex.Hold hold = searchIndex.holdForTransfer()) {
            ImportPipeline.Outcome out;
            if (dryRun) {
                out = pipeline.run(job, dsl);
                // findings first: the page stops polling at the first finished state, and a poll between the two
                // writes showed 错误行 1 with no error listed
                repository.saveFindings(id, out.errors, out.duplicates, out.unclassified, out.nameChanges, out.notes);
                repository.finish(dsl, id, BatchStatus.DRY_RUN, out.counts, null, false);
            } else {
                out = commitSerialised(actor, b, pipeline, job, allOrNothing, scope.city());
                repository.saveFindings(id, out.errors, out.duplicates, out.unclassified, out.nameChanges, out.notes);
            }
            return result(repository.batch(id), null);
        } catch (AllOrNothing e) {
            ImportPipeline.Outcome out = e.outcome;
            String message = "选择了“全部或全不”：有 " + out.counts.rowsRejected + " 行有错误，本次未导入任何数据";
            repository.saveFindings(id, out.errors, out.duplicates, out.unclassified, out.nameChanges, out.notes);
            repository.finish(dsl, id, BatchStatus.REJECTED, out.counts, message, false);
            return result(repository.batch(id), null);
        } catch (FileRejected refused) {
            FileRejected e = named(refused, b.getFileName());
            repository.fail(id, BatchStatus.REJECTED, e.getMessage());
            repository.saveFindings(id, List.of(new RowError(null, null, null, e.code(), e.getMessage())), List.of(), List.of(), List.of(), List.of());
            throw new BatchFileRejected(id, e);
        } catch (RuntimeException e) {
            String incident = java.util.UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Import batch {} failed (incident {})", id, incident, e);
            try {
                repository.fail(id, BatchStatus.FAILED, "导入失败，名录未作任何改动。请稍后重试；如反复出现，请把编号 " + incident + " 告诉平台管理员");
            } catch (RuntimeException unwritten) {
                // the database is out of reach too; runQueued keeps trying to settle the batch
                e.addSuppressed(unwritten);
            }
            throw e;
        } finally {
            progress.end(id);
        }
    }

    /** How often a commit's transaction is tried when the database reports a deadlock, lock wait or duplicate key. */
    static final int COMMIT_ATTEMPTS = 5;

    /**
     * The commit, one writer per city at a time: a database lock per city (all of them for an upload not bound to one
     * city), held across instances. Enterprises of two cities can still meet (two uploads give one new credit code,
     * or the province moves an enterprise), so a transaction the database ends with a deadlock, a lock wait timeout
     * or a duplicate key is rolled back completely and run again against the registry as it then is.
     */
    private ImportPipeline.Outcome commitSerialised(Actor actor, ImportBatchRecord b, ImportPipeline pipeline,
                                                    ImportPipeline.Job job, boolean allOrNothing, @Nullable String city) {
        java.util.List<String> names = new java.util.ArrayList<>();
        if (city != null) {
            names.add("registry.city." + city);
        } else {
            cities.names().keySet().forEach(c -> names.add("registry.city." + c));
            names.add("registry.city.outside");
        }
        try (DatabaseLocks.Held held = locks.tryLock(names, java.time.Duration.ofMinutes(30))) {
            if (held == null) {
                throw new TooBusy("registry_busy", "名录正由其他导入写入，等待超时；本批次未导入任何数据，请稍后重新导入", 60);
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    return dsl.transactionResult(cfg -> commit(actor, b, pipeline, job, DSL.using(cfg), allOrNothing));
                } catch (DataAccessException e) {
                    if (attempt >= COMMIT_ATTEMPTS || !retryable(e)) {
                        throw e;
                    }
                    LOG.warn("Import batch {}: attempt {} rolled back by the database ({}); trying again", b.getId(), attempt,
                            e.sqlState());
                    job.progress().rowsRead = 0;
                    job.progress().rowsWritten = 0;
                    try {
                        Thread.sleep(100L * attempt + java.util.concurrent.ThreadLocalRandom.current().nextInt(200));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }
    }

    /** Deadlock (40001, MySQL 1213), lock wait timeout (1205) or duplicate key (1062): the transaction can be run again. */
    static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s) {
                if ("40001".equals(s.getSQLState()) || s.getErrorCode() == 1213 || s.getErrorCode() == 1205
                        || s.getErrorCode() == 1062) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The commit's transaction: the pipeline's writes, the batch's result and its audit line, or nothing at all. */
    private ImportPipeline.Outcome commit(Actor actor, ImportBatchRecord b, ImportPipeline pipeline, ImportPipeline.Job job,
                                          DSLContext tx, boolean allOrNothing) {
        ImportPipeline.Outcome out = pipeline.run(job, tx);
        if (allOrNothing && out.counts.rowsRejected > 0) {
            throw new AllOrNothing(out);
        }
        repository.finish(tx, b.getId(), BatchStatus.COMMITTED, out.counts, null, true);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("文件", b.getFileName());
        after.put("文件摘要（SHA-256）", b.getFileSha256());
        after.put("有效行", out.counts.rowsValid);
        after.put("被拒行", out.counts.rowsRejected);
        after.put("新增", out.counts.inserts);
        after.put("更新", out.counts.updates);
        after.put("未变", out.counts.unchanged);
        audit.record(tx, actor, "IMPORT_COMMIT", "import_batch:" + b.getId(), null, after,
                "新增 " + out.counts.inserts + " 家、更新 " + out.counts.updates
                        + " 家；每家企业导入前的状态已保存，可按企业在审计日志中查到，并可整批回滚");
        return out;
    }

    /**
     * A whole-file refusal that names the file, as row errors name theirs: the readers' words (文件已损坏…, 文件是空的…)
     * did not say which file when a clerk uploads several (fresh-eyes pass #14).
     */
    static FileRejected named(FileRejected e, String fileName) {
        if (fileName == null || fileName.isBlank() || e.getMessage() == null || e.getMessage().contains("「" + fileName + "」")) {
            return e;
        }
        return new FileRejected(e.code(), "文件「" + fileName + "」：" + e.getMessage(), e);
    }

    /** A file refused as a whole, with the batch that records the refusal. */
    public static final class BatchFileRejected extends FileRejected {
        private final long batchId;

        BatchFileRejected(long batchId, FileRejected cause) {
            super(cause.code(), cause.getMessage(), cause);
            this.batchId = batchId;
        }

        public long batchId() {
            return batchId;
        }

        @Override
        public Map<String, Object> details() {
            return Map.of("code", code(), "batchId", batchId);
        }
    }

    /** Leaves the commit's transaction without writing anything; the outcome still goes to the clerk. */
    private static final class AllOrNothing extends RuntimeException {
        final transient ImportPipeline.Outcome outcome;

        AllOrNothing(ImportPipeline.Outcome outcome) {
            super("all or nothing", null, false, false);
            this.outcome = outcome;
        }
    }

    /** Puts back what a committed batch changed, exactly as it was. */
    public ImportResult rollback(Actor actor, long id) {
        ImportBatchRecord b = visibleBatch(actor, id);
        scope(actor, b.getCityCode());
        BatchStatus status = BatchStatus.of(b.getStatus());
        if (status != BatchStatus.COMMITTED) {
            throw new Conflict("批次 " + id + " 的状态是「" + status.label() + "」，只有已提交的批次可以回滚");
        }
        try {
            dsl.transaction(cfg -> {
                DSLContext tx = DSL.using(cfg);
                // first, so that a second rollback of the batch (on any instance) waits for this one, then finds it done
                if (!repository.markRolledBack(tx, id, actor.username())) {
                    throw new Conflict("批次 " + id + " 已不是已提交状态（可能刚被回滚），未作任何改动");
                }
                if (actor.is(Role.CITY)) {
                    List<String> foreign = history.outsideCity(tx, id, actor.cityCode());
                    if (!foreign.isEmpty()) {
                        throw new Forbidden("批次 " + id + " 涉及其他地市的企业（如 " + String.join("、", foreign)
                                + "），回滚会改动它们；请联系省工信厅处理");
                    }
                }
                List<String> changed = history.changedSince(tx, id);
                if (!changed.isEmpty()) {
                    throw new Conflict("批次 " + id + " 导入的企业在此后又被修改过（如 " + String.join("、", changed)
                            + "），回滚会覆盖那些修改；请先回滚之后的批次或手工处理");
                }
                int touched = history.restore(tx, id, null);
                Map<String, Object> before = new LinkedHashMap<>();
                before.put("状态", BatchStatus.COMMITTED.label());
                before.put("新增", b.getInserts());
                before.put("更新", b.getUpdates());
                audit.record(tx, actor, "IMPORT_ROLLBACK", "import_batch:" + id, before,
                        Map.of("状态", BatchStatus.ROLLED_BACK.label(), "恢复的企业", touched),
                        "文件「" + b.getFileName() + "」");
            });
        } catch (DataAccessException e) {
            throw new Conflict("回滚失败，数据未作任何改动：该批次新增的企业已被其他数据引用（如链主需求），无法删除");
        }
        return batch(actor, id);
    }

    /** A batch's result (and progress while it runs), everything read from the batch's own tables. */
    public ImportResult batch(Actor actor, long id) {
        ImportBatchRecord b = visibleBatch(actor, id);
        ImportProgress.Tracker t = progress.get(id);
        ImportResult.Progress p = t == null ? null : new ImportResult.Progress(t.rowsRead, t.estimated,
                t.rowsRead == 0 ? "读取文件" : "校验与写入");
        return result(b, p);
    }

    /** The batch's place among the uploads waiting for a slot of the instance that queued it, or null. */
    private Integer queuePosition(ImportBatchRecord b) {
        if (BatchStatus.of(b.getStatus()) != BatchStatus.QUEUED) {
            return null;
        }
        Integer local = queue.position(b.getId());
        return local != null ? local : repository.queuePosition(b.getId(), b.getRunner());
    }

    /** A page of the batch history, newest first (page from 1; size 1–500). */
    public List<ImportResult> history(Actor actor, int page, int size) {
        scope(actor, null);
        String city = actor.isProvinceWide() ? null : actor.cityCode();
        int p = Math.max(page, 1);
        int s = Math.min(Math.max(size, 1), 500);
        if ((long) (p - 1) * s >= repository.batchCount(city)) {
            return List.of();
        }
        return repository.batches(city, p, s).stream().map(b -> {
            ImportProgress.Tracker t = progress.get(b.getId());
            ImportResult.Progress pr = t == null ? null : new ImportResult.Progress(t.rowsRead, t.estimated, "校验与写入");
            return summary(b, pr);
        }).toList();
    }

    public List<ImportResult> history(Actor actor, int limit) {
        return history(actor, 1, limit);
    }

    /** The rejected rows of a batch as they were in the file, bad cells highlighted, with a 错误说明 column. */
    public void errorsWorkbook(Actor actor, long id, OutputStream out) {
        ImportBatchRecord b = visibleBatch(actor, id);
        List<RowError> errors = repository.errors(id, ImportPipeline.MAX_ERRORS_KEPT);
        Path file = b.getStoredFile() == null ? null : Path.of(b.getStoredFile());
        ErrorsWorkbook.write(file, b.getFileName(), errors, template.choices(), out);
    }

    public ImportBatchRecord visibleBatch(Actor actor, long id) {
        if (actor.is(Role.LEADER)) {
            throw new Forbidden("链主企业账号不能查看导入批次");
        }
        ImportBatchRecord b = repository.batch(id);
        if (b == null || !ImportRepository.REGISTRY.equals(b.getKind())) {
            // a demand upload is its leader's, answered by DemandImportService
            throw new NotFound("批次 " + id + " 不存在");
        }
        if (!actor.isProvinceWide() && (b.getCityCode() == null || !b.getCityCode().equals(actor.cityCode()))) {
            throw new Forbidden("无权查看其他地市的导入批次");
        }
        return b;
    }


    /** A batch with its findings: the first 1,000 errors, 500 unclassified rows and 500 duplicate flags. */
    ImportResult result(ImportBatchRecord b, ImportResult.Progress p) {
        long id = b.getId();
        return build(b, repository.errors(id, 1000), repository.errorCount(id), repository.unclassified(id, ImportPipeline.MAX_LISTED),
                repository.duplicates(id, 500), repository.nameChanges(id, ImportPipeline.MAX_LISTED), p, queuePosition(b));
    }

    /** A batch's counts without its findings (the history list). */
    ImportResult summary(ImportBatchRecord b, ImportResult.Progress p) {
        return build(b, List.of(), 0, List.of(), List.of(), List.of(), p, queuePosition(b));
    }

    private static ImportResult build(ImportBatchRecord b, List<RowError> errors, int errorCount,
                                      List<ImportResult.Unclassified> unclassified, List<ImportResult.Duplicate> dups,
                                      List<ImportResult.NameChange> nameChanges, ImportResult.Progress p,
                                      Integer queuePosition) {
        BatchStatus status = BatchStatus.of(b.getStatus());
        return new ImportResult(b.getId(), status.name(), status.label(), status == BatchStatus.DRY_RUN, b.getFileName(),
                b.getRowsTotal(), b.getRowsValid(), b.getRowsRejected(), b.getInserts(), b.getUpdates(), b.getUnchanged(),
                b.getUnclassified(), b.getDuplicates(), errorCount, b.getMessage(), List.copyOf(errors),
                List.copyOf(unclassified), List.copyOf(dups), p, b.getSkipped() == null ? 0 : b.getSkipped(),
                List.copyOf(nameChanges), b.getNotes() == null ? List.of() : List.of(b.getNotes().split("\n")),
                queuePosition, b.getStoredFile() != null);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temporary file is harmless
        }
    }

    public long maxBytes() {
        return maxBytes;
    }
}
