package cn.chainatlas.imports.bench;

import cn.chainatlas.db.EmbeddedDatabase;
import com.alibaba.excel.EasyExcel;
import com.alibaba.excel.context.AnalysisContext;
import com.alibaba.excel.read.listener.ReadListener;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;

import javax.xml.parsers.SAXParserFactory;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Import and export of a 100,000-row registry, side by side in one run (issue 15; shared/bench/README.md):
 * <ol>
 *   <li><b>floor</b>: POI event API parse + 1,000-row rewritten JDBC batches, one thread, into a plain 17-column
 *       table; <b>peer</b>: EasyExcel listener + a JDBC batch every 100 rows — both on an embedded MariaDB with the
 *       defaults a first user gets;</li>
 *   <li><b>the service</b>, started as a first user starts it ({@code java -Xmx256m -jar target/chainatlas.jar} on
 *       its own fresh embedded database, reference seeds), driven through HTTP: commit into the empty registry,
 *       the same file again (all unchanged), a dry run, the export, and the export re-imported as a dry run;</li>
 *   <li><b>export floor and peer</b>: SELECT all + SXSSF, SELECT all + EasyExcel's writer.</li>
 * </ol>
 * Prints rows/s, the service's peak heap (sampled with jstat) and the ratios. Run from the project folder after
 * {@code mvn -q -B -Dmaven.test.skip=true package}:
 * <pre>
 * mvn -q -B test-compile exec:exec -Dexec.classpathScope=test \
 *     -Dexec.args="-Xmx1g -classpath %classpath cn.chainatlas.imports.bench.TransferBenchmark ../shared/bench/registry-100k.xlsx"
 * </pre>
 * Further arguments name other service jars to measure in the same run ({@code name=path/to/chainatlas.jar}),
 * e.g. the jar of an earlier commit, to compare before and after a change. {@code -Dbench.serviceJvm="…"} adds options
 * to the service's JVM, e.g. {@code -Xlog:gc*:file=/tmp/gc.log:uptime} to see where its collections fall.
 */
public final class TransferBenchmark {

    static final int COLS = 17;
    static final String PASSWORD = "Bench-Admin-Pass-2026";
    static boolean pages = true;

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "../shared/bench/registry-100k.xlsx").toAbsolutePath();
        Map<String, Path> services = new LinkedHashMap<>();
        boolean servicesOnly = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--no-pages")) {
                // imports and exports only: the registry pages take minutes per service
                pages = false;
                continue;
            }
            if (args[i].equals("--services-only")) {
                // a quicker loop while changing the service; the ratios need the full run
                servicesOnly = true;
                continue;
            }
            String[] kv = args[i].split("=", 2);
            services.put(kv[0], Path.of(kv[1]).toAbsolutePath());
        }
        if (services.isEmpty()) {
            Path jar = Path.of("target", "chainatlas.jar").toAbsolutePath();
            // the default jar is what `mvn package` last built, not the code in target/classes: a stale jar measured
            // a morning's code in an evening's run once (docs/benchmarks.md, 2026-11-30 19:44)
            Path classes = Path.of("target", "classes");
            if (Files.isDirectory(classes) && Files.exists(jar)) {
                java.nio.file.attribute.FileTime built = Files.getLastModifiedTime(jar);
                try (var walk = Files.walk(classes)) {
                    if (walk.filter(Files::isRegularFile).anyMatch(f -> {
                        try {
                            return Files.getLastModifiedTime(f).compareTo(built) > 0;
                        } catch (IOException e) {
                            return false;
                        }
                    })) {
                        throw new IllegalStateException("target/chainatlas.jar is older than target/classes: run "
                                + "`mvn -o package -DskipTests` first, or name the jar to measure (name=path)");
                    }
                }
            }
            services.put("service", jar);
        }
        System.out.printf(Locale.ROOT, "file %s (%.1f MB); %d cores; %s; load %s%n", file, Files.size(file) / 1e6,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), load());
        Path work = Files.createTempDirectory("transfer-bench-");
        Map<String, Double> r = new LinkedHashMap<>();
        Map<String, String> latency = new LinkedHashMap<>();
        try {
            if (!servicesOnly) {
                peers(file, work, r);
            }
            for (Map.Entry<String, Path> s : services.entrySet()) {
                r.putAll(service(s.getKey(), s.getValue(), file, work, latency));
            }
        } finally {
            deleteTree(work);
        }
        System.out.println();
        System.out.println("| what | rows/s |");
        System.out.println("| --- | --- |");
        r.forEach((k, v) -> System.out.printf(Locale.ROOT, "| %s | %,.0f |%n", k, v));
        System.out.println();
        System.out.println("| registry pages at 100,000 enterprises (client-measured over loopback) | p50 ms | p95 ms | max ms |");
        System.out.println("| --- | --- | --- | --- |");
        latency.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
        for (String s : services.keySet()) {
            double imp = r.getOrDefault(s + ": import commit", 0.0);
            double exp = r.getOrDefault(s + ": export", 0.0);
            if (r.containsKey("floor import")) {
                System.out.printf(Locale.ROOT, "%s: import ÷ floor %.2f (goal ≥ 1.3), import ÷ peer %.2f (goal ≥ 2), export ÷ EasyExcel writer %.2f (goal ≥ 2), "
                                + "export ÷ SXSSF %.2f, export ÷ fastexcel %.2f%n",
                        s, imp / r.get("floor import"), imp / r.get("peer import (EasyExcel)"), exp / r.get("peer export (EasyExcel)"),
                        exp / r.get("floor export (SXSSF)"), exp / r.get("peer export (fastexcel)"));
            }
            System.out.printf(Locale.ROOT, "%s: same file again %,.0f rows/s (second time %,.0f), dry run %,.0f rows/s (goal ≥ 40,000 each)%n", s,
                    r.getOrDefault(s + ": import again (unchanged)", 0.0), r.getOrDefault(s + ": import again, second time", 0.0),
                    r.getOrDefault(s + ": dry run", 0.0));
        }
        System.out.println("load after: " + load());
    }

    /** The floor and the peers of import and export, on an embedded MariaDB of their own with the first user's defaults. */
    static void peers(Path file, Path work, Map<String, Double> r) throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(work.resolve("mariadb"));
        try {
            db.createSchema("bench");
            String url = db.jdbcUrl("bench") + (db.jdbcUrl("bench").contains("?") ? "&" : "?") + "rewriteBatchedStatements=true";
            try (Connection cn = DriverManager.getConnection(url, db.username(), db.password())) {
                r.put("floor import", rate("floor import", () -> floor(cn, file)));
                r.put("peer import (EasyExcel)", rate("peer import (EasyExcel)", () -> peer(cn, file)));
                r.put("floor export (SXSSF)", rate("floor export (SXSSF)", () -> exportFloor(cn, work)));
                r.put("peer export (EasyExcel)", rate("peer export (EasyExcel)", () -> exportPeer(cn, work)));
                r.put("peer export (fastexcel)", rate("peer export (fastexcel)", () -> exportFastexcel(cn, work)));
            }
        } finally {
            db.stop();
        }
    }

    static void deleteTree(Path root) {
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (Exception e) {
            System.out.println("could not delete " + root + ": " + e.getMessage());
        }
    }

    interface Timed {
        long run() throws Exception;
    }

    /** The process whose CPU time (with its children's: the embedded database) each step reports. */
    static volatile long accounted = ProcessHandle.current().pid();

    static double rate(String what, Timed t) throws Exception {
        settle(what);
        long c0 = cpuMillis(accounted);
        long t0 = System.nanoTime();
        long rows = t.run();
        double s = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuMillis(accounted) - c0) / 1000.0;
        double rps = rows / s;
        // CPU seconds barely move with the machine's load where wall time does: rows per CPU second × 2 cores is the
        // rate two idle cores could reach at best (when the step's threads and the database keep both busy)
        System.out.printf(Locale.ROOT, "%-42s %,8d rows %7.2f s %,10.0f rows/s   CPU %6.2f s (%,.0f rows per CPU s)   load %s%n",
                what, rows, s, rps, cpu, cpu > 0 ? rows / cpu : 0.0, load());
        return rps;
    }

    /**
     * Waits (at most two minutes) until the measured process and its database have used less than 5 % of a core in
     * each of eight consecutive seconds, and says how long that took: eight, because the search index starts its
     * catch-up 5 s after a transfer ends. Without it a step starts while the database
     * is still working off the step before (a 100,000-row commit leaves ~220 MB of redo to checkpoint and
     * InnoDB's purge behind it; the search index catches up 5 s after a transfer), so the step after a commit
     * measured the commit's tail as well as itself — on an idle machine a clerk's next upload does not start in
     * the same second. The printed wait keeps that tail visible.
     */
    static void settle(String what) throws InterruptedException {
        long t0 = System.nanoTime();
        long before = cpuMillis(accounted);
        int quiet = 0;
        while (quiet < 8 && System.nanoTime() - t0 < 120_000_000_000L) {
            Thread.sleep(1000);
            long now = cpuMillis(accounted);
            quiet = now - before < 50 ? quiet + 1 : 0;
            before = now;
        }
        System.out.printf(Locale.ROOT, "%-42s waited %.1f s for the process and its database to go quiet%n", what,
                (System.nanoTime() - t0) / 1e9);
    }

    /** User + system CPU time of a process and its descendants so far, from /proc (0 where there is none). */
    static long cpuMillis(long pid) {
        long ticks = 0;
        java.util.ArrayDeque<Long> todo = new java.util.ArrayDeque<>(List.of(pid));
        while (!todo.isEmpty()) {
            long p = todo.pop();
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
                try (var tasks = Files.list(Path.of("/proc", Long.toString(p), "task"))) {
                    for (Path task : (Iterable<Path>) tasks::iterator) {
                        String children = Files.readString(task.resolve("children")).trim();
                        if (!children.isEmpty()) {
                            for (String c : children.split(" ")) {
                                todo.push(Long.parseLong(c));
                            }
                        }
                    }
                }
            } catch (Exception gone) {
                // no /proc (not Linux) or the process ended
            }
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    // ---------------------------------------------------------------- floor and peer (shared/bench semantics)

    static void table(Connection cn) throws SQLException {
        try (Statement st = cn.createStatement()) {
            st.execute("drop table if exists enterprise_bench");
            st.execute("create table enterprise_bench (credit_code char(18) primary key, name varchar(200), city varchar(20),"
                    + " district varchar(40), size varchar(4), products varchar(1000), certs varchar(200), tiers varchar(200),"
                    + " revenue bigint, rnd bigint, staff int, patents int, capacity varchar(40), grade varchar(100), contact varchar(40),"
                    + " phone varchar(40), founded varchar(20)) default charset=utf8mb4");
        }
    }

    static long floor(Connection cn, Path file) throws Exception {
        table(cn);
        cn.setAutoCommit(false);
        long[] n = {0};
        try (PreparedStatement ps = cn.prepareStatement("insert into enterprise_bench values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            poi(file, row -> {
                bind(ps, row);
                if (++n[0] % 1000 == 0) {
                    flush(ps);
                }
            });
            ps.executeBatch();
        }
        cn.commit();
        cn.setAutoCommit(true);
        return n[0];
    }

    static long peer(Connection cn, Path file) throws Exception {
        table(cn);
        cn.setAutoCommit(false);
        long[] n = {0};
        try (PreparedStatement ps = cn.prepareStatement("insert into enterprise_bench values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            EasyExcel.read(file.toFile(), new ReadListener<Map<Integer, String>>() {
                final List<Map<Integer, String>> cache = new ArrayList<>();

                @Override
                public void invoke(Map<Integer, String> row, AnalysisContext ctx) {
                    cache.add(row);
                    if (cache.size() >= 100) {
                        save();
                    }
                }

                @Override
                public void doAfterAllAnalysed(AnalysisContext ctx) {
                    save();
                }

                void save() {
                    for (Map<Integer, String> c : cache) {
                        String[] v = new String[COLS];
                        for (int i = 0; i < COLS; i++) {
                            v[i] = c.get(i);
                        }
                        bind(ps, v);
                        n[0]++;
                    }
                    flush(ps);
                    cache.clear();
                }
            }).sheet().doRead();
        }
        cn.commit();
        cn.setAutoCommit(true);
        return n[0];
    }

    static long exportFloor(Connection cn, Path work) throws Exception {
        Path out = work.resolve("floor-export.xlsx");
        long n = 0;
        try (Statement st = cn.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            st.setFetchSize(Integer.MIN_VALUE);
            ResultSet rows = st.executeQuery("select * from enterprise_bench");
            SXSSFWorkbook wb = new SXSSFWorkbook(200);
            var sheet = wb.createSheet("企业名录");
            while (rows.next()) {
                var r = sheet.createRow((int) n++);
                for (int i = 0; i < COLS; i++) {
                    r.createCell(i).setCellValue(rows.getString(i + 1));
                }
            }
            try (OutputStream os = Files.newOutputStream(out)) {
                wb.write(os);
            }
            wb.dispose();
            wb.close();
        }
        Files.deleteIfExists(out);
        return n;
    }

    static long exportPeer(Connection cn, Path work) throws Exception {
        Path out = work.resolve("peer-export.xlsx");
        long n = 0;
        try (Statement st = cn.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            st.setFetchSize(Integer.MIN_VALUE);
            ResultSet rows = st.executeQuery("select * from enterprise_bench");
            try (com.alibaba.excel.ExcelWriter w = EasyExcel.write(out.toFile()).build()) {
                var ws = EasyExcel.writerSheet("企业名录").build();
                List<List<String>> chunk = new ArrayList<>();
                while (rows.next()) {
                    List<String> row = new ArrayList<>(COLS);
                    for (int i = 0; i < COLS; i++) {
                        row.add(rows.getString(i + 1));
                    }
                    chunk.add(row);
                    n++;
                    if (chunk.size() == 1000) {
                        w.write(chunk, ws);
                        chunk.clear();
                    }
                }
                w.write(chunk, ws);
            }
        }
        Files.deleteIfExists(out);
        return n;
    }

    /** dhatim fastexcel, the writer issue 15 names as built for speed (inline strings, so its memory stays flat too). */
    static long exportFastexcel(Connection cn, Path work) throws Exception {
        Path out = work.resolve("fastexcel-export.xlsx");
        long n = 0;
        try (Statement st = cn.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
             OutputStream os = Files.newOutputStream(out)) {
            st.setFetchSize(Integer.MIN_VALUE);
            ResultSet rows = st.executeQuery("select * from enterprise_bench");
            org.dhatim.fastexcel.Workbook wb = new org.dhatim.fastexcel.Workbook(os, "bench", "1.0");
            org.dhatim.fastexcel.Worksheet ws = wb.newWorksheet("企业名录");
            while (rows.next()) {
                int row = (int) ++n;
                for (int i = 0; i < COLS; i++) {
                    String v = rows.getString(i + 1);
                    if (v != null) {
                        ws.inlineString(row, i, v);
                    }
                }
                if (n % 1000 == 0) {
                    ws.flush();
                }
            }
            wb.finish();
        }
        Files.deleteIfExists(out);
        return n;
    }

    static void bind(PreparedStatement ps, String[] v) {
        try {
            for (int i = 0; i < COLS; i++) {
                if (i >= 8 && i <= 11) {
                    if (v[i] == null || v[i].isEmpty()) {
                        ps.setNull(i + 1, Types.BIGINT);
                    } else {
                        ps.setLong(i + 1, (long) Double.parseDouble(v[i]));
                    }
                } else {
                    ps.setString(i + 1, v[i]);
                }
            }
            ps.addBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void flush(PreparedStatement ps) {
        try {
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POI's event API with its stock handler and formatter: the streaming parse of the floor. */
    static void poi(Path file, Consumer<String[]> sink) throws Exception {
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader r = new XSSFReader(pkg);
            ReadOnlySharedStringsTable sst = new ReadOnlySharedStringsTable(pkg);
            try (InputStream in = r.getSheetsData().next()) {
                var f = SAXParserFactory.newInstance();
                f.setNamespaceAware(true);
                var xr = f.newSAXParser().getXMLReader();
                xr.setContentHandler(new XSSFSheetXMLHandler(r.getStylesTable(), null, sst, new XSSFSheetXMLHandler.SheetContentsHandler() {
                    String[] cur;

                    @Override
                    public void startRow(int rn) {
                        cur = new String[COLS];
                    }

                    @Override
                    public void endRow(int rn) {
                        if (rn > 0) {
                            sink.accept(cur);
                        }
                    }

                    @Override
                    public void cell(String ref, String value, XSSFComment c) {
                        int col = 0;
                        for (int i = 0; i < ref.length() && Character.isLetter(ref.charAt(i)); i++) {
                            col = col * 26 + (ref.charAt(i) - 'A' + 1);
                        }
                        if (col - 1 < COLS) {
                            cur[col - 1] = value;
                        }
                    }
                }, new DataFormatter(), false));
                xr.parse(new InputSource(in));
            }
        }
    }

    // ---------------------------------------------------------------- the service through HTTP

    static Map<String, Double> service(String name, Path jar, Path file, Path work, Map<String, String> latency) throws Exception {
        Map<String, Double> out = new LinkedHashMap<>();
        Path data = Files.createTempDirectory(work, name + "-data-");
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dchainatlas.admin-must-change-password=false"));
        // extra options for the service's JVM (a GC log, a JFR recording) when a run is to be looked into
        String extra = System.getProperty("bench.serviceJvm", "");
        if (!extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("DATASOURCES_") || k.startsWith("CHAINATLAS_"));
        pb.environment().put("CHAINATLAS_DATA_DIR", data.toString());
        pb.environment().put("CHAINATLAS_SEED", "reference");
        pb.environment().put("CHAINATLAS_ADMIN_PASSWORD", PASSWORD);
        pb.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        Path log = work.resolve(name + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        HeapSampler heap = new HeapSampler(p.pid());
        try {
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            awaitHealthy(http, base, p, log);
            heap.start();
            accounted = p.pid();
            String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            out.put(name + ": import commit", rate(name + ": import commit (empty registry)", () -> upload(http, base, auth, file, false)));
            long peakImport = heap.peakMb();
            out.put(name + ": import again (unchanged)", rate(name + ": same file again", () -> upload(http, base, auth, file, false)));
            // the first re-upload is also the first time the service reads a 100,000-row registry's index and compares
            // 100,000 digests: the second shows what that costs once the JVM has compiled that path
            out.put(name + ": import again, second time", rate(name + ": same file again, second time", () -> upload(http, base, auth, file, false)));
            out.put(name + ": dry run", rate(name + ": dry run", () -> upload(http, base, auth, file, true)));
            Path exported = work.resolve(name + "-export.xlsx");
            out.put(name + ": export", rate(name + ": export", () -> {
                HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/enterprises/export.xlsx"))
                        .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofFile(exported));
                check(r.statusCode(), "export");
                return 100_000;
            }));
            long peakExport = heap.peakMb();
            long changes = reimport(http, base, auth, exported);
            System.out.printf(Locale.ROOT, "%s: export re-imported as a dry run: %d inserts or updates; peak heap %d MB during the "
                    + "commit, %d MB up to the end of the export, %d MB over the run (-Xmx256m)%n", name, changes, peakImport, peakExport, heap.peakMb());
            if (pages) {
                pages(name, http, base, auth, file, latency);
            }
            // the service's own account of where each import's writer spent its time
            for (String line : Files.readAllLines(log)) {
                if (line.contains("writer spent")) {
                    System.out.println(name + " log: " + line.substring(Math.max(0, line.indexOf("Import batch"))));
                }
            }
        } finally {
            accounted = ProcessHandle.current().pid();
            heap.stop();
            p.destroy();
            p.waitFor();
        }
        return out;
    }

    /**
     * The registry list and search at 100,000 enterprises: each request of a mix a clerk makes (first and later
     * pages, a city, a tier, a node; names, products, a credit code, a word found nowhere), 20 rounds after 3 rounds
     * of warm-up, timed from request to the last byte of the answer over loopback (an upper bound of server time).
     */
    static void pages(String name, HttpClient http, String base, String auth, Path file, Map<String, String> latency) throws Exception {
        String code = firstCode(file);
        List<String> lists = List.of("page=1&size=20", "page=2&size=20", "page=200&size=20", "city=441900&page=1&size=20",
                "city=" + enc("佛山") + "&page=5&size=50", "tier=" + enc("专精特新") + "&size=20", "node=" + enc("电主轴") + "&size=20",
                "unclassified=true&size=20");
        List<String> searches = List.of("q=" + enc("电主轴"), "q=" + enc("光栅尺"), "q=" + enc("海底光电复合缆"), "q=" + enc("联动机电"),
                "q=" + enc("卓越电子科技"), "q=" + enc("轨道交通"), "q=" + enc("精密"), "q=" + code, "q=" + enc("不存在的词语"),
                "q=" + enc("电主轴") + "&city=" + enc("东莞"), "q=" + enc("减速器") + "&page=3", "q=" + enc("谐波"), "q=RV");
        for (var mix : List.of(Map.entry("list", lists), Map.entry("search", searches))) {
            List<Double> all = new ArrayList<>();
            Map<String, List<Double>> byQuery = new LinkedHashMap<>();
            for (int round = 0; round < 23; round++) {
                for (String query : mix.getValue()) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/enterprises?" + query))
                            .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
                    double ms = (System.nanoTime() - t0) / 1e6;
                    check(r.statusCode(), query + ": " + r.body());
                    if (round >= 3) {
                        all.add(ms);
                        byQuery.computeIfAbsent(query, k -> new ArrayList<>()).add(ms);
                    }
                }
            }
            all.sort(null);
            StringBuilder slow = new StringBuilder();
            byQuery.forEach((query, times) -> {
                times.sort(null);
                slow.append(String.format(Locale.ROOT, "  %s: median %.0f ms, max %.0f ms%n", java.net.URLDecoder.decode(query, StandardCharsets.UTF_8),
                        times.get(times.size() / 2), times.get(times.size() - 1)));
            });
            System.out.print(slow);
            String key = name + ": " + mix.getKey() + " (" + mix.getValue().size() + " kinds × 20, load " + load().split(" ")[0] + ")";
            latency.put(key, String.format(Locale.ROOT, "%.0f | %.0f | %.0f", all.get(all.size() / 2),
                    all.get((int) Math.ceil(all.size() * 0.95) - 1), all.get(all.size() - 1)));
            System.out.println(key + ": p50 / p95 / max ms " + latency.get(key));
        }
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The credit code of the file's first data row (a real code for the exact-code search). */
    static String firstCode(Path file) throws Exception {
        String[] first = new String[1];
        try {
            poi(file, row -> {
                first[0] = row[0];
                throw new IllegalStateException("enough");
            });
        } catch (Exception enough) {
            // stopped after the first row
        }
        return first[0];
    }

    static void awaitHealthy(HttpClient http, String base, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the service exited:\n" + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service was not healthy in 3 minutes:\n" + Files.readString(log));
    }

    static long upload(HttpClient http, String base, String auth, Path file, boolean dryRun) throws Exception {
        String boundary = "----bench" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"registry.xlsx\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/imports?dryRun=" + dryRun))
                .header("Authorization", auth).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail))).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        check(r.statusCode(), r.body().length() > 500 ? r.body().substring(0, 500) : r.body());
        return number(r.body(), "rowsTotal");
    }

    static long reimport(HttpClient http, String base, String auth, Path exported) throws Exception {
        String boundary = "----bench" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"export.xlsx\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/imports?dryRun=true"))
                .header("Authorization", auth).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(exported), HttpRequest.BodyPublishers.ofByteArray(tail))).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        check(r.statusCode(), r.body());
        return number(r.body(), "inserts") + number(r.body(), "updates");
    }

    static long number(String json, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static void check(int status, String what) {
        if (status != 200) {
            throw new IllegalStateException("HTTP " + status + ": " + what);
        }
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }

    /** The service's used heap (eden + survivors + old), sampled every 100 ms with the JDK's jstat. */
    static final class HeapSampler {
        private final long pid;
        private final AtomicLong peakKb = new AtomicLong();
        private Process jstat;

        HeapSampler(long pid) {
            this.pid = pid;
        }

        void start() throws Exception {
            Path tool = Path.of(System.getProperty("java.home"), "bin", "jstat");
            if (!Files.isExecutable(tool)) {
                return;
            }
            jstat = new ProcessBuilder(tool.toString(), "-gc", Long.toString(pid), "100").redirectErrorStream(true).start();
            Thread t = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
                    String header = in.readLine();
                    if (header == null) {
                        return;
                    }
                    List<String> cols = List.of(header.trim().split("\\s+"));
                    String line;
                    while ((line = in.readLine()) != null) {
                        String[] v = line.trim().split("\\s+");
                        if (v.length != cols.size() || v[0].equals(cols.get(0))) {
                            continue;
                        }
                        double used = 0;
                        for (String c : List.of("S0U", "S1U", "EU", "OU")) {
                            used += Double.parseDouble(v[cols.indexOf(c)]);
                        }
                        peakKb.accumulateAndGet((long) used, Math::max);
                    }
                } catch (Exception ignored) {
                    // the service ended
                }
            }, "jstat-reader");
            t.setDaemon(true);
            t.start();
        }

        void reset() {
            peakKb.set(0);
        }

        long peakMb() {
            return peakKb.get() / 1024;
        }

        void stop() {
            if (jstat != null) {
                jstat.destroy();
            }
        }
    }
}
