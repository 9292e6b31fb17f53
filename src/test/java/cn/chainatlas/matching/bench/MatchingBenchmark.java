package cn.chainatlas.matching.bench;

import cn.chainatlas.chain.ChainGraph;
import cn.chainatlas.chain.ChainGraphCache;
import cn.chainatlas.db.EmbeddedDatabase;
import cn.chainatlas.matching.MatchViews;
import cn.chainatlas.matching.MatchingService;
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
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;

/**
 * Matching with 100,000 enterprises and 2,000 open demands on the real seeds, printed as figures (not a test;
 * docs/benchmarks.md says how to run it). Cases: the top 20 matches of one demand (a P4 bearing demand, the node with
 * the most candidates, ~3,000 of them), all 20 demands of one leader, and 需求覆盖 for the province (every open demand
 * ranked). Optional arguments: enterprises demands runs (defaults 100000 2000 30).
 */
public final class MatchingBenchmark {

    private static final String[] TIERS = {"单项冠军", "专精特新小巨人", "专精特新", "高新技术企业"};
    private static final String[] BEARING_TECH = {"P0级", "P6级", "P5级", "P4级角接触球轴承", "P2级", null, null, "深沟球轴承"};
    private static final String[] CERTS = {"ISO 9001", "ISO 9001、IATF 16949", "ISO 14001", null, "ISO 9001、ISO 14001", "AS9100"};

    private MatchingBenchmark() {
    }

    public static void main(String[] args) {
        int enterprises = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int demands = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        EmbeddedDatabase db = TestDatabase.server();
        Map<String, Object> props = TestDatabase.benchmarkProperties("matchbench");
        int status = 0;
        try (ApplicationContext ctx = ApplicationContext.run(props)) {
            DSLContext dsl = ctx.getBean(DSLContext.class);
            ChainGraph graph = ctx.getBean(ChainGraphCache.class).get();
            MatchingService matching = ctx.getBean(MatchingService.class);
            // cold = the first read after a committed write (a new data version: nothing kept), warm = a repeated read
            cn.chainatlas.db.DataVersion version = ctx.getBean(cn.chainatlas.db.DataVersion.class);
            Runnable write = version::bump;

            long t0 = System.nanoTime();
            int[] generated = generate(dsl, graph, enterprises, demands);
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            dsl.execute("analyze table enterprise, enterprise_node, demand");
            String leader = credit(0);
            Actor asLeader = new Actor("bench-leader", Role.LEADER, null, leader);
            Actor province = new Actor("bench-province", Role.PROVINCE, null, null);
            long bearing = dsl.select(DEMAND.ID).from(DEMAND).where(DEMAND.LEADER_CREDIT_CODE.eq(leader))
                    .and(DEMAND.NODE_CODE.eq("BEARING")).limit(1).fetchOne(DEMAND.ID);
            List<Long> own = dsl.select(DEMAND.ID).from(DEMAND).where(DEMAND.LEADER_CREDIT_CODE.eq(leader)).fetch(DEMAND.ID);
            String loadBefore = loadAverage();

            for (int i = 0; i < 5; i++) {
                matching.matches(asLeader, bearing, 20, false);
                own.forEach(id -> matching.matches(asLeader, id, 20, false));
            }
            matching.coverage(province, null, null);
            MatchViews.MatchList sample = matching.matches(asLeader, bearing, 20, true);
            double[] one = measure(runs, () -> matching.matches(asLeader, bearing, 20, false));
            double[] leaderAll = measure(Math.max(10, runs / 2), () -> {
                own.forEach(id -> matching.matches(asLeader, id, 20, false));
                return null;
            });
            double[] coverage = measure(10, () -> matching.coverage(province, null, null));
            double[] oneCold = measureCold(10, write, () -> matching.matches(asLeader, bearing, 20, false));
            double[] leaderAllCold = measureCold(5, write, () -> {
                own.forEach(id -> matching.matches(asLeader, id, 20, false));
                return null;
            });
            double[] coverageCold = measureCold(3, write, () -> matching.coverage(province, null, null));
            // cold after a demand's edit: a write to the demand side, which moves the figures' version and not the
            // registry's (db.DataVersion.Topic), so the nodes' prepared candidates are kept
            long[] edits = {0};
            Runnable demandEdit = () -> dsl.update(DEMAND).set(DEMAND.NOTE, "bench edit " + (++edits[0]))
                    .where(DEMAND.ID.eq(own.get(own.size() - 1))).execute();
            double[] oneDemandEdit = measureCold(10, demandEdit, () -> matching.matches(asLeader, bearing, 20, false));
            double[] leaderAllDemandEdit = measureCold(5, demandEdit, () -> {
                own.forEach(id -> matching.matches(asLeader, id, 20, false));
                return null;
            });
            double[] coverageDemandEdit = measureCold(3, demandEdit, () -> matching.coverage(province, null, null));
            // after a bureau's edit of one enterprise (a bearing maker's 技术参数, through EnterpriseService as the page
            // and the API do): the registry's version moves, with that enterprise named (db.DataVersion#enterprisesChanged),
            // so the kept pools re-read it alone; the "cold" rows above are the same reads after a write that named nothing
            cn.chainatlas.enterprise.EnterpriseService registry = ctx.getBean(cn.chainatlas.enterprise.EnterpriseService.class);
            String edited = dsl.select(cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE.CREDIT_CODE)
                    .from(cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE)
                    .where(cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE.NODE_CODE.eq("BEARING")).limit(1)
                    .fetchOne(cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE.CREDIT_CODE);
            Runnable enterpriseEdit = () -> registry.update(province, edited, new cn.chainatlas.enterprise.EnterpriseEdit(
                    null, null, null, null, null, null, null, null, null, null, null, null, null,
                    "P" + (++edits[0] % 2 == 0 ? "4" : "5") + "级角接触球轴承", null, null, null, null, null));
            double[] oneEnterpriseEdit = measureCold(10, enterpriseEdit, () -> matching.matches(asLeader, bearing, 20, false));
            double[] leaderAllEnterpriseEdit = measureCold(5, enterpriseEdit, () -> {
                own.forEach(id -> matching.matches(asLeader, id, 20, false));
                return null;
            });
            double[] coverageEnterpriseEdit = measureCold(3, enterpriseEdit, () -> matching.coverage(province, null, null));
            MatchViews.Coverage cov = matching.coverage(province, null, null);
            // issue 12: the gap report of the largest chain for the province (assembled, then written as the workbook
            // and the Word report, each as a download would), goal < 3 s
            cn.chainatlas.report.ReportService reports = ctx.getBean(cn.chainatlas.report.ReportService.class);
            String largest = graph.chains().keySet().stream()
                    .max(java.util.Comparator.comparingInt((String c) -> graph.view(c).members().size())).orElseThrow();
            int largestNodes = graph.view(largest).members().size();
            reports.download(province, largest, "province", "xlsx");
            long heapBefore = heapAfterGc();
            resetPeaks();
            double[] reportXlsx = measure(5, () -> reports.download(province, largest, "province", "xlsx"));
            double[] reportDocx = measure(5, () -> reports.download(province, largest, "province", "docx"));
            double[] reportXlsxCold = measureCold(3, write, () -> reports.download(province, largest, "province", "xlsx"));
            double[] reportDocxCold = measureCold(3, write, () -> reports.download(province, largest, "province", "docx"));
            long heapPeak = peakHeap();
            long heapAfter = heapAfterGc();
            reports.download(province, "all", "province", "xlsx");
            double[] overview = measure(3, () -> reports.download(province, "all", "province", "xlsx"));
            double[] overviewCold = measureCold(2, write, () -> reports.download(province, "all", "province", "xlsx"));

            System.out.println();
            System.out.println("== MatchingBenchmark " + java.time.LocalDateTime.now().withNano(0));
            System.out.printf(Locale.ROOT, "machine: %d cores, JDK %s, %s, max heap %d MB%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    dsl.fetchValue("select version()"), Runtime.getRuntime().maxMemory() >> 20);
            System.out.println("load average before/after (other builds share the machine): " + loadBefore + " / " + loadAverage());
            System.out.printf(Locale.ROOT, "data: %d enterprises, %d enterprise-node rows, %d open demands (%d of the measured leader); generated in %.1f s%n",
                    dsl.fetchCount(ENTERPRISE), generated[0], dsl.fetchCount(DEMAND), own.size(), loadSeconds);
            System.out.printf(Locale.ROOT, "bearing demand: %d candidates (%d 推荐, %d 待核实, %d 不推荐, %d excluded)%n",
                    sample.counts().candidates(), sample.counts().recommended(), sample.counts().verify(),
                    sample.counts().notRecommended(), sample.counts().excluded());
            System.out.println("warm = repeated read, nothing written since; cold = first read after a registry write (both data"
                    + " versions bumped, nothing said of what changed); after a demand edit = first read after another demand's"
                    + " note was edited; after an enterprise edit = first read after a bureau edited one bearing maker's 技术参数");
            row("warm top-20 matches, one demand (BEARING, P4)", one);
            row("cold top-20 matches, one demand (BEARING, P4)", oneCold);
            row("after a demand edit: top-20 matches, one demand", oneDemandEdit);
            row("after an enterprise edit: top-20 matches, one demand", oneEnterpriseEdit);
            row("warm all demands of one leader (" + own.size() + ")", leaderAll);
            row("cold all demands of one leader (" + own.size() + ")", leaderAllCold);
            row("after a demand edit: all demands of one leader", leaderAllDemandEdit);
            row("after an enterprise edit: all demands of one leader", leaderAllEnterpriseEdit);
            row("warm demand coverage, province (" + cov.demands().size() + " open demands)", coverage);
            row("cold demand coverage, province", coverageCold);
            row("after a demand edit: demand coverage, province", coverageDemandEdit);
            row("after an enterprise edit: demand coverage, province", coverageEnterpriseEdit);
            row("warm gap report workbook, " + largest + " (" + largestNodes + " nodes), province", reportXlsx);
            row("cold gap report workbook, " + largest, reportXlsxCold);
            row("warm gap report Word, " + largest + ", province", reportDocx);
            row("cold gap report Word, " + largest, reportDocxCold);
            row("warm province overview workbook, all " + graph.chains().size() + " chains", overview);
            row("cold province overview workbook", overviewCold);
            System.out.printf(Locale.ROOT, "heap used after GC before / after the 10 reports: %d / %d MB; peak during them %d MB%n",
                    heapBefore >> 20, heapAfter >> 20, heapPeak >> 20);
        } catch (RuntimeException e) {
            e.printStackTrace();
            status = 1;
        }
        db.stop();
        System.exit(status);
    }

    /**
     * Like the gap benchmark's registry (80 % in seven Pearl River Delta cities, 5 % outside Guangdong, a fifth with a
     * tier, 60 % with capacity), with certifications and 技术参数; 3 % of the enterprises also make bearings (so the
     * bearing node has ~3,000 candidates, most of them stating a class below P4). 200 leaders; leader 0 has 20 demands,
     * the rest are spread over the other leaders' random parts.
     */
    static int[] generate(DSLContext dsl, ChainGraph graph, int enterprises, int demands) {
        Random rnd = new Random(20261130);
        List<String> cities = dsl.select(CITY.CODE).from(CITY).orderBy(CITY.CODE).fetch(CITY.CODE);
        List<String> heavy = List.of("440100", "440300", "441900", "440600", "442000", "441300", "440400");
        List<String> nodes = new ArrayList<>(graph.nodes().keySet());
        List<String> roots = graph.chains().values().stream().flatMap(c -> c.roots().stream()).distinct().toList();
        List<String> parts = nodes.stream().filter(n -> !roots.contains(n)).toList();
        int leaders = Math.max(1, enterprises / 500);
        int classified = 0;
        int chunk = 2000;
        for (int start = 0; start < enterprises; start += chunk) {
            var e = dsl.insertInto(ENTERPRISE, ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, ENTERPRISE.CITY_CODE,
                    ENTERPRISE.OUTSIDE_PROVINCE, ENTERPRISE.MAIN_PRODUCTS, ENTERPRISE.TIER, ENTERPRISE.IS_LEADER,
                    ENTERPRISE.CAPACITY_VALUE, ENTERPRISE.CAPACITY_UNIT, ENTERPRISE.TECH_PARAMS, ENTERPRISE.CERTIFICATIONS,
                    ENTERPRISE.REVENUE, ENTERPRISE.RND_SPENDING, ENTERPRISE.PATENTS, ENTERPRISE.PUBLIC_CONSENT);
            var en = dsl.insertInto(ENTERPRISE_NODE, ENTERPRISE_NODE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE,
                    ENTERPRISE_NODE.CONFIDENCE, ENTERPRISE_NODE.SOURCE);
            for (int i = start; i < Math.min(enterprises, start + chunk); i++) {
                boolean leader = i < leaders;
                boolean outside = rnd.nextInt(20) == 0;
                String city = leader ? "441900" : outside ? null : rnd.nextInt(10) < 8 ? heavy.get(rnd.nextInt(heavy.size()))
                        : cities.get(rnd.nextInt(cities.size()));
                double t = rnd.nextDouble();
                String tier = t < 0.01 ? TIERS[0] : t < 0.04 ? TIERS[1] : t < 0.12 ? TIERS[2] : t < 0.30 ? TIERS[3] : null;
                boolean bearing = !leader && rnd.nextInt(100) < 3;
                boolean capacity = rnd.nextInt(10) < 6;
                e.values(credit(i), "基准企业" + i, city, outside ? "江苏" : null, bearing ? "精密轴承" : "产品" + i, tier, leader,
                        capacity ? BigDecimal.valueOf(100 + rnd.nextInt(50_000)) : null, capacity ? "套/年" : null,
                        bearing ? BEARING_TECH[rnd.nextInt(BEARING_TECH.length)] : null, CERTS[rnd.nextInt(CERTS.length)],
                        BigDecimal.valueOf(1000 + rnd.nextInt(100_000)), BigDecimal.valueOf(rnd.nextInt(5_000)), rnd.nextInt(40),
                        rnd.nextInt(4) == 0);
                List<String> own = new ArrayList<>();
                own.add(leader ? roots.get(rnd.nextInt(roots.size())) : bearing ? "BEARING" : nodes.get(rnd.nextInt(nodes.size())));
                if (rnd.nextBoolean()) {
                    String second = parts.get(rnd.nextInt(parts.size()));
                    if (!own.contains(second)) {
                        own.add(second);
                    }
                }
                for (String n : own) {
                    en.values(credit(i), n, BigDecimal.valueOf(0.6 + rnd.nextInt(40) / 100.0), "CLASSIFIED");
                    classified++;
                }
            }
            e.execute();
            en.execute();
        }
        dsl.update(ENTERPRISE).set(ENTERPRISE.TITLES, "链主").where(ENTERPRISE.IS_LEADER.isTrue()).execute();
        var d = dsl.insertInto(DEMAND, DEMAND.LEADER_CREDIT_CODE, DEMAND.NODE_CODE, DEMAND.ANNUAL_QUANTITY,
                DEMAND.QUANTITY_UNIT, DEMAND.ANNUAL_VALUE, DEMAND.SPEC_FIELDS, DEMAND.REQUIRED_CERTIFICATIONS,
                DEMAND.EXCLUDED_REGIONS, DEMAND.SOURCE_LOCAL, DEMAND.SOURCE_GUANGDONG, DEMAND.SOURCE_OTHER_PROVINCE,
                DEMAND.SOURCE_IMPORT);
        List<String> specNodes = List.of("BEARING", "ELECTRIC_SPINDLE", "GRATING_SCALE", "ENCODER", "SUBSEA_CABLE");
        Map<String, String> specs = Map.of("BEARING", "{\"precisionClass\":\"P4\"}", "ELECTRIC_SPINDLE", "{\"maxSpeed\":\"24000 r/min\"}",
                "GRATING_SCALE", "{\"linearResolution\":\"0.1 µm\"}", "ENCODER", "{\"rotaryResolution\":\"23 bit\"}",
                "SUBSEA_CABLE", "{\"ratedVoltage\":\"127/220 kV（交流）\"}");
        for (int i = 0; i < demands; i++) {
            // leader 0 gets 20 demands: the bearing one and 19 others (5 of them on nodes with structured specs)
            String leader = i < 20 ? credit(0) : credit(1 + rnd.nextInt(leaders - 1));
            String node = i == 0 ? "BEARING" : i < 5 ? specNodes.get(i) : parts.get(rnd.nextInt(parts.size()));
            int local = rnd.nextInt(40);
            int gd = rnd.nextInt(100 - local);
            int other = rnd.nextInt(100 - local - gd + 1);
            d.values(leader, node, BigDecimal.valueOf(100 + rnd.nextInt(20_000)), "套", BigDecimal.valueOf(10 + rnd.nextInt(20_000)),
                    specs.get(node), i == 0 || rnd.nextInt(3) == 0 ? "ISO 9001" : null, i == 0 ? "OUTSIDE" : null,
                    BigDecimal.valueOf(local), BigDecimal.valueOf(gd), BigDecimal.valueOf(other),
                    BigDecimal.valueOf(100 - local - gd - other));
        }
        d.execute();
        return new int[]{classified};
    }

    private static String credit(int i) {
        return String.format(Locale.ROOT, "BENCH%013d", i);
    }

    private static long heapAfterGc() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        java.lang.management.ManagementFactory.getMemoryPoolMXBeans().forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
    }

    /** the sum of the heap pools' peaks since the reset (an upper bound of the heap used at once) */
    private static long peakHeap() {
        long sum = 0;
        for (java.lang.management.MemoryPoolMXBean p : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == java.lang.management.MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static void row(String label, double[] ms) {
        int p95 = (int) Math.ceil(0.95 * ms.length) - 1;
        System.out.printf(Locale.ROOT, "%-58s p50 %7.1f ms   p95 %7.1f   min %7.1f   max %7.1f   (%d runs)%n",
                label, ms[ms.length / 2], ms[p95], ms[0], ms[ms.length - 1], ms.length);
    }

    /** Each run right after {@code write} (not timed): the first read at a new data version. */
    public static double[] measureCold(int runs, Runnable write, Supplier<?> work) {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            write.run();
            long t = System.nanoTime();
            work.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
            if (Boolean.getBoolean("bench.each")) {
                // each run in order, at the JVM's uptime: to be read beside a -Xlog:gc log
                System.out.printf(Locale.ROOT, "  run %d ended at %.3f s: %.1f ms%n", i + 1,
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3, ms[i]);
            }
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double[] measure(int runs, Supplier<?> work) {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            work.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }
}
