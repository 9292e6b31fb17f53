package cn.chainatlas.security;

import cn.chainatlas.common.Role;

import cn.chainatlas.testing.DatabaseTest;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logins under attack, as issue 13 found them: the lockout race, anyone locking any account with 5 wrong
 * passwords, per-address throttling (a bureau behind one NAT address keeps working), and usernames that could be
 * told apart by the answer or its time. The test client stands behind a trusted proxy (127.0.0.1), so each try
 * can come from an address of its own through X-Forwarded-For.
 */
@MicronautTest
class LoginAttackTest extends DatabaseTest {

    static final String PW = "Kettle-Orbit-Lantern-42";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    DSLContext dsl;

    @Inject
    HashingPool hashing;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("micronaut.http.client.follow-redirects", "false",
                "chainatlas.login.trusted-proxies", "127.0.0.1");
    }

    /** GET /api/v1/users over Basic from {@code address}: 403 means the password was accepted (not ADMIN). */
    private HttpResponse<String> basic(String user, String password, String address) {
        MutableHttpRequest<?> request = HttpRequest.GET("/api/v1/users").basicAuth(user, password)
                .header("X-Forwarded-For", address);
        try {
            return client.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> response = (HttpResponse<String>) e.getResponse();
            return response;
        }
    }

    private int basicStatus(String user, String password, String address) {
        return basic(user, password, address).code();
    }

    private boolean locked(String user) {
        return dsl.fetchExists(AUDIT_LOG, AUDIT_LOG.ACTION.eq("USER_LOCKED").and(AUDIT_LOG.TARGET.eq("user:" + user)));
    }

    @Test
    void thirtyParallelTriesCannotOutrunTheLock() throws Exception {
        TestUsers.create(dsl, "racer", PW, Role.PROVINCE, null, null);
        int tries = 30;
        int right = 17;
        long checkedBefore = hashing.verifications();
        CyclicBarrier start = new CyclicBarrier(tries);
        ExecutorService pool = Executors.newFixedThreadPool(tries);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < tries; i++) {
                int n = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return basicStatus("racer", n == right ? PW : "wrong-guess-" + n, "10.1.0." + (n + 1));
                }));
            }
            for (Future<Integer> f : answers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // 29 wrong passwords are more than the per-account ceiling: the account is locked, even for the right one
        assertThat(locked("racer")).as("the account is locked and the lock is audited").isTrue();
        assertThat(basicStatus("racer", PW, "10.1.9.9")).isIn(401, 429);
        // only the tries within the ceiling (20) had their password checked at all: the right one, if it got in,
        // got in within the rule; the others were refused before the hash
        assertThat(hashing.verifications() - checkedBefore).isLessThanOrEqualTo(20);
    }

    /**
     * A script's API calls over Basic in parallel, all with the right password, from one address, while no check of
     * that password is remembered yet (the first calls, or the first after the 30 s cache): they were refused with
     * 429 「登录尝试过于频繁」 except the first, because each try reserved the address's next slot before its password
     * was checked (the load test's import poll met it). The same name and password already being checked is not a
     * new guess: those calls wait for that check's answer.
     */
    @Test
    void parallelCallsWithTheRightPasswordAreAllLetIn() throws Exception {
        TestUsers.create(dsl, "script", PW, Role.PROVINCE, null, null);
        int calls = 6;
        CyclicBarrier start = new CyclicBarrier(calls);
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < calls; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return basicStatus("script", PW, "10.7.0.1");
                }));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : answers) {
                codes.add(f.get());
            }
            // 403: the password was accepted and the role may not list users
            assertThat(codes).as("every parallel call with the right password gets in").containsOnly(403);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fiveWrongPasswordsDoNotLockAnAccountNotEvenAdmin() throws Exception {
        TestUsers.create(dsl, "victim", PW, Role.PROVINCE, null, null);
        for (String user : List.of("victim", "admin")) {
            for (int i = 0; i < 5; i++) {
                assertThat(basicStatus(user, "wrong-" + i, "10.2.0." + (i + 1))).isIn(401, 429);
            }
        }
        assertThat(basicStatus("victim", PW, "10.2.1.1")).isEqualTo(403);
        assertThat(basicStatus("admin", ADMIN_PASSWORD, "10.2.1.1")).isEqualTo(200);
        assertThat(locked("victim")).isFalse();
        assertThat(locked("admin")).isFalse();
    }

    @Test
    void failuresSlowDownOnlyTheirAccountFromTheirAddress() {
        TestUsers.create(dsl, "typo", PW, Role.PROVINCE, null, null);
        TestUsers.create(dsl, "colleague", PW, Role.PROVINCE, null, null);
        assertThat(basicStatus("typo", "wrong-1", "10.3.0.1")).isEqualTo(401);
        assertThat(basicStatus("typo", "wrong-2", "10.3.0.1")).isIn(401, 429);
        // straight after, from the same address: throttled, even with the right password, and told how long to wait
        HttpResponse<String> throttled = basic("typo", PW, "10.3.0.1");
        assertThat(throttled.code()).isEqualTo(429);
        assertThat(throttled.header(HttpHeaders.RETRY_AFTER)).matches("\\d+");
        assertThat(throttled.getBody(String.class).orElse("")).contains("秒后再试");
        // the same account from another address, and a colleague behind the same address, are not slowed
        assertThat(basicStatus("typo", PW, "10.3.0.2")).isEqualTo(403);
        assertThat(basicStatus("colleague", PW, "10.3.0.1")).isEqualTo(403);
    }

    @Test
    void manyFailuresAnHourLockTheAccountFor15MinutesAndAreLogged() {
        TestUsers.create(dsl, "target", PW, Role.PROVINCE, null, null);
        for (int i = 0; i < 20; i++) {
            assertThat(basicStatus("target", "wrong-" + i, "10.4.0." + (i + 1))).isIn(401, 429);
        }
        assertThat(locked("target")).isTrue();
        HttpResponse<String> refused = basic("target", PW, "10.4.1.1");
        assertThat(refused.code()).isEqualTo(429);
        assertThat(refused.getBody(String.class).orElse("")).contains("锁定");
        String detail = dsl.select(AUDIT_LOG.DETAIL).from(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("USER_LOCKED"))
                .and(AUDIT_LOG.TARGET.eq("user:target")).fetchOne(AUDIT_LOG.DETAIL);
        assertThat(detail).contains("15 分钟");
        // an administrator opens it again
        assertThat(client.toBlocking().exchange(HttpRequest.PATCH("/api/v1/users/target", Map.of("enabled", true))
                .basicAuth("admin", ADMIN_PASSWORD).header("X-Forwarded-For", "10.4.2.1"), String.class).code()).isEqualTo(200);
        assertThat(basicStatus("target", PW, "10.4.1.2")).isEqualTo(403);
    }

    record Page(String csrfCookie, String token) {
    }

    private Page loginPage() {
        HttpResponse<String> page = client.toBlocking().exchange(HttpRequest.GET("/login").accept(MediaType.TEXT_HTML), String.class);
        String cookie = page.getCookie("CSRF").map(Cookie::getValue).orElseThrow();
        Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).isTrue();
        return new Page(cookie, m.group(1));
    }

    /** Posts the login form from {@code address}; answers the page's messages (or "redirect"). */
    private String loginMessage(Page page, String user, String password, String address) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", user);
        form.put("password", password);
        form.put("csrfToken", page.token());
        MutableHttpRequest<Map<String, String>> request = HttpRequest.POST("/login", form)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE).accept(MediaType.TEXT_HTML)
                .header(HttpHeaders.COOKIE, "CSRF=" + page.csrfCookie()).header("X-Forwarded-For", address);
        HttpResponse<String> r;
        try {
            r = client.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> response = (HttpResponse<String>) e.getResponse();
            r = response;
        }
        if (r.code() == 303) {
            return "redirect";
        }
        Matcher m = Pattern.compile("class=\"flash flash-error\"[^>]*>([^<]*)<").matcher(r.getBody(String.class).orElse(""));
        List<String> messages = new ArrayList<>();
        while (m.find()) {
            messages.add(m.group(1).trim());
        }
        return r.code() + " " + messages;
    }

    @Test
    void anUnknownUserGetsTheSameAnswersAsARealOne() {
        TestUsers.create(dsl, "real-person", PW, Role.PROVINCE, null, null);
        Page page = loginPage();
        for (int i = 0; i < 7; i++) {
            String known = loginMessage(page, "real-person", "wrong-" + i, "10.5.0." + (i + 1));
            String unknown = loginMessage(page, "no-such-person", "wrong-" + i, "10.5.1." + (i + 1));
            assertThat(unknown).as("try " + (i + 1)).isEqualTo(known);
            HttpResponse<String> knownBasic = basic("real-person", "wrong-b" + i, "10.5.2." + (i + 1));
            HttpResponse<String> unknownBasic = basic("no-such-person", "wrong-b" + i, "10.5.3." + (i + 1));
            assertThat(unknownBasic.code()).isEqualTo(knownBasic.code());
            assertThat(unknownBasic.getBody(String.class).orElse("")).isEqualTo(knownBasic.getBody(String.class).orElse(""));
        }
        // the same throttling answer straight after a failure from one address
        loginMessage(page, "real-person", "wrong-x", "10.5.9.1");
        loginMessage(page, "no-such-person", "wrong-x", "10.5.9.1");
        assertThat(loginMessage(page, "no-such-person", "wrong-y", "10.5.9.1"))
                .isEqualTo(loginMessage(page, "real-person", "wrong-y", "10.5.9.1"));
    }

    /**
     * The one timing comparison of the suite (the issue asks for it): a wrong password for a real account, ten
     * times in a row, against the same for a name that does not exist, measured in the same run; compared over all
     * tries and over the last five (where a locked account used to answer at once). The bound is generous: within a
     * factor of 3 of each other, or 150 ms apart.
     */
    @Test
    void anUnknownUserTakesAboutAsLongAsARealOne() {
        TestUsers.create(dsl, "timed-person", PW, Role.PROVINCE, null, null);
        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long t0 = System.nanoTime();
            basic("timed-person", "wrong-" + i, "10.6.0." + (i + 1));
            long t1 = System.nanoTime();
            basic("timed-nobody", "wrong-" + i, "10.6.1." + (i + 1));
            long t2 = System.nanoTime();
            known.add((t1 - t0) / 1_000_000);
            unknown.add((t2 - t1) / 1_000_000);
        }
        assertSimilar(median(known), median(unknown), known, unknown);
        assertSimilar(median(known.subList(5, 10)), median(unknown.subList(5, 10)), known, unknown);
    }

    private static void assertSimilar(long k, long u, List<Long> known, List<Long> unknown) {
        assertThat(Math.abs(k - u) < 150 || Math.max(k, u) < 3 * Math.min(k, u))
                .as("median ms: real account %d %s, unknown name %d %s", k, known, u, unknown).isTrue();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
