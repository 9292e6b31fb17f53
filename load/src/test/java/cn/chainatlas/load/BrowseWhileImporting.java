package cn.chainatlas.load;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static io.gatling.javaapi.http.HttpDsl.RawFileBodyPart;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.css;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * 50 signed-in users browse ChainAtlas while one registry import runs (issue 13).
 *
 * <p>Each browsing user has an account of its own (made by {@code LoadRun} through the admin API), signs in once
 * through the login page as a browser does (the CSRF token from the form, the login cookie after it) and then, for
 * {@code browseSeconds}, goes round: home, a chain page and the gap analysis it loads, the registry list, a registry
 * search, and — for a leader — its demand's matches page and matches API; 1–3 s of reading between pages. One
 * account per user means the login throttle (per name and client address) and the account ceiling never see two
 * tries of one name: they stay as configured for production. A separate administrator uploads the import file
 * through the API ({@code async=true}) {@code importDelaySeconds} after the start and polls it until it is done.
 *
 * <p>Settings come from the properties file named by {@code -Dload.settings} or {@code LOAD_SETTINGS}; the base URL
 * must be on 127.0.0.1 or localhost, anything else is refused before a request is sent.
 */
public class BrowseWhileImporting extends Simulation {

    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private final Properties settings = settings();
    private final String baseUrl = localOnly(settings.getProperty("baseUrl"));
    private final int browseSeconds = Integer.parseInt(settings.getProperty("browseSeconds", "120"));
    private final int rampSeconds = Integer.parseInt(settings.getProperty("rampSeconds", "40"));
    private final int importDelaySeconds = Integer.parseInt(settings.getProperty("importDelaySeconds", "30"));
    private final List<String> chains = List.of(settings.getProperty("chains").split(","));
    private final List<String> searches = List.of(settings.getProperty("searches").split(","));
    private final Path importResult = Path.of(settings.getProperty("importResult"));

    /** one record per browsing user: username, role, demandId (a leader's own demand; empty for the others) */
    private final List<Map<String, Object>> users = users(settings);

    private final HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
            .acceptHeader("text/html,application/json;q=0.9,*/*;q=0.8")
            .acceptLanguageHeader("zh-CN,zh;q=0.9")
            .userAgentHeader("ChainAtlas load test (Gatling)")
            // the login answers 303; following it would count the home page twice
            .disableFollowRedirect()
            .shareConnections();

    private final ChainBuilder signIn = exec(
            http("login page").get("/login").check(status().is(200),
                    css("input[name='csrfToken']", "value").saveAs("csrf")),
            http("login").post("/login")
                    .formParam("csrfToken", "#{csrf}")
                    .formParam("username", "#{username}")
                    .formParam("password", settings.getProperty("password"))
                    .formParam("next", "/")
                    .check(status().is(303)));

    private final ChainBuilder browse = exec(session -> session
            .set("chain", pick(chains))
            .set("q", pick(searches)))
            .exec(http("home").get("/").check(status().is(200)))
            .exec(pause(Duration.ofSeconds(1), Duration.ofSeconds(3)))
            .exec(http("chain page").get("/chains/#{chain}").check(status().is(200)),
                    http("chain analysis API").get("/api/v1/chains/#{chain}/analysis?region=province")
                            .header("Accept", "application/json").check(status().is(200)))
            .exec(pause(Duration.ofSeconds(1), Duration.ofSeconds(3)))
            .exec(http("registry list").get("/enterprises").check(status().is(200)))
            .exec(pause(Duration.ofSeconds(1), Duration.ofSeconds(3)))
            .exec(http("registry search").get("/enterprises").queryParam("q", "#{q}").check(status().is(200)))
            .exec(pause(Duration.ofSeconds(1), Duration.ofSeconds(3)))
            .exec(doIf(session -> !session.getString("demandId").isEmpty()).then(
                    exec(http("matches page").get("/demands/#{demandId}/matches").check(status().is(200)),
                            http("matches API").get("/api/v1/demands/#{demandId}/matches?limit=20")
                                    .header("Accept", "application/json").check(status().is(200)))
                            .exec(pause(Duration.ofSeconds(1), Duration.ofSeconds(3)))));

    private final ScenarioBuilder browsing = scenario("browse")
            .feed(users.iterator())
            .exec(signIn)
            // a user whose sign-in failed would only count login redirects as page errors: it stops, its failure counted
            .exitHereIfFailed()
            .exec(during(Duration.ofSeconds(browseSeconds)).on(browse));

    private final ScenarioBuilder importing = scenario("import")
            .exec(session -> session.set("started", System.nanoTime()))
            .exec(http("import upload").post("/api/v1/imports")
                    .queryParam("dryRun", "false")
                    .queryParam("async", "true")
                    .queryParam("city", settings.getProperty("importCity"))
                    .basicAuth(settings.getProperty("importUser"), settings.getProperty("importPassword"))
                    .header("Accept", "application/json")
                    .bodyPart(RawFileBodyPart("file", settings.getProperty("importFile"))
                            .fileName(Path.of(settings.getProperty("importFile")).getFileName().toString())
                            .contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                    .asMultipartForm()
                    .check(status().is(202), jsonPath("$.batchId").saveAs("batchId")))
            .exitHereIfFailed()
            .exec(session -> session.set("importStatus", "QUEUED"))
            .exec(asLongAs(session -> Set.of("QUEUED", "RUNNING").contains(session.getString("importStatus"))).on(
                    exec(pause(Duration.ofSeconds(2)),
                            http("import progress").get("/api/v1/imports/#{batchId}")
                                    .basicAuth(settings.getProperty("importUser"), settings.getProperty("importPassword"))
                                    .header("Accept", "application/json")
                                    .check(status().is(200), jsonPath("$.status").saveAs("importStatus"),
                                            substring("\"rowsTotal\"").exists()))))
            .exec(session -> {
                double seconds = (System.nanoTime() - session.getLong("started")) / 1e9;
                writeImportResult(session.getString("batchId"), session.getString("importStatus"), seconds);
                return session;
            });

    {
        setUp(browsing.injectOpen(rampUsers(users.size()).during(Duration.ofSeconds(rampSeconds))),
                importing.injectOpen(nothingFor(Duration.ofSeconds(importDelaySeconds)), atOnceUsers(1)))
                .protocols(protocol)
                // bounded whatever happens: ramp + browsing + the last round, and a margin for a slow import
                .maxDuration(Duration.ofSeconds(rampSeconds + browseSeconds + 120L))
                .assertions(global().failedRequests().count().is(0L),
                        global().responseTime().percentile(95.0).lt(1000));
    }

    private static String pick(List<String> from) {
        return from.get(ThreadLocalRandom.current().nextInt(from.size()));
    }

    private void writeImportResult(String batchId, String status, double seconds) {
        try {
            Files.writeString(importResult, "batchId=" + batchId + "\nstatus=" + status + "\nseconds="
                    + String.format(java.util.Locale.ROOT, "%.1f", seconds) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The load test may only ever hit this machine: refused before Gatling starts otherwise. */
    static String localOnly(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("load settings: baseUrl is missing");
        }
        String host = URI.create(baseUrl).getHost();
        if (host == null || !LOCAL_HOSTS.contains(host.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("the load test runs against 127.0.0.1 or localhost only, not " + baseUrl);
        }
        return baseUrl;
    }

    private static Properties settings() {
        String file = System.getProperty("load.settings", System.getenv("LOAD_SETTINGS"));
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("no load settings: start it through cn.chainatlas.load.LoadRun "
                    + "(docs/benchmarks.md), or pass -Dload.settings=<file>");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static List<Map<String, Object>> users(Properties p) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : p.getProperty("users").split(",")) {
            String[] f = line.split(":", -1);
            Map<String, Object> u = new HashMap<>();
            u.put("username", f[0]);
            u.put("role", f[1]);
            u.put("demandId", f.length > 2 ? f[2] : "");
            out.add(u);
        }
        return out;
    }
}
