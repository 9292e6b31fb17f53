package cn.chainatlas.imports;

import cn.chainatlas.db.DatabaseLocks;
import cn.chainatlas.db.Instance;
import cn.chainatlas.common.Actor;
import cn.chainatlas.audit.AuditLog;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Set;

/**
 * The imports' background work, at start-up and then every {@code chainatlas.imports.check-interval} (1 minute),
 * on one instance at a time (a database lock: an instance that finds it taken skips the round):
 * <ul>
 *   <li>batches left QUEUED or RUNNING by a process that died (its instance lock is free) become 中断
 *       (INTERRUPTED): their transaction never committed, so the registry holds nothing of them; the file stays
 *       and the clerk can run them again;</li>
 *   <li>dry runs older than {@code chainatlas.imports.retention} (30 days) are deleted with their findings and
 *       files; other batches keep their history but lose their file after that time; files no batch names
 *       (an upload cut off mid-transfer, a deleted batch's) go too.</li>
 * </ul>
 */
@Singleton
class ImportMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(ImportMaintenance.class);
    static final String LOCK = "imports.maintenance";
    static final String INTERRUPTED_MESSAGE = "处理该批次的服务进程意外停止（如被终止、断电或重启），本批次没有写入任何数据；"
            + "文件已保留，可点“重新导入”再次运行";

    private final ImportRepository repository;
    private final ImportService service;
    private final DatabaseLocks locks;
    private final Instance instance;
    private final AuditLog audit;
    private final DSLContext dsl;
    private final Duration retention;

    ImportMaintenance(ImportRepository repository, ImportService service, DatabaseLocks locks, Instance instance,
                      AuditLog audit, DSLContext dsl, @Value("${chainatlas.imports.retention:30d}") Duration retention) {
        this.repository = repository;
        this.service = service;
        this.locks = locks;
        this.instance = instance;
        this.audit = audit;
        this.dsl = dsl;
        this.retention = retention;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("Import maintenance at start-up failed: {}", e.toString());
        }
    }

    @Scheduled(fixedDelay = "${chainatlas.imports.check-interval:1m}", initialDelay = "${chainatlas.imports.check-interval:1m}")
    void periodically() {
        try {
            // keeps the instance's lock connection busy enough not to be closed as idle, and takes it again if it was
            instance.id();
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("Import maintenance failed: {}", e.toString());
        }
    }

    /** One round; false when another instance holds the maintenance lock (it does the round). */
    boolean runOnce() {
        try (DatabaseLocks.Held held = locks.tryLock(LOCK, Duration.ZERO)) {
            if (held == null) {
                return false;
            }
            interruptLeftovers();
            cleanUp(LocalDateTime.now().minus(retention));
            return true;
        }
    }

    /** Marks 中断 the batches whose runner is gone; returns how many. */
    int interruptLeftovers() {
        int n = 0;
        for (Map.Entry<Long, String> e : repository.unfinished().entrySet()) {
            if (instance.isAlive(e.getValue())) {
                continue;
            }
            if (repository.interrupt(e.getKey(), e.getValue(), INTERRUPTED_MESSAGE)) {
                n++;
                LOG.warn("Import batch {} was left unfinished by instance {}, which is gone: marked INTERRUPTED", e.getKey(), e.getValue());
                audit.record(dsl, Actor.SYSTEM, "IMPORT_INTERRUPTED", "import_batch:" + e.getKey(), null,
                        Map.of("状态", BatchStatus.INTERRUPTED.label()), INTERRUPTED_MESSAGE);
            }
        }
        return n;
    }

    /** Deletes dry runs and files older than the cut-off, and files no batch names; returns files deleted. */
    int cleanUp(LocalDateTime cutoff) {
        int files = 0;
        for (Map.Entry<Long, String> e : repository.dryRunsBefore(cutoff).entrySet()) {
            if (repository.deleteDryRun(e.getKey()) && delete(e.getValue())) {
                files++;
            }
        }
        for (Map.Entry<Long, String> e : repository.filesBefore(cutoff).entrySet()) {
            repository.fileRemoved(e.getKey());
            if (delete(e.getValue())) {
                files++;
            }
        }
        Path dir = service.storeDir();
        if (Files.isDirectory(dir)) {
            Set<String> named = repository.storedFiles();
            FileTime dayAgo = FileTime.from(Instant.now().minus(Duration.ofDays(1)));
            try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
                for (Path f : all) {
                    String name = f.getFileName().toString();
                    boolean orphan = name.startsWith("batch-") && name.endsWith(".upload") && !named.contains(f.toString());
                    // an upload still arriving is a .part of today; one a day old was cut off
                    boolean stale = name.startsWith("upload-") && name.endsWith(".part")
                            && Files.getLastModifiedTime(f).compareTo(dayAgo) < 0;
                    if ((orphan || stale) && Files.getLastModifiedTime(f).compareTo(dayAgo) < 0 && delete(f.toString())) {
                        files++;
                    }
                }
            } catch (IOException e) {
                LOG.warn("Could not list {}: {}", dir, e.toString());
            }
        }
        if (files > 0) {
            LOG.info("Import clean-up deleted {} files (retention {})", files, retention);
        }
        return files;
    }

    private static boolean delete(String file) {
        if (file == null) {
            return false;
        }
        try {
            return Files.deleteIfExists(Path.of(file));
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", file, e.toString());
            return false;
        }
    }
}
