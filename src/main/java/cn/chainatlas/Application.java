package cn.chainatlas;

import cn.chainatlas.db.DatabaseBackup;
import cn.chainatlas.db.EmbeddedDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts ChainAtlas. Without a configured datasource an embedded MariaDB is started first, so a fresh
 * machine needs nothing but a JDK; with {@code DATASOURCES_DEFAULT_URL} the service uses that server.
 */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) throws IOException {
        Path dataDir = RuntimeSettings.dataDir();
        if (args.length > 0 && (args[0].equals("backup") || args[0].equals("restore"))) {
            // java -jar chainatlas.jar backup|restore <file>: the embedded database's dump and its restore
            System.exit(DatabaseBackup.run(dataDir, args));
        }
        Map<String, Object> properties = new HashMap<>(RuntimeSettings.tokenSecret(dataDir));
        EmbeddedDatabase embedded = null;
        if (RuntimeSettings.externalDatabaseUrl().isEmpty()) {
            embedded = EmbeddedDatabase.start(dataDir);
            properties.putAll(embedded.datasourceProperties());
            properties.put("chainatlas.embedded", true);
        }
        ApplicationContext context = Micronaut.build(args)
                .mainClass(Application.class)
                .properties(properties)
                .start();
        if (embedded != null) {
            EmbeddedDatabase db = embedded;
            // Micronaut's own shutdown hook stops the context; the database goes once the context has let go of it
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (context.isRunning() && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                db.stop();
            }, "chainatlas-database-stop"));
        }
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        LOG.info("ChainAtlas is up: open {}", server.getURL());
        LOG.info("Database: {}", embedded != null
                ? "embedded MariaDB " + embedded.jdbcUrl() + ", files in " + embedded.dataDir()
                : "external server " + RuntimeSettings.externalDatabaseUrl().get());
        LOG.info("Data folder: {}", dataDir);
    }
}
