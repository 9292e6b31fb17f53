package cn.chainatlas.matchmaking;

import cn.chainatlas.chain.ChainGraph;
import cn.chainatlas.chain.ChainGraphCache;
import cn.chainatlas.common.BadInput;
import cn.chainatlas.common.Forbidden;
import cn.chainatlas.geo.Cities;
import cn.chainatlas.geo.Region;
import cn.chainatlas.matching.MatchingService;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The figures a chain chief's meeting asks for, per chain × region × month (docs/matchmaking.md): demands published
 * (count, 万元), those with 推荐 candidates, records started, reaching 送样测试/小批量, reaching 批量供货 (count, 万元), ended
 * by reason, and 本地配套率 (Guangdong and same city) at each month's end — each with the ids behind it. A region is
 * the leaders' city (or the province). Three reads (demands, moves, coverage), whatever the number of months.
 */
@Singleton
public class MatchmakingFigures {

    private final MatchmakingRepository records;
    private final MatchingService matching;
    private final ChainGraphCache graphs;
    private final Cities cities;
    private final cn.chainatlas.db.FiguresCache cache;

    MatchmakingFigures(MatchmakingRepository records, MatchingService matching, ChainGraphCache graphs, Cities cities,
                       cn.chainatlas.db.FiguresCache cache) {
        this.cache = cache;
        this.records = records;
        this.matching = matching;
        this.graphs = graphs;
        this.cities = cities;
    }

    public MatchmakingViews.Figures figures(Actor actor, @Nullable String chain, @Nullable String regionKey, @Nullable String from,
                                            @Nullable String to) {
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY);
        List<BadInput.FieldError> bad = new ArrayList<>();
        ChainGraph graph = graphs.get();
        ChainGraph.ChainView view = null;
        if (chain == null || chain.isBlank()) {
            bad.add(new BadInput.FieldError("chain", "产业链：请选择产业链（chain）"));
        } else {
            view = graph.view(chain.strip().toUpperCase(Locale.ROOT));
            if (view == null) {
                bad.add(new BadInput.FieldError("chain", "产业链：未知产业链「" + chain + "」"));
            }
        }
        Region region = Region.PROVINCE;
        try {
            // a city's bureau asking without a region means its own city, as the page and the allocation view do
            region = cities.region(actor.is(Role.CITY) && (regionKey == null || regionKey.isBlank()) ? actor.cityCode() : regionKey);
        } catch (BadInput e) {
            bad.add(new BadInput.FieldError("region", e.getMessage()));
        }
        YearMonth now = YearMonth.now();
        YearMonth last = month(to, now, "to", "截止月份", bad);
        YearMonth first = month(from, last.minusMonths(11), "from", "起始月份", bad);
        if (bad.isEmpty() && first.isAfter(last)) {
            bad.add(new BadInput.FieldError("from", "起始月份：不能晚于截止月份（" + last + "）"));
        }
        if (bad.isEmpty() && first.plusMonths(120).isBefore(last)) {
            bad.add(new BadInput.FieldError("from", "起始月份：一次最多统计 120 个月"));
        }
        if (!bad.isEmpty()) {
            throw new BadInput(bad);
        }
        if (actor.is(Role.CITY) && (region.isProvince() || !region.cityCode().equals(actor.cityCode()))) {
            throw new Forbidden("地市工信局只能查看本市的对接统计");
        }
        // who may read this region was decided above; the figures are the region's, the same for every reader allowed
        // to read them (counts and ids, no private fields), so they are kept per data version (db.FiguresCache)
        ChainGraph.ChainView v = view;
        Region r = region;
        return cache.get(new FiguresKey(view.chain().code(), region.key(), first, last), () -> compute(actor, v, r, first, last));
    }

    /** The key of kept figures: chain, region ({@link Region#key()}), first and last month. */
    private record FiguresKey(String chain, String region, YearMonth first, YearMonth last) {
    }

    private MatchmakingViews.Figures compute(Actor actor, ChainGraph.ChainView view, Region region, YearMonth first, YearMonth last) {
        List<String> nodes = view.members();
        String city = region.cityCode();
        List<MatchmakingRepository.DemandFigure> demands = records.demands(nodes, city);
        List<MatchmakingRepository.MoveFigure> moves = records.moveFigures(nodes, city);
        // only the demands published in the period are counted, and only whether each has a 推荐 candidate
        Set<Long> recommended = matching.withRecommended(actor, city, nodes, first.atDay(1).atStartOfDay(),
                last.plusMonths(1).atDay(1).atStartOfDay());
        Map<Long, MatchmakingRepository.DemandFigure> byId = new HashMap<>();
        demands.forEach(d -> byId.put(d.id(), d));

        List<MatchmakingViews.Month> months = new ArrayList<>();
        Acc total = new Acc();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            Acc acc = new Acc();
            for (MatchmakingRepository.DemandFigure d : demands) {
                if (YearMonth.from(d.createdAt()).equals(m)) {
                    acc.published.add(d.id(), d.value());
                    total.published.add(d.id(), d.value());
                    if (recommended.contains(d.id())) {
                        acc.withRecommended.add(d.id(), null);
                        total.withRecommended.add(d.id(), null);
                    }
                }
            }
            Set<Long> seen = new HashSet<>();
            for (MatchmakingRepository.MoveFigure mv : moves) {
                boolean first0 = seen.add(mv.recordId());
                if (!YearMonth.from(mv.on()).equals(m)) {
                    continue;
                }
                if (first0) {
                    acc.started.add(mv.recordId(), null);
                    total.started.add(mv.recordId(), null);
                }
                switch (mv.to()) {
                    case SAMPLING, TRIAL -> {
                        acc.samplingOrTrial.add(mv.recordId(), null);
                        total.samplingOrTrial.add(mv.recordId(), null);
                    }
                    case SUPPLYING -> {
                        acc.supplying.add(mv.recordId(), mv.valueWan());
                        total.supplying.add(mv.recordId(), mv.valueWan());
                    }
                    case ENDED -> {
                        String reason = mv.reason() == null ? EndReason.OTHER.name() : mv.reason().name();
                        acc.ended.computeIfAbsent(reason, k -> new Cell()).add(mv.recordId(), null);
                        total.ended.computeIfAbsent(reason, k -> new Cell()).add(mv.recordId(), null);
                    }
                    default -> {
                    }
                }
            }
            double[] rates = rates(demands, byId, moves, m.atEndOfMonth());
            months.add(acc.month(m.toString(), rates));
        }
        double[] rates = rates(demands, byId, moves, last.atEndOfMonth());
        Map<String, Integer> funnel = new LinkedHashMap<>();
        for (Stage s : Stage.values()) {
            funnel.put(s.name(), 0);
        }
        // the funnel: records as they stand at the end of the period, each counted at its latest stage reached
        Map<Long, Stage> latest = new HashMap<>();
        for (MatchmakingRepository.MoveFigure mv : moves) {
            if (!mv.on().isAfter(last.atEndOfMonth()) && !YearMonth.from(mv.on()).isBefore(first)) {
                latest.put(mv.recordId(), mv.to());
            }
        }
        latest.values().forEach(s -> funnel.merge(s.name(), 1, Integer::sum));
        Map<String, String> labels = new LinkedHashMap<>();
        for (EndReason r : EndReason.values()) {
            labels.put(r.name(), r.label());
        }
        return new MatchmakingViews.Figures(view.chain().code(), view.chain().name(), region.key(), region.name(),
                first.toString(), last.toString(), List.copyOf(months), total.month("合计", rates),
                java.util.Collections.unmodifiableMap(funnel), java.util.Collections.unmodifiableMap(labels));
    }

    /**
     * 本地配套率 at a day's end: Σ value × (同城 + 省内) ÷ Σ value over the demands then published and not closed, with
     * the supplying records of that day counted (LocalSupplyRules); and the same for the same city. Null without value.
     */
    static double[] rates(List<MatchmakingRepository.DemandFigure> demands, Map<Long, MatchmakingRepository.DemandFigure> byId,
                          List<MatchmakingRepository.MoveFigure> moves, LocalDate day) {
        Map<Long, MatchmakingRepository.MoveFigure> state = new HashMap<>();
        for (MatchmakingRepository.MoveFigure mv : moves) {
            if (!mv.on().isAfter(day)) {
                state.put(mv.recordId(), mv);
            }
        }
        Map<Long, List<LocalSupplyRules.Supply>> supplies = new HashMap<>();
        for (MatchmakingRepository.MoveFigure mv : state.values()) {
            if (mv.to() != Stage.SUPPLYING) {
                continue;
            }
            MatchmakingRepository.DemandFigure d = byId.get(mv.demandId());
            if (d == null) {
                continue;
            }
            supplies.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(new LocalSupplyRules.Supply(
                    mv.supplierCity() != null && mv.supplierCity().equals(d.leaderCity()), mv.supplierCity() != null,
                    mv.quantity(), mv.unit(), mv.valueWan()));
        }
        double value = 0;
        double gd = 0;
        double same = 0;
        for (MatchmakingRepository.DemandFigure d : demands) {
            if (d.value() == null || d.value().signum() <= 0 || "CLOSED".equals(d.status()) || d.createdAt().toLocalDate().isAfter(day)) {
                continue;
            }
            LocalSupplyRules.Split split = LocalSupplyRules.apply(new LocalSupplyRules.Split(d.local().doubleValue(),
                            d.guangdong().doubleValue(), d.other().doubleValue(), d.imported().doubleValue()),
                    supplies.getOrDefault(d.id(), List.of()), d.value(), d.quantity(), d.unit());
            double v = d.value().doubleValue();
            value += v;
            gd += v * split.guangdongTotal() / 100;
            same += v * split.local() / 100;
        }
        return value > 0 ? new double[]{gd / value, same / value, value} : new double[]{Double.NaN, Double.NaN, 0};
    }

    private static YearMonth month(@Nullable String raw, YearMonth otherwise, String field, String label,
                                   List<BadInput.FieldError> bad) {
        if (raw == null || raw.isBlank()) {
            return otherwise;
        }
        try {
            String t = raw.strip().replace('/', '-').replace("年", "-").replace("月", "");
            return t.length() >= 10 ? YearMonth.from(LocalDate.parse(t.substring(0, 10))) : YearMonth.parse(t.length() == 6 ? t.substring(0, 5) + "0" + t.charAt(5) : t);
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            bad.add(new BadInput.FieldError(field, label + "：「" + raw + "」无法识别，应为 2026-10"));
            return otherwise;
        }
    }

    /**
     * One figure being counted: its ids, and each id's value in 万元 as last stated — a record moved to 批量供货 twice
     * in the period (back to 试用 and on again) counts once, with the annual value of its latest statement, which
     * replaces the earlier one (an annual figure, not an amount to add up; a latest statement without a value counts
     * none).
     */
    static final class Cell {
        /** id → its value as last stated, in the order the ids were first counted (null values allowed) */
        final Map<Long, BigDecimal> values = new LinkedHashMap<>();

        /** @param v the value this id states now (万元; null: none stated), replacing what it stated before */
        void add(long id, @Nullable BigDecimal v) {
            values.put(id, v);
        }

        /**
         * @param withValue whether the figure has a value at all; where it has, the value is null when ids are counted
         *                  and none stated one (未填, not 0.00 万元: fresh-eyes pass #15)
         */
        MatchmakingViews.Figure figure(boolean withValue) {
            BigDecimal value = BigDecimal.ZERO;
            boolean stated = false;
            for (BigDecimal v : values.values()) {
                if (v != null) {
                    value = value.add(v);
                    stated = true;
                }
            }
            return new MatchmakingViews.Figure(values.size(), withValue && (stated || values.isEmpty()) ? value : null,
                    List.copyOf(values.keySet()));
        }
    }

    static final class Acc {
        final Cell published = new Cell();
        final Cell withRecommended = new Cell();
        final Cell started = new Cell();
        final Cell samplingOrTrial = new Cell();
        final Cell supplying = new Cell();
        final Map<String, Cell> ended = new LinkedHashMap<>();

        MatchmakingViews.Month month(String label, double[] rates) {
            Map<String, MatchmakingViews.Figure> byReason = new LinkedHashMap<>();
            for (EndReason r : EndReason.values()) {
                byReason.put(r.name(), ended.getOrDefault(r.name(), new Cell()).figure(false));
            }
            return new MatchmakingViews.Month(label, published.figure(true), withRecommended.figure(false), started.figure(false),
                    samplingOrTrial.figure(false), supplying.figure(true), byReason,
                    Double.isNaN(rates[0]) ? null : round(rates[0]), Double.isNaN(rates[1]) ? null : round(rates[1]),
                    BigDecimal.valueOf(rates[2]).setScale(2, RoundingMode.HALF_UP));
        }
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
