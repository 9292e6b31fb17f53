package cn.chainatlas.matchmaking;

import cn.chainatlas.chain.ChainGraph;
import cn.chainatlas.chain.ChainGraphCache;
import cn.chainatlas.chain.SpecParser;
import cn.chainatlas.common.BadInput;
import cn.chainatlas.common.Forbidden;
import cn.chainatlas.common.NotFound;
import cn.chainatlas.demand.Demand;
import cn.chainatlas.geo.Cities;
import cn.chainatlas.geo.Region;
import cn.chainatlas.matching.MatchingService;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Local capacity of a node allocated across leaders' open demands (AllocationPolicy), and the 补链 target list of a
 * chain. Inputs: the open demands and the candidates that pass matching's hard filters with their scores
 * ({@link MatchingService#eligibleForOpenDemands}: the same rules as the matches page), each candidate's declared
 * capacity for the node (the one stated per node on the enterprise's profile, else the registry's single 年产能; it
 * counts when its unit is the allocation's unit), less what all its 批量供货 records of the node take; and each demand
 * less what its own 批量供货 records already supply ({@link SupplyCommitments}). Bureaus only: ADMIN and PROVINCE any region, CITY its
 * own city; LEADER 403 (it spans leaders' confidential demands). It proposes; it assigns nothing.
 */
@Singleton
public class AllocationService {

    private static final int NEAREST = 3;

    private final MatchingService matching;
    private final MatchmakingRepository records;
    private final ChainGraphCache graphs;
    private final Cities cities;
    private final AllocationPolicy policy = new AllocationPolicy();
    private final cn.chainatlas.db.FiguresCache figures;

    AllocationService(MatchingService matching, MatchmakingRepository records, ChainGraphCache graphs, Cities cities,
                      cn.chainatlas.db.FiguresCache figures) {
        this.figures = figures;
        this.matching = matching;
        this.records = records;
        this.graphs = graphs;
        this.cities = cities;
    }

    /** The proposed allocation of one node's local capacity in a region ({@code unit}: another unit than the usual). */
    public AllocationViews.Allocation allocation(Actor actor, String chain, String node, @Nullable String region,
                                                 @Nullable String unit) {
        Region scope = scope(actor, region);
        ChainGraph.ChainView view = chain(chain);
        String nodeCode = node(view, node);
        // who may read this region was decided above; the answer is the region's, the same for every bureau allowed
        // to read it (no private fields, no reader's words), so it is kept per data version: the flow is solved once
        // per change of demands, registry, capacities or records, not once per view
        return figures.get(new AllocationKey(view.chain().code(), nodeCode, scope.cityCode(), unit == null ? null : unit.strip()), () -> {
            List<MatchingService.DemandCandidates> open = matching.eligibleForOpenDemands(actor, scope.cityCode(), List.of(nodeCode));
            return allocate(view, nodeCode, scope, open, unit,
                    records.supplyingByNode(List.of(nodeCode)).getOrDefault(nodeCode, List.of())).view;
        });
    }

    /** The key of a kept allocation: chain, node, region (null: the province) and the unit asked for (null: usual). */
    private record AllocationKey(String chain, String node, @Nullable String cityCode, @Nullable String unit) {
    }

    /**
     * The 补链 targets of a chain in a region: every node whose open demand local capacity leaves (partly) uncovered
     * in any unit, or with a demand that has no 推荐 candidate in the region; nodes without any 推荐 first, then
     * the most demands.
     */
    public AllocationViews.GapTargets gapTargets(Actor actor, String chain, @Nullable String region) {
        Region scope = scope(actor, region);
        ChainGraph.ChainView view = chain(chain);
        List<MatchingService.DemandCandidates> open = matching.eligibleForOpenDemands(actor, scope.cityCode(), view.members());
        Map<String, List<MatchingService.DemandCandidates>> byNode = new LinkedHashMap<>();
        open.forEach(dc -> byNode.computeIfAbsent(dc.demand().nodeCode(), k -> new ArrayList<>()).add(dc));
        Map<String, List<SupplyCommitments.Supply>> supplyingByNode = records.supplyingByNode(byNode.keySet());
        List<AllocationViews.GapTarget> targets = new ArrayList<>();
        for (Map.Entry<String, List<MatchingService.DemandCandidates>> e : byNode.entrySet()) {
            String nodeCode = e.getKey();
            List<MatchingService.DemandCandidates> demands = e.getValue();
            // every unit of the node's demands allocated on its own: units are never added
            Set<String> units = new LinkedHashSet<>();
            demands.forEach(dc -> {
                Demand d = dc.demand();
                if (d.quantity() != null && d.quantity().signum() > 0 && d.unit() != null && !d.unit().isBlank()) {
                    units.add(SpecParser.unitKey(d.unit()));
                }
            });
            List<AllocationViews.Amount> demanded = new ArrayList<>();
            List<AllocationViews.Amount> uncovered = new ArrayList<>();
            Set<Long> short_ = new LinkedHashSet<>();
            List<String> reasons = new ArrayList<>();
            for (String u : units) {
                Computed c = allocate(view, nodeCode, scope, demands, u, supplyingByNode.getOrDefault(nodeCode, List.of()));
                demanded.add(new AllocationViews.Amount(c.view.demanded(), u));
                long left = c.view.demanded() - c.view.covered();
                if (left > 0) {
                    uncovered.add(new AllocationViews.Amount(left, u));
                    c.view.uncovered().forEach(x -> short_.add(x.demandId()));
                    reasons.add(AllocationReasons.text("gapTarget.reason.uncovered", num(left), u, num(c.view.demanded()),
                            pct(c.view.coveredShare())));
                }
            }
            int without = 0;
            Set<Long> noRecommended = new LinkedHashSet<>();
            for (MatchingService.DemandCandidates dc : demands) {
                boolean any = dc.candidates().stream().anyMatch(c -> "RECOMMENDED".equals(c.band()) && local(c, scope));
                if (!any) {
                    without++;
                    noRecommended.add(dc.demand().id());
                }
            }
            if (without > 0) {
                reasons.add(0, AllocationReasons.text(without == demands.size() ? "gapTarget.reason.noRecommendedAll"
                        : "gapTarget.reason.noRecommendedSome", without, demands.size(), scope.name()));
            }
            if (uncovered.isEmpty() && without == 0) {
                continue;
            }
            Map<String, AllocationViews.Party> leaders = new LinkedHashMap<>();
            Map<String, Object[]> nearest = new HashMap<>();
            for (MatchingService.DemandCandidates dc : demands) {
                Demand d = dc.demand();
                if (short_.contains(d.id()) || noRecommended.contains(d.id())) {
                    leaders.putIfAbsent(d.leaderCreditCode(), new AllocationViews.Party(d.leaderCreditCode(), d.leaderName(), d.cityName()));
                }
                for (MatchingService.Eligible c : dc.candidates()) {
                    if (local(c, scope) || c.creditCode().equals(d.leaderCreditCode())) {
                        continue;
                    }
                    Object[] have = nearest.get(c.creditCode());
                    if (have == null || better(c, (MatchingService.Eligible) have[0])) {
                        nearest.put(c.creditCode(), new Object[]{c});
                    }
                }
            }
            List<AllocationViews.Nearby> near = nearest.values().stream().map(o -> (MatchingService.Eligible) o[0])
                    .sorted(Comparator.comparing((MatchingService.Eligible c) -> c.cityCode() == null)
                            .thenComparing(c -> bandRank(c.band()))
                            .thenComparing(Comparator.comparingDouble(MatchingService.Eligible::score).reversed())
                            .thenComparing(MatchingService.Eligible::creditCode))
                    .limit(NEAREST)
                    .map(c -> new AllocationViews.Nearby(c.creditCode(), c.name(), place(c), c.bandLabel(), c.score()))
                    .toList();
            ChainGraph.Node n = graphs.get().nodes().get(nodeCode);
            targets.add(new AllocationViews.GapTarget(nodeCode, n == null ? nodeCode : n.name(), demands.size(), without,
                    without == demands.size(), demanded, uncovered, List.copyOf(leaders.values()), near, reasons));
        }
        targets.sort(Comparator.comparing((AllocationViews.GapTarget t) -> !t.noRecommended())
                .thenComparing(Comparator.comparingInt(AllocationViews.GapTarget::demands).reversed())
                .thenComparing(AllocationViews.GapTarget::nodeName));
        return new AllocationViews.GapTargets(view.chain().code(), view.chain().name(), scope.name(), scope.cityCode(), targets);
    }

    private static int bandRank(String band) {
        return "RECOMMENDED".equals(band) ? 0 : "VERIFY".equals(band) ? 1 : 2;
    }

    private static boolean better(MatchingService.Eligible a, MatchingService.Eligible b) {
        int band = Integer.compare(bandRank(a.band()), bandRank(b.band()));
        return band < 0 || band == 0 && a.score() > b.score();
    }

    private record Computed(AllocationViews.Allocation view) {
    }

    private Computed allocate(ChainGraph.ChainView view, String nodeCode, Region scope,
                              List<MatchingService.DemandCandidates> open, @Nullable String unit,
                              List<SupplyCommitments.Supply> supplying) {
        List<AllocationPolicy.DemandIn> in = new ArrayList<>();
        Map<Long, Demand> demands = new HashMap<>();
        Map<String, MatchingService.Eligible> local = new LinkedHashMap<>();
        Map<Long, BigDecimal> supplied = SupplyCommitments.suppliedPerDemand(supplying);
        for (MatchingService.DemandCandidates dc : open) {
            Demand d = dc.demand();
            demands.put(d.id(), d);
            List<AllocationPolicy.Option> options = new ArrayList<>();
            for (MatchingService.Eligible c : dc.candidates()) {
                if (local(c, scope)) {
                    options.add(new AllocationPolicy.Option(c.creditCode(), c.score()));
                    local.putIfAbsent(c.creditCode(), c);
                }
            }
            in.add(new AllocationPolicy.DemandIn(d.id(), d.leaderCreditCode(), d.quantity(), d.unit(), options, supplied.get(d.id())));
        }
        String chosen = AllocationPolicy.unitOf(in, unit);
        Map<String, Double> taken = chosen == null ? Map.of() : SupplyCommitments.takenPerSupplier(supplying, chosen);
        List<AllocationPolicy.SupplierIn> suppliers = local.values().stream()
                .map(c -> new AllocationPolicy.SupplierIn(c.creditCode(), c.capacity(), c.capacityUnit(),
                        taken.getOrDefault(c.creditCode(), 0.0)))
                .toList();
        AllocationPolicy.Result r = policy.allocate(in, suppliers, chosen);
        Map<Long, Map<String, String>> bands = new HashMap<>();
        r.assignments().forEach(a -> bands.computeIfAbsent(a.demandId(), k -> new HashMap<>()));
        for (MatchingService.DemandCandidates dc : open) {
            Map<String, String> of = bands.get(dc.demand().id());
            if (of != null) {
                dc.candidates().forEach(x -> of.putIfAbsent(x.creditCode(), x.bandLabel()));
            }
        }
        List<AllocationViews.AssignmentView> assignments = r.assignments().stream().map(a -> {
            Demand d = demands.get(a.demandId());
            MatchingService.Eligible c = local.get(a.supplierCreditCode());
            String band = bands.get(a.demandId()).getOrDefault(a.supplierCreditCode(), "");
            return new AllocationViews.AssignmentView(a.demandId(), a.leaderCreditCode(), d.leaderName(), a.supplierCreditCode(),
                    c.name(), c.cityName(), a.quantity(), a.unit(), a.score(), band);
        }).toList();
        List<AllocationViews.UncoveredView> uncovered = r.uncovered().stream().map(u -> new AllocationViews.UncoveredView(
                u.demandId(), u.leaderCreditCode(), demands.get(u.demandId()).leaderName(), u.quantity(), u.unit(), u.why())).toList();
        List<AllocationViews.LeftOutView> leftOut = r.leftOut().stream().map(l -> new AllocationViews.LeftOutView(
                l.demandId(), l.leaderCreditCode(), demands.get(l.demandId()).leaderName(), l.quantity(), l.unit(), l.why())).toList();
        List<AllocationViews.SupplierView> supplierViews = r.suppliers().stream()
                .map(s -> {
                    MatchingService.Eligible c = local.get(s.creditCode());
                    return new AllocationViews.SupplierView(s.creditCode(), c.name(), c.cityName(), s.available(), s.assigned(),
                            c.capacity() == null ? null : new BigDecimal(c.capacity().stripTrailingZeros().toPlainString()), c.capacityUnit(), Math.round(taken.getOrDefault(s.creditCode(), 0.0)),
                            c.capacity() == null ? "NONE" : c.capacityOfNode() ? "NODE" : "REGISTRY",
                            AllocationReasons.text(c.capacity() == null ? "allocation.capacity.none"
                                    : c.capacityOfNode() ? "allocation.capacity.node" : "allocation.capacity.registry"));
                })
                .sorted(Comparator.comparingLong(AllocationViews.SupplierView::assigned).reversed()
                        .thenComparing(Comparator.comparingLong(AllocationViews.SupplierView::available).reversed())
                        .thenComparing(AllocationViews.SupplierView::creditCode))
                .toList();
        List<AllocationViews.SuppliedView> suppliedViews = r.supplied().stream().map(x -> new AllocationViews.SuppliedView(
                x.demandId(), x.leaderCreditCode(), demands.get(x.demandId()).leaderName(), x.quantity(), x.supplied(), x.unit())).toList();
        ChainGraph.Node n = graphs.get().nodes().get(nodeCode);
        return new Computed(new AllocationViews.Allocation(view.chain().code(), view.chain().name(), nodeCode,
                n == null ? nodeCode : n.name(), scope.name(), scope.cityCode(), r.unit(),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(r.units())), assignments, uncovered,
                leftOut, supplierViews, open.size(), r.demanded(), r.covered(), r.coveredShare(), r.scoreQuantity(),
                r.alreadySupplied(), suppliedViews));
    }

    /** In the region: in the city of a city's view; anywhere in Guangdong for the province. */
    private static boolean local(MatchingService.Eligible c, Region scope) {
        return c.cityCode() != null && (scope.cityCode() == null || scope.cityCode().equals(c.cityCode()));
    }

    private static String place(MatchingService.Eligible c) {
        return c.cityCode() != null ? c.cityName() : "省外" + (c.outsideProvince() == null ? "" : "-" + c.outsideProvince());
    }

    /** The region a bureau may read: ADMIN and PROVINCE any; CITY its own (the default); LEADER none. */
    Region scope(Actor actor, @Nullable String region) {
        if (actor.is(Role.LEADER)) {
            throw new Forbidden("配套分配与补链目标汇总各链主的需求，仅对工信部门开放");
        }
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY);
        if (actor.is(Role.CITY)) {
            if (region == null || region.isBlank()) {
                return cities.city(actor.cityCode());
            }
            Region r = cities.region(region);
            if (!actor.cityCode().equals(r.cityCode())) {
                throw new Forbidden("市工信局只能查看本市（" + cities.name(actor.cityCode()) + "）的配套分配与补链目标");
            }
            return r;
        }
        return cities.region(region);
    }

    private ChainGraph.ChainView chain(String chain) {
        ChainGraph.ChainView view = chain == null ? null : graphs.get().view(chain.strip().toUpperCase(Locale.ROOT));
        if (view == null) {
            throw new NotFound("产业链「" + chain + "」不存在");
        }
        return view;
    }

    /** A node of the chain by code or name. */
    private String node(ChainGraph.ChainView view, @Nullable String node) {
        if (node == null || node.isBlank()) {
            throw new BadInput("node", "请选择产业链环节（node）");
        }
        String n = node.strip();
        ChainGraph graph = graphs.get();
        String code = graph.nodes().containsKey(n.toUpperCase(Locale.ROOT)) ? n.toUpperCase(Locale.ROOT)
                : graph.nodes().values().stream().filter(x -> x.name().equals(n) || x.aliases().contains(n))
                .map(ChainGraph.Node::code).filter(view::contains).findFirst().orElse(null);
        if (code == null || !view.contains(code)) {
            throw new BadInput("node", "「" + n + "」不是产业链「" + view.chain().name() + "」的环节");
        }
        return code;
    }

    static String num(long v) {
        return String.valueOf(v);
    }

    static String pct(@Nullable Double share) {
        return share == null ? "—" : BigDecimal.valueOf(share * 100).setScale(0, java.math.RoundingMode.HALF_UP).toPlainString() + "%";
    }
}
