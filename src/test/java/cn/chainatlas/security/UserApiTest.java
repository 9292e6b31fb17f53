package cn.chainatlas.security;

import cn.chainatlas.common.Role;

import cn.chainatlas.testing.DatabaseTest;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;
import static cn.chainatlas.db.schema.Tables.CITY;
import static cn.chainatlas.db.schema.Tables.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@MicronautTest
class UserApiTest extends DatabaseTest {

    static final String PW = "Kettle-Orbit-Lantern-42";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    DSLContext dsl;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("chainatlas.login.slowdown-base-ms", "0", "chainatlas.login.account-ceiling", "5");
    }

    @BeforeAll
    void users() {
        // geography belongs to the chain package's seeds; these tests need two cities of their own
        dsl.insertInto(REGION).set(REGION.CODE, "PRD").set(REGION.NAME, "珠三角").onDuplicateKeyIgnore().execute();
        dsl.insertInto(CITY).set(CITY.CODE, "441900").set(CITY.NAME, "东莞").set(CITY.REGION_CODE, "PRD").onDuplicateKeyIgnore().execute();
        dsl.insertInto(CITY).set(CITY.CODE, "440600").set(CITY.NAME, "佛山").set(CITY.REGION_CODE, "PRD").onDuplicateKeyIgnore().execute();
        TestUsers.create(dsl, "prov", PW, Role.PROVINCE, null, null);
        TestUsers.create(dsl, "dg", PW, Role.CITY, "441900", null);
        TestUsers.create(dsl, "lead", PW, Role.LEADER, null, "91441900MA51LEAD0L");
        // a LEADER account belongs to a leader enterprise of the registry
        dsl.insertInto(cn.chainatlas.db.schema.Tables.ENTERPRISE)
                .set(cn.chainatlas.db.schema.Tables.ENTERPRISE.CREDIT_CODE, "91441900MA51LEAD0L")
                .set(cn.chainatlas.db.schema.Tables.ENTERPRISE.NAME, "东莞示范精密机床股份有限公司")
                .set(cn.chainatlas.db.schema.Tables.ENTERPRISE.CITY_CODE, "441900")
                .set(cn.chainatlas.db.schema.Tables.ENTERPRISE.MAIN_PRODUCTS, "五轴联动加工中心")
                .set(cn.chainatlas.db.schema.Tables.ENTERPRISE.TITLES, "链主")
                .set(cn.chainatlas.db.schema.Tables.ENTERPRISE.IS_LEADER, true)
                .onDuplicateKeyIgnore().execute();
    }

    private <T> HttpResponse<T> call(MutableHttpRequest<?> request, String user, String password, Class<T> type) {
        return client.toBlocking().exchange(request.basicAuth(user, password), type);
    }

    private int status(MutableHttpRequest<?> request, String user, String password) {
        try {
            return call(request, user, password, String.class).getStatus().getCode();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    private HttpClientResponseException refused(MutableHttpRequest<?> request, String user, String password) {
        return (HttpClientResponseException) org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> call(request, user, password, String.class));
    }

    private static Map<String, Object> user(String username, String role, String city, String leader) {
        Map<String, Object> body = new HashMap<>();
        body.put("username", username);
        body.put("password", PW);
        body.put("role", role);
        body.put("city", city);
        body.put("leaderCreditCode", leader);
        return body;
    }

    @Test
    void adminCreatesACityUserWhoCanThenLogInAndItIsAudited() {
        HttpResponse<Map> created = call(HttpRequest.POST("/api/v1/users", user("foshan01", "CITY", "440600", null)),
                "admin", ADMIN_PASSWORD, Map.class);
        assertThat(created.getStatus().getCode()).isEqualTo(201);
        assertThat(created.body()).containsEntry("username", "foshan01").containsEntry("city", "440600")
                .containsEntry("role", "CITY").doesNotContainKey("passwordHash");
        // the new account works over HTTP Basic
        assertThat(status(HttpRequest.GET("/api/v1/audit"), "foshan01", PW)).isEqualTo(403);
        var audit = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("USER_CREATE"))
                .and(AUDIT_LOG.TARGET.eq("user:foshan01")).fetchOne();
        assertThat(audit).isNotNull();
        assertThat(audit.getUsername()).isEqualTo("admin");
        assertThat(audit.getAfterState()).contains("440600").doesNotContain("$2");
        // the audit page shows these as they are kept: field names and values in Chinese, not username/role/CITY
        assertThat(audit.getAfterState()).contains("\"用户名\":\"foshan01\"").contains("\"角色\":\"市工信局\"")
                .contains("\"所在地市\":\"440600\"").contains("\"状态\":\"启用\"")
                .doesNotContain("\"role\"").doesNotContain("CITY").doesNotContain("\"enabled\"");
    }

    @Test
    void cityUserNeedsAnExistingCity() {
        var e = refused(HttpRequest.POST("/api/v1/users", user("x-city", "CITY", "449999", null)), "admin", ADMIN_PASSWORD);
        assertThat(e.getStatus().getCode()).isEqualTo(400);
        assertThat(e.getResponse().getBody(Map.class).orElseThrow()).containsEntry("field", "city");
        assertThat(e.getResponse().getBody(String.class).orElseThrow()).contains("449999");
        var missing = refused(HttpRequest.POST("/api/v1/users", user("x-city2", "CITY", null, null)), "admin", ADMIN_PASSWORD);
        assertThat(missing.getStatus().getCode()).isEqualTo(400);
    }

    @Test
    void leaderNeedsAValidCreditCode() {
        var bad = refused(HttpRequest.POST("/api/v1/users", user("x-lead", "LEADER", null, "91441900MA51LEAD0X")),
                "admin", ADMIN_PASSWORD);
        assertThat(bad.getStatus().getCode()).isEqualTo(400);
        assertThat(bad.getResponse().getBody(String.class).orElseThrow()).contains("校验码");
        HttpResponse<Map> ok = call(HttpRequest.POST("/api/v1/users", user("lead2", "LEADER", null, "91441900ma51lead0l")),
                "admin", ADMIN_PASSWORD, Map.class);
        assertThat(ok.body()).containsEntry("leaderCreditCode", "91441900MA51LEAD0L");
    }

    @Test
    void usernamesAreUniqueAndPasswordsLongEnough() {
        var dup = refused(HttpRequest.POST("/api/v1/users", user("prov", "PROVINCE", null, null)), "admin", ADMIN_PASSWORD);
        assertThat(dup.getStatus().getCode()).isEqualTo(400);
        assertThat(dup.getResponse().getBody(String.class).orElseThrow()).contains("已存在");
        Map<String, Object> shortPw = user("shorty", "PROVINCE", null, null);
        shortPw.put("password", "1234567");
        var tooShort = refused(HttpRequest.POST("/api/v1/users", shortPw), "admin", ADMIN_PASSWORD);
        assertThat(tooShort.getResponse().getBody(Map.class).orElseThrow()).containsEntry("field", "password");
        var badRole = refused(HttpRequest.POST("/api/v1/users", user("roleless", "KING", null, null)), "admin", ADMIN_PASSWORD);
        assertThat(badRole.getResponse().getBody(Map.class).orElseThrow()).containsEntry("field", "role");
    }

    @ParameterizedTest
    @ValueSource(strings = {"prov", "dg", "lead"})
    void onlyAdminManagesUsers(String who) {
        assertThat(status(HttpRequest.POST("/api/v1/users", user("sneaky-" + who, "ADMIN", null, null)), who, PW))
                .isEqualTo(403);
        assertThat(status(HttpRequest.GET("/api/v1/users"), who, PW)).isEqualTo(403);
        assertThat(status(HttpRequest.PATCH("/api/v1/users/admin", Map.of("enabled", false)), who, PW))
                .isEqualTo(403);
        assertThat(status(HttpRequest.GET("/api/v1/audit"), who, PW)).isEqualTo(403);
        // the pages ask the same services
        assertThat(status(HttpRequest.GET("/admin/users").accept(MediaType.TEXT_HTML), who, PW)).isEqualTo(403);
        assertThat(status(HttpRequest.GET("/admin/audit").accept(MediaType.TEXT_HTML), who, PW)).isEqualTo(403);
        assertThat(status(HttpRequest.POST("/admin/users", Map.of("username", "sneaky-" + who, "password", PW, "role", "ADMIN"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE).accept(MediaType.TEXT_HTML), who, PW)).isEqualTo(403);
        assertThat(status(HttpRequest.POST("/admin/users/admin/enabled", Map.of("enabled", "false"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE).accept(MediaType.TEXT_HTML), who, PW)).isEqualTo(403);
        assertThat(status(HttpRequest.POST("/admin/users/admin/password", Map.of("password", "taken-over-1"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE).accept(MediaType.TEXT_HTML), who, PW)).isEqualTo(403);
        // every role has the home page
        assertThat(status(HttpRequest.GET("/").accept(MediaType.TEXT_HTML), who, PW)).isEqualTo(200);
        assertThat(dsl.fetchExists(cn.chainatlas.db.schema.Tables.APP_USER,
                cn.chainatlas.db.schema.Tables.APP_USER.USERNAME.eq("sneaky-" + who))).isFalse();
    }

    @Test
    void withoutCredentialsTheApiAnswers401() {
        for (var request : List.<MutableHttpRequest<?>>of(HttpRequest.GET("/api/v1/users"),
                HttpRequest.POST("/api/v1/users", user("anon", "ADMIN", null, null)),
                HttpRequest.PATCH("/api/v1/users/admin", Map.of("enabled", false)), HttpRequest.GET("/api/v1/audit"))) {
            var e = (HttpClientResponseException) org.junit.jupiter.api.Assertions.assertThrows(
                    HttpClientResponseException.class, () -> client.toBlocking().exchange(request, String.class));
            assertThat(e.getStatus().getCode()).as(request.getPath()).isEqualTo(401);
        }
    }

    @Test
    void disablingAUserStopsItsLoginAndIsAuditedWithBeforeAndAfter() {
        TestUsers.create(dsl, "leaving", PW, Role.PROVINCE, null, null);
        assertThat(status(HttpRequest.GET("/api/v1/users"), "leaving", PW)).isEqualTo(403);
        HttpResponse<Map> changed = call(HttpRequest.PATCH("/api/v1/users/leaving", Map.of("enabled", false)),
                "admin", ADMIN_PASSWORD, Map.class);
        assertThat(changed.body()).containsEntry("enabled", false);
        assertThat(status(HttpRequest.GET("/api/v1/users"), "leaving", PW)).isEqualTo(401);
        var line = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("USER_DISABLE")).and(AUDIT_LOG.TARGET.eq("user:leaving")).fetchOne();
        assertThat(line).isNotNull();
        assertThat(line.getBeforeState()).contains("\"状态\":\"启用\"").doesNotContain("enabled");
        assertThat(line.getAfterState()).contains("\"状态\":\"停用\"").doesNotContain("enabled");
    }

    @Test
    void adminCannotDisableItself() {
        var e = refused(HttpRequest.PATCH("/api/v1/users/admin", Map.of("enabled", false)), "admin", ADMIN_PASSWORD);
        assertThat(e.getStatus().getCode()).isEqualTo(400);
    }

    @Test
    void auditApiFiltersByUserAndAction() {
        call(HttpRequest.POST("/api/v1/users", user("audited1", "PROVINCE", null, null)), "admin", ADMIN_PASSWORD, Map.class);
        HttpResponse<Map> page = call(HttpRequest.GET("/api/v1/audit?user=admin&action=USER&target=audited1"),
                "admin", ADMIN_PASSWORD, Map.class);
        assertThat(((Number) page.body().get("total")).intValue()).isEqualTo(1);
        List<?> items = (List<?>) page.body().get("items");
        assertThat(items.get(0).toString()).contains("USER_CREATE").contains("audited1");
        HttpResponse<Map> none = call(HttpRequest.GET("/api/v1/audit?user=nobody"), "admin", ADMIN_PASSWORD, Map.class);
        assertThat(((Number) none.body().get("total")).intValue()).isZero();
    }

    @Test
    void theCeilingOfFailuresLocksTheAccountEvenForTheRightPassword() {
        // this class sets the ceiling to 5 failures (20 by default) and no pause between tries
        TestUsers.create(dsl, "clumsy", PW, Role.PROVINCE, null, null);
        for (int i = 0; i < 5; i++) {
            assertThat(status(HttpRequest.GET("/api/v1/users"), "clumsy", "wrong-" + i)).isIn(401, 429);
        }
        assertThat(status(HttpRequest.GET("/api/v1/users"), "clumsy", PW)).isEqualTo(429);
        assertThat(dsl.fetchExists(AUDIT_LOG, AUDIT_LOG.ACTION.eq("USER_LOCKED").and(AUDIT_LOG.TARGET.eq("user:clumsy")))).isTrue();
        // an administrator opens it again
        call(HttpRequest.PATCH("/api/v1/users/clumsy", Map.of("enabled", true)), "admin", ADMIN_PASSWORD, Map.class);
        assertThat(status(HttpRequest.GET("/api/v1/users"), "clumsy", PW)).isEqualTo(403);
    }
}
