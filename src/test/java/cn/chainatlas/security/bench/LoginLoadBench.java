package cn.chainatlas.security.bench;

import cn.chainatlas.common.Role;
import cn.chainatlas.testing.DatabaseTest;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Figures, not a test (no assertions; not matched by Surefire's default includes): 50 logins at once, each a
 * different account over HTTP Basic, while one client keeps calling the API as admin. Prints the logins' p50 and the
 * API calls' p50/p95 before (idle) and during the burst. Run:
 * {@code mvn -q -B -o -Dtest=LoginLoadBench -Dsurefire.failIfNoSpecifiedTests=false test}; the figures are in
 * target/surefire-reports/cn.chainatlas.security.bench.LoginLoadBench-output.txt.
 */
@MicronautTest
class LoginLoadBench extends DatabaseTest {

    private static final String PW = "Kettle-Orbit-Lantern-42";

    @Inject
    EmbeddedServer server;

    @Inject
    DSLContext dsl;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private long call(String user, String password, String path) throws Exception {
        long t0 = System.nanoTime();
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.discarding());
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static long pct(List<Long> values, double p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }

    @Test
    void fiftyLoginsAtOnceBesideApiCalls() throws Exception {
        int logins = 50;
        for (int i = 0; i < logins; i++) {
            TestUsers.create(dsl, "load" + i, PW, Role.PROVINCE, null, null);
        }
        List<Long> idle = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            idle.add(call("admin", ADMIN_PASSWORD, "/api/v1/users"));
        }
        AtomicBoolean burst = new AtomicBoolean(true);
        List<Long> during = Collections.synchronizedList(new ArrayList<>());
        Thread api = new Thread(() -> {
            try {
                while (burst.get()) {
                    during.add(call("admin", ADMIN_PASSWORD, "/api/v1/users"));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(logins);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> answers = new ArrayList<>();
        for (int i = 0; i < logins; i++) {
            String user = "load" + i;
            answers.add(pool.submit(() -> {
                go.await();
                return call(user, PW, "/api/v1/audit");
            }));
        }
        api.start();
        long t0 = System.nanoTime();
        go.countDown();
        List<Long> loginTimes = new ArrayList<>();
        for (Future<Long> f : answers) {
            loginTimes.add(f.get());
        }
        long burstMs = (System.nanoTime() - t0) / 1_000_000;
        burst.set(false);
        api.join();
        pool.shutdown();
        System.out.printf("LOGIN-BENCH cores=%d logins=%d burst=%d ms | login p50=%d p95=%d max=%d ms | "
                        + "API idle p50=%d p95=%d ms | API during burst n=%d p50=%d p95=%d max=%d ms%n",
                Runtime.getRuntime().availableProcessors(), logins, burstMs, pct(loginTimes, 0.5),
                pct(loginTimes, 0.95), Collections.max(loginTimes), pct(idle, 0.5), pct(idle, 0.95),
                during.size(), pct(during, 0.5), pct(during, 0.95), Collections.max(during));
    }
}
