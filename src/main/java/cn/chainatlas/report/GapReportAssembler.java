package cn.chainatlas.report;

import cn.chainatlas.chain.ChainCatalog;
import cn.chainatlas.chain.GapAnalysis;
import cn.chainatlas.chain.GapStatus;
import cn.chainatlas.chain.GapThresholds;
import cn.chainatlas.chain.NodeGap;
import cn.chainatlas.common.Forbidden;
import cn.chainatlas.geo.Region;
import cn.chainatlas.matching.MatchingService;
import cn.chainatlas.matchmaking.MatchmakingFigures;
import cn.chainatlas.matchmaking.MatchmakingViews;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
import jakarta.inject.Singleton;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Assembles a gap report's content from the chain analysis, once, for all three outputs. Scope follows the pages:
 * the gap figures of any region are aggregates every role may read (the analysis itself hides what a reader may not
 * see); sections with per-leader detail appear only where the reader may see them.
 */
@Singleton
final class GapReportAssembler {

    private final GapAnalysis gaps;
    private final ChainCatalog catalog;
    private final GapThresholds thresholds;
    private final MatchingService matching;
    private final MatchmakingFigures matchmaking;

    GapReportAssembler(GapAnalysis gaps, ChainCatalog catalog, GapThresholds thresholds, MatchingService matching,
                       MatchmakingFigures matchmaking) {
        this.matching = matching;
        this.matchmaking = matchmaking;
        this.gaps = gaps;
        this.catalog = catalog;
        this.thresholds = thresholds;
    }

    GapReport chain(Actor actor, String chainCode, String regionKey) {
        GapAnalysis.WithLeaders withLeaders = gaps.analysisWithLeaders(actor, chainCode, regionKey);
        GapAnalysis.ChainAnalysis a = withLeaders.analysis();
        ChainCatalog.Graph graph = catalog.graph(actor, chainCode);
        Region region = a.region();
        Set<String> levels = new LinkedHashSet<>();
        for (String l : List.of("整机", "系统", "部件", "零件", "材料", "软件")) {
            if (graph.nodes().stream().anyMatch(n -> l.equals(n.level()))) {
                levels.add(l);
            }
        }
        graph.nodes().forEach(n -> levels.add(n.level()));
        List<GapReport.Statement> statements = new ArrayList<>();
        for (ChainCatalog.GraphNode n : graph.nodes()) {
            for (ChainCatalog.PolicyPrior p : n.policyPriors()) {
                boolean regionFits = p.scopeCity() == null || p.scopeCity().equals(region.cityCode());
                boolean chainFits = p.chain() == null || p.chain().equals(chainCode);
                if (regionFits && chainFits) {
                    statements.add(new GapReport.Statement(n.code(), n.name(), p.kindName(), p.scopeName(), p.citation(),
                            p.section(), p.quote(), p.weight() > 0, p.weightNote()));
                }
            }
        }
        // the open demands of the region with their ranked candidates, for readers who may see them; each demand is
        // ranked once: the matchmaking figures' 推荐 count reads the same rankings (MatchingService.shareRankings)
        boolean detail = mayReadDemands(actor, region);
        List<MatchingService.DemandCandidates> open = List.of();
        List<String> progress = List.of();
        if (detail) {
            try (MatchingService.SharedRankings shared = matching.shareRankings()) {
                if (a.gaps().stream().anyMatch(g -> g.demand().demands() > 0)) {
                    // every node of the chain, as the figures' 需求覆盖 asks, so none of its demands is ranked twice
                    open = matching.eligibleForOpenDemands(actor, region.isProvince() ? null : region.cityCode(),
                            a.gaps().stream().map(NodeGap::nodeCode).toList());
                }
                progress = progress(actor, chainCode, region);
            }
        }
        // the region's totals per node, as the gap figures show them to this reader; under each, its leaders' lines
        Map<String, List<GapReport.DemandLine>> byLeader = detail ? leaderLines(withLeaders.leaders(), a.gaps()) : Map.of();
        List<GapReport.DemandLine> demand = new ArrayList<>();
        a.gaps().stream().filter(g -> g.demand().demands() > 0)
                .sorted(java.util.Comparator.comparingDouble((NodeGap g) -> g.demand().annualValue() == null ? 0 : -g.demand().annualValue()))
                .forEach(g -> {
                    demand.add(new GapReport.DemandLine(g.nodeCode(), g.nodeName(), null, g.demand().demands(),
                            g.demand().annualValue(), quantity(g.demand().quantityByUnit()), g.localisationRate()));
                    demand.addAll(byLeader.getOrDefault(g.nodeCode(), List.of()));
                });
        String demandNote = demand.isEmpty() ? null : byLeader.isEmpty()
                ? "本表为本地区链主需求按环节的合计（年需求金额单位：万元）；各链主的需求明细只对链主本人和主管部门可见；"
                + "需求来自少于 " + thresholds.getMinDemandLeaders() + " 家链主的环节，金额和本地化率不公开。"
                : "本表为本地区链主需求：每个环节先列合计，再列各链主的需求（年需求金额单位：万元）。两者与缺口分析同一口径："
                + "未关闭的需求，采购来源计入已批量供货的对接记录，本地化率按同一规则计算（"
                + (region.isProvince() ? "本市与省内其他地市" : "本市") + "所占比例，按金额加权，均未填金额时按条数），"
                + "故各链主一行相加即为合计。候选配套只按开放且未过期的需求排序。本表含链主的保密需求，仅供主管部门内部使用。";
        List<String> sections = new ArrayList<>(List.of("overview", "gaps", "demand", "method"));
        List<GapReport.Candidate> candidates = candidates(region, a.gaps(), open);
        if (!candidates.isEmpty()) {
            sections.add(2, "candidates");
        }
        if (!progress.isEmpty()) {
            sections.add(sections.indexOf("demand") + 1, "matchmaking");
        }
        return new GapReport(graph.code(), graph.name(), graph.nameEn(), region, LocalDate.now(), LocalDateTime.now(),
                actor.username(), a.figures(), a.gaps(), a.autonomy(), List.copyOf(levels), statements, candidates, demand,
                demandNote, method(a.figures(), statements), sections, progress);
    }

    /** Local candidates listed per gap node, at most this many (the matches page has the rest). */
    static final int CANDIDATES_PER_NODE = 5;

    /**
     * The local enterprises that could fill each gap (every node not 已覆盖), ranked by the matching rules against
     * the region's open demands of the node: each supplier once per node, with its best band and score over those
     * demands and how many of them it passes the hard filters for. Only for readers who may see those demands —
     * bureaus in their scope and the province (需求覆盖's rule); a leader's report has no candidate section.
     */
    private static List<GapReport.Candidate> candidates(Region region, List<NodeGap> nodeGaps,
                                                        List<MatchingService.DemandCandidates> open) {
        Map<String, String> names = new java.util.LinkedHashMap<>();
        nodeGaps.stream().filter(g -> !g.statusKey().equals(GapStatus.COVERED.name())).forEach(g -> names.put(g.nodeCode(), g.nodeName()));
        Map<String, Map<String, Object[]>> best = new java.util.LinkedHashMap<>(); // node → supplier → {eligible, demands}
        for (MatchingService.DemandCandidates dc : open) {
            String node = dc.demand().nodeCode();
            if (!names.containsKey(node)) {
                continue;
            }
            for (MatchingService.Eligible e : dc.candidates()) {
                boolean local = region.isProvince() ? e.outsideProvince() == null && e.cityCode() != null
                        : region.cityCode().equals(e.cityCode());
                if (!local) {
                    continue;
                }
                Object[] seen = best.computeIfAbsent(node, k -> new java.util.LinkedHashMap<>())
                        .computeIfAbsent(e.creditCode(), k -> new Object[]{e, 0});
                seen[1] = (Integer) seen[1] + 1;
                if (e.score() > ((MatchingService.Eligible) seen[0]).score()) {
                    seen[0] = e;
                }
            }
        }
        List<GapReport.Candidate> out = new ArrayList<>();
        names.forEach((node, nodeName) -> best.getOrDefault(node, Map.of()).values().stream()
                .sorted(java.util.Comparator.comparingDouble((Object[] x) -> -((MatchingService.Eligible) x[0]).score()))
                .limit(CANDIDATES_PER_NODE)
                .forEach(x -> {
                    MatchingService.Eligible e = (MatchingService.Eligible) x[0];
                    out.add(new GapReport.Candidate(node, nodeName, e.creditCode(), e.name(), e.cityName(), e.bandLabel(),
                            Math.round(e.score() * 10) / 10.0,
                            List.of("通过本地区 " + x[1] + " 条该环节链主需求的硬性条件；最佳匹配：" + e.bandLabel()
                                    + (e.substitute() ? "（替代环节的企业）" : ""))));
                }));
        return out;
    }

    /**
     * One line per leader and node, as the gap analysis counts them (GapAnalysis.analysisWithLeaders: the same
     * demands, sourcing splits and localisation rule as the node's total), largest annual value first.
     */
    private static Map<String, List<GapReport.DemandLine>> leaderLines(Map<String, List<GapAnalysis.LeaderDemand>> leaders,
                                                                       List<NodeGap> nodes) {
        Map<String, String> names = new java.util.HashMap<>();
        nodes.forEach(g -> names.put(g.nodeCode(), g.nodeName()));
        Map<String, List<GapReport.DemandLine>> out = new java.util.LinkedHashMap<>();
        leaders.forEach((node, lines) -> {
            List<GapReport.DemandLine> l = new ArrayList<>();
            for (GapAnalysis.LeaderDemand d : lines) {
                l.add(new GapReport.DemandLine(node, names.getOrDefault(node, node), d.leaderName(), d.demands(), d.annualValue(),
                        quantity(d.quantityByUnit()), d.localisationRate()));
            }
            l.sort(java.util.Comparator.comparingDouble((GapReport.DemandLine d) -> d.annualValue() == null ? 0 : -d.annualValue()));
            out.put(node, l);
        });
        return out;
    }

    /** The province and administrators anywhere, a city bureau in its own city (需求覆盖's and the figures' rule). */
    private static boolean mayReadDemands(Actor actor, Region region) {
        return actor.is(Role.ADMIN, Role.PROVINCE)
                || (actor.is(Role.CITY) && !region.isProvince() && java.util.Objects.equals(actor.cityCode(), region.cityCode()));
    }

    /**
     * 供需对接 over the last 12 months, from the same figures as the bureau's figures page (MatchmakingFigures), so
     * the report and the page agree: demands published, records started, at sampling or trial, supplying, ended by
     * reason, and 本地配套率 (annual value supplied by Guangdong suppliers ÷ annual value of all demand).
     */
    private List<String> progress(Actor actor, String chainCode, Region region) {
        MatchmakingViews.Figures f = matchmaking.figures(actor, chainCode, region.isProvince() ? "province" : region.cityCode(), null, null);
        MatchmakingViews.Month t = f.total();
        if (t.published().count() == 0 && t.started().count() == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add(f.from() + " 至 " + f.to() + "，本地区链主发布本链需求 " + t.published().count() + " 条"
                + (t.published().valueWan() == null ? "" : "（年需求 " + wan(t.published().valueWan()) + " 万元）")
                + "，其中有“推荐”的广东省内候选企业的 " + t.withRecommended().count() + " 条。");
        out.add("对接记录 " + t.started().count() + " 条：送样测试或小批量 " + t.samplingOrTrial().count() + " 条，批量供货 "
                + t.supplying().count() + " 条" + (t.supplying().valueWan() == null ? (t.supplying().count() > 0 ? "（未填金额）" : "")
                : "（" + wan(t.supplying().valueWan()) + " 万元/年）")
                + "。");
        List<String> ended = new ArrayList<>();
        t.endedByReason().forEach((reason, fig) -> {
            if (fig.count() > 0) {
                ended.add(f.reasonLabels().getOrDefault(reason, reason) + " " + fig.count() + " 条");
            }
        });
        if (!ended.isEmpty()) {
            out.add("终止的对接：" + String.join("、", ended) + "。");
        }
        // the rate is the demands' sourcing split with the 批量供货 records counted in (docs/matchmaking.md), not the
        // supplied value alone: the label says so (it read 已批量供货的年需求金额占全部年需求金额, fresh-eyes pass #15)
        out.add("本地配套率（按链主需求登记的采购来源计，已计入批量供货的对接记录）：省内 " + (t.localRate() == null ? "无数据" : pct(t.localRate()))
                + (region.isProvince() ? "" : "，同城 " + (t.sameCityRate() == null ? "无数据" : pct(t.sameCityRate()))) + "。");
        return out;
    }

    private static String wan(java.math.BigDecimal v) {
        return String.format(Locale.ROOT, "%,.2f", v);
    }

    /**
     * The province's overview of every chain (ADMIN and PROVINCE: it is the province's own meeting paper): per chain
     * what its province report says in figures — key figures, chokepoints and blanks, the gap nodes' best local
     * candidates and the matchmaking progress. Every open demand is ranked once for all chains (shareRankings).
     */
    ProvinceOverview overview(Actor actor) {
        if (!actor.is(Role.ADMIN, Role.PROVINCE)) {
            throw new Forbidden("全省产业链缺口总览仅供省工信厅和平台管理员下载；各地市可下载本市各产业链的报告");
        }
        List<ProvinceOverview.ChainLine> lines = new ArrayList<>();
        GapAnalysis.KeyFigures any = null;
        List<ChainCatalog.ChainSummary> chains = catalog.chains(actor);
        Region province = gaps.region("province");
        try (MatchingService.SharedRankings shared = matching.shareRankings()) {
            List<GapAnalysis.ChainAnalysis> analyses = new ArrayList<>();
            Set<String> nodes = new LinkedHashSet<>();
            for (ChainCatalog.ChainSummary c : chains) {
                GapAnalysis.ChainAnalysis a = gaps.analysis(actor, c.code(), "province");
                analyses.add(a);
                a.gaps().forEach(g -> nodes.add(g.nodeCode()));
            }
            List<MatchingService.DemandCandidates> open = nodes.isEmpty() ? List.of()
                    : matching.eligibleForOpenDemands(actor, null, List.copyOf(nodes));
            for (int i = 0; i < chains.size(); i++) {
                ChainCatalog.ChainSummary c = chains.get(i);
                GapAnalysis.ChainAnalysis a = analyses.get(i);
                any = a.figures();
                lines.add(new ProvinceOverview.ChainLine(c.code(), c.name(), a.figures(),
                        names(a.gaps(), GapStatus.CHOKEPOINT), names(a.gaps(), GapStatus.BLANK),
                        candidates(province, a.gaps(), open), progress(actor, c.code(), province)));
            }
        }
        List<String> method = new ArrayList<>();
        method.add(ProvinceOverview.PER_CHAIN_ONLY);
        if (any != null) {
            method.addAll(method(any, List.of()));
        }
        return new ProvinceOverview(LocalDate.now(), LocalDateTime.now(), lines, method);
    }

    private static String quantity(Map<String, Double> byUnit) {
        if (byUnit == null || byUnit.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        byUnit.forEach((unit, q) -> parts.add(new java.math.BigDecimal(Double.toString(q)).stripTrailingZeros().toPlainString() + " " + unit));
        return String.join("，", parts);
    }

    private static List<String> names(List<NodeGap> gaps, GapStatus status) {
        return gaps.stream().filter(g -> g.statusKey().equals(status.name())).map(NodeGap::nodeName).toList();
    }

    /** 方法说明: the rules with their bars, and where the figures come from. */
    private List<String> method(GapAnalysis.KeyFigures f, List<GapReport.Statement> statements) {
        List<String> m = new ArrayList<>();
        m.add("依赖进口：有需求数据时，按需求金额（无金额时按条数）加权的进口占比高于 " + pct(thresholds.getImportShare())
                + "；无需求数据时，以适用于本地区、本产业链的政策文件“依赖进口”语句为准（依赖省外、短板类语句只判为薄弱）。");
        m.add("关键环节：被本链 " + thresholds.getCriticalFinalEquipment() + " 种以上整机依赖，或占本链需求金额达到 "
                + pct(thresholds.getCriticalDemandShare()) + "，或中介中心性（在上下游之间的连接作用）处于本链前四分之一。");
        m.add("卡脖子：依赖进口的关键环节。空白：本地没有供应商。薄弱：本地供应商少于 " + thresholds.getMinSuppliers()
                + " 家，或" + thresholds.getQualifiedTier() + "及以上的本地供应商少于 " + thresholds.getMinQualifiedSuppliers()
                + " 家，或供应集中度（HHI）达到 " + thresholds.getMaxHhi() + "，或本地申报产能少于链主年需求。");
        m.add("本地化率：链主需求中由本地区企业供应的部分（按金额加权）；无需求数据的环节显示“无数据”，不计入汇总。"
                + "本报告的本地化率依据 " + f.nodesWithDemand() + " 个有需求数据的环节。");
        m.add("数据来源：企业名录（最近更新 " + (f.registryUpdatedAt() == null ? "无" : f.registryUpdatedAt().toLocalDate())
                + "），链主需求，产业链图谱与政策文件（见下）。");
        statements.stream().map(GapReport.Statement::citation).distinct().forEach(c -> m.add("政策文件：" + c));
        return m;
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    static Map<String, String> statusNames() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        GapReport.STATUSES.forEach(s -> m.put(s[0], s[1]));
        return m;
    }
}
