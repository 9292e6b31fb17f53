package cn.chainatlas.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Backup and restore of the embedded database with the server's own tools from its base folder:
 * {@code mariadb-dump --single-transaction} (one consistent InnoDB snapshot, taken while the application keeps
 * working) and the {@code mariadb} client to read it back. Both talk to the server through its socket as the OS user
 * that owns the data folder (MariaDB's unix_socket login), so no password goes on a command line.
 * <pre>
 *   java -jar target/chainatlas.jar backup chainatlas-2026-11-30.sql    (the application may be running)
 *   java -jar target/chainatlas.jar restore chainatlas-2026-11-30.sql   (the application must be stopped)
 * </pre>
 * With the application stopped, each starts the embedded server on the data folder for the time it needs. A restore
 * replaces the {@value EmbeddedDatabase#DATABASE} database as a whole (the dump drops and recreates it); into a new,
 * empty data folder it makes a complete installation.
 */
public final class DatabaseBackup {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseBackup.class);

    private DatabaseBackup() {
    }

    /** {@code backup <file>} or {@code restore <file>} on {@code folder}; answers the process exit code. */
    public static int run(Path folder, String[] args) {
        if (args.length != 2 || !(args[0].equals("backup") || args[0].equals("restore"))) {
            System.err.println("usage: java -jar chainatlas.jar backup|restore <file>   (data folder: CHAINATLAS_DATA_DIR, default ./data)");
            return 2;
        }
        Path file = Path.of(args[1]).toAbsolutePath();
        try {
            if (args[0].equals("backup")) {
                backup(folder, file);
                System.out.println("备份完成 / backup written: " + file);
            } else {
                restore(folder, file);
                System.out.println("恢复完成 / restored from " + file + " into " + folder);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println((args[0].equals("backup") ? "备份失败 / backup failed: " : "恢复失败 / restore failed: ")
                    + e.getMessage());
            return 1;
        }
    }

    /** Writes a consistent dump of the database to {@code file} (the server may be in use). */
    public static void backup(Path folder, Path file) throws IOException {
        boolean running = EmbeddedDatabase.runningServer(folder).isPresent();
        EmbeddedDatabase started = running ? null : EmbeddedDatabase.start(folder);
        try {
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            List<String> command = client(folder, "mariadb-dump");
            command.addAll(List.of("--single-transaction", "--routines", "--triggers", "--events",
                    "--add-drop-database", "--hex-blob", "--databases", EmbeddedDatabase.DATABASE,
                    "--result-file=" + partial));
            exec(command, null);
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            EmbeddedDatabase.ownerOnly(file);
            LOG.info("Backup of {} written to {} ({} KiB)", folder, file, Files.size(file) / 1024);
        } finally {
            if (started != null) {
                started.stop();
            }
        }
    }

    /** Replaces the database with the dump in {@code file}; the application must not be running on the folder. */
    public static void restore(Path folder, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("没有这个备份文件 / no such file: " + file);
        }
        String head = new String(readHead(file), StandardCharsets.UTF_8);
        if (!head.contains("MariaDB dump") && !head.contains("MySQL dump")) {
            throw new IOException("不是 mariadb-dump 生成的备份 / not a mariadb-dump file: " + file);
        }
        if (EmbeddedDatabase.runningServer(folder).isPresent()) {
            throw new IOException("ChainAtlas 仍在运行，请先停止再恢复 / the database of " + folder
                    + " is in use: stop ChainAtlas first");
        }
        EmbeddedDatabase db = EmbeddedDatabase.start(folder);
        try {
            exec(client(folder, "mariadb"), file);
            LOG.info("Restored {} from {}", folder, file);
        } finally {
            db.stop();
        }
    }

    private static byte[] readHead(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(200);
        }
    }

    private static List<String> client(Path folder, String tool) {
        Path bin = folder.resolve("mariadb-base").resolve("bin").resolve(tool);
        List<String> command = new ArrayList<>();
        command.add(bin.toString());
        command.add("--no-defaults");
        command.add("--socket=" + EmbeddedDatabase.socket(folder));
        command.add("--default-character-set=utf8mb4");
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--user=root");
        }
        return command;
    }

    private static void exec(List<String> command, Path input) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (input != null) {
            pb.redirectInput(input.toFile());
        }
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(6, TimeUnit.HOURS) || process.exitValue() != 0) {
                throw new IOException(command.get(0) + " failed: " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new IOException("interrupted", e);
        }
    }
}
