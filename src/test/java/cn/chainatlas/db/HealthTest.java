package cn.chainatlas.db;

import cn.chainatlas.testing.DatabaseTest;
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
    void healthIsPublicAndReportsTheDatabase() {
        @SuppressWarnings("unchecked")
        Map<String, Object> health = client.toBlocking().retrieve(HttpRequest.GET("/health"), Map.class);
        assertThat(health.get("status")).isEqualTo("UP");
        assertThat(health.toString()).contains("jdbc").contains("MariaDB");
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
