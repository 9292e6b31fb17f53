package cn.chainatlas.chain.bench;

import cn.chainatlas.chain.ChainGraph;
import cn.chainatlas.chain.ChainGraphCache;
import cn.chainatlas.chain.GapAnalysis;
import cn.chainatlas.chain.NodeGap;
import cn.chainatlas.geo.Region;
import cn.chainatlas.chain.WhatIfAnalysis;
import cn.chainatlas.db.EmbeddedDatabase;
import cn.chainatlas.common.Actor;
import cn.chainatlas.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep4;
import org.jooq.InsertValuesStep8;

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
 * Gap analysis with 100,000 enterprises and 2,000 demands on the real seeds, printed as figures (not a test).
 * Run: {@code mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=cn.chainatlas.chain.bench.GapBenchmark}
 * Optional arguments: enterprises demands runs (defaults 100000 2000 15).
 */
public final class GapBenchmark {

    private static final String[] TIERS = {"单项冠军", "专精特新小巨人", "专精特新", "高新技术企业"};
    private static final String[] SOURCING = {"SAME_CITY", "PROVINCE", "OTHER_PROVINCE", "IMPORT"};

    private GapBenchmark() {
    }

    public static void main(String[] args) {
        int enterprises = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int demands = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        EmbeddedDatabase db = TestDatabase.server();
        Map<String, Object> props = TestDatabase.benchmarkProperties("gapbench");
        int status = 0;
        try (ApplicationContext ctx = ApplicationContext.run(props)) {
            DSLContext dsl = ctx.getBean(DSLContext.class);
            ChainGraphCache cache = ctx.getBean(ChainGraphCache.class);
            GapAnalysis gaps = ctx.getBean(GapAnalysis.class);
            WhatIfAnalysis whatIf = ctx.getBean(WhatIfAnalysis.class);
            ChainGraph graph = cache.get();

            long t0 = System.nanoTime();
            int classified = generate(dsl, graph, enterprises, demands);
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            dsl.execute("analyze table enterprise, enterprise_node, demand");

            Actor actor = Actor.SYSTEM;
            String loadBefore = loadAverage();
            Region dongguan = gaps.region("东莞");
            List<String> chains = new ArrayList<>(graph.chains().keySet());
            int nodeRows = chains.stream().mapToInt(c -> graph.view(c).members().size()).sum();

            double coldGraph = time(() -> {
                cache.invalidate();
                ChainGraph g = cache.get();
                g.chains().keySet().forEach(g::view);
                return g;
            });
            // warm-up: JIT and the database's buffer pool
            for (int i = 0; i < 3; i++) {
                gaps.allChains(actor, Region.PROVINCE);
                gaps.allChains(actor, dongguan);
                gaps.gaps(actor, "CNC", "province");
            }
            double[] allProvince = measure(runs, () -> gaps.allChains(actor, Region.PROVINCE));
            double[] allCity = measure(runs, () -> gaps.allChains(actor, dongguan));
            double[] oneByOneProvince = measure(runs, () -> {
                chains.forEach(c -> gaps.gaps(actor, c, "province"));
                return null;
            });
            double[] cncProvince = measure(runs, () -> gaps.gaps(actor, "CNC", "province"));
            double[] cncCity = measure(runs, () -> gaps.gaps(actor, "CNC", "东莞"));
            double[] offshoreProvince = measure(runs, () -> gaps.gaps(actor, "OFFSHORE", "province"));
            double[] whatIfNode = measure(runs, () -> whatIf.remove(actor, "BEARING"));
            Map<String, List<NodeGap>> sample = gaps.allChains(actor, Region.PROVINCE);
            Map<String, Long> statuses = new java.util.TreeMap<>();
            sample.values().forEach(l -> l.forEach(g -> statuses.merge(g.status(), 1L, Long::sum)));

            System.out.println();
            System.out.println("== GapBenchmark " + java.time.LocalDateTime.now().withNano(0));
            System.out.printf(Locale.ROOT, "machine: %d cores, JDK %s, %s, max heap %d MB%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    dsl.fetchValue("select version()"), Runtime.getRuntime().maxMemory() >> 20);
            System.out.println("load average before/after (other builds share the machine): " + loadBefore + " / " + loadAverage());
            System.out.printf(Locale.ROOT, "data: %d enterprises, %d enterprise-node rows, %d demands; %d chains, %d nodes, %d chain-node rows; generated in %.1f s%n",
                    dsl.fetchCount(ENTERPRISE), classified, dsl.fetchCount(DEMAND), chains.size(), graph.nodes().size(), nodeRows, loadSeconds);
            System.out.printf(Locale.ROOT, "graph cache build (all chains, ancestors, betweenness): %.1f ms%n", coldGraph);
            row("all 8 chains, province (one set of queries)", allProvince);
            row("all 8 chains, 东莞 (one set of queries)", allCity);
            row("all 8 chains, province, chain by chain", oneByOneProvince);
            row("one chain CNC, province", cncProvince);
            row("one chain CNC, 东莞", cncCity);
            row("one chain OFFSHORE, province", offshoreProvince);
            row("what-if remove BEARING", whatIfNode);
            System.out.println("statuses (province, all chains): " + statuses);
        } catch (RuntimeException e) {
            e.printStackTrace();
            status = 1;
        }
        db.stop();
        System.exit(status);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static void row(String label, double[] ms) {
        System.out.printf(Locale.ROOT, "%-48s median %7.1f ms   min %7.1f   max %7.1f   (%d runs)%n",
                label, ms[ms.length / 2], ms[0], ms[ms.length - 1], ms.length);
    }

    private static double time(Supplier<?> work) {
        long t = System.nanoTime();
        work.get();
        return (System.nanoTime() - t) / 1e6;
    }

    private static double[] measure(int runs, Supplier<?> work) {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = time(work);
        }
        Arrays.sort(ms);
        return ms;
    }

    /** Realistic skew: most enterprises in the Pearl River Delta, a fifth with a tier, 60 % declaring capacity. */
    static int generate(DSLContext dsl, ChainGraph graph, int enterprises, int demands) {
        Random rnd = new Random(20261122);
        List<String> cities = dsl.select(CITY.CODE).from(CITY).orderBy(CITY.CODE).fetch(CITY.CODE);
        List<String> heavy = List.of("440100", "440300", "441900", "440600", "442000", "441300", "440400");
        List<String> nodes = new ArrayList<>(graph.nodes().keySet());
        List<String> roots = graph.chains().values().stream().flatMap(c -> c.roots().stream()).distinct().toList();
        List<String> parts = nodes.stream().filter(n -> !roots.contains(n)).toList();
        int leaders = Math.max(1, enterprises / 500);
        int classified = 0;
        int chunk = 2000;
        for (int start = 0; start < enterprises; start += chunk) {
            InsertValuesStep8<?, String, String, String, String, String, Boolean, BigDecimal, String> e = dsl.insertInto(ENTERPRISE,
                    ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, ENTERPRISE.CITY_CODE, ENTERPRISE.MAIN_PRODUCTS,
                    ENTERPRISE.TIER, ENTERPRISE.IS_LEADER, ENTERPRISE.CAPACITY_VALUE, ENTERPRISE.CAPACITY_UNIT);
            InsertValuesStep4<?, String, String, BigDecimal, String> en = dsl.insertInto(ENTERPRISE_NODE,
                    ENTERPRISE_NODE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE, ENTERPRISE_NODE.CONFIDENCE, ENTERPRISE_NODE.SOURCE);
            for (int i = start; i < Math.min(enterprises, start + chunk); i++) {
                String credit = credit(i);
                boolean leader = i < leaders;
                boolean outside = rnd.nextInt(20) == 0;
                String city = outside ? null : rnd.nextInt(10) < 8 ? heavy.get(rnd.nextInt(heavy.size())) : cities.get(rnd.nextInt(cities.size()));
                double t = rnd.nextDouble();
                String tier = t < 0.01 ? TIERS[0] : t < 0.04 ? TIERS[1] : t < 0.12 ? TIERS[2] : t < 0.30 ? TIERS[3] : null;
                boolean capacity = rnd.nextInt(10) < 6;
                e.values(credit, "基准企业" + i, city, "产品" + i, tier, leader,
                        capacity ? BigDecimal.valueOf(10 + rnd.nextInt(5000)) : null, capacity ? "件/年" : null);
                List<String> own = new ArrayList<>();
                own.add(leader ? roots.get(rnd.nextInt(roots.size())) : nodes.get(rnd.nextInt(nodes.size())));
                if (rnd.nextBoolean()) {
                    String second = parts.get(rnd.nextInt(parts.size()));
                    if (!own.contains(second)) {
                        own.add(second);
                    }
                }
                for (String n : own) {
                    en.values(credit, n, BigDecimal.valueOf(0.6 + rnd.nextInt(40) / 100.0), "BENCH");
                    classified++;
                }
            }
            e.execute();
            en.execute();
        }
        var d = dsl.insertInto(DEMAND, DEMAND.LEADER_CREDIT_CODE, DEMAND.NODE_CODE, DEMAND.ANNUAL_QUANTITY,
                DEMAND.QUANTITY_UNIT, DEMAND.ANNUAL_VALUE, DEMAND.SOURCE_LOCAL, DEMAND.SOURCE_GUANGDONG,
                DEMAND.SOURCE_OTHER_PROVINCE, DEMAND.SOURCE_IMPORT);
        for (int i = 0; i < demands; i++) {
            String leader = credit(rnd.nextInt(leaders));
            String part = parts.get(rnd.nextInt(parts.size()));
            BigDecimal quantity = BigDecimal.valueOf(1 + rnd.nextInt(2000));
            BigDecimal value = BigDecimal.valueOf(10 + rnd.nextInt(20000));
            // the whole demand from one random sourcing (100 % of it): the same data as before the sourcing split
            BigDecimal[] split = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
            split[rnd.nextInt(SOURCING.length)] = BigDecimal.valueOf(100);
            d.values(leader, part, quantity, "件", value, split[0], split[1], split[2], split[3]);
        }
        d.execute();
        return classified;
    }

    private static String credit(int i) {
        return String.format(Locale.ROOT, "BENCH%013d", i);
    }
}
