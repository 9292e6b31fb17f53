package cn.chainatlas.matching.bench;

import cn.chainatlas.chain.ChainGraph;
import cn.chainatlas.chain.ChainGraphCache;
import cn.chainatlas.db.EmbeddedDatabase;
import cn.chainatlas.matchmaking.MatchmakingFigures;
import cn.chainatlas.matchmaking.MatchmakingViews;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
import cn.chainatlas.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.jooq.DSLContext;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static cn.chainatlas.db.schema.Tables.DEMAND;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;
import static cn.chainatlas.db.schema.Tables.MATCHMAKING_MOVE;
import static cn.chainatlas.db.schema.Tables.MATCHMAKING_RECORD;

/**
 * 对接统计 for the province over 24 months (goal &lt; 1 s), printed as figures (not a test; docs/benchmarks.md). The registry
 * and demands of {@link MatchingBenchmark} (100,000 enterprises, 2,000 open demands; in this package to reuse its
 * generator), the demands spread over the last 24 months, and for every demand of the CNC chain up to 4 matchmaking
 * records with 1–5 moves over those months (a tenth ended, a fifth supplying). Optional arguments: enterprises
 * demands runs (defaults 100000 2000 10).
 */
public final class MatchmakingFiguresBenchmark {

    private static final String[] PATH = {"SHORTLISTED", "CONTACTED", "SAMPLING", "TRIAL", "SUPPLYING"};
    private static final String[] REASONS = {"PRICE", "QUALITY", "CAPACITY", "DELIVERY", "QUALIFICATION", "SPEC", "OTHER"};

    private MatchmakingFiguresBenchmark() {
    }

    public static void main(String[] args) {
        int enterprises = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int demands = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        EmbeddedDatabase db = TestDatabase.server();
        Map<String, Object> props = TestDatabase.benchmarkProperties("mmfigbench");
        int status = 0;
        try (ApplicationContext ctx = ApplicationContext.run(props)) {
            DSLContext dsl = ctx.getBean(DSLContext.class);
            ChainGraph graph = ctx.getBean(ChainGraphCache.class).get();
            MatchmakingFigures figures = ctx.getBean(MatchmakingFigures.class);
            long t0 = System.nanoTime();
            MatchingBenchmark.generate(dsl, graph, enterprises, demands);
            int records = records(dsl, graph);
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            dsl.execute("analyze table enterprise, enterprise_node, demand, matchmaking_record, matchmaking_move");
            Actor province = new Actor("bench-province", Role.PROVINCE, null, null);
            String to = YearMonth.now().toString();
            String from = YearMonth.now().minusMonths(23).toString();
            String loadBefore = load();
            for (int i = 0; i < 3; i++) {
                figures.figures(province, "CNC", "province", from, to);
            }
            double[] ms = new double[runs];
            MatchmakingViews.Figures f = null;
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                f = figures.figures(province, "CNC", "province", from, to);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            // cold: the first figures after a committed write (a new data version: no prepared candidates kept)
            cn.chainatlas.db.DataVersion version = ctx.getBean(cn.chainatlas.db.DataVersion.class);
            double[] cold = MatchingBenchmark.measureCold(Math.max(3, runs / 2), version::bump,
                    () -> figures.figures(province, "CNC", "province", from, to));
            // where the time goes: 需求覆盖 of the chain (the 推荐 count of every open demand) is one part of the figures
            cn.chainatlas.matching.MatchingService matching = ctx.getBean(cn.chainatlas.matching.MatchingService.class);
            double[] cov = new double[Math.max(3, runs / 2)];
            for (int i = 0; i < cov.length; i++) {
                long t = System.nanoTime();
                matching.coverage(province, "CNC", null);
                cov[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(cov);
            System.out.println();
            System.out.println("== MatchmakingFiguresBenchmark " + LocalDateTime.now().withNano(0));
            System.out.printf(Locale.ROOT, "machine: %d cores, JDK %s, %s, max heap %d MB%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    dsl.fetchValue("select version()"), Runtime.getRuntime().maxMemory() >> 20);
            System.out.println("load average before/after (other builds share the machine): " + loadBefore + " / " + load());
            System.out.printf(Locale.ROOT, "data: %d demands, %d matchmaking records, %d moves; generated in %.1f s%n",
                    dsl.fetchCount(DEMAND), records, dsl.fetchCount(MATCHMAKING_MOVE), loadSeconds);
            System.out.printf(Locale.ROOT, "figures CNC × province × 24 months (%s..%s): total started %d, supplying %d, 本地配套率 %s%n",
                    from, to, f.total().started().count(), f.total().supplying().count(), f.total().localRate());
            int p95 = (int) Math.ceil(0.95 * ms.length) - 1;
            System.out.printf(Locale.ROOT, "%-58s p50 %7.1f ms   p95 %7.1f   min %7.1f   max %7.1f   (%d runs)%n",
                    "warm figures, CNC, province, 24 months (repeated read)", ms[ms.length / 2], ms[p95], ms[0], ms[ms.length - 1], ms.length);
            System.out.printf(Locale.ROOT, "%-58s p50 %7.1f ms   min %7.1f   max %7.1f   (%d runs)%n",
                    "cold figures (first read after a write)", cold[cold.length / 2], cold[0], cold[cold.length - 1], cold.length);
            System.out.printf(Locale.ROOT, "%-58s p50 %7.1f ms   min %7.1f   max %7.1f   (%d runs)%n",
                    "需求覆盖 of the chain alone, warm (MatchingService.coverage)", cov[cov.length / 2], cov[0], cov[cov.length - 1],
                    cov.length);
        } catch (RuntimeException e) {
            e.printStackTrace();
            status = 1;
        }
        db.stop();
        System.exit(status);
    }

    /** Spreads the demands over 24 months and gives each CNC demand up to 4 records with their moves. */
    static int records(DSLContext dsl, ChainGraph graph) {
        Random rnd = new Random(11);
        LocalDate start = YearMonth.now().minusMonths(23).atDay(1);
        List<Long> ids = dsl.select(DEMAND.ID).from(DEMAND).orderBy(DEMAND.ID).fetch(DEMAND.ID);
        for (Long id : ids) {
            dsl.update(DEMAND).set(DEMAND.CREATED_AT, start.plusDays(rnd.nextInt(700)).atTime(9, 0))
                    .where(DEMAND.ID.eq(id)).execute();
        }
        List<String> cnc = graph.view("CNC").members();
        var demands = dsl.select(DEMAND.ID, DEMAND.NODE_CODE, DEMAND.CREATED_AT, DEMAND.ANNUAL_VALUE).from(DEMAND)
                .where(DEMAND.NODE_CODE.in(cnc)).fetch();
        int n = 0;
        LocalDate today = LocalDate.now();
        for (var d : demands) {
            List<String> suppliers = dsl.select(ENTERPRISE_NODE.CREDIT_CODE).from(ENTERPRISE_NODE)
                    .where(ENTERPRISE_NODE.NODE_CODE.eq(d.value2())).limit(4).fetch(ENTERPRISE_NODE.CREDIT_CODE);
            LocalDate day = d.value3().toLocalDate();
            for (String s : suppliers.subList(0, Math.min(suppliers.size(), 1 + rnd.nextInt(4)))) {
                int stages = 1 + rnd.nextInt(5);
                boolean ended = rnd.nextInt(10) == 0;
                LocalDate on = day.plusDays(rnd.nextInt(20));
                if (on.isAfter(today)) {
                    on = today;
                }
                String last = PATH[stages - 1];
                BigDecimal value = "SUPPLYING".equals(last) && d.value4() != null
                        ? d.value4().multiply(BigDecimal.valueOf(rnd.nextInt(60) + 10)).divide(BigDecimal.valueOf(100)) : null;
                dsl.insertInto(MATCHMAKING_RECORD).set(MATCHMAKING_RECORD.DEMAND_ID, d.value1())
                        .set(MATCHMAKING_RECORD.SUPPLIER_CREDIT_CODE, s).set(MATCHMAKING_RECORD.STAGE, ended ? "ENDED" : last)
                        .set(MATCHMAKING_RECORD.END_REASON, ended ? REASONS[rnd.nextInt(REASONS.length)] : null)
                        .set(MATCHMAKING_RECORD.SUPPLY_VALUE, ended ? null : value)
                        .set(MATCHMAKING_RECORD.CREATED_BY, "bench").set(MATCHMAKING_RECORD.LAST_MOVE_ON, on)
                        .onDuplicateKeyIgnore().execute();
                long rec = dsl.lastID().longValueExact();
                LocalDate moveOn = on;
                String from = null;
                for (int i = 0; i < stages + (ended ? 1 : 0); i++) {
                    String to = i < stages ? PATH[i] : "ENDED";
                    dsl.insertInto(MATCHMAKING_MOVE).set(MATCHMAKING_MOVE.RECORD_ID, rec).set(MATCHMAKING_MOVE.FROM_STAGE, from)
                            .set(MATCHMAKING_MOVE.TO_STAGE, to)
                            .set(MATCHMAKING_MOVE.REASON_CODE, "ENDED".equals(to) ? REASONS[rnd.nextInt(REASONS.length)] : null)
                            .set(MATCHMAKING_MOVE.MOVED_ON, moveOn).set(MATCHMAKING_MOVE.MOVED_BY, "bench")
                            .set(MATCHMAKING_MOVE.VALUE_WAN, "SUPPLYING".equals(to) ? value : null).execute();
                    from = to;
                    moveOn = moveOn.plusDays(5 + rnd.nextInt(40));
                    if (moveOn.isAfter(today)) {
                        moveOn = today;
                    }
                }
                n++;
            }
        }
        return n;
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
