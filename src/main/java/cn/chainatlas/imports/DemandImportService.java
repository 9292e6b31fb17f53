package cn.chainatlas.imports;

import cn.chainatlas.audit.AuditLog;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Conflict;
import cn.chainatlas.common.NotFound;
import cn.chainatlas.db.Instance;
import cn.chainatlas.db.schema.tables.records.ImportBatchRecord;
import cn.chainatlas.demand.DemandService;
import cn.chainatlas.demand.DemandSheet;
import cn.chainatlas.demand.DemandTemplate;
import cn.chainatlas.enterprise.LeaderService;
import cn.chainatlas.excel.ErrorsWorkbook;
import cn.chainatlas.excel.FileRejected;
import cn.chainatlas.excel.RowError;
import cn.chainatlas.excel.TableReader;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Leaders' demand uploads, through the registry's import machinery: the same upload store and size limits
 * ({@link ImportService#receive}), the same batch table, findings and queue, the same reader ({@link TableReader}
 * with the demand sheet's schema) and the same errors.xlsx ({@link ErrorsWorkbook}); the rows are the demand
 * package's ({@link DemandSheet}) and checked and written by {@link DemandService}, by the field rules of the form
 * and the API. A dry run first; its commit reads the kept file again and writes every row or none; a committed
 * batch can be rolled back. Who may upload for which leader is the demand API's rule: the leader itself, its
 * city's bureau, the province and administrators.
 */
@Singleton
public class DemandImportService {

    private static final Logger LOG = LoggerFactory.getLogger(DemandImportService.class);

    private final ImportService imports;
    private final ImportRepository repository;
    private final ImportQueue queue;
    private final Instance instance;
    private final DemandService demands;
    private final DemandTemplate template;
    private final AuditLog audit;
    private final int maxRows;
    private final org.jooq.DSLContext dsl;

    DemandImportService(org.jooq.DSLContext dsl, ImportService imports, ImportRepository repository, ImportQueue queue, Instance instance,
                        DemandService demands, DemandTemplate template, AuditLog audit,
                        @Value("${chainatlas.imports.demand-max-rows:5000}") int maxRows) {
        this.dsl = dsl;
        this.imports = imports;
        this.repository = repository;
        this.queue = queue;
        this.instance = instance;
        this.demands = demands;
        this.template = template;
        this.audit = audit;
        this.maxRows = maxRows;
    }

    /** The template for the actor's leader (a bureau names one, or none for every node). */
    public void template(Actor actor, @Nullable String leader, OutputStream out) {
        if (!actor.is(cn.chainatlas.common.Role.LEADER) && leader != null && !leader.isBlank()) {
            demands.uploadLeader(actor, leader);
        }
        template.write(actor, leader, out);
    }

    /**
     * The dry run of an upload: the batch, every row checked, nothing written. A file that cannot be read as a whole
     * is refused (422 naming why) and recorded as a REJECTED batch.
     *
     * @param leader the leader's credit code (a LEADER's own when left out)
     */
    public ImportResult dryRun(Actor actor, ImportService.Upload upload, @Nullable String leader) {
        LeaderService.Leader l;
        try {
            l = demands.uploadLeader(actor, leader);
        } catch (RuntimeException e) {
            deleteQuietly(upload.file());
            throw e;
        }
        ImportQueue.Ticket ticket;
        try {
            ticket = queue.reserve();
        } catch (RuntimeException e) {
            deleteQuietly(upload.file());
            throw e;
        }
        try (ticket) {
            long id = repository.createDemandBatch(actor.username(), l.cityCode(), l.creditCode(), upload.fileName(),
                    upload.sha256(), upload.size(), instance.id());
            Path stored = imports.storeDir().resolve("batch-" + id + ".upload");
            try {
                Files.move(upload.file(), stored, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            repository.setStoredFile(id, stored.toString());
            ticket.assign(id);
            awaitTurn(ticket);
            if (!repository.claim(id, instance.id())) {
                throw new Conflict("批次 " + id + " 已不在排队");
            }
            return run(actor, repository.batch(id), false);
        }
    }

    /** Commits a dry run: all rows or none, against the leader's demands as they are now. */
    public ImportResult commit(Actor actor, long id) {
        ImportBatchRecord b = visible(actor, id);
        try (ImportQueue.Ticket ticket = queue.reserve()) {
            if (!repository.requeue(id, java.util.EnumSet.of(BatchStatus.DRY_RUN), false, true, null, instance.id())) {
                throw new Conflict("批次 " + id + " 的状态是「" + BatchStatus.of(repository.batch(id).getStatus()).label()
                        + "」，只有预检完成的批次可以提交");
            }
            ticket.assign(id);
            awaitTurn(ticket);
            if (!repository.claim(id, instance.id())) {
                throw new Conflict("批次 " + id + " 已不在排队");
            }
            repository.clearFindings(id);
            return run(actor, b, true);
        }
    }

    /**
     * Runs a demand batch again that a dead process left 中断 (or an unexpected error left 失败), as it was asked for
     * (dry run or commit), from the file kept with it. A commit is one transaction, so the interrupted one wrote
     * nothing; the rerun plans against the leader's demands as they are now.
     */
    public ImportResult rerun(Actor actor, long id) {
        ImportBatchRecord b = visible(actor, id);
        BatchStatus status = BatchStatus.of(b.getStatus());
        if (status != BatchStatus.INTERRUPTED && status != BatchStatus.FAILED) {
            throw new Conflict("批次 " + id + " 的状态是「" + status.label() + "」，只有中断或失败的批次可以重新导入");
        }
        if (b.getStoredFile() == null || !Files.exists(Path.of(b.getStoredFile()))) {
            throw new Conflict("批次 " + id + " 的文件已清理（或不在本服务器上），无法重新导入；请重新上传文件");
        }
        boolean commit = !Boolean.TRUE.equals(b.getDryRun());
        try (ImportQueue.Ticket ticket = queue.reserve()) {
            if (!repository.requeue(id, java.util.EnumSet.of(BatchStatus.INTERRUPTED, BatchStatus.FAILED), !commit, true,
                    null, instance.id())) {
                throw new Conflict("批次 " + id + " 已在重新导入或已处理");
            }
            audit.record(dsl, actor, "DEMAND_IMPORT_RERUN", "import_batch:" + id, Map.of("状态", status.label()),
                    Map.of("状态", BatchStatus.QUEUED.label()), "需求文件「" + b.getFileName() + "」重新导入");
            ticket.assign(id);
            awaitTurn(ticket);
            if (!repository.claim(id, instance.id())) {
                throw new Conflict("批次 " + id + " 已不在排队");
            }
            repository.clearFindings(id);
            return run(actor, repository.batch(id), commit);
        }
    }

    /** Reads the batch's file and plans (dry run) or writes (commit) its rows; records the outcome with the batch. */
    private ImportResult run(Actor actor, ImportBatchRecord b, boolean commit) {
        long id = b.getId();
        String leader = b.getLeaderCreditCode();
        try {
            List<DemandSheet.Row> rows = new ArrayList<>();
            TableReader reader = new TableReader(DemandSheet.SCHEMA, List.of(), maxRows,
                    (sheet, rowNo, cells, kinds, layout) -> rows.add(DemandSheet.read(sheet, rowNo, cells, kinds, layout, leader)));
            reader.read(Path.of(b.getStoredFile()), b.getFileName());
            if (!commit) {
                DemandService.UploadPlan plan = demands.planUpload(actor, leader, rows);
                repository.finish(dsl, id, BatchStatus.DRY_RUN, counts(plan), null, false);
                repository.saveFindings(id, plan.errors(), List.of(), List.of(), List.of(), reader.notes());
            } else {
                // the batch's record and audit line are written in the demands' transaction
                DemandService.UploadPlan plan = demands.commitUpload(actor, leader, id, rows,
                        (tx, done) -> finishCommitted(tx, actor, b, done));
                if (plan.rejected() > 0) {
                    String message = "有 " + plan.rejected() + " 行有错误，本次未导入任何需求（需求表格全部行一起提交）";
                    repository.finish(dsl, id, BatchStatus.REJECTED, counts(plan), message, false);
                }
                repository.saveFindings(id, plan.errors(), List.of(), List.of(), List.of(), reader.notes());
            }
            return imports.result(repository.batch(id), null);
        } catch (FileRejected refused) {
            FileRejected e = ImportService.named(refused, b.getFileName());
            repository.fail(id, BatchStatus.REJECTED, e.getMessage());
            repository.saveFindings(id, List.of(new RowError(null, null, null, e.code(), e.getMessage())), List.of(), List.of(),
                    List.of(), List.of());
            throw new ImportService.BatchFileRejected(id, e);
        } catch (RuntimeException e) {
            if (e instanceof cn.chainatlas.common.DomainError) {
                repository.fail(id, commit ? BatchStatus.DRY_RUN : BatchStatus.FAILED, commit ? null : e.getMessage());
                throw e;
            }
            String incident = java.util.UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Demand import batch {} failed (incident {})", id, incident, e);
            repository.fail(id, BatchStatus.FAILED, "导入失败，需求未作任何改动。请稍后重试；如反复出现，请把编号 " + incident + " 告诉平台管理员");
            throw e;
        }
    }

    /** The committed batch's counts and its audit line (the demands' own lines name the batch). */
    private void finishCommitted(org.jooq.DSLContext tx, Actor actor, ImportBatchRecord b, DemandService.UploadPlan plan) {
        repository.finish(tx, b.getId(), BatchStatus.COMMITTED, counts(plan), null, true);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("文件", b.getFileName());
        after.put("文件摘要（SHA-256）", b.getFileSha256());
        after.put("链主企业", b.getLeaderCreditCode());
        after.put("新增", plan.inserts());
        after.put("更新", plan.updates());
        after.put("未变", plan.unchanged());
        audit.record(tx, actor, "DEMAND_IMPORT_COMMIT", "import_batch:" + b.getId(), null, after,
                "需求表格：新增 " + plan.inserts() + " 条、更新 " + plan.updates() + " 条；每条需求导入前的状态已保存，可整批回滚");
    }

    /** Puts back what a committed demand upload changed. */
    public ImportResult rollback(Actor actor, long id) {
        ImportBatchRecord b = visible(actor, id);
        if (BatchStatus.of(b.getStatus()) != BatchStatus.COMMITTED) {
            throw new Conflict("批次 " + id + " 的状态是「" + BatchStatus.of(b.getStatus()).label() + "」，只有已提交的批次可以回滚");
        }
        demands.rollbackUpload(actor, b.getLeaderCreditCode(), id, tx -> {
            if (!repository.markRolledBack(tx, id, actor.username())) {
                throw new Conflict("批次 " + id + " 已不是已提交状态（可能刚被回滚），未作任何改动");
            }
            audit.record(tx, actor, "DEMAND_IMPORT_ROLLBACK", "import_batch:" + id,
                    Map.of("状态", BatchStatus.COMMITTED.label(), "新增", b.getInserts(), "更新", b.getUpdates()),
                    Map.of("状态", BatchStatus.ROLLED_BACK.label()), "文件「" + b.getFileName() + "」");
        });
        return imports.result(repository.batch(id), null);
    }

    public ImportResult batch(Actor actor, long id) {
        return imports.result(visible(actor, id), null);
    }

    /** A leader's demand uploads, newest first (a LEADER's own; a bureau names the leader). */
    public List<ImportResult> history(Actor actor, @Nullable String leader, int limit) {
        if ((leader == null || leader.isBlank()) && !actor.is(cn.chainatlas.common.Role.LEADER)) {
            // a bureau reads here, it does not upload (the message said 上传: fresh-eyes pass #15)
            throw new cn.chainatlas.common.BadInput("leader", "请指定要查看哪一家链主企业的需求批次（leader 参数：链主企业的统一社会信用代码）");
        }
        LeaderService.Leader l = demands.uploadLeader(actor, leader);
        return repository.demandBatches(l.creditCode(), Math.min(Math.max(limit, 1), 200)).stream()
                .map(b -> imports.summary(b, null)).toList();
    }

    /** The rejected rows as they were in the file, with the template's drop-downs, to fix and upload again. */
    public void errorsWorkbook(Actor actor, long id, OutputStream out) {
        ImportBatchRecord b = visible(actor, id);
        List<RowError> errors = repository.errors(id, ImportPipeline.MAX_ERRORS_KEPT);
        Path file = b.getStoredFile() == null ? null : Path.of(b.getStoredFile());
        ErrorsWorkbook.write(DemandSheet.SCHEMA, file, b.getFileName(), errors, template.choices(b.getLeaderCreditCode()), out);
    }

    /** A demand batch the actor may see: the same rule as its leader's demands (404 for registry batches). */
    private ImportBatchRecord visible(Actor actor, long id) {
        ImportBatchRecord b = repository.batch(id);
        if (b == null || !ImportRepository.DEMAND.equals(b.getKind())) {
            throw new NotFound("需求导入批次 " + id + " 不存在");
        }
        demands.uploadLeader(actor, b.getLeaderCreditCode());
        return b;
    }

    private static ImportCounts counts(DemandService.UploadPlan plan) {
        ImportCounts c = new ImportCounts();
        c.rowsTotal = plan.rows().size();
        c.rowsRejected = plan.rejected();
        c.rowsValid = c.rowsTotal - c.rowsRejected;
        c.inserts = plan.inserts();
        c.updates = plan.updates();
        c.unchanged = plan.unchanged();
        return c;
    }

    private static void awaitTurn(ImportQueue.Ticket ticket) {
        try {
            ticket.awaitTurn();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queued", e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temporary file is harmless
        }
    }
}
