package cn.chainatlas.db;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The README's backup and restore: a dump of a running embedded database (the demo registry), restored into a fresh
 * data folder, holds every enterprise with its fields, and the users and migrations with them.
 */
class BackupRestoreTest {

    @TempDir
    Path temp;

    private static Map<String, String> enterprises(EmbeddedDatabase db) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        try (var c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             var rs = c.createStatement().executeQuery(
                     "select credit_code, concat_ws('|', name, city_code, tier, main_products) from enterprise")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }

    private static int count(EmbeddedDatabase db, String sql) throws Exception {
        try (var c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aDumpOfTheRunningDatabaseRestoresIntoAFreshFolderWithEveryEnterprise() throws Exception {
        Path original = temp.resolve("original");
        Path dump = temp.resolve("backup.sql");
        Map<String, String> before;
        int users;
        EmbeddedDatabase db = EmbeddedDatabase.start(original);
        try {
            try (ApplicationContext ignored = ApplicationContext.run(Map.<String, Object>of(
                    "datasources.default.url", db.jdbcUrl(),
                    "datasources.default.username", db.username(),
                    "datasources.default.password", db.password(),
                    "chainatlas.seed", "demo",
                    "chainatlas.admin-password", "backup-admin-Password-1",
                    "micronaut.server.port", -1,
                    "micronaut.security.token.jwt.signatures.secret.generator.secret",
                    "backup-secret-backup-secret-backup-secret-0123456789"))) {
                before = enterprises(db);
                users = count(db, "select count(*) from app_user");
            }
            assertThat(before).hasSizeGreaterThan(10);
            // taken while the server runs, through its own socket
            DatabaseBackup.backup(original, dump);
            assertThatThrownBy(() -> DatabaseBackup.restore(original, dump)).hasMessageContaining("stop ChainAtlas first");
        } finally {
            db.stop();
        }
        assertThat(Files.readString(dump)).contains("MariaDB dump").contains("CREATE DATABASE");

        Path fresh = temp.resolve("fresh");
        assertThat(DatabaseBackup.run(fresh, new String[]{"restore", dump.toString()})).isZero();
        EmbeddedDatabase restored = EmbeddedDatabase.start(fresh);
        try {
            assertThat(enterprises(restored)).isEqualTo(before);
            assertThat(count(restored, "select count(*) from app_user")).isEqualTo(users);
            assertThat(count(restored, "select count(*) from flyway_schema_history where success = 1")).isPositive();
        } finally {
            restored.stop();
        }
    }
}
