package cn.chainatlas.db;

import cn.chainatlas.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded server checks accounts: a local user who reaches its port without the generated password gets in
 * nowhere (with --skip-grant-tables any name and password did, password hashes and roles included).
 */
class EmbeddedDatabaseAccountsTest {

    @Test
    void onlyTheGeneratedPasswordGetsIn() throws Exception {
        EmbeddedDatabase db = TestDatabase.server();
        String url = db.jdbcUrl("mysql");
        for (String[] guess : new String[][]{{"root", ""}, {"root", "root"}, {"nobody", ""}, {"", ""},
                {EmbeddedDatabase.USER, ""}, {EmbeddedDatabase.USER, "wrong"}}) {
            assertThatThrownBy(() -> DriverManager.getConnection(url, guess[0], guess[1]).close())
                    .as(guess[0] + "/" + guess[1]).hasMessageContaining("Access denied");
        }
        try (var c = DriverManager.getConnection(url, db.username(), db.password());
             var rs = c.createStatement().executeQuery("select count(*) from mysql.user where user = ''")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("anonymous accounts").isZero();
        }
    }

    @Test
    void thePasswordAndTheFilesAreTheOwnersOnly() throws Exception {
        EmbeddedDatabase db = TestDatabase.server();
        Path file = db.folder().resolve(EmbeddedDatabase.PASSWORD_FILE);
        assertThat(Files.readString(file).trim()).isEqualTo(db.password()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db.folder()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db.dataDir()))).endsWith("---");
    }
}
