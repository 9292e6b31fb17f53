package cn.chainatlas.imports;

import cn.chainatlas.common.CreditCode;
import cn.chainatlas.db.DatabaseLocks;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;
import static cn.chainatlas.db.schema.Tables.CHAIN;
import static cn.chainatlas.db.schema.Tables.CHAIN_EDGE;
import static cn.chainatlas.db.schema.Tables.CHAIN_ROOT;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.IMPORT_BATCH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one database (README's way to more than one machine): the test's context and a second
 * application context on the same schema, imports folder and token secret. A dry run committed on both at once is
 * committed once, a batch rolled back on both at once is rolled back once; a login cookie of one is accepted by the
 * other; the maintenance runs on one at a time; batches a dead instance left are marked 中断 by the living one.
 */
@MicronautTest
class TwoInstancesTest extends ImportTestSupport {

    private Map<String, String> properties;
    private ApplicationContext second;
    private HttpClient secondClient;

    @Inject
    ImportMaintenance maintenance;
    @Inject
    DatabaseLocks locks;
    @Inject
    ApplicationContext context;

    private <T> T getBean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public Map<String, String> getProperties() {
        if (properties == null) {
            properties = new HashMap<>(super.getProperties());
            properties.put("micronaut.http.client.follow-redirects", "false");
        }
        return properties;
    }

    @BeforeAll
    void secondInstance() throws Exception {
        second = ApplicationContext.run(EmbeddedServer.class, new HashMap<>(getProperties())).getApplicationContext();
        EmbeddedServer server = second.getBean(EmbeddedServer.class);
        secondClient = HttpClient.create(new URL("http://127.0.0.1:" + server.getPort()));
    }

    @AfterAll
    void stopSecond() {
        if (secondClient != null) {
            secondClient.close();
        }
        if (second != null && second.isRunning()) {
            second.close();
        }
    }

    private Answer exchangeOn(HttpClient http, io.micronaut.http.MutableHttpRequest<?> request) {
        if (!"GET".equals(request.getMethodName())) {
            request = withCsrf(request);
        }
        try {
            HttpResponse<Map<String, Object>> r = http.toBlocking().exchange(request, Argument.mapOf(String.class, Object.class));
            return new Answer(r.code(), r.body());
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            Map<String, Object> b = e.getResponse().getBody(Map.class).orElse(Map.of());
            return new Answer(e.getStatus().getCode(), b);
        }
    }

    private byte[] file(int seed, int rows) {
        Random random = new Random(seed);
        List<List<Object>> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            list.add(RegistryFixtures.row(CreditCode.random(random, "441900"), "双实例" + seed + "号" + i + "有限公司", "东莞", "电主轴"));
        }
        return RegistryFixtures.xlsx(RegistryFixtures.withHeader(list));
    }

    /** Sends the same POST to both instances at once; the two answers' statuses. */
    private List<Answer> onBoth(String uri) throws Exception {
        CompletableFuture<Answer> a = CompletableFuture.supplyAsync(() ->
                exchangeOn(client, HttpRequest.POST(uri, "").basicAuth("admin", ADMIN_PASSWORD)));
        CompletableFuture<Answer> b = CompletableFuture.supplyAsync(() ->
                exchangeOn(secondClient, HttpRequest.POST(uri, "").basicAuth("admin", ADMIN_PASSWORD)));
        return List.of(a.get(), b.get());
    }

    @Test
    void aCommitAndARollbackAskedOfBothInstancesHappenOnce() throws Exception {
        int before = enterpriseCount();
        Answer dry = upload(file(1, 200), "both.xlsx", "dryRun=true");
        long id = ((Number) dry.body().get("batchId")).longValue();

        List<Answer> commits = onBoth("/api/v1/imports/" + id + "/commit");
        assertThat(commits).extracting(Answer::status).containsExactlyInAnyOrder(200, 409);
        assertThat(enterpriseCount()).isEqualTo(before + 200);
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("IMPORT_COMMIT").and(AUDIT_LOG.TARGET.eq("import_batch:" + id)))).isEqualTo(1);
        Answer loser = commits.stream().filter(a -> a.status() == 409).findFirst().orElseThrow();
        assertThat((String) loser.body().get("message")).contains("只有预检完成的批次可以提交");

        List<Answer> rollbacks = onBoth("/api/v1/imports/" + id + "/rollback");
        assertThat(rollbacks).extracting(Answer::status).containsExactlyInAnyOrder(200, 409);
        assertThat(enterpriseCount()).isEqualTo(before);
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("IMPORT_ROLLBACK").and(AUDIT_LOG.TARGET.eq("import_batch:" + id)))).isEqualTo(1);
        assertThat(dsl.select(IMPORT_BATCH.STATUS).from(IMPORT_BATCH).where(IMPORT_BATCH.ID.eq(id)).fetchOne().value1()).isEqualTo("ROLLED_BACK");
    }

    @Test
    void gapFiguresReadOnOneInstanceFollowAnImportCommittedOnTheOther() {
        // a chain over the fixtures' nodes: 五轴联动加工中心 ← 电主轴 (the fixtures have nodes but no chain)
        if (dsl.fetchCount(CHAIN, CHAIN.CODE.eq("TWIN")) == 0) {
            dsl.insertInto(CHAIN).set(CHAIN.CODE, "TWIN").set(CHAIN.NAME, "双实例测试链").execute();
            dsl.insertInto(CHAIN_ROOT).set(CHAIN_ROOT.CHAIN_CODE, "TWIN").set(CHAIN_ROOT.NODE_CODE, "FIVE_AXIS_CENTER").execute();
            dsl.insertInto(CHAIN_EDGE).set(CHAIN_EDGE.PARENT_CODE, "FIVE_AXIS_CENTER").set(CHAIN_EDGE.CHILD_CODE, "ELECTRIC_SPINDLE").execute();
        }
        // the graph is read once per instance (seeds change it only at start-up); this test wrote it afterwards
        getBean(cn.chainatlas.chain.ChainGraphCache.class).invalidate();
        second.getBean(cn.chainatlas.chain.ChainGraphCache.class).invalidate();
        String analysis = "/api/v1/chains/TWIN/analysis?region=%E4%B8%9C%E8%8E%9E";
        int before = localSuppliers(exchangeOn(secondClient, HttpRequest.GET(analysis).basicAuth("admin", ADMIN_PASSWORD)));
        // asked twice, so the second instance has the figures cached before the other instance writes
        assertThat(localSuppliers(exchangeOn(secondClient, HttpRequest.GET(analysis).basicAuth("admin", ADMIN_PASSWORD))))
                .isEqualTo(before);

        Answer committed = upload(file(4242, 30), "follow.xlsx", "dryRun=false");
        assertThat(committed.status()).isEqualTo(200);
        assertThat(committed.num("inserts")).isEqualTo(30);
        assertThat(localSuppliers(exchangeOn(client, HttpRequest.GET(analysis).basicAuth("admin", ADMIN_PASSWORD))))
                .as("on the instance that wrote").isEqualTo(before + 30);

        assertThat(localSuppliers(exchangeOn(secondClient, HttpRequest.GET(analysis).basicAuth("admin", ADMIN_PASSWORD))))
                .isEqualTo(before + 30);
    }

    @SuppressWarnings("unchecked")
    private static int localSuppliers(Answer a) {
        assertThat(a.status()).isEqualTo(200);
        return ((Number) ((Map<String, Object>) a.body().get("figures")).get("localSuppliers")).intValue();
    }

    @Test
    void aLoginCookieOfOneInstanceIsAcceptedByTheOther() {
        HttpResponse<String> page = client.toBlocking().exchange(HttpRequest.GET("/login").accept(MediaType.TEXT_HTML), String.class);
        String csrf = page.getCookie("CSRF").map(Cookie::getValue).orElseThrow();
        Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).isTrue();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", "admin");
        form.put("password", ADMIN_PASSWORD);
        form.put("csrfToken", m.group(1));
        HttpResponse<String> login;
        try {
            login = client.toBlocking().exchange(HttpRequest.POST("/login", form).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                    .accept(MediaType.TEXT_HTML).header(HttpHeaders.COOKIE, "CSRF=" + csrf), String.class);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> r = (HttpResponse<String>) e.getResponse();
            login = r;
        }
        assertThat(login.code()).isEqualTo(303);
        String jwt = login.getHeaders().getAll(HttpHeaders.SET_COOKIE).stream().filter(c -> c.startsWith("JWT="))
                .findFirst().orElseThrow();
        String cookie = jwt.substring(0, jwt.indexOf(';'));
        HttpResponse<String> home = secondClient.toBlocking().exchange(HttpRequest.GET("/imports").accept(MediaType.TEXT_HTML)
                .header(HttpHeaders.COOKIE, cookie), String.class);
        assertThat(home.code()).isEqualTo(200);
        assertThat(home.body()).contains("导入批次");
    }

    @Test
    void theMaintenanceRunsOnOneInstanceAtATime() {
        ImportMaintenance other = second.getBean(ImportMaintenance.class);
        try (DatabaseLocks.Held held = locks.tryLock(ImportMaintenance.LOCK, Duration.ZERO)) {
            assertThat(held).isNotNull();
            // while this instance holds it, the other skips its round
            assertThat(other.runOnce()).isFalse();
        }
        assertThat(other.runOnce()).isTrue();
        assertThat(maintenance.runOnce()).isTrue();
    }

    @Test
    void batchesOfAnInstanceThatDiedAreMarkedInterruptedByTheOther() {
        String secondId = second.getBean(cn.chainatlas.db.Instance.class).id();
        long ofDead = batchRow("RUNNING", "0123456789abcdef");
        long ofSecond = batchRow("QUEUED", secondId);
        maintenance.runOnce();
        assertThat(status(ofDead)).isEqualTo("INTERRUPTED");
        // the other instance lives: its queued batch is left alone
        assertThat(status(ofSecond)).isEqualTo("QUEUED");
        Answer shown = exchange(HttpRequest.GET("/api/v1/imports/" + ofDead).basicAuth("admin", ADMIN_PASSWORD));
        assertThat(shown.body()).containsEntry("statusLabel", "中断");
        assertThat((String) shown.body().get("message")).contains("重新导入");
    }

    private long batchRow(String status, String runner) {
        return cn.chainatlas.db.GeneratedKeys.insert(dsl, tx -> tx.insertInto(IMPORT_BATCH).set(IMPORT_BATCH.USERNAME, "admin")
                .set(IMPORT_BATCH.FILE_NAME, "x.xlsx").set(IMPORT_BATCH.FILE_SHA256, "0".repeat(64)).set(IMPORT_BATCH.FILE_SIZE, 1L)
                .set(IMPORT_BATCH.STATUS, status).set(IMPORT_BATCH.RUNNER, runner));
    }

    private String status(long id) {
        return dsl.select(IMPORT_BATCH.STATUS).from(IMPORT_BATCH).where(IMPORT_BATCH.ID.eq(id)).fetchOne().value1();
    }

    @Test
    void enterprisesWrittenByOneInstanceAreReadByTheOther() {
        assertThat(upload(file(7, 3), "seen.xlsx", "dryRun=false").num("inserts")).isEqualTo(3);
        Answer list = exchangeOn(secondClient, HttpRequest.GET("/api/v1/enterprises?q=" + java.net.URLEncoder.encode("双实例7号",
                java.nio.charset.StandardCharsets.UTF_8)).basicAuth("admin", ADMIN_PASSWORD));
        assertThat(list.num("total")).isEqualTo(3);
        assertThat(dsl.fetchCount(ENTERPRISE)).isGreaterThanOrEqualTo(3);
    }
}
