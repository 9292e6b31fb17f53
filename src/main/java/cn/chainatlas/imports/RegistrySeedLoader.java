package cn.chainatlas.imports;

import cn.chainatlas.db.SeedFiles;
import cn.chainatlas.db.SeedLoader;
import cn.chainatlas.db.SeedMode;
import cn.chainatlas.excel.FileRejected;
import cn.chainatlas.common.Actor;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;

/**
 * Loads the demo registry (seeds/registry/demo-registry.xlsx, a few hundred generated enterprises, every name
 * marked （演示）) through the import pipeline itself, when seeding demo data into an empty registry. All or
 * nothing: if any row is refused (say the cities are not seeded), nothing is loaded and the reason is logged.
 */
@Singleton
final class RegistrySeedLoader implements SeedLoader {

    static final String FILE = "registry/demo-registry.xlsx";
    private static final Logger LOG = LoggerFactory.getLogger(RegistrySeedLoader.class);

    private final DSLContext dsl;
    private final ImportService imports;

    RegistrySeedLoader(DSLContext dsl, ImportService imports) {
        this.dsl = dsl;
        this.imports = imports;
    }

    @Override
    public int order() {
        return 200;
    }

    @Override
    public void load(SeedMode mode) {
        if (!mode.includesDemo() || dsl.fetchCount(ENTERPRISE) > 0) {
            return;
        }
        SeedFiles.SeedFile file = SeedFiles.file(FILE);
        if (!Files.exists(file.path())) {
            LOG.warn("Demo registry {} not found; registry left empty", FILE);
            return;
        }
        try (InputStream in = file.open()) {
            ImportService.Upload upload = imports.receive("demo-registry.xlsx", in);
            ImportResult r = imports.importFile(Actor.SYSTEM, upload, null, false, true);
            if ("COMMITTED".equals(r.status())) {
                LOG.info("Demo registry loaded: {} enterprises ({} unclassified), batch {}", r.inserts(), r.unclassified(), r.batchId());
            } else {
                LOG.warn("Demo registry NOT loaded ({} of {} rows refused, e.g. {}); are cities and chains seeded?",
                        r.rowsRejected(), r.rowsTotal(), r.errors().isEmpty() ? "-" : r.errors().get(0).message());
            }
        } catch (FileRejected e) {
            LOG.warn("Demo registry NOT loaded: {}", e.getMessage());
        } catch (IOException e) {
            LOG.warn("Demo registry NOT loaded: {}", e.toString());
        }
    }
}
