package cn.chainatlas.imports;

import cn.chainatlas.common.CreditCode;
import cn.chainatlas.common.Role;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may do what with the registry: every endpoint, anonymous and each role. */
@MicronautTest
class RegistryAuthorizationTest extends ImportTestSupport {

    static final String PW = "pass-12345";
    static final Random RANDOM = new Random(99);
    static final String LEADER_CODE = "91441900MA51LEAD0L";
    static final String DONGGUAN = CreditCode.random(RANDOM, "441900");
    static final String FOSHAN = CreditCode.random(RANDOM, "440600");
    static final String CONSENTING = CreditCode.random(RANDOM, "440600");
    long foshanBatch;

    @BeforeAll
    void usersAndRegistry() {
        TestUsers.create(dsl, "province", PW, Role.PROVINCE, null, null);
        TestUsers.create(dsl, "dongguan", PW, Role.CITY, "441900", null);
        TestUsers.create(dsl, "foshan", PW, Role.CITY, "440600", null);
        TestUsers.create(dsl, "leader", PW, Role.LEADER, null, LEADER_CODE);
        Answer a = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(LEADER_CODE, "东莞示范精密机床股份有限公司（演示）", "东莞", "五轴联动加工中心"),
                RegistryFixtures.row(DONGGUAN, "东莞配套电主轴有限公司", "东莞", "电主轴"),
                RegistryFixtures.row(CONSENTING, "佛山公开数据有限公司", "佛山", "滚珠丝杠")))), "base.xlsx", "dryRun=false");
        assertThat(a.num("inserts")).isEqualTo(3);
        dsl.update(ENTERPRISE).set(ENTERPRISE.PUBLIC_CONSENT, true).where(ENTERPRISE.CREDIT_CODE.eq(CONSENTING)).execute();
        Answer f = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(FOSHAN, "佛山轴承有限公司", "佛山", "精密轴承")))), "fs.xlsx", "dryRun=false", "foshan", PW);
        assertThat(f.status()).isEqualTo(200);
        foshanBatch = ((Number) f.body().get("batchId")).longValue();
    }

    private byte[] oneRow(String city) {
        return RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(CreditCode.random(RANDOM, "441900"), "新企业" + RANDOM.nextInt(100000) + "有限公司", city, "电主轴"))));
    }

    private Answer get(String uri, String user) {
        MutableHttpRequest<?> r = HttpRequest.GET(uri);
        if (user != null) {
            r = r.basicAuth(user, user.equals("admin") ? ADMIN_PASSWORD : PW);
        }
        return exchange(r);
    }

    private int getStatus(String uri, String user) {
        MutableHttpRequest<?> r = HttpRequest.GET(uri);
        if (user != null) {
            r = r.basicAuth(user, user.equals("admin") ? ADMIN_PASSWORD : PW);
        }
        try {
            return client.toBlocking().exchange(r, byte[].class).code();
        } catch (io.micronaut.http.client.exceptions.HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    private Answer send(MutableHttpRequest<?> r, String user) {
        if (user != null) {
            r = r.basicAuth(user, user.equals("admin") ? ADMIN_PASSWORD : PW);
        }
        return exchange(r);
    }

    @Test
    void anonymousGets401Everywhere() {
        assertThat(upload(oneRow("东莞"), "a.xlsx", "dryRun=true", null, null).status()).isEqualTo(401);
        assertThat(get("/api/v1/imports", null).status()).isEqualTo(401);
        assertThat(get("/api/v1/imports/" + foshanBatch, null).status()).isEqualTo(401);
        assertThat(getStatus("/api/v1/imports/" + foshanBatch + "/errors.xlsx", null)).isEqualTo(401);
        assertThat(send(HttpRequest.POST("/api/v1/imports/" + foshanBatch + "/rollback", ""), null).status()).isEqualTo(401);
        assertThat(send(HttpRequest.POST("/api/v1/imports/" + foshanBatch + "/commit", ""), null).status()).isEqualTo(401);
        assertThat(get("/api/v1/enterprises", null).status()).isEqualTo(401);
        assertThat(get("/api/v1/enterprises/" + DONGGUAN, null).status()).isEqualTo(401);
        assertThat(getStatus("/api/v1/enterprises/export.xlsx", null)).isEqualTo(401);
        assertThat(getStatus("/api/v1/templates/enterprise-registry.xlsx", null)).isEqualTo(401);
        assertThat(send(HttpRequest.PUT("/api/v1/enterprises/" + DONGGUAN, Map.of("name", "x")), null).status()).isEqualTo(401);
        assertThat(send(HttpRequest.POST("/api/v1/enterprises/" + DONGGUAN + "/nodes", Map.of("nodes", List.of("BEARING"))), null).status()).isEqualTo(401);
        assertThat(send(HttpRequest.POST("/api/v1/classify", Map.of("text", "轴承")), null).status()).isEqualTo(401);
    }

    @Test
    void leaderMayNotImportNorSeeBatches() {
        String before = registrySnapshot();
        Answer a = upload(oneRow("东莞"), "a.xlsx", "dryRun=false", "leader", PW);
        assertThat(a.status()).isEqualTo(403);
        assertThat(registrySnapshot()).isEqualTo(before);
        assertThat(get("/api/v1/imports", "leader").status()).isEqualTo(403);
        assertThat(get("/api/v1/imports/" + foshanBatch, "leader").status()).isEqualTo(403);
        assertThat(getStatus("/api/v1/imports/" + foshanBatch + "/errors.xlsx", "leader")).isEqualTo(403);
        assertThat(send(HttpRequest.POST("/api/v1/imports/" + foshanBatch + "/rollback", ""), "leader").status()).isEqualTo(403);
        assertThat(send(HttpRequest.POST("/api/v1/imports/" + foshanBatch + "/commit", ""), "leader").status()).isEqualTo(403);
        assertThat(registrySnapshot()).isEqualTo(before);
    }

    @Test
    void cityClerkImportsOnlyItsOwnCity() {
        String before = registrySnapshot();
        assertThat(upload(oneRow("佛山"), "a.xlsx", "dryRun=false&city=440600", "dongguan", PW).status()).isEqualTo(403);
        assertThat(registrySnapshot()).isEqualTo(before);

        Answer a = upload(oneRow("佛山"), "b.xlsx", "dryRun=false", "dongguan", PW);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.num("rowsRejected")).isEqualTo(1);
        assertThat(a.errors()).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("code", "CITY_NOT_ALLOWED").containsEntry("column", "所在地市").containsEntry("row", 2);
        });
        assertThat(registrySnapshot()).isEqualTo(before);

        Answer ok = upload(oneRow("东莞"), "c.xlsx", "dryRun=true", "dongguan", PW);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.num("rowsValid")).isEqualTo(1);
        assertThat(get("/api/v1/imports/" + foshanBatch, "dongguan").status()).isEqualTo(403);
        assertThat(send(HttpRequest.POST("/api/v1/imports/" + foshanBatch + "/rollback", ""), "dongguan").status()).isEqualTo(403);
        assertThat(getStatus("/api/v1/imports/" + foshanBatch + "/errors.xlsx", "dongguan")).isEqualTo(403);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = client.toBlocking().retrieve(HttpRequest.GET("/api/v1/imports").basicAuth("dongguan", PW),
                io.micronaut.core.type.Argument.listOf(io.micronaut.core.type.Argument.mapOf(String.class, Object.class)));
        assertThat(history).isNotEmpty().noneMatch(b -> ((Number) b.get("batchId")).longValue() == foshanBatch);
    }

    @Test
    void provinceImportsForAnyCity() {
        Answer a = upload(oneRow("佛山"), "a.xlsx", "dryRun=true&city=440600", "province", PW);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.num("rowsValid")).isEqualTo(1);
        assertThat(get("/api/v1/imports/" + foshanBatch, "province").status()).isEqualTo(200);
    }

    @Test
    void leaderSeesOnlyPublicFieldsOfOthers() {
        @SuppressWarnings("unchecked")
        Map<String, Object> other = get("/api/v1/enterprises/" + DONGGUAN, "leader").body();
        assertThat(other).containsEntry("restricted", true);
        assertThat(other.get("revenue")).isNull();
        assertThat(other.get("contactPhone")).isNull();
        assertThat(other.get("mainProducts")).isNotNull();
        Map<String, Object> own = get("/api/v1/enterprises/" + LEADER_CODE, "leader").body();
        assertThat(own).containsEntry("restricted", false);
        assertThat(own.get("revenue")).isNotNull();
        assertThat(own.get("contactPhone")).isEqualTo("0769-22001234");
        Map<String, Object> consenting = get("/api/v1/enterprises/" + CONSENTING, "leader").body();
        assertThat(consenting.get("revenue")).isNotNull();
        Map<String, Object> asCity = get("/api/v1/enterprises/" + DONGGUAN, "dongguan").body();
        assertThat(asCity.get("revenue")).isNotNull();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) get("/api/v1/enterprises?size=100", "leader").body().get("items");
        assertThat(items).filteredOn(i -> i.get("creditCode").equals(DONGGUAN)).singleElement()
                .satisfies(i -> assertThat(i.get("contactName")).isNull());
        assertThat(getStatus("/api/v1/enterprises/export.xlsx", "leader")).isEqualTo(200);
        assertThat(getStatus("/api/v1/templates/enterprise-registry.xlsx", "leader")).isEqualTo(200);
        assertThat(client.toBlocking().exchange(withCsrf(HttpRequest.POST("/api/v1/classify", Map.of("text", "轴承")).basicAuth("leader", PW)),
                String.class).code()).isEqualTo(200);
    }

    @Test
    void editsFollowTheCityScopeAndAreAudited() {
        String before = registrySnapshot();
        assertThat(send(HttpRequest.PUT("/api/v1/enterprises/" + DONGGUAN, Map.of("name", "改名")), "leader").status()).isEqualTo(403);
        Answer refused = send(HttpRequest.PUT("/api/v1/enterprises/" + FOSHAN, Map.of("name", "改名")), "dongguan");
        assertThat(refused.status()).isEqualTo(403);
        assertThat((String) refused.body().get("message")).contains("佛山");
        assertThat(send(HttpRequest.POST("/api/v1/enterprises/" + FOSHAN + "/nodes", Map.of("nodes", List.of("BEARING"))), "dongguan").status()).isEqualTo(403);
        assertThat(send(HttpRequest.POST("/api/v1/enterprises/" + DONGGUAN + "/nodes", Map.of("nodes", List.of("BEARING"))), "leader").status()).isEqualTo(403);
        assertThat(registrySnapshot()).isEqualTo(before);

        int audits = dsl.fetchCount(AUDIT_LOG);
        Answer ok = send(HttpRequest.PUT("/api/v1/enterprises/" + DONGGUAN, Map.of("mainProducts", "精密滚珠丝杠", "employees", 300)), "dongguan");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(dsl.fetchValue(ENTERPRISE.EMPLOYEES, ENTERPRISE.CREDIT_CODE.eq(DONGGUAN))).isEqualTo(300);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) ok.body().get("nodes");
        assertThat(nodes).extracting(n -> n.get("nodeCode")).containsExactly("BALL_SCREW");
        Answer assigned = send(HttpRequest.POST("/api/v1/enterprises/" + FOSHAN + "/nodes", Map.of("nodes", List.of("GEARBOX"))), "province");
        assertThat(assigned.status()).isEqualTo(200);
        Answer bad = send(HttpRequest.PUT("/api/v1/enterprises/" + DONGGUAN, Map.of("employees", -1)), "admin");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(dsl.fetchCount(AUDIT_LOG)).isEqualTo(audits + 2);
        assertThat(dsl.fetchValue(AUDIT_LOG.BEFORE_STATE, AUDIT_LOG.ACTION.eq("ENTERPRISE_EDIT"))).contains("电主轴");
    }
}
