package cn.chainatlas.matchmaking.bench;

import cn.chainatlas.db.EmbeddedDatabase;
import cn.chainatlas.matchmaking.AllocationPolicy;
import cn.chainatlas.matchmaking.AllocationService;
import cn.chainatlas.matchmaking.AllocationViews;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
import cn.chainatlas.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.jooq.DSLContext;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static cn.chainatlas.db.schema.Tables.CITY;
import static cn.chainatlas.db.schema.Tables.DEMAND;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_LEADER;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;

/**
 * Allocation of one node's local capacity with 50 leaders' demands and 500 suppliers, printed as figures (not a
 * test; docs/benchmarks.md says how to run it). Two cases:
 * <ol>
 *   <li>the flow alone ({@link AllocationPolicy}): every supplier may serve every demand (25,000 supplier → demand
 *       arcs, the dense worst case), random scores, capacities 100–1,500 套 and quantities 1,000–20,000 套, so
 *       capacity is short and the flow has to choose;</li>
 *   <li>end to end ({@link AllocationService#allocation}) on the embedded MariaDB with the reference seeds: 500
 *       bearing makers across Guangdong, 50 leaders with one open bearing demand each; reads the demands and
 *       candidates, ranks them by matching's rules, allocates for the province.</li>
 * </ol>
 * Optional arguments: runs (default 30), {@code --no-db} for the first case only.
 */
public final class AllocationBenchmark {

    private AllocationBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 30;
        boolean db = !Arrays.asList(args).contains("--no-db");
        System.out.println();
        System.out.println("== AllocationBenchmark " + java.time.LocalDateTime.now().withNano(0));
        System.out.printf(Locale.ROOT, "machine: %d cores, JDK %s, max heap %d MB, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, loadAverage());
        pure(runs);
        int status = 0;
        if (db) {
            try {
                endToEnd(runs);
            } catch (RuntimeException e) {
                e.printStackTrace();
                status = 1;
            }
        }
        System.out.println("load average after: " + loadAverage());
        System.exit(status);
    }

    static void pure(int runs) {
        Random rnd = new Random(11);
        List<AllocationPolicy.SupplierIn> suppliers = new ArrayList<>();
        for (int j = 0; j < 500; j++) {
            suppliers.add(new AllocationPolicy.SupplierIn(String.format(Locale.ROOT, "S%03d", j),
                    BigDecimal.valueOf(100 + rnd.nextInt(1401)), "套/年", 0));
        }
        List<AllocationPolicy.DemandIn> demands = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            List<AllocationPolicy.Option> options = new ArrayList<>();
            for (int j = 0; j < 500; j++) {
                options.add(new AllocationPolicy.Option(suppliers.get(j).creditCode(), 30 + rnd.nextInt(701) / 10.0));
            }
            demands.add(new AllocationPolicy.DemandIn(i + 1, "L" + i, BigDecimal.valueOf(1000 + rnd.nextInt(19001)), "套", options));
        }
        AllocationPolicy policy = new AllocationPolicy();
        for (int i = 0; i < 5; i++) {
            policy.allocate(demands, suppliers);
        }
        AllocationPolicy.Result r = policy.allocate(demands, suppliers);
        double[] t = measure(runs, () -> policy.allocate(demands, suppliers));
        System.out.printf(Locale.ROOT, "flow alone: 50 demands × 500 suppliers, 25,000 arcs; demanded %d 套, covered %d (%.1f %%), %d assignments%n",
                r.demanded(), r.covered(), 100.0 * r.covered() / r.demanded(), r.assignments().size());
        row("AllocationPolicy.allocate (flow alone, scaling factor 8)", t);
        for (int factor : new int[]{2, 16, 1}) {
            AllocationPolicy other = new AllocationPolicy(factor);
            other.allocate(demands, suppliers);
            row("  same, scaling factor " + factor + (factor < 2 ? " (no scaling)" : ""), measure(Math.max(5, runs / 3), () -> other.allocate(demands, suppliers)));
        }
    }

    static void endToEnd(int runs) {
        EmbeddedDatabase server = TestDatabase.server();
        Map<String, Object> props = TestDatabase.benchmarkProperties("allocbench");
        try (ApplicationContext ctx = ApplicationContext.run(props)) {
            DSLContext dsl = ctx.getBean(DSLContext.class);
            generate(dsl);
            dsl.execute("analyze table enterprise, enterprise_node, demand");
            AllocationService service = ctx.getBean(AllocationService.class);
            Actor province = new Actor("bench-province", Role.PROVINCE, null, null);
            for (int i = 0; i < 3; i++) {
                service.allocation(province, "CNC", "BEARING", null, null);
            }
            AllocationViews.Allocation a = service.allocation(province, "CNC", "BEARING", null, null);
            double[] t = measure(runs, () -> service.allocation(province, "CNC", "BEARING", null, null));
            System.out.printf(Locale.ROOT, "end to end: %d open bearing demands, %d local suppliers able to serve; demanded %d 套, covered %d (%.1f %%), %d assignments, %d uncovered%n",
                    a.demands(), a.suppliers().size(), a.demanded(), a.covered(), a.coveredShare() == null ? 0 : 100 * a.coveredShare(),
                    a.assignments().size(), a.uncovered().size());
            // cold = the first read after a committed write (data version bumped: nothing kept); warm = repeated read
            cn.chainatlas.db.DataVersion version = ctx.getBean(cn.chainatlas.db.DataVersion.class);
            double[] cold = cn.chainatlas.matching.bench.MatchingBenchmark.measureCold(runs, version::bump,
                    () -> service.allocation(province, "CNC", "BEARING", null, null));
            row("warm GET …/allocation?node=BEARING (province, service call)", t);
            row("cold GET …/allocation?node=BEARING (first read after a write)", cold);
            cn.chainatlas.matching.MatchingService matching = ctx.getBean(cn.chainatlas.matching.MatchingService.class);
            row("  of which, warm: demands and ranked candidates (matching)",
                    measure(runs, () -> matching.eligibleForOpenDemands(province, null, List.of("BEARING"))));
            row("  of which, cold: demands and ranked candidates (matching)",
                    cn.chainatlas.matching.bench.MatchingBenchmark.measureCold(runs, version::bump,
                            () -> matching.eligibleForOpenDemands(province, null, List.of("BEARING"))));
        } finally {
            server.stop();
        }
    }

    /** 50 leaders (CNC) with one open bearing demand each; 500 bearing makers across Guangdong with capacity in 套. */
    static void generate(DSLContext dsl) {
        Random rnd = new Random(20261130);
        List<String> cities = dsl.select(CITY.CODE).from(CITY).orderBy(CITY.CODE).fetch(CITY.CODE);
        String[] tech = {"P4级角接触球轴承", "P2级", "P5级", null, "P4级"};
        String[] certs = {"ISO 9001", "ISO 9001、IATF 16949", null, "ISO 14001"};
        var e = dsl.insertInto(ENTERPRISE, ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, ENTERPRISE.CITY_CODE, ENTERPRISE.MAIN_PRODUCTS,
                ENTERPRISE.IS_LEADER, ENTERPRISE.TITLES, ENTERPRISE.CAPACITY_VALUE, ENTERPRISE.CAPACITY_UNIT, ENTERPRISE.TECH_PARAMS,
                ENTERPRISE.CERTIFICATIONS, ENTERPRISE.TIER);
        var en = dsl.insertInto(ENTERPRISE_NODE, ENTERPRISE_NODE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE, ENTERPRISE_NODE.CONFIDENCE,
                ENTERPRISE_NODE.SOURCE);
        for (int i = 0; i < 50; i++) {
            e.values(credit(i), "基准链主" + i, cities.get(i % cities.size()), "数控机床", true, "链主", null, null, null, "ISO 9001", null);
        }
        for (int j = 0; j < 500; j++) {
            int i = 50 + j;
            e.values(credit(i), "基准轴承企业" + j, cities.get(rnd.nextInt(cities.size())), "精密轴承", false, null,
                    BigDecimal.valueOf(100 + rnd.nextInt(4901)), "套/年", tech[rnd.nextInt(tech.length)], certs[rnd.nextInt(certs.length)],
                    rnd.nextInt(5) == 0 ? "专精特新" : null);
            en.values(credit(i), "BEARING", BigDecimal.valueOf(0.6 + rnd.nextInt(40) / 100.0), "CLASSIFIED");
        }
        e.execute();
        en.execute();
        var l = dsl.insertInto(ENTERPRISE_LEADER, ENTERPRISE_LEADER.CREDIT_CODE, ENTERPRISE_LEADER.CHAIN_CODE,
                ENTERPRISE_LEADER.SOURCE, ENTERPRISE_LEADER.DECLARED_BY);
        for (int i = 0; i < 50; i++) {
            l.values(credit(i), "CNC", "MANUAL", "bench");
        }
        l.execute();
        var d = dsl.insertInto(DEMAND, DEMAND.LEADER_CREDIT_CODE, DEMAND.NODE_CODE, DEMAND.ANNUAL_QUANTITY, DEMAND.QUANTITY_UNIT,
                DEMAND.ANNUAL_VALUE, DEMAND.SPEC_FIELDS, DEMAND.REQUIRED_CERTIFICATIONS, DEMAND.SOURCE_LOCAL,
                DEMAND.SOURCE_GUANGDONG, DEMAND.SOURCE_OTHER_PROVINCE, DEMAND.SOURCE_IMPORT);
        for (int i = 0; i < 50; i++) {
            boolean p4 = i % 3 == 0;
            d.values(credit(i), "BEARING", BigDecimal.valueOf(1000 + rnd.nextInt(19001)), "套", BigDecimal.valueOf(500),
                    p4 ? "{\"precisionClass\":\"P4\"}" : null, i % 2 == 0 ? "ISO 9001" : null,
                    BigDecimal.ZERO, BigDecimal.valueOf(20), BigDecimal.valueOf(30), BigDecimal.valueOf(50));
        }
        d.execute();
    }

    private static String credit(int i) {
        return String.format(Locale.ROOT, "ALLOC%013d", i);
    }

    static double[] measure(int runs, Supplier<?> call) {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            call.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    static void row(String what, double[] ms) {
        System.out.printf(Locale.ROOT, "%-58s p50 %7.1f ms  p95 %7.1f ms  min %7.1f ms  (%d runs)%n", what,
                ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.95) - 1], ms[0], ms.length);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
