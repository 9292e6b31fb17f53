package cn.chainatlas.testing;

import cn.chainatlas.db.EmbeddedDatabase;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real MariaDB server for the whole test JVM (started on first use, stopped when the JVM exits).
 * Each test class gets a schema of its own from {@link #newSchema(String)}, so classes never see each other's rows.
 */
public final class TestDatabase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile EmbeddedDatabase server;

    private TestDatabase() {
    }

    public static synchronized EmbeddedDatabase server() {
        if (server == null) {
            // a fresh folder per JVM so a crashed earlier run cannot leave a half-written server behind
            Path folder = Path.of("target", "test-mariadb", Long.toString(ProcessHandle.current().pid())).toAbsolutePath();
            EmbeddedDatabase db = EmbeddedDatabase.start(folder);
            Runtime.getRuntime().addShutdownHook(new Thread(db::stop, "test-mariadb-stop"));
            server = db;
        }
        return server;
    }

    /** Creates an empty schema and returns its name. */
    public static String newSchema(String hint) {
        String name = "t" + COUNTER.incrementAndGet() + "_" + hint.replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        if (name.length() > 60) {
            name = name.substring(0, 60);
        }
        server().createSchema(name);
        return name;
    }

    /**
     * The settings of a benchmark's application context: a fresh schema (named after {@code hint}) on the test server,
     * the reference seeds (chains and geography, no demo data), no HTTP port, and readers waiting for figures being
     * recomputed (the application serves the previous ones after 300 ms; the load test measures that).
     */
    public static java.util.Map<String, Object> benchmarkProperties(String hint) {
        EmbeddedDatabase db = server();
        return java.util.Map.of(
                "datasources.default.url", db.jdbcUrl(newSchema(hint)),
                "datasources.default.username", db.username(),
                "datasources.default.password", db.password(),
                "chainatlas.seed", "reference",
                "chainatlas.admin-password", "bench-admin-password",
                "micronaut.server.port", -1,
                // a benchmark's "cold" is the computation itself: never the previous figures served while it runs
                "chainatlas.figures-cache.fresh-wait", "10m",
                "micronaut.security.token.jwt.signatures.secret.generator.secret",
                "bench-secret-bench-secret-bench-secret-bench-secret-0123456789");
    }
}
