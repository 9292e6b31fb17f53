package cn.chainatlas.home;

import cn.chainatlas.db.FiguresCache;
import cn.chainatlas.security.Actors;

import cn.chainatlas.chain.GapAnalysis;
import cn.chainatlas.chain.GapStatus;
import cn.chainatlas.chain.NodeGap;
import cn.chainatlas.common.DomainError;
import cn.chainatlas.demand.Demand;
import cn.chainatlas.demand.DemandService;
import cn.chainatlas.enterprise.EnterpriseService;
import cn.chainatlas.enterprise.EnterpriseView;
import cn.chainatlas.enterprise.LeaderService;
import cn.chainatlas.geo.Region;
import cn.chainatlas.matching.MatchViews;
import cn.chainatlas.matching.MatchingService;
import cn.chainatlas.matchmaking.MatchmakingService;
import cn.chainatlas.matchmaking.MatchmakingViews;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
import io.micronaut.context.MessageSource;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The home page by role: the province and administrators get the province's gaps at a glance and the registry by
 * city; a city bureau its own city (its gaps per chain, its registry and last imports, its leaders' demands that no
 * 推荐 candidate covers); a chain leader its demands with their best matches, its profile and the chains it leads.
 */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
final class HomePages {

    private static final int NAMED_CHOKEPOINTS = 6;
    private static final int BEST_MATCHES = 3;
    /** records shown on the leader's home; the stalled come first, the rest are on the demands' records pages */
    private static final int HOME_RECORDS = 12;

    private final HomeQueries queries;
    private final GapAnalysis gaps;
    private final MessageSource messages;
    private final DemandService demands;
    private final MatchingService matching;
    private final EnterpriseService enterprises;
    private final LeaderService leaders;
    private final MatchmakingService matchmaking;

    private final FiguresCache figures;

    HomePages(HomeQueries queries, GapAnalysis gaps, MessageSource messages, DemandService demands,
              MatchingService matching, EnterpriseService enterprises, LeaderService leaders,
              MatchmakingService matchmaking, FiguresCache figures) {
        this.figures = figures;
        this.queries = queries;
        this.gaps = gaps;
        this.messages = messages;
        this.demands = demands;
        this.matching = matching;
        this.enterprises = enterprises;
        this.leaders = leaders;
        this.matchmaking = matchmaking;
    }

    /** One of the leader's demands with its best candidates (empty when it has none). */
    record DemandLine(Demand demand, int recommended, int candidates, List<MatchViews.MatchView> best) {
    }

    @Get(produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> home(Authentication authentication) {
        FiguresCache.Tracked<ModelAndView<Map<String, Object>>> t = figures.tracked(() -> home(Actors.of(authentication)));
        if (t.updating()) {
            t.value().getModel().ifPresent(m -> m.put("figuresUpdating", t.updatingTime()));
        }
        return t.value();
    }

    ModelAndView<Map<String, Object>> home(Actor actor) {
        Map<String, Object> model = new HashMap<>();
        model.put("recent", recent(actor));
        if (actor.is(Role.CITY) && actor.cityCode() != null) {
            return city(actor, model);
        }
        if (actor.is(Role.LEADER) && actor.leaderCreditCode() != null) {
            return leader(actor, model);
        }
        model.put("totals", queries.totals());
        model.put("chains", chainLines(actor, Region.PROVINCE));
        // the registry per city is a count, never a row
        model.put("cities", queries.enterprisesByCity());
        model.put("myCity", actor.cityCode());
        model.put("canImport", actor.is(Role.ADMIN, Role.PROVINCE, Role.CITY));
        return new ModelAndView<>("home", model);
    }

    private ModelAndView<Map<String, Object>> city(Actor actor, Map<String, Object> model) {
        Region region = gaps.region(actor.cityCode());
        model.put("region", region);
        model.put("totals", queries.cityTotals(actor.cityCode()));
        model.put("chains", chainLines(actor, region));
        model.put("imports", queries.lastImports(actor.cityCode(), 5).stream()
                .map(i -> Map.of("line", i, "label", label("imports.status." + i.status(), i.status()))).toList());
        MatchViews.Coverage coverage = matching.coverage(actor, null, null);
        model.put("openDemands", coverage.demands().size());
        model.put("uncovered", coverage.demands().stream().filter(MatchViews.CoverageRow::target).toList());
        return new ModelAndView<>("home-city", model);
    }

    private ModelAndView<Map<String, Object>> leader(Actor actor, Map<String, Object> model) {
        String code = actor.leaderCreditCode();
        EnterpriseView profile = null;
        try {
            profile = enterprises.detail(actor, code);
        } catch (DomainError gone) {
            // the account's enterprise left the registry: the page says so instead of failing
        }
        model.put("profile", profile);
        model.put("creditCode", code);
        model.put("leader", leaders.find(code).orElse(null));
        List<DemandLine> lines = new ArrayList<>();
        List<Demand> open = demands.list(actor, null, false).stream().filter(d -> "OPEN".equals(d.status())).toList();
        for (Demand d : open) {
            MatchViews.MatchList list = matching.matches(actor, d.id(), BEST_MATCHES, false);
            lines.add(new DemandLine(d, list.counts().recommended(), list.counts().candidates(), list.matches()));
        }
        model.put("demands", lines);
        model.put("allDemands", demands.list(actor, null, false).size());
        // its matchmaking records (供需对接): the service keeps a leader to its own and lists the stalled first
        List<MatchmakingViews.RecordView> records = matchmaking.list(actor,
                new MatchmakingService.Query(null, null, null, null, null, null, null, null));
        model.put("records", records.stream().limit(HOME_RECORDS).toList());
        model.put("recordCount", records.size());
        model.put("stalledCount", records.stream().filter(MatchmakingViews.RecordView::stalled).count());
        model.put("stalledDays", matchmaking.stalledDays());
        return new ModelAndView<>("home-leader", model);
    }

    private List<HomeQueries.RecentChange> recent(Actor actor) {
        return queries.recentChanges(actor.is(Role.ADMIN) ? null : actor.username(), 8).stream()
                .map(r -> r.withLabel(label("audit.action." + r.action(), r.action()))).toList();
    }

    private String label(String key, String fallback) {
        return messages.getMessage(key, Locale.SIMPLIFIED_CHINESE).orElse(fallback);
    }

    /** The gap analysis of every chain in the region, counted by status, chokepoints named (worst first). */
    private List<HomeQueries.ChainLine> chainLines(Actor actor, Region region) {
        Map<String, List<NodeGap>> byChain = gaps.allChains(actor, region);
        List<HomeQueries.ChainLine> lines = new ArrayList<>();
        queries.chainNames().forEach((code, name) -> {
            List<NodeGap> nodes = byChain.getOrDefault(code, List.of());
            Map<String, Long> counts = nodes.stream().collect(Collectors.groupingBy(NodeGap::status, Collectors.counting()));
            List<String> chokepoints = nodes.stream().filter(n -> GapStatus.CHOKEPOINT.label().equals(n.status()))
                    .map(NodeGap::nodeName).limit(NAMED_CHOKEPOINTS).toList();
            lines.add(new HomeQueries.ChainLine(code, name, nodes.size(),
                    count(counts, GapStatus.CHOKEPOINT), count(counts, GapStatus.BLANK),
                    count(counts, GapStatus.IMPORT_DEPENDENT), count(counts, GapStatus.WEAK),
                    count(counts, GapStatus.COVERED), chokepoints));
        });
        return lines;
    }

    private static int count(Map<String, Long> counts, GapStatus status) {
        return counts.getOrDefault(status.label(), 0L).intValue();
    }
}
