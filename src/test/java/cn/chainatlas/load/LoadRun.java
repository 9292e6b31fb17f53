package cn.chainatlas.load;

import cn.chainatlas.excel.RegistryGenerator;
import cn.chainatlas.testing.AppProcess;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The load test's driver (issue 13; docs/benchmarks.md, "Load test"). Starts ChainAtlas as an operator would (its
 * own JVM, the embedded database in a fresh data folder under {@code target/load/}, the demo seed) on a free port of
 * 127.0.0.1; fills the registry with {@code /work/shared/bench/registry-100k.xlsx} (or {@code -Dload.registry=…},
 * {@code none} to skip) through the import API and times that import on the idle server; makes the load-test
 * accounts through the admin API (one per simulated user, so the login throttle, which counts per name and client
 * address, and the account ceiling never see two tries of one name: no setting is loosened); writes a registry file
 * for the import that runs during the load ({@code -Dload.importRows}, default 30,000 new enterprises); then runs the
 * Gatling simulation ({@code mvn -f load/pom.xml gatling:test}) and stops the server. Prints the load average before,
 * during and after, and where Gatling's report is.
 *
 * <pre>
 * mvn -q -B test-compile exec:exec -Dexec.classpathScope=test \
 *     -Dexec.args="-classpath %classpath cn.chainatlas.load.LoadRun"
 * </pre>
 *
 * Bounded: start-up and the registry fill take 1–4 minutes, the simulation at most ramp + browse + 2 minutes
 * (defaults 40 s + 120 s), and the wait for the import after it at most 5 minutes.
 */
public final class LoadRun {

    static final String PASSWORD = "Kettle-Orbit-Lantern-42";
    static final String ADMIN_PASSWORD = "Load-Admin-Lantern-2026";
    static final int USERS = Integer.getInteger("load.users", 50);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AppProcess app;

    private LoadRun(AppProcess app) {
        this.app = app;
    }

    public static void main(String[] args) throws Exception {
        Path project = Path.of("").toAbsolutePath();
        Path work = project.resolve("target/load/run-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now()));
        Files.createDirectories(work);
        Path data = work.resolve("data");
        System.out.println("load average at start: " + loadAverage());
        Map<String, String> env = Map.of("CHAINATLAS_DATA_DIR", data.toString(), "CHAINATLAS_SEED", "demo",
                "CHAINATLAS_ADMIN_PASSWORD", ADMIN_PASSWORD, "CHAINATLAS_ADMIN_MUST_CHANGE_PASSWORD", "false");
        int exit;
        try (AppProcess app = start(env, work, data)) {
            exit = new LoadRun(app).run(project, work);
        }
        System.out.println("load average at the end: " + loadAverage());
        deleteTree(data);
        System.exit(exit);
    }

    /**
     * On a busy machine the embedded MariaDB can miss its 30 s start-up wait (then the server exits): tried three
     * times, each with a fresh data folder.
     */
    private static AppProcess start(Map<String, String> env, Path work, Path data) throws Exception {
        for (int attempt = 1; ; attempt++) {
            deleteTree(data);
            AppProcess app = AppProcess.start(env, work.resolve("server-" + attempt + ".log"), System.getProperty("load.heap", "1g"));
            long t = System.nanoTime();
            try {
                app.awaitHealthy(Duration.ofMinutes(5));
                System.out.printf("server up on %s in %.1f s (embedded MariaDB, demo seed, data in %s)%n", app.url("/"),
                        (System.nanoTime() - t) / 1e9, data);
                return app;
            } catch (IllegalStateException e) {
                app.close();
                if (attempt == 3) {
                    throw e;
                }
                System.out.println("server did not start (attempt " + attempt + "), trying again: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    private int run(Path project, Path work) throws Exception {
        String registry = System.getProperty("load.registry", "/work/shared/bench/registry-100k.xlsx");
        if (!registry.equals("none") && Files.exists(Path.of(registry))) {
            long t = System.nanoTime();
            String result = importAndWait(Path.of(registry));
            System.out.printf("registry filled from %s in %.1f s with no user on the server: %s%n", registry,
                    (System.nanoTime() - t) / 1e9, summary(result));
        } else {
            System.out.println("registry: demo seed only (" + registry + " not used)");
        }
        System.out.println("registry size: " + matches(admin("GET", "/api/v1/enterprises?size=1", null).body(),
                "\"total\"\\s*:\\s*(\\d+)") + " enterprises");

        List<String> chains = matches(admin("GET", "/api/v1/chains", null).body(), "\"code\"\\s*:\\s*\"([A-Z0-9_]+)\"");
        Map<String, String> demandOfLeader = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*(\\d+)\\s*,\\s*\"leaderCreditCode\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(admin("GET", "/api/v1/demands", null).body());
        while (m.find()) {
            demandOfLeader.putIfAbsent(m.group(2), m.group(1));
        }
        if (chains.isEmpty() || demandOfLeader.isEmpty()) {
            throw new IllegalStateException("the demo seed gave no chains or no demands: chains " + chains + ", demands " + demandOfLeader);
        }

        // the accounts: a third leaders (each browsing its own demand's matches), a third city bureaus, the rest province
        String tag = UUID.randomUUID().toString().substring(0, 6);
        List<String> users = new ArrayList<>();
        List<String> leaders = new ArrayList<>(demandOfLeader.keySet());
        String[] cities = {"441900", "440600", "440300", "440100"};
        long t = System.nanoTime();
        for (int i = 0; i < USERS; i++) {
            String name = "load-" + tag + "-" + i;
            String body;
            String entry;
            if (i % 3 == 0) {
                String leader = leaders.get((i / 3) % leaders.size());
                body = user(name, "LEADER", null, leader);
                entry = name + ":LEADER:" + demandOfLeader.get(leader);
            } else if (i % 3 == 1) {
                body = user(name, "CITY", cities[(i / 3) % cities.length], null);
                entry = name + ":CITY:";
            } else {
                body = user(name, "PROVINCE", null, null);
                entry = name + ":PROVINCE:";
            }
            HttpResponse<String> r = admin("POST", "/api/v1/users", body);
            if (r.statusCode() != 201 && r.statusCode() != 200) {
                throw new IllegalStateException("could not create " + name + ": " + r.statusCode() + " " + r.body());
            }
            users.add(entry);
        }
        System.out.printf("%d load-test accounts made through the admin API in %.1f s%n", USERS, (System.nanoTime() - t) / 1e9);

        int rows = Integer.getInteger("load.importRows", 30_000);
        Path importFile = work.resolve("import-" + rows + ".xlsx");
        try (OutputStream out = Files.newOutputStream(importFile)) {
            RegistryGenerator.write(rows, 20261130L, false, RegistryGenerator.loadNodes(), out);
        }
        Properties p = new Properties();
        p.setProperty("baseUrl", app.url("").replaceAll("/$", ""));
        p.setProperty("password", PASSWORD);
        p.setProperty("users", String.join(",", users));
        p.setProperty("chains", String.join(",", chains));
        p.setProperty("searches", System.getProperty("load.searches", "轴承,主轴,数控,机器人,精密,东莞,佛山,电机"));
        p.setProperty("importUser", "admin");
        p.setProperty("importPassword", ADMIN_PASSWORD);
        p.setProperty("importFile", importFile.toString());
        p.setProperty("importCity", "");
        p.setProperty("importResult", work.resolve("import-result.properties").toString());
        p.setProperty("browseSeconds", System.getProperty("load.browseSeconds", "120"));
        p.setProperty("rampSeconds", System.getProperty("load.rampSeconds", "40"));
        p.setProperty("importDelaySeconds", System.getProperty("load.importDelaySeconds", "30"));
        Path settings = work.resolve("load.properties");
        try (var w = Files.newBufferedWriter(settings, StandardCharsets.UTF_8)) {
            p.store(w, "ChainAtlas load test settings, written by LoadRun");
        }

        LoadSampler sampler = new LoadSampler();
        sampler.start();
        ImportWatch watch = new ImportWatch(fillBatch());
        watch.start();
        ProcessBuilder gatling = new ProcessBuilder("mvn", "-B", "-f", project.resolve("load/pom.xml").toString(),
                "gatling:test", "-Dload.settings=" + settings);
        gatling.environment().put("LOAD_SETTINGS", settings.toString());
        gatling.inheritIO();
        int exit = gatling.start().waitFor();
        sampler.interrupt();
        System.out.println("load average during the run (1-minute, sampled every 10 s): " + sampler.samples());
        Path result = work.resolve("import-result.properties");
        System.out.println("import during the load, as the simulation saw it (" + rows + " rows): "
                + (Files.exists(result) ? Files.readString(result).replace('\n', ' ') : "no result written"));
        watch.join(Duration.ofMinutes(5).toMillis());
        watch.interrupt();
        System.out.println("import during the load, as the batch list saw it: " + watch.outcome());
        try (Stream<Path> reports = Files.list(project.resolve("load/target/gatling"))) {
            Path report = reports.filter(Files::isDirectory).max(Path::compareTo).orElse(null);
            if (report != null) {
                System.out.println("Gatling report: " + report.resolve("index.html"));
                System.out.println(table(Files.readString(report.resolve("index.html"))));
            }
        }
        System.out.println("gatling exit " + exit + (exit == 0 ? " (assertions held: no failed request, p95 < 1 s)" : ""));
        return exit;
    }

    /** The newest batch id now (the registry fill), so the watch knows which batch is the one under load. */
    private long fillBatch() throws IOException, InterruptedException {
        List<String> ids = matches(admin("GET", "/api/v1/imports?size=1", null).body(), "\"batchId\"\\s*:\\s*(\\d+)");
        return ids.isEmpty() ? 0 : Long.parseLong(ids.get(0));
    }

    /**
     * Watches the batch list every 2 s for the import that runs under load: from when it first shows up (queued or
     * running) to when it is done. Independent of the simulation, so a slow upload answer does not lose the figure.
     */
    private final class ImportWatch extends Thread {
        private final long after;
        private volatile String outcome = "not seen";

        ImportWatch(long after) {
            this.after = after;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            try {
                while (!isInterrupted()) {
                    String body = admin("GET", "/api/v1/imports?size=1", null).body();
                    List<String> ids = matches(body, "\"batchId\"\\s*:\\s*(\\d+)");
                    if (!ids.isEmpty() && Long.parseLong(ids.get(0)) > after) {
                        if (seen == 0) {
                            seen = System.nanoTime();
                        }
                        String status = matches(body, "\"status\"\\s*:\\s*\"([A-Z_]+)\"").get(0);
                        outcome = String.format(java.util.Locale.ROOT, "%s after %.0f s (from first seen): %s", status,
                                (System.nanoTime() - seen) / 1e9, summary(body));
                        if (!Set.of("QUEUED", "RUNNING").contains(status)) {
                            return;
                        }
                    }
                    Thread.sleep(2000);
                }
            } catch (InterruptedException done) {
                outcome = outcome + " (still running when the watch stopped)";
            } catch (IOException | RuntimeException e) {
                outcome = outcome + " (watch failed: " + e + ")";
            }
        }

        String outcome() {
            return outcome;
        }
    }

    /** Gatling's per-request table (index.html) as Markdown: count, KO, p50, p95, max (ms, over all answers). */
    static String table(String html) {
        StringBuilder out = new StringBuilder("| request | count | KO | p50 ms | p75 ms | p95 ms | p99 ms | max ms |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        String[] rows = html.split("<tr id=\"");
        for (int i = 1; i < rows.length; i++) {
            String row = rows[i];
            int end = row.indexOf("</tr>");
            String[] cells = (end < 0 ? row : row.substring(0, end)).replaceAll("^[^>]*>", "").replaceAll("<[^>]*>", " ")
                    .replace("&nbsp;", " ").trim().split("\\s+");
            // name words…, total, OK, KO, %KO, cnt/s, min, p50, p75, p95, p99, max, mean, std dev
            if (cells.length < 14) {
                continue;
            }
            int n = cells.length;
            // the cell before the figures holds a hidden level number
            int nameEnd = n - 13 > 1 && cells[n - 14].matches("\\d+") ? n - 14 : n - 13;
            String name = String.join(" ", java.util.Arrays.copyOfRange(cells, 0, nameEnd));
            out.append("| ").append(name).append(" | ").append(cells[n - 13]).append(" | ").append(cells[n - 11])
                    .append(" | ").append(cells[n - 7]).append(" | ").append(cells[n - 6]).append(" | ").append(cells[n - 5])
                    .append(" | ").append(cells[n - 4]).append(" | ").append(cells[n - 3]).append(" |\n");
        }
        return out.toString();
    }

    private static String user(String name, String role, String city, String leader) {
        return "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\""
                + (city == null ? "" : ",\"city\":\"" + city + "\"")
                + (leader == null ? "" : ",\"leaderCreditCode\":\"" + leader + "\"")
                + ",\"displayName\":\"压测账号 " + name + "\"}";
    }

    /** Uploads a registry file as the administrator (async) and polls it until it is no longer queued or running. */
    private String importAndWait(Path file) throws IOException, InterruptedException {
        String boundary = "----chainatlas-load-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file.getFileName()
                + "\"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest upload = HttpRequest.newBuilder(URI.create(app.url("/api/v1/imports?dryRun=false&async=true")))
                .header("Authorization", basic()).header("Accept", "application/json")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        HttpResponse<String> r = http.send(upload, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("upload of " + file + " answered " + r.statusCode() + ": " + r.body());
        }
        String id = matches(r.body(), "\"batchId\"\\s*:\\s*(\\d+)").get(0);
        while (true) {
            Thread.sleep(2000);
            String body = admin("GET", "/api/v1/imports/" + id, null).body();
            List<String> status = matches(body, "\"status\"\\s*:\\s*\"([A-Z_]+)\"");
            if (!status.isEmpty() && !Set.of("QUEUED", "RUNNING").contains(status.get(0))) {
                return body;
            }
        }
    }

    private static String summary(String importJson) {
        List<String> parts = new ArrayList<>();
        for (String field : List.of("batchId", "status", "rowsTotal", "rowsValid", "rowsRejected", "inserts", "updates")) {
            List<String> v = matches(importJson, "\"" + field + "\"\\s*:\\s*\"?([^\",}]*)");
            if (!v.isEmpty()) {
                parts.add(field + "=" + String.join("/", v));
            }
        }
        return String.join(" ", parts);
    }

    private HttpResponse<String> admin(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url(path))).timeout(Duration.ofMinutes(2))
                .header("Authorization", basic()).header("Accept", "application/json");
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> matches(String text, String regex) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return new ArrayList<>(out);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** The 1-minute load average every 10 s while Gatling runs: the machine is shared, the figures need it. */
    private static final class LoadSampler extends Thread {
        private final List<String> samples = java.util.Collections.synchronizedList(new ArrayList<>());

        LoadSampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (!isInterrupted()) {
                    samples.add(loadAverage().split(" ")[0]);
                    Thread.sleep(10_000);
                }
            } catch (InterruptedException done) {
                // the run is over
            }
        }

        String samples() {
            return String.join(" ", samples);
        }
    }
}
