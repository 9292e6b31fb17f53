package cn.chainatlas.imports;

import cn.chainatlas.db.EmbeddedDatabase;
import cn.chainatlas.db.SeedFiles;
import cn.chainatlas.enterprise.EnterpriseFilter;
import cn.chainatlas.enterprise.RegistryExport;
import cn.chainatlas.excel.RegistryGenerator;
import cn.chainatlas.excel.RowSink;
import cn.chainatlas.excel.SpreadsheetReader;
import cn.chainatlas.common.Actor;
import io.micronaut.context.ApplicationContext;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static cn.chainatlas.db.schema.Tables.CHAIN_EDGE;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE_ALIAS;
import static cn.chainatlas.db.schema.Tables.CITY;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;
import static cn.chainatlas.db.schema.Tables.IMPORT_BATCH;
import static cn.chainatlas.db.schema.Tables.REGION;

/**
 * BENCHMARK entry point (not a test): imports a generated registry end to end and measures, in the same run on
 * the same file, the floor — a bare streaming parse plus a bare batched insert of the same rows — then exports it.
 * Prints rows/s and peak heap for docs/benchmarks.md. Run with {@code -Xmx256m}:
 * <pre>java -Xmx256m -cp target/classes:$(cat target/cp.txt) cn.chainatlas.imports.ImportBench [rows] [workdir]</pre>
 */
public final class ImportBench {

    private ImportBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path work = Path.of(args.length > 1 ? args[1] : "target/bench").toAbsolutePath();
        Files.createDirectories(work);
        Path file = work.resolve("registry-" + rows + ".xlsx");
        if (!Files.exists(file)) {
            try (OutputStream out = Files.newOutputStream(file)) {
                RegistryGenerator.write(rows, 42, false, RegistryGenerator.loadNodes(), out);
            }
        }
        System.out.printf("file: %s, %d rows, %.1f MB%n", file, rows, Files.size(file) / 1048576.0);
        System.out.printf("JVM: %s, max heap %d MB, %d cores%n", System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / 1048576, Runtime.getRuntime().availableProcessors());
        EmbeddedDatabase db = EmbeddedDatabase.start(work.resolve("db-" + System.currentTimeMillis()));
        Map<String, Object> props = new HashMap<>(db.datasourceProperties());
        props.put("chainatlas.seed", "none");
        props.put("chainatlas.seed-on-start", "false");
        props.put("chainatlas.admin-password", "bench-only-password");
        props.put("chainatlas.imports.dir", work.resolve("uploads").toString());
        props.put("micronaut.server.port", "-1");
        props.put("micronaut.security.token.jwt.signatures.secret.generator.secret", "bench-secret-bench-secret-bench-secret-0123456789");
        try (ApplicationContext ctx = ApplicationContext.builder().properties(props).start()) {
            DSLContext dsl = ctx.getBean(DSLContext.class);
            loadReferenceTables(dsl);
            ImportService imports = ctx.getBean(ImportService.class);

            // warm-up on a small file so class loading and JIT are not in the figures
            Path small = work.resolve("registry-warmup.xlsx");
            try (OutputStream out = Files.newOutputStream(small)) {
                RegistryGenerator.write(3000, 7, false, RegistryGenerator.loadNodes(), out);
            }
            imports.importFile(Actor.SYSTEM, receive(imports, small), null, false, false);
            parseOnly(small);
            dsl.deleteFrom(IMPORT_BATCH).execute();
            dsl.deleteFrom(ENTERPRISE_NODE).execute();
            dsl.deleteFrom(ENTERPRISE).execute();

            // floor 1: bare streaming parse
            Heap.reset();
            long t0 = System.nanoTime();
            List<String[]> parsed = new ArrayList<>(rows);
            long parsedRows = parseInto(file, parsed);
            double parseS = (System.nanoTime() - t0) / 1e9;
            System.out.printf("floor parse: %d rows in %.2f s = %.0f rows/s%n", parsedRows, parseS, parsedRows / parseS);

            // floor 2: bare batched insert of the same rows (1,000-row multi-row inserts, no lookups, no nodes)
            dsl.execute("create table bench_floor like enterprise");
            long t1 = System.nanoTime();
            bareInsert(dsl, parsed);
            double insertS = (System.nanoTime() - t1) / 1e9;
            parsed.clear();
            parsed = null;
            System.out.printf("floor insert: %d rows in %.2f s = %.0f rows/s%n", parsedRows, insertS, parsedRows / insertS);
            double floor = parseS + insertS;
            System.out.printf("floor total: %.2f s = %.0f rows/s%n", floor, parsedRows / floor);
            dsl.execute("drop table bench_floor");
            System.gc();

            // end to end: parse, validate, classify, look up, snapshot for rollback, write
            Heap.reset();
            Heap sampler = Heap.start();
            long t2 = System.nanoTime();
            ImportResult r = imports.importFile(Actor.SYSTEM, receive(imports, file), null, false, false);
            double e2e = (System.nanoTime() - t2) / 1e9;
            sampler.stop();
            System.out.printf("end to end (commit into empty registry): %d rows (%d valid, %d inserts, %d unclassified) in %.2f s = %.0f rows/s;"
                            + " peak heap used %d MB (sampled), pool peaks %d MB; ratio to floor %.2f%n",
                    r.rowsTotal(), r.rowsValid(), r.inserts(), r.unclassified(), e2e, r.rowsTotal() / e2e,
                    sampler.max / 1048576, Heap.poolPeaks() / 1048576, e2e / floor);

            Heap.reset();
            sampler = Heap.start();
            long t3 = System.nanoTime();
            ImportResult again = imports.importFile(Actor.SYSTEM, receive(imports, file), null, false, false);
            double againS = (System.nanoTime() - t3) / 1e9;
            sampler.stop();
            System.out.printf("same file again (all unchanged: %d): %.2f s = %.0f rows/s, peak heap %d MB%n",
                    again.unchanged(), againS, again.rowsTotal() / againS, sampler.max / 1048576);

            Heap.reset();
            sampler = Heap.start();
            long t4 = System.nanoTime();
            ImportResult dry = imports.importFile(Actor.SYSTEM, receive(imports, file), null, true, false);
            double dryS = (System.nanoTime() - t4) / 1e9;
            sampler.stop();
            System.out.printf("dry run: %.2f s = %.0f rows/s, peak heap %d MB%n", dryS, dry.rowsTotal() / dryS, sampler.max / 1048576);

            RegistryExport export = ctx.getBean(RegistryExport.class);
            Heap.reset();
            sampler = Heap.start();
            Path out = work.resolve("export.xlsx");
            long t5 = System.nanoTime();
            int exported;
            try (OutputStream os = Files.newOutputStream(out)) {
                exported = export.export(Actor.SYSTEM, new EnterpriseFilter(null, null, null, null, false), os);
            }
            double exportS = (System.nanoTime() - t5) / 1e9;
            sampler.stop();
            System.out.printf("export: %d rows in %.2f s = %.0f rows/s, peak heap %d MB, %.1f MB file%n",
                    exported, exportS, exported / exportS, sampler.max / 1048576, Files.size(out) / 1048576.0);
            ImportResult back = imports.importFile(Actor.SYSTEM, receive(imports, out), null, true, false);
            System.out.printf("export re-imported (dry run): %d inserts, %d updates, %d unchanged, %d rejected%n",
                    back.inserts(), back.updates(), back.unchanged(), back.rowsRejected());
        } finally {
            db.stop();
        }
    }

    private static ImportService.Upload receive(ImportService imports, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return imports.receive(file.getFileName().toString(), in);
        }
    }

    private static long parseOnly(Path file) {
        return parseInto(file, null);
    }

    private static long parseInto(Path file, List<String[]> into) {
        AtomicLong n = new AtomicLong();
        SpreadsheetReader.read(file, file.getFileName().toString(), new RowSink() {
            boolean header;

            @Override
            public void startSheet(String name, int estimatedRows) {
            }

            @Override
            public void row(int rowNo, String[] cells, byte[] kinds) {
                if (!header) {
                    header = true;
                    return;
                }
                n.incrementAndGet();
                if (into != null) {
                    into.add(cells);
                }
            }

            @Override
            public void endSheet(String name, List<String> merges) {
            }
        });
        return n.get();
    }

    /** The same rows as text into a copy of the enterprise table, 1,000 per multi-row insert: what writing costs at least. */
    private static void bareInsert(DSLContext dsl, List<String[]> rows) {
        Table<?> t = DSL.table(DSL.name("bench_floor"));
        String[] names = {"credit_code", "name", "outside_province", "district", "size_class", "main_products", "explicit_nodes",
                "certifications", "titles", "revenue", "rnd_spending", "employees", "patents", "capacity_unit", "tech_params",
                "contact_name", "contact_phone", "founded_on"};
        int[] source = {0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18};
        List<Field<Object>> fields = new ArrayList<>();
        for (String n : names) {
            fields.add(DSL.field(DSL.name(n), SQLDataType.OTHER));
        }
        for (int from = 0; from < rows.size(); from += 1000) {
            InsertValuesStepN<?> insert = dsl.insertInto(t, fields);
            for (String[] r : rows.subList(from, Math.min(rows.size(), from + 1000))) {
                Object[] v = new Object[source.length];
                for (int i = 0; i < source.length; i++) {
                    v[i] = source[i] < r.length ? r[source[i]] : null;
                }
                v[0] = v[0] == null ? null : ((String) v[0]).substring(0, Math.min(18, ((String) v[0]).length()));
                v[2] = null; // the city column holds a name here; the floor does not look it up
                if (v[4] != null && ((String) v[4]).length() > 2) {
                    v[4] = null;
                }
                if (v[13] != null && ((String) v[13]).length() > 20) {
                    v[13] = null;
                }
                insert = insert.values(v);
            }
            insert.execute();
        }
    }

    /** Peak heap: the sum of the heap pools' peaks since a reset, and a 20 ms sampler of used heap. */
    static final class Heap implements Runnable {
        volatile boolean running = true;
        volatile long max;
        private Thread thread;

        static void reset() {
            System.gc();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    p.resetPeakUsage();
                }
            }
        }

        static long poolPeaks() {
            long sum = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    sum += p.getPeakUsage().getUsed();
                }
            }
            return sum;
        }

        static Heap start() {
            Heap h = new Heap();
            h.thread = new Thread(h, "heap-sampler");
            h.thread.setDaemon(true);
            h.thread.start();
            return h;
        }

        @Override
        public void run() {
            Runtime rt = Runtime.getRuntime();
            while (running) {
                max = Math.max(max, rt.totalMemory() - rt.freeMemory());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    /** Cities and chain nodes (with aliases and edges) straight from seeds/, for the benchmark and tests only. */
    @SuppressWarnings("unchecked")
    public static void loadReferenceTables(DSLContext dsl) throws IOException {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        if (dsl.fetchCount(CITY) == 0) {
            try (InputStream in = SeedFiles.file("geo/cities.yaml").open()) {
                Map<String, Object> geo = yaml.load(in);
                for (Map<String, Object> r : (List<Map<String, Object>>) geo.get("regions")) {
                    dsl.insertInto(REGION).set(REGION.CODE, (String) r.get("code")).set(REGION.NAME, (String) r.get("name")).execute();
                }
                for (Map<String, Object> c : (List<Map<String, Object>>) geo.get("cities")) {
                    dsl.insertInto(CITY).set(CITY.CODE, String.valueOf(c.get("code"))).set(CITY.NAME, (String) c.get("name"))
                            .set(CITY.REGION_CODE, (String) c.get("region")).execute();
                }
            }
        }
        if (dsl.fetchCount(CHAIN_NODE) == 0) {
            List<Map<String, Object>> all = new ArrayList<>();
            for (SeedFiles.SeedFile f : SeedFiles.list("chains", ".yaml")) {
                try (InputStream in = f.open()) {
                    Map<String, Object> root = yaml.load(in);
                    all.addAll((List<Map<String, Object>>) root.getOrDefault("nodes", List.of()));
                }
            }
            for (Map<String, Object> n : all) {
                dsl.insertInto(CHAIN_NODE).set(CHAIN_NODE.CODE, (String) n.get("code")).set(CHAIN_NODE.NAME, (String) n.get("name"))
                        .set(CHAIN_NODE.LEVEL, (String) n.get("level")).onDuplicateKeyIgnore().execute();
            }
            for (Map<String, Object> n : all) {
                for (Object a : (List<Object>) n.getOrDefault("aliases", List.of())) {
                    dsl.insertInto(CHAIN_NODE_ALIAS).set(CHAIN_NODE_ALIAS.NODE_CODE, (String) n.get("code"))
                            .set(CHAIN_NODE_ALIAS.ALIAS, String.valueOf(a)).onDuplicateKeyIgnore().execute();
                }
                for (Object p : (List<Object>) n.getOrDefault("parts", List.of())) {
                    dsl.insertInto(CHAIN_EDGE).set(CHAIN_EDGE.PARENT_CODE, (String) n.get("code"))
                            .set(CHAIN_EDGE.CHILD_CODE, String.valueOf(p)).onDuplicateKeyIgnore().execute();
                }
            }
        }
    }
}
