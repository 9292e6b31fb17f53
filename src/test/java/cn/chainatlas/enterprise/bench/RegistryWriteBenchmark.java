package cn.chainatlas.enterprise.bench;

import cn.chainatlas.common.Actor;
import cn.chainatlas.db.EmbeddedDatabase;
import cn.chainatlas.enterprise.RegistryWriter;
import cn.chainatlas.imports.ImportService;
import cn.chainatlas.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;

/**
 * The import writer's database work alone (issue 15): the enterprise and node rows of a 100,000-row import (imported
 * once through the service, read back), written again in one transaction per variant, variants alternating, each
 * timed by wall clock, the writing thread's CPU and the database server's CPU (from /proc). Two experiments:
 * <ul>
 *   <li>{@code paths}: the registry's 1,000-row multi-row inserts against {@code LOAD DATA LOCAL INFILE} fed from
 *       memory ({@link LoadDataRows}), into the real tables (emptied before each variant; the server's purge of the
 *       deleted rows is awaited, so it does not bill the next variant);</li>
 *   <li>{@code order}: multi-row inserts into copies of the tables (no foreign keys) in file order, with each 1,000
 *       or 5,000 rows sorted by credit code, and wholly sorted; and with credit codes compared as ascii_bin instead of
 *       utf8mb4_unicode_ci.</li>
 * </ul>
 * <pre>
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     cn.chainatlas.enterprise.bench.RegistryWriteBenchmark ../shared/bench/registry-100k.xlsx paths|order [rounds]
 * </pre>
 */
public final class RegistryWriteBenchmark {

    private RegistryWriteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "../shared/bench/registry-100k.xlsx");
        String experiment = args.length > 1 ? args[1] : "paths";
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        EmbeddedDatabase db = TestDatabase.server();
        long mysqld = Long.parseLong(Files.readString(db.folder().resolve(EmbeddedDatabase.PID_FILE)).trim());
        Map<String, Object> props = new HashMap<>(TestDatabase.benchmarkProperties("writebench"));
        // LOAD DATA LOCAL needs the driver to offer it in its handshake (LoadDataRows)
        props.put("datasources.default.url", props.get("datasources.default.url") + "&allowLoadLocalInfileInPath="
                + LoadDataRows.NO_FILES);
        props.put("chainatlas.imports.dir", Files.createTempDirectory("writebench-uploads").toString());
        props.put("chainatlas.search.refresh-interval", "1h");
        props.put("chainatlas.admin-must-change-password", "false");
        try (ApplicationContext ctx = ApplicationContext.run(props)) {
            DSLContext dsl = ctx.getBean(DSLContext.class);
            ImportService imports = ctx.getBean(ImportService.class);
            try (InputStream in = Files.newInputStream(file)) {
                imports.importFile(Actor.SYSTEM, imports.receive(file.getFileName().toString(), in), null, false, false);
            }
            List<Field<?>> ec = new ArrayList<>(RegistryWriter.COLUMNS);
            ec.add(ENTERPRISE.CREATED_BATCH_ID);
            List<Field<?>> nc = List.of(ENTERPRISE_NODE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE,
                    ENTERPRISE_NODE.CONFIDENCE, ENTERPRISE_NODE.SOURCE, ENTERPRISE_NODE.MATCHED);
            // read back in key order; the file's own order (the order an import writes) comes from the file
            List<Object[]> sortedE = rows(dsl.select(ec).from(ENTERPRISE).orderBy(ENTERPRISE.CREDIT_CODE).fetch());
            List<Object[]> sortedN = rows(dsl.select(nc).from(ENTERPRISE_NODE)
                    .orderBy(ENTERPRISE_NODE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE).fetch());
            List<Object[]> fileE = inFileOrder(sortedE, fileCodes(file));
            System.out.printf(Locale.ROOT, "%,d enterprise rows, %,d node rows; %d cores; load %s%n", sortedE.size(),
                    sortedN.size(), Runtime.getRuntime().availableProcessors(), load());
            if (experiment.equals("order")) {
                order(dsl, mysqld, rounds, fileE, sortedN, ec, nc);
            } else {
                paths(dsl, mysqld, rounds, fileE, sortedN, ec, nc);
            }
            System.out.println("load after: " + load());
        }
        // the application's executors would keep the JVM alive
        System.exit(0);
    }

    /** Multi-row inserts against LOAD DATA LOCAL, both in file order, into the real tables. */
    static void paths(DSLContext dsl, long mysqld, int rounds, List<Object[]> fileE, List<Object[]> sortedN,
                      List<Field<?>> ec, List<Field<?>> nc) throws Exception {
        List<Object[]> fileN = nodesInOrderOf(sortedN, fileE);
        for (int round = 0; round < rounds; round++) {
            for (String path : round % 2 == 0 ? List.of("multi-row insert", "LOAD DATA LOCAL") : List.of("LOAD DATA LOCAL", "multi-row insert")) {
                dsl.execute("delete from enterprise_search_stale");
                dsl.execute("delete from enterprise");
                awaitPurge(dsl);
                boolean load = path.startsWith("LOAD");
                Writer w = (tx, t, cols, rows) -> {
                    if (load) {
                        LoadDataRows.load(tx, t, cols, rows);
                    } else {
                        multiRowInsert(tx, t, cols, rows);
                    }
                };
                run(dsl, mysqld, path, w, ENTERPRISE, ENTERPRISE_NODE, fileE, fileN, ec, nc);
            }
        }
    }

    /** Key order and key collation, into copies of the tables without foreign keys. */
    static void order(DSLContext dsl, long mysqld, int rounds, List<Object[]> fileE, List<Object[]> sortedN,
                      List<Field<?>> ec, List<Field<?>> nc) throws Exception {
        for (String t : List.of("wb_e_ci", "wb_e_bin", "wb_n_ci", "wb_n_bin")) {
            dsl.execute("drop table if exists " + t);
        }
        dsl.execute("create table wb_e_ci like enterprise");
        dsl.execute("create table wb_e_bin like enterprise");
        dsl.execute("alter table wb_e_bin modify credit_code char(18) character set ascii collate ascii_bin not null");
        dsl.execute("create table wb_n_ci like enterprise_node");
        dsl.execute("create table wb_n_bin like enterprise_node");
        dsl.execute("alter table wb_n_bin modify credit_code char(18) character set ascii collate ascii_bin not null, "
                + "modify node_code varchar(40) character set ascii collate ascii_bin not null");
        Writer insert = RegistryWriteBenchmark::multiRowInsert;
        try {
            for (int round = 0; round < rounds; round++) {
                for (String variant : List.of("file order", "each 1,000 sorted", "each 5,000 sorted", "all sorted",
                        "file order, ascii_bin codes")) {
                    int window = variant.startsWith("each 1,000") ? 1000 : variant.startsWith("each 5,000") ? 5000
                            : variant.startsWith("all") ? fileE.size() : 1;
                    List<Object[]> es = windowSorted(fileE, window);
                    List<Object[]> ns = nodesInOrderOf(sortedN, es);
                    boolean bin = variant.contains("ascii_bin");
                    Table<?> et = DSL.table(DSL.name(bin ? "wb_e_bin" : "wb_e_ci"));
                    Table<?> nt = DSL.table(DSL.name(bin ? "wb_n_bin" : "wb_n_ci"));
                    dsl.execute("truncate table " + et.getName());
                    dsl.execute("truncate table " + nt.getName());
                    run(dsl, mysqld, variant, insert, et, nt, es, ns, ec, nc);
                }
            }
        } finally {
            for (String t : List.of("wb_e_ci", "wb_e_bin", "wb_n_ci", "wb_n_bin")) {
                dsl.execute("drop table if exists " + t);
            }
        }
    }

    interface Writer {
        void write(DSLContext tx, Table<?> table, List<Field<?>> columns, List<Object[]> rows) throws Exception;
    }

    static void run(DSLContext dsl, long mysqld, String label, Writer w, Table<?> et, Table<?> nt, List<Object[]> es,
                    List<Object[]> ns, List<Field<?>> ec, List<Field<?>> nc) {
        long[] e = new long[3];
        long[] n = new long[3];
        long w0 = System.nanoTime();
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            time(e, mysqld, () -> chunks(es, c -> w.write(tx, et, ec, c)));
            time(n, mysqld, () -> chunks(ns, c -> w.write(tx, nt, nc, c)));
        });
        double wall = (System.nanoTime() - w0) / 1e9;
        System.out.printf(Locale.ROOT, "%-28s enterprises %5.2f s (thread CPU %4.2f s, server CPU %4.2f s)   nodes %5.2f s "
                        + "(thread %4.2f, server %4.2f)   thread+server CPU %5.2f s   with commit %5.2f s   load %s%n", label,
                e[0] / 1e9, e[1] / 1e9, e[2] / 1e3, n[0] / 1e9, n[1] / 1e9, n[2] / 1e3,
                (e[1] + n[1]) / 1e9 + (e[2] + n[2]) / 1e3, wall, load());
    }

    interface Step {
        void run() throws Exception;
    }

    static void time(long[] into, long mysqld, Step step) throws Exception {
        var mx = ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long m0 = cpuMillis(mysqld);
        long t0 = System.nanoTime();
        step.run();
        into[0] = System.nanoTime() - t0;
        into[1] = mx.getCurrentThreadCpuTime() - c0;
        into[2] = cpuMillis(mysqld) - m0;
    }

    interface Chunk {
        void accept(List<Object[]> rows) throws Exception;
    }

    static void chunks(List<Object[]> rows, Chunk each) throws Exception {
        for (int from = 0; from < rows.size(); from += 1000) {
            each.accept(rows.subList(from, Math.min(rows.size(), from + 1000)));
        }
    }

    private static Method multiRowInsert;

    /** The registry's own multi-row insert (package-private in enterprise; reached here the only way a benchmark may). */
    static void multiRowInsert(DSLContext tx, Table<?> table, List<Field<?>> columns, List<Object[]> rows) throws Exception {
        if (multiRowInsert == null) {
            Method m = Class.forName("cn.chainatlas.enterprise.MultiRowInsert")
                    .getDeclaredMethod("insert", DSLContext.class, Table.class, List.class, List.class);
            m.setAccessible(true);
            multiRowInsert = m;
        }
        multiRowInsert.invoke(null, tx, table, columns, rows);
    }

    /** Waits (at most a minute) until InnoDB has purged the rows deleted before a variant. */
    static void awaitPurge(DSLContext dsl) throws InterruptedException {
        long until = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < until) {
            Long history = dsl.fetchOne("select count from information_schema.innodb_metrics where name = 'trx_rseg_history_len'").get(0, Long.class);
            if (history == null || history < 100) {
                return;
            }
            Thread.sleep(200);
        }
    }

    /** The credit codes in the order the file gives them (its first column), as the import met them. */
    static List<String> fileCodes(Path file) {
        List<String> codes = new ArrayList<>();
        com.alibaba.excel.EasyExcel.read(file.toFile(), new com.alibaba.excel.read.listener.ReadListener<Map<Integer, String>>() {
            @Override
            public void invoke(Map<Integer, String> row, com.alibaba.excel.context.AnalysisContext context) {
                codes.add(row.get(0));
            }

            @Override
            public void doAfterAllAnalysed(com.alibaba.excel.context.AnalysisContext context) {
            }
        }).sheet().doRead();
        return codes;
    }

    static List<Object[]> inFileOrder(List<Object[]> sorted, List<String> codes) {
        Map<Object, Object[]> byCode = new HashMap<>();
        sorted.forEach(r -> byCode.put(r[0], r));
        List<Object[]> out = new ArrayList<>(sorted.size());
        for (String c : codes) {
            Object[] r = byCode.get(c);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** Rows in their order, each window of {@code window} rows sorted by credit code. */
    static List<Object[]> windowSorted(List<Object[]> rows, int window) {
        if (window <= 1) {
            return rows;
        }
        List<Object[]> out = new ArrayList<>(rows.size());
        for (int from = 0; from < rows.size(); from += window) {
            List<Object[]> w = new ArrayList<>(rows.subList(from, Math.min(rows.size(), from + window)));
            w.sort(Comparator.comparing(r -> (String) r[0]));
            out.addAll(w);
        }
        return out;
    }

    /** Node rows in the order of their enterprises. */
    static List<Object[]> nodesInOrderOf(List<Object[]> nodes, List<Object[]> enterprises) {
        Map<Object, Integer> order = new HashMap<>();
        for (int i = 0; i < enterprises.size(); i++) {
            order.put(enterprises.get(i)[0], i);
        }
        List<Object[]> out = new ArrayList<>(nodes);
        out.sort(Comparator.comparingInt(r -> order.get(r[0])));
        return out;
    }

    static List<Object[]> rows(org.jooq.Result<? extends Record> result) {
        List<Object[]> out = new ArrayList<>(result.size());
        for (Record r : result) {
            out.add(r.intoArray());
        }
        return out;
    }

    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // utime + stime, USER_HZ 100
        } catch (Exception e) {
            return 0;
        }
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }
}
