package cn.chainatlas.enterprise.bench;

import cn.chainatlas.common.Actor;
import cn.chainatlas.db.EmbeddedDatabase;
import cn.chainatlas.enterprise.EnterpriseFilter;
import cn.chainatlas.enterprise.EnterprisePage;
import cn.chainatlas.enterprise.EnterpriseService;
import cn.chainatlas.enterprise.SearchIndex;
import cn.chainatlas.imports.ImportResult;
import cn.chainatlas.imports.ImportService;
import cn.chainatlas.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_GRAM;

/**
 * The registry list and search at 100,000 enterprises (issue 15), printed as figures (not a test). Loads
 * {@code ../shared/bench/registry-100k.xlsx} (or the file given as the first argument) through the import service,
 * times the search index catching up, then measures each case a clerk meets — list page 1, a later page, a city
 * bureau's default page, common two-character words, a rare name, a longer phrase, a credit-code prefix, a word found
 * nowhere, a single character — three ways in the same run:
 * <ul>
 *   <li><b>service</b>: {@code EnterpriseService.list} (count + page of 50 + views), as the page calls it;</li>
 *   <li><b>HTTP</b>: {@code GET /api/v1/enterprises?…&size=50} and the HTML page {@code /enterprises?…} over
 *       loopback, request to last byte (an upper bound of server time);</li>
 *   <li><b>peer</b>: today's queries before the index — {@code count(*)} with the LIKE and the page's
 *       {@code select … order by … limit} — run directly, with the new listing indexes hidden from the ORDER BY
 *       (a lower bound of the old service: no views, no HTTP).</li>
 * </ul>
 * 20 timed runs per case after 3 of warm-up; p50 and p95 in ms. Run:
 * {@code mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=cn.chainatlas.enterprise.bench.SearchBenchmark}
 */
public final class SearchBenchmark {

    static final int RUNS = 20;
    static final int WARM = 3;

    private SearchBenchmark() {
    }

    record Case(String label, String city, String q, int page) {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "../shared/bench/registry-100k.xlsx");
        EmbeddedDatabase db = TestDatabase.server();
        Map<String, Object> props = new HashMap<>(TestDatabase.benchmarkProperties("searchbench"));
        Path uploads = Files.createTempDirectory("searchbench-uploads");
        props.put("chainatlas.imports.dir", uploads.toString());
        // the benchmark runs the index refresh itself, to time it
        props.put("chainatlas.search.refresh-interval", "1h");
        props.put("chainatlas.admin-must-change-password", "false");
        int status = 0;
        try (ApplicationContext ctx = ApplicationContext.run(props)) {
            EmbeddedServer server = ctx.getBean(EmbeddedServer.class);
            server.start();
            DSLContext dsl = ctx.getBean(DSLContext.class);
            ImportService imports = ctx.getBean(ImportService.class);
            EnterpriseService service = ctx.getBean(EnterpriseService.class);
            SearchIndex index = ctx.getBean(SearchIndex.class);
            String loadAtStart = load();

            long t0 = System.nanoTime();
            ImportResult imported;
            try (InputStream in = Files.newInputStream(file)) {
                imported = imports.importFile(Actor.SYSTEM, imports.receive(file.getFileName().toString(), in), null, false, false);
            }
            double importS = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            int refreshed = index.refresh(null);
            double refreshS = (System.nanoTime() - t1) / 1e9;
            dsl.execute("analyze table enterprise, enterprise_gram, enterprise_node");
            int enterprises = dsl.fetchCount(ENTERPRISE);
            int grams = dsl.fetchCount(ENTERPRISE_GRAM);
            var sizes = dsl.fetch("select table_name, round((data_length + index_length) / 1048576, 1) mb from information_schema.tables"
                    + " where table_schema = database() and table_name in ('enterprise', 'enterprise_gram', 'enterprise_node')");
            // what marking every enterprise stale costs a writer's transaction (the import's share of the index)
            List<String> codes = dsl.select(ENTERPRISE.CREDIT_CODE).from(ENTERPRISE).fetch(ENTERPRISE.CREDIT_CODE);
            long t2 = System.nanoTime();
            dsl.transaction(cfg -> SearchIndex.markStale(DSL.using(cfg), codes));
            double markS = (System.nanoTime() - t2) / 1e9;
            // the grams are current: only the marks go (re-indexing all again would take as long as the catch-up)
            dsl.deleteFrom(cn.chainatlas.db.schema.Tables.ENTERPRISE_SEARCH_STALE).execute();

            System.out.println();
            System.out.println("== SearchBenchmark " + java.time.LocalDateTime.now().withNano(0));
            System.out.printf(Locale.ROOT, "machine: %d cores, JDK %s, %s, max heap %d MB%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), dsl.fetchValue("select version()"), Runtime.getRuntime().maxMemory() >> 20);
            System.out.println("load average at start / end (other builds share the machine): " + loadAtStart + " / " + load());
            System.out.printf(Locale.ROOT, "import (in process): %d rows committed in %.1f s = %.0f rows/s (%s)%n",
                    imported.rowsTotal(), importS, imported.rowsTotal() / importS, imported.status());
            System.out.printf(Locale.ROOT, "index catch-up after the import: %d enterprises in %.1f s = %.0f /s%n",
                    refreshed, refreshS, refreshed / refreshS);
            System.out.printf(Locale.ROOT, "marking all %d enterprises stale in one transaction (the writer's share): %.2f s%n", codes.size(), markS);
            System.out.printf(Locale.ROOT, "data: %d enterprises, %d gram rows (%.1f per enterprise); sizes MB: %s%n", enterprises, grams,
                    grams / (double) enterprises, sizes.intoMap(0, 1));
            String rareName = dsl.select(ENTERPRISE.NAME).from(ENTERPRISE).orderBy(ENTERPRISE.CREDIT_CODE).limit(1).offset(enterprises / 2)
                    .fetchOne(ENTERPRISE.NAME);
            String code = dsl.select(ENTERPRISE.CREDIT_CODE).from(ENTERPRISE).orderBy(ENTERPRISE.CREDIT_CODE).limit(1).offset(enterprises / 3)
                    .fetchOne(ENTERPRISE.CREDIT_CODE);
            List<Case> cases = List.of(
                    new Case("list, page 1", null, null, 1),
                    new Case("list, page 1000", null, null, 1000),
                    new Case("list, 东莞 page 1", "441900", null, 1),
                    new Case("search 机床 (2 chars)", null, "机床", 1),
                    new Case("search 轴承 (2 chars)", null, "轴承", 1),
                    new Case("search 轴承, page 20", null, "轴承", 20),
                    new Case("search 电主轴, 东莞", "441900", "电主轴", 1),
                    new Case("search a rare name", null, rareName, 1),
                    new Case("search 交流伺服电机 (6 chars)", null, "交流伺服电机", 1),
                    new Case("search HNC-848 (none in file)", null, "HNC-848", 1),
                    new Case("search credit-code prefix (10)", null, code.substring(0, 10), 1),
                    new Case("search 不存在的词语 (no hits)", null, "不存在的词语", 1),
                    new Case("search 轴 (1 char: scan)", null, "轴", 1));

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://localhost:" + server.getPort();
            String auth = "Basic " + Base64.getEncoder().encodeToString("admin:bench-admin-password".getBytes(StandardCharsets.UTF_8));
            Map<String, String> lines = new LinkedHashMap<>();
            Map<String, Integer> totals = new LinkedHashMap<>();
            for (Case c : cases) {
                EnterpriseFilter f = new EnterpriseFilter(c.city(), null, null, c.q(), false);
                EnterprisePage sample = service.list(Actor.SYSTEM, f, c.page(), 50);
                int peerTotal = peerCount(dsl, c);
                if (sample.totalCapped() ? peerTotal <= sample.total() : peerTotal != sample.total()) {
                    throw new IllegalStateException(c.label() + ": the service counts " + sample.total()
                            + (sample.totalCapped() ? "+" : "") + ", the LIKE " + peerTotal);
                }
                totals.put(c.label(), sample.total());
                double[] svc = measure(() -> service.list(Actor.SYSTEM, f, c.page(), 50));
                String query = (c.city() == null ? "" : "city=" + c.city() + "&") + (c.q() == null ? "" : "q=" + enc(c.q()) + "&") + "page=" + c.page();
                double[] api = measure(() -> get(http, base + "/api/v1/enterprises?" + query + "&size=50", auth));
                double[] html = measure(() -> get(http, base + "/enterprises?" + query, auth));
                double[] peer = measure(() -> peer(dsl, c));
                System.out.println(c.label() + ": " + String.format(Locale.ROOT, "service %.1f / %.1f, peer %.1f / %.1f", p(svc, 50), p(svc, 95), p(peer, 50), p(peer, 95)));
                lines.put(c.label(), String.format(Locale.ROOT, "| %s | %s | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.1f |",
                        c.label(), total(sample, peerTotal), p(svc, 50), p(svc, 95), p(api, 50), p(api, 95), p(html, 50), p(html, 95),
                        p(peer, 50), p(peer, 95), p(peer, 50) / p(svc, 50)));
            }
            System.out.println("| case | 共 N 家 | service p50 / p95 ms | API p50 / p95 | page p50 / p95 | peer (LIKE) p50 / p95 | peer ÷ service p50 |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
            lines.values().forEach(System.out::println);
            catchUp(dsl, service, index, http, base, auth, rareName);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        db.stop();
        System.exit(status);
    }

    /** 共 N 家 as the page shows it: "1,000+ (LIKE 13,347)" when the count stopped at the cap. */
    private static String total(EnterprisePage page, int like) {
        return page.totalCapped() ? String.format(Locale.ROOT, "%,d+ (LIKE %,d)", page.total(), like)
                : String.format(Locale.ROOT, "%,d", page.total());
    }

    static final int CATCH_UP = 30_000;

    /**
     * The search while the index catches up after an import of {@value #CATCH_UP} new enterprises (the load test's
     * batch): every third enterprise's grams deleted and the enterprise marked stale, as a commit leaves new ones —
     * then the same cases measured again, and the refresh of them timed (what indexing them inside the import's
     * commit would add to it, roughly).
     */
    private static void catchUp(DSLContext dsl, EnterpriseService service, SearchIndex index, HttpClient http, String base,
                                String auth, String rareName) {
        List<String> codes = dsl.select(ENTERPRISE.CREDIT_CODE).from(ENTERPRISE).orderBy(ENTERPRISE.CREDIT_CODE).fetch(ENTERPRISE.CREDIT_CODE);
        List<String> stale = new java.util.ArrayList<>();
        for (int i = 0; i < codes.size() && stale.size() < CATCH_UP; i += 3) {
            stale.add(codes.get(i));
        }
        // a rare name among the stale ones: found only through the stale list
        String staleName = dsl.select(ENTERPRISE.NAME).from(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(stale.get(stale.size() / 2)))
                .fetchOne(ENTERPRISE.NAME);
        for (int from = 0; from < stale.size(); from += 1000) {
            List<String> chunk = stale.subList(from, Math.min(stale.size(), from + 1000));
            dsl.transaction(cfg -> {
                DSL.using(cfg).deleteFrom(ENTERPRISE_GRAM).where(ENTERPRISE_GRAM.CREDIT_CODE.in(chunk)).execute();
                SearchIndex.markStale(DSL.using(cfg), chunk);
            });
        }
        dsl.execute("analyze table enterprise_gram, enterprise_search_stale");
        String loadAtStart = load();
        List<Case> cases = List.of(
                new Case("search a rare name (indexed)", null, rareName, 1),
                new Case("search a rare name (stale)", null, staleName, 1),
                new Case("search 轴承", null, "轴承", 1),
                new Case("search 电主轴, 东莞", "441900", "电主轴", 1),
                new Case("search 交流伺服电机", null, "交流伺服电机", 1),
                new Case("search 不存在的词语", null, "不存在的词语", 1),
                new Case("search 轴 (1 char)", null, "轴", 1));
        System.out.println();
        System.out.printf(Locale.ROOT, "== during catch-up: %,d enterprises stale (no grams), load %s%n", stale.size(), loadAtStart);
        System.out.println("| case | 共 N 家 | service p50 / p95 ms | API p50 / p95 | page p50 / p95 | scan (LIKE) p50 / p95 |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        for (Case c : cases) {
            EnterpriseFilter f = new EnterpriseFilter(c.city(), null, null, c.q(), false);
            EnterprisePage sample = service.list(Actor.SYSTEM, f, c.page(), 50);
            int peerTotal = peerCount(dsl, c);
            if (sample.totalCapped() ? peerTotal <= sample.total() : peerTotal != sample.total()) {
                throw new IllegalStateException(c.label() + " during catch-up: the service counts " + sample.total()
                        + (sample.totalCapped() ? "+" : "") + ", the LIKE " + peerTotal);
            }
            double[] svc = measure(() -> service.list(Actor.SYSTEM, f, c.page(), 50));
            String query = (c.city() == null ? "" : "city=" + c.city() + "&") + "q=" + enc(c.q()) + "&page=" + c.page();
            double[] api = measure(() -> get(http, base + "/api/v1/enterprises?" + query + "&size=50", auth));
            double[] html = measure(() -> get(http, base + "/enterprises?" + query, auth));
            double[] peer = measure(() -> peer(dsl, c));
            System.out.println(String.format(Locale.ROOT, "| %s | %s | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f |",
                    c.label(), total(sample, peerTotal), p(svc, 50), p(svc, 95), p(api, 50), p(api, 95), p(html, 50), p(html, 95),
                    p(peer, 50), p(peer, 95)));
        }
        long t = System.nanoTime();
        int n = index.refresh(null);
        double s = (System.nanoTime() - t) / 1e9;
        System.out.printf(Locale.ROOT, "catch-up of the %,d: %.1f s = %.0f enterprises/s (load at end %s)%n", n, s, n / s, load());
    }

    /** Today's condition before the index (EnterpriseService.condition as it was: code by equality). */
    private static Condition peerCondition(Case c) {
        Condition cond = DSL.noCondition();
        if (c.city() != null) {
            cond = cond.and(ENTERPRISE.CITY_CODE.eq(c.city()));
        }
        if (c.q() != null) {
            String q = c.q().trim();
            String like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            cond = cond.and(ENTERPRISE.NAME.like(like).or(ENTERPRISE.CREDIT_CODE.eq(q.toUpperCase()))
                    .or(ENTERPRISE.MAIN_PRODUCTS.like(like)));
        }
        return cond;
    }

    /** The same count with the index's credit-code prefix (the only place the index's results differ: it adds them). */
    private static int peerCount(DSLContext dsl, Case c) {
        Condition cond = peerCondition(c);
        if (c.q() != null) {
            cond = cond.or(ENTERPRISE.CREDIT_CODE.like(c.q().trim().toUpperCase() + "%")
                    .and(c.q().trim().toUpperCase().matches("[0-9A-Z]{8,18}") ? DSL.trueCondition() : DSL.falseCondition())
                    .and(c.city() == null ? DSL.trueCondition() : ENTERPRISE.CITY_CODE.eq(c.city())));
        }
        return dsl.fetchCount(ENTERPRISE, cond);
    }

    private static Object peer(DSLContext dsl, Case c) {
        Condition cond = peerCondition(c);
        Table<?> e = ENTERPRISE.ignoreIndexForOrderBy("ix_enterprise_listing", "ix_enterprise_city_listing");
        int total = dsl.fetchCount(dsl.selectOne().from(e).where(cond));
        if ((long) (c.page() - 1) * 50 >= total) {
            return total;
        }
        return dsl.select(ENTERPRISE.fields()).from(e).where(cond).orderBy(ENTERPRISE.IS_LEADER.desc(), ENTERPRISE.NAME, ENTERPRISE.CREDIT_CODE)
                .limit(50).offset((c.page() - 1) * 50).fetch();
    }

    private static Object get(HttpClient http, String uri, String auth) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", auth).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(uri + " → " + r.statusCode() + ": " + r.body().substring(0, Math.min(300, r.body().length())));
            }
            return r.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] measure(Supplier<?> work) {
        for (int i = 0; i < WARM; i++) {
            work.get();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            work.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double p(double[] sorted, int percentile) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * percentile / 100.0) - 1)];
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
