package cn.chainatlas.matching.bench;

import cn.chainatlas.chain.ChainGraphCache;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
import cn.chainatlas.db.EmbeddedDatabase;
import cn.chainatlas.matching.MatchingService;
import cn.chainatlas.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.jooq.DSLContext;

import java.util.Locale;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.DEMAND;

/**
 * The two cold cases of issue 10 that MatchingBenchmark times with few runs, alone and with more runs: 需求覆盖 of the
 * province and the top 20 matches of the P4 bearing demand, each the first read after a write (data version bumped),
 * on MatchingBenchmark's generated registry. Not a test; prints figures. Arguments: enterprises demands coverageRuns
 * oneRuns (defaults 100000 2000 15 40).
 */
public final class CoverageBenchmark {

    private CoverageBenchmark() {
    }

    public static void main(String[] args) {
        int enterprises = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int demands = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int coverageRuns = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int oneRuns = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        EmbeddedDatabase db = TestDatabase.server();
        Map<String, Object> props = TestDatabase.benchmarkProperties("covbench");
        int status = 0;
        try (ApplicationContext ctx = ApplicationContext.run(props)) {
            DSLContext dsl = ctx.getBean(DSLContext.class);
            MatchingService matching = ctx.getBean(MatchingService.class);
            cn.chainatlas.db.DataVersion version = ctx.getBean(cn.chainatlas.db.DataVersion.class);
            MatchingBenchmark.generate(dsl, ctx.getBean(ChainGraphCache.class).get(), enterprises, demands);
            dsl.execute("analyze table enterprise, enterprise_node, demand");
            String leader = String.format(Locale.ROOT, "BENCH%013d", 0);
            Actor asLeader = new Actor("bench-leader", Role.LEADER, null, leader);
            Actor province = new Actor("bench-province", Role.PROVINCE, null, null);
            long bearing = dsl.select(DEMAND.ID).from(DEMAND).where(DEMAND.LEADER_CREDIT_CODE.eq(leader))
                    .and(DEMAND.NODE_CODE.eq("BEARING")).limit(1).fetchOne(DEMAND.ID);
            for (int i = 0; i < 3; i++) {
                version.bump();
                matching.coverage(province, null, null);
                version.bump();
                matching.matches(asLeader, bearing, 20, false);
            }
            if (Boolean.getBoolean("bench.sql")) {
                sqlVariants(dsl);
            }
            // what stays on the heap while nothing runs: the last coverage's pools (every demanded node's prepared
            // candidates), held until the next version's replace them — what a cold coverage builds anew
            System.gc();
            long held = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            String pidFile = String.valueOf(dsl.fetchValue("select @@pid_file"));
            long server = Long.parseLong(java.nio.file.Files.readString(java.nio.file.Path.of(pidFile)).trim());
            String before = MatchingBenchmark.loadAverage();
            long[] cpu0 = cpu(server);
            long alloc0 = allocated();
            long[] gc0 = collections();
            double[] coverage = MatchingBenchmark.measureCold(coverageRuns, version::bump, () -> matching.coverage(province, null, null));
            long[] cpu1 = cpu(server);
            long alloc1 = allocated();
            long[] gc1 = collections();
            String middle = MatchingBenchmark.loadAverage();
            double[] one = MatchingBenchmark.measureCold(oneRuns, version::bump, () -> matching.matches(asLeader, bearing, 20, false));
            long[] cpu2 = cpu(server);
            long alloc2 = allocated();
            long[] gc2 = collections();
            System.out.println();
            System.out.println("== CoverageBenchmark " + java.time.LocalDateTime.now().withNano(0));
            System.out.println("load average before / between / after: " + before + " / " + middle + " / " + MatchingBenchmark.loadAverage());
            var cov = matching.coverage(province, null, null);
            // the same answer before and after a change: the sums of every count the page shows
            System.out.printf(Locale.ROOT, "coverage: %d demands, Σ 推荐 %d, Σ 推荐 in region %d, Σ 待核实 %d, Σ candidates %d, targets %d, first %s%n",
                    cov.demands().size(), cov.demands().stream().mapToInt(r -> r.recommended()).sum(),
                    cov.demands().stream().mapToInt(r -> r.recommendedInRegion()).sum(),
                    cov.demands().stream().mapToInt(r -> r.verify()).sum(),
                    cov.demands().stream().mapToInt(r -> r.candidates()).sum(),
                    cov.demands().stream().filter(r -> r.target()).count(), cov.demands().get(0).demandId());
            var m = matching.matches(asLeader, bearing, 20, true);
            System.out.printf(Locale.ROOT, "bearing: %s, top %s%n", m.counts(),
                    m.matches().stream().map(x -> x.creditCode() + ":" + x.score()).toList());
            MatchingBenchmark.row("cold demand coverage, province", coverage);
            MatchingBenchmark.row("cold top-20 matches, one demand (BEARING, P4)", one);
            // CPU time used (all threads of this JVM, and the database server), per run: less sensitive to the load of
            // others than the elapsed time
            System.out.printf(Locale.ROOT, "CPU per run, coverage: JVM %.1f ms + server %.1f ms; one demand: JVM %.1f ms + server %.1f ms%n",
                    (cpu1[0] - cpu0[0]) / 1e6 / coverageRuns, (cpu1[1] - cpu0[1]) / 1e6 / coverageRuns,
                    (cpu2[0] - cpu1[0]) / 1e6 / oneRuns, (cpu2[1] - cpu1[1]) / 1e6 / oneRuns);
            // heap allocated per run (all live threads of this JVM, the untimed bump included): independent of the
            // load, and what drives the young collections whose pauses make the single demand's tail
            System.out.printf(Locale.ROOT, "allocated per run: coverage %.1f MB; one demand %.2f MB%n",
                    (alloc1 - alloc0) / 1e6 / coverageRuns, (alloc2 - alloc1) / 1e6 / oneRuns);
            System.out.printf(Locale.ROOT, "heap after a full collection, the last coverage's pools held: %.1f MB%n", held / 1e6);
            // the collections during each phase (JVM uptime in s, for -Xlog:gc's timestamps): how often a pause lands in
            // a run, and how long the young ones take with what the coverage holds while it runs
            System.out.printf(Locale.ROOT, "collections, coverage phase (%.1f–%.1f s): %d young, %d ms in them, %d other; "
                            + "top-20 phase (%.1f–%.1f s): %d young, %d ms, %d other%n",
                    gc0[4] / 1e3, gc1[4] / 1e3, gc1[0] - gc0[0], gc1[1] - gc0[1], gc1[2] - gc0[2],
                    gc1[4] / 1e3, gc2[4] / 1e3, gc2[0] - gc1[0], gc2[1] - gc1[1], gc2[2] - gc1[2]);
        } catch (RuntimeException | java.io.IOException e) {
            e.printStackTrace();
            status = 1;
        }
        db.stop();
        System.exit(status);
    }

    /** Times variants of the candidate read (all demanded nodes, as 需求覆盖 reads them): where the read's time goes. */
    private static void sqlVariants(DSLContext dsl) {
        String nodes = String.join(",", dsl.fetchValues("select distinct node_code from enterprise_node").stream()
                .map(n -> "'" + n + "'").toList());
        String specs = String.join(",", cn.chainatlas.chain.SpecParser.nodesWithFields().stream().map(n -> "'" + n + "'").toList());
        String cols = "e.credit_code, e.name, e.city_code, e.outside_province, en.node_code, en.source, en.confidence, "
                + "e.certifications, e.tier, e.patents, e.revenue, e.rnd_spending, e.capacity_value, e.capacity_unit, e.unwilling";
        String texts = ", case when en.node_code in (" + specs + ") then e.tech_params end, case when en.node_code in (" + specs
                + ") then e.main_products end";
        Map<String, String> q = new java.util.LinkedHashMap<>();
        q.put("current", "select " + cols + ", c.quantity, c.unit" + texts + " from enterprise_node en join enterprise e on "
                + "e.credit_code = en.credit_code left join enterprise_node_capacity c on c.credit_code = en.credit_code and "
                + "c.node_code = en.node_code where en.node_code in (" + nodes + ") and e.status = 'ACTIVE'");
        q.put("enterprise first", "select straight_join " + cols + ", c.quantity, c.unit" + texts + " from enterprise e join enterprise_node en on "
                + "en.credit_code = e.credit_code left join enterprise_node_capacity c on c.credit_code = en.credit_code and "
                + "c.node_code = en.node_code where en.node_code in (" + nodes + ") and e.status = 'ACTIVE'");
        q.put("no capacity join", "select " + cols + texts + " from enterprise_node en join enterprise e on "
                + "e.credit_code = en.credit_code where en.node_code in (" + nodes + ") and e.status = 'ACTIVE'");
        q.put("no texts", "select " + cols + " from enterprise_node en join enterprise e on "
                + "e.credit_code = en.credit_code where en.node_code in (" + nodes + ") and e.status = 'ACTIVE'");
        q.put("node rows only", "select credit_code, node_code, source, confidence from enterprise_node where node_code in (" + nodes + ")");
        q.put("enterprise scan only", "select credit_code, name, city_code, outside_province, certifications, tier, patents, revenue, "
                + "rnd_spending, capacity_value, capacity_unit, unwilling from enterprise where status = 'ACTIVE'");
        for (int round = 0; round < 3; round++) {
            for (Map.Entry<String, String> e : q.entrySet()) {
                long t = System.nanoTime();
                int[] n = new int[1];
                dsl.connection(cn -> {
                    try (java.sql.PreparedStatement ps = cn.prepareStatement(e.getValue(), java.sql.ResultSet.TYPE_FORWARD_ONLY,
                            java.sql.ResultSet.CONCUR_READ_ONLY)) {
                        ps.setFetchSize(Integer.MIN_VALUE);
                        try (java.sql.ResultSet r = ps.executeQuery()) {
                            int cols2 = r.getMetaData().getColumnCount();
                            while (r.next()) {
                                for (int i = 1; i <= cols2; i++) {
                                    r.getString(i);
                                }
                                n[0]++;
                            }
                        }
                    }
                });
                System.out.printf(Locale.ROOT, "sql %-22s %7.1f ms  %d rows  load %s%n", e.getKey(), (System.nanoTime() - t) / 1e6, n[0], MatchingBenchmark.loadAverage());
            }
        }
    }

    /** Bytes allocated so far by the live threads of this JVM (threads that ended are not counted). */
    private static long allocated() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    /** {young collections, ms in them, other collections, ms in them, JVM uptime ms} so far. */
    private static long[] collections() {
        long[] out = new long[5];
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            // G1: "G1 Young Generation" (young and mixed pauses), "G1 Old Generation" (full), "G1 Concurrent GC"
            int at = gc.getName().contains("Young") ? 0 : 2;
            out[at] += Math.max(0, gc.getCollectionCount());
            out[at + 1] += Math.max(0, gc.getCollectionTime());
        }
        out[4] = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        return out;
    }

    /** {JVM CPU ns, server CPU ns} so far. */
    private static long[] cpu(long serverPid) throws java.io.IOException {
        long jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + serverPid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime (fields 14 and 15 of stat; 12 and 13 after the name), in clock ticks of 10 ms
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return new long[]{jvm, ticks * 10_000_000L};
    }

}
