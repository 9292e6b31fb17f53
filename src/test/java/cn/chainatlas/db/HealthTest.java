package cn.chainatlas.db;

import cn.chainatlas.common.Role;
import cn.chainatlas.testing.DatabaseTest;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class HealthTest extends DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    DSLContext dsl;

    @Test
    void healthIsPublicButOnlyAdministratorsSeeTheDatabase() {
        TestUsers.create(dsl, "health-city", "Kettle-Orbit-Lantern-42", Role.CITY, null, null);
        @SuppressWarnings("unchecked")
        Map<String, Object> anonymous = client.toBlocking().retrieve(HttpRequest.GET("/health"), Map.class);
        assertThat(anonymous.get("status")).isEqualTo("UP");
        assertThat(anonymous).doesNotContainKey("details");
        assertThat(anonymous.toString()).doesNotContain("jdbc").doesNotContain("MariaDB").doesNotContain("127.0.0.1");
        @SuppressWarnings("unchecked")
        Map<String, Object> city = client.toBlocking().retrieve(HttpRequest.GET("/health")
                .basicAuth("health-city", "Kettle-Orbit-Lantern-42"), Map.class);
        assertThat(city.get("status")).isEqualTo("UP");
        assertThat(city.toString()).doesNotContain("jdbc");
        @SuppressWarnings("unchecked")
        Map<String, Object> admin = client.toBlocking().retrieve(HttpRequest.GET("/health")
                .basicAuth("admin", ADMIN_PASSWORD), Map.class);
        assertThat(admin.toString()).contains("jdbc").contains("MariaDB");
    }

    @Test
    void jooqSpeaksTheServersOwnDialect() {
        assertThat(dsl.dialect()).isEqualTo(SQLDialect.MARIADB);
    }

    @Test
    void migrationsCreateUtf8mb4Tables() {
        Object collation = dsl.fetchValue(
                "select table_collation from information_schema.tables where table_schema = database() and table_name = 'app_user'");
        assertThat(String.valueOf(collation)).startsWith("utf8mb4");
    }
}
