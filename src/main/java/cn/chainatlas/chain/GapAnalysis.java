package cn.chainatlas.chain;

import cn.chainatlas.geo.Cities;
import cn.chainatlas.geo.Region;

import com.fasterxml.jackson.annotation.JsonInclude;
import cn.chainatlas.chain.ChainGraph.ChainView;
import cn.chainatlas.chain.GapRules.DemandRow;
import cn.chainatlas.chain.GapRules.SupplyRow;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
import cn.chainatlas.common.BadInput;
import cn.chainatlas.common.NotFound;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gap analysis of a chain for the province or one city. The graph comes from the cache; the figures are read
 * from the database on every call (a few GROUP BY queries), so the result follows registry imports and demands
 * as they change. Every role may read gaps of any region: they are aggregates. An aggregate of demand over fewer
 * than {@code chainatlas.gaps.min-demand-leaders} (3) leaders would show those leaders' own figures, so it is shown
 * only to those who may see the demands (ADMIN, PROVINCE, the city bureau of all those leaders, a leader for its own
 * demand alone); everyone else gets the status and number-free reasons with a note (docs/gaps.md).
 */
@Singleton
public class GapAnalysis {

    private final ChainGraphCache cache;
    private final GapFiguresRepository figures;
    private final GapThresholds t;
    private final GapRules rules;
    private final Cities cities;
    private final io.micronaut.json.JsonMapper json;
    private final cn.chainatlas.db.FiguresCache figuresCache;

    GapAnalysis(ChainGraphCache cache, GapFiguresRepository figures, GapThresholds thresholds, Cities cities,
                io.micronaut.json.JsonMapper json, cn.chainatlas.db.FiguresCache figuresCache) {
        this.figuresCache = figuresCache;
        this.cities = cities;
        this.json = json;
        this.cache = cache;
        this.figures = figures;
        this.t = thresholds;
        this.rules = new GapRules(thresholds);
    }

    /**
     * A final equipment's autonomy: it is only as domestic as its least domestic critical part.
     *
     * @param criticalPartsWithFigures the critical parts the rates rest on (measured and visible to the reader)
     * @param criticalPartsWithheld    critical parts whose demand figures exist but are withheld from this reader
     *                                 (fewer than 3 leaders): left out of the rates, counted here and named in the
     *                                 reasons
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Autonomy(String rootCode, String rootName, Double domesticRate, Double localisationRate,
                           List<String> limitingNodes, int criticalParts, int criticalPartsWithFigures,
                           int criticalPartsWithheld, List<String> reasons) {
    }

    /**
     * The chain's key figures in the region.
     *
     * @param localisationRate  the chain's demand bought locally ÷ its demand, weighted by value (by count where no
     *                          demand states a value), over the nodes with demand data; null (无数据) without any
     * @param nodesWithDemand   how many nodes that rate rests on
     * @param leaders           chain leaders of the region that need or make a node of the chain
     * @param localSuppliers    distinct enterprises of the region classified to a node of the chain
     * @param registryUpdatedAt when the registry last changed (the figures' "as of")
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record KeyFigures(int nodes, Map<String, Integer> byStatus, Double localisationRate, int nodesWithDemand,
                             int leaders, int localSuppliers, java.time.LocalDateTime registryUpdatedAt) {
    }

    /** Gaps and roll-up of one chain and region from one read of the figures (what the chain page shows). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    /**
     * @param updatingSince null when every figure is current; else the moment a write superseded the figures shown,
     *                      which are being recomputed (db.FiguresCache: served for at most a few minutes, and said so)
     */
    public record ChainAnalysis(String chain, Region region, List<NodeGap> gaps, List<Autonomy> autonomy,
                                KeyFigures figures, java.time.Instant updatingSince) {
    }

    public ChainAnalysis analysis(Actor actor, String chainCode, String regionKey) {
        requireReader(actor);
        ChainView view = view(chainCode);
        Region region = region(regionKey);
        cn.chainatlas.db.FiguresCache.Tracked<ChainAnalysis> t =
                figuresCache.tracked(() -> analysis(actor, view, region, load(region, view.members())));
        ChainAnalysis a = t.value();
        return t.updating() ? new ChainAnalysis(a.chain(), a.region(), a.gaps(), a.autonomy(), a.figures(), t.updatingSince()) : a;
    }

    private ChainAnalysis analysis(Actor actor, ChainView view, Region region, Figures f) {
        List<NodeGap> gaps = analyse(actor, view, region, f);
        return new ChainAnalysis(view.chain().code(), region, gaps, autonomy(view, gaps), keyFigures(view, region, f, gaps), null);
    }

    /**
     * One leader's demand of one node, counted as the gap table counts the node's (the demands not closed, their
     * splits with the 批量供货 records applied) and rated by the same rule ({@link GapRules#localisation}), so a node's
     * leader lines add up to its total and cannot disagree with it.
     *
     * @param annualValue      万元 a year, the sum of the demands that state one; null when none does
     * @param quantityByUnit   annual quantity by unit
     * @param localisationRate 0–1, as the node's (同城, or 同城 + 省内 for the province); null without demand
     */
    public record LeaderDemand(String nodeCode, String leaderCreditCode, String leaderName, int demands,
                               Double annualValue, Map<String, Double> quantityByUnit, Double localisationRate) {
    }

    /** A chain's analysis and, for a reader who may see them, each leader's demand by node (node → lines). */
    public record WithLeaders(ChainAnalysis analysis, Map<String, List<LeaderDemand>> leaders) {
    }

    /**
     * {@link #analysis} and, from the same read of the figures, each leader's demand per node — for readers who may see
     * every leader's demand in the region: ADMIN and PROVINCE anywhere, a CITY bureau in its own city. A LEADER gets
     * its own lines only; a bureau elsewhere none.
     */
    public WithLeaders analysisWithLeaders(Actor actor, String chainCode, String regionKey) {
        requireReader(actor);
        ChainView view = view(chainCode);
        Region region = region(regionKey);
        Figures f = load(region, view.members());
        ChainAnalysis a = analysis(actor, view, region, f);
        boolean all = actor.isProvinceWide()
                || actor.is(Role.CITY) && !region.isProvince() && region.cityCode().equals(actor.cityCode());
        String only = !all && actor.is(Role.LEADER) ? actor.leaderCreditCode() : null;
        Map<String, List<LeaderDemand>> out = new LinkedHashMap<>();
        if (!all && only == null) {
            return new WithLeaders(a, out);
        }
        Map<String, Map<String, List<DemandRow>>> byNode = new LinkedHashMap<>();
        Set<String> leaders = new HashSet<>();
        for (String code : view.members()) {
            for (DemandRow r : f.demand().getOrDefault(code, List.of())) {
                if (only == null || only.equals(r.leader())) {
                    byNode.computeIfAbsent(code, k -> new LinkedHashMap<>()).computeIfAbsent(r.leader(), k -> new ArrayList<>()).add(r);
                    leaders.add(r.leader());
                }
            }
        }
        Map<String, String> names = new HashMap<>();
        if (!leaders.isEmpty()) {
            figures.enterprises(leaders).forEach(e -> names.put(e.creditCode(), e.name()));
        }
        byNode.forEach((node, rowsByLeader) -> rowsByLeader.forEach((leader, rows) -> {
            int demands = 0;
            double value = 0;
            int valued = 0;
            Map<String, Double> quantity = new TreeMap<>();
            for (DemandRow r : rows) {
                demands += r.demands();
                value += r.value();
                valued += r.withValue();
                if (r.quantity() > 0) {
                    quantity.merge(GapRules.unit(r.unit()), r.quantity(), Double::sum);
                }
            }
            GapRules.Localisation l = GapRules.localisation(rows, region.isProvince());
            out.computeIfAbsent(node, k -> new ArrayList<>()).add(new LeaderDemand(node, leader, names.getOrDefault(leader, leader),
                    demands, valued > 0 ? value : null, quantity, l == null ? null : l.localRate()));
        }));
        return new WithLeaders(a, out);
    }

    private KeyFigures keyFigures(ChainView view, Region region, Figures f, List<NodeGap> gaps) {
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (GapStatus s : GapStatus.values()) {
            byStatus.put(s.name(), 0);
        }
        double local = 0;
        double total = 0;
        int withDemand = 0;
        // nodes whose demand is withheld from this reader carry no rate and stay out, as on the chain page
        boolean byValue = gaps.stream().anyMatch(g -> g.demand().annualValue() != null && g.demand().annualValue() > 0);
        for (NodeGap g : gaps) {
            byStatus.merge(g.statusKey(), 1, Integer::sum);
            if (g.localisationRate() != null && g.demand().annualValue() != null) {
                withDemand++;
                double weight = byValue ? g.demand().annualValue() : g.demand().demands();
                local += g.localisationRate() * weight;
                total += weight;
            }
        }
        Set<String> leaders = new HashSet<>();
        f.leaderNodes().forEach((leader, nodes) -> {
            if (nodes.stream().anyMatch(view::contains)) {
                leaders.add(leader);
            }
        });
        int suppliers = figuresCache.get(new SuppliersKey(region, view.chain().code(), t.getMinConfidence()),
                () -> figures.distinctSuppliers(region, view.members(), t.getMinConfidence()));
        return new KeyFigures(gaps.size(), byStatus, total > 0 ? local / total : null, withDemand, leaders.size(),
                suppliers, f.registryUpdatedAt());
    }

    /** {@code province} (or blank) or a city's name or code. */
    public Region region(String key) {
        return cities.region(key);
    }

    public List<Region> regions() {
        return cities.regions();
    }

    public List<NodeGap> gaps(Actor actor, String chainCode, String regionKey) {
        requireReader(actor);
        ChainView view = view(chainCode);
        Region region = region(regionKey);
        return analyse(actor, view, region, load(region, view.members()));
    }

    /** All chains for one region with one set of queries: the figures are shared by the chains. */
    public Map<String, List<NodeGap>> allChains(Actor actor, Region region) {
        requireReader(actor);
        ChainGraph graph = cache.get();
        Figures f = load(region, null);
        Map<String, List<NodeGap>> out = new LinkedHashMap<>();
        for (String chain : graph.chains().keySet()) {
            out.put(chain, analyse(actor, graph.view(chain), region, f));
        }
        return out;
    }

    public List<Autonomy> autonomy(Actor actor, String chainCode, String regionKey) {
        requireReader(actor);
        ChainView view = view(chainCode);
        Region region = region(regionKey);
        List<NodeGap> gaps = analyse(actor, view, region, load(region, view.members()));
        return autonomy(view, gaps);
    }

    List<Autonomy> autonomy(ChainView view, List<NodeGap> gaps) {
        Map<String, NodeGap> byCode = new HashMap<>();
        gaps.forEach(g -> byCode.put(g.nodeCode(), g));
        ChainGraph graph = cache.get();
        List<Autonomy> out = new ArrayList<>();
        for (String root : view.chain().roots()) {
            Set<String> below = view.descendants(root);
            List<NodeGap> critical = new ArrayList<>();
            for (String code : view.members()) {
                if (below.contains(code) && byCode.get(code).criticality().critical()) {
                    critical.add(byCode.get(code));
                }
            }
            out.add(rules.autonomy(graph.nodes().get(root), critical));
        }
        return out;
    }

    ChainView view(String chainCode) {
        ChainView view = cache.get().view(chainCode);
        if (view == null) {
            throw new NotFound("未知产业链「" + chainCode + "」");
        }
        return view;
    }

    static void requireReader(Actor actor) {
        // every signed-in role reads chains and gaps; the check stays here so a new role must be let in on purpose
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY, Role.LEADER);
    }

    /**
     * The figures of one region, indexed by node; leaders → the nodes they need or make; the city of every leader
     * behind a demand (what a city bureau's view of few-leader demand depends on). Shared by every reader of the same
     * data version (db.FiguresCache): read-only, and not yet filtered for any reader.
     */
    record Figures(Map<String, List<SupplyRow>> supply, Map<String, List<DemandRow>> demand,
                   Map<String, List<GapFiguresRepository.SupplyingRecord>> supplying,
                   Map<String, Set<String>> leaderNodes, Map<String, List<GapRules.SpecSupply>> specSupply,
                   Map<String, String> leaderCities, java.time.LocalDateTime registryUpdatedAt) {
    }

    // the thresholds are part of the question: the supply figures count classifications above min-confidence
    private record FiguresKey(Region region, List<String> nodes, double minConfidence) {
    }

    private record SuppliersKey(Region region, String chain, double minConfidence) {
    }

    /**
     * The region's figures for {@code nodes} (null: every node), read once per change of the data they rest on: the
     * same question at the same data version gets the same figures (db.FiguresCache), so views that repeat it — the
     * home page, the chain page and its API, the reports — no longer each run the aggregate queries.
     */
    Figures load(Region region, Collection<String> nodes) {
        List<String> key = nodes == null ? null : nodes.stream().sorted().toList();
        return figuresCache.get(new FiguresKey(region, key, t.getMinConfidence()), () -> read(region, nodes));
    }

    private Figures read(Region region, Collection<String> nodes) {
        Map<String, List<SupplyRow>> supply = new HashMap<>();
        Map<String, Set<String>> leaderNodes = new HashMap<>();
        for (SupplyRow r : figures.supply(region, nodes, t.getMinConfidence())) {
            supply.computeIfAbsent(r.node(), k -> new ArrayList<>()).add(r);
            if (r.leader() != null) {
                leaderNodes.computeIfAbsent(r.leader(), k -> new HashSet<>()).add(r.node());
            }
        }
        Map<String, List<DemandRow>> demand = new HashMap<>();
        for (DemandRow r : figures.demand(region, nodes)) {
            demand.computeIfAbsent(r.node(), k -> new ArrayList<>()).add(r);
            leaderNodes.computeIfAbsent(r.leader(), k -> new HashSet<>()).add(r.node());
        }
        Map<String, List<GapFiguresRepository.SupplyingRecord>> supplying = new HashMap<>();
        for (GapFiguresRepository.SupplyingRecord r : figures.supplyingRecords(region, nodes)) {
            supplying.computeIfAbsent(r.node(), k -> new ArrayList<>()).add(r);
        }
        Set<String> demandLeaders = new HashSet<>();
        demand.values().forEach(rows -> rows.forEach(r -> demandLeaders.add(r.leader())));
        Map<String, String> leaderCities = demandLeaders.isEmpty() ? Map.of() : figures.cityOf(demandLeaders);
        return new Figures(frozen(supply), frozen(demand), frozen(supplying), frozenSets(leaderNodes),
                frozen(specSupply(region, nodes)), Map.copyOf(leaderCities), figures.registryUpdatedAt());
    }

    private static <T> Map<String, List<T>> frozen(Map<String, List<T>> m) {
        Map<String, List<T>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Map<String, Set<String>> frozenSets(Map<String, Set<String>> m) {
        Map<String, Set<String>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, Set.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * For every node where the region's leaders state a spec: per distinct requirement, how many of the region's
     * suppliers state that they meet it (SpecParser reads both sides the same way). Only the suppliers of those
     * nodes are read, and each supplier's text is parsed once.
     */
    Map<String, List<GapRules.SpecSupply>> specSupply(Region region, Collection<String> nodes) {
        Map<String, Map<String, Object[]>> byNode = new HashMap<>(); // node → requirement text → {requirement, demands}
        for (GapFiguresRepository.DemandSpec d : figures.demandSpecs(region, nodes)) {
            Map<SpecParser.Field, SpecParser.Value> req = SpecParser.requirements(d.node(), specFields(d.specFields()), d.spec());
            if (req.isEmpty()) {
                continue;
            }
            Object[] entry = byNode.computeIfAbsent(d.node(), k -> new TreeMap<>())
                    .computeIfAbsent(SpecParser.describe(req), k -> new Object[]{req, 0});
            entry[1] = (Integer) entry[1] + 1;
        }
        if (byNode.isEmpty()) {
            return Map.of();
        }
        Map<String, List<Map<SpecParser.Field, List<SpecParser.Value>>>> offered = new HashMap<>();
        for (GapFiguresRepository.SupplierSpec s : figures.supplierSpecs(region, byNode.keySet(), t.getMinConfidence())) {
            offered.computeIfAbsent(s.node(), k -> new ArrayList<>()).add(SpecParser.stated(s.node(), s.techParams(), s.products()));
        }
        Map<String, List<GapRules.SpecSupply>> out = new HashMap<>();
        byNode.forEach((node, requirements) -> requirements.forEach((text, entry) -> {
            @SuppressWarnings("unchecked")
            Map<SpecParser.Field, SpecParser.Value> req = (Map<SpecParser.Field, SpecParser.Value>) entry[0];
            int meeting = 0;
            int notStated = 0;
            for (Map<SpecParser.Field, List<SpecParser.Value>> stated : offered.getOrDefault(node, List.of())) {
                boolean fails = false;
                boolean unknown = false;
                for (SpecParser.Value r : req.values()) {
                    SpecParser.Judgement j = SpecParser.judge(r, stated.getOrDefault(r.field(), List.of()));
                    fails |= j.fails();
                    unknown |= j.verdict() == SpecParser.Verdict.NOT_STATED;
                }
                if (!fails && !unknown) {
                    meeting++;
                } else if (!fails) {
                    notStated++;
                }
            }
            out.computeIfAbsent(node, k -> new ArrayList<>()).add(new GapRules.SpecSupply(text, (Integer) entry[1], meeting, notStated));
        }));
        return out;
    }

    private Map<String, String> specFields(String stored) {
        return cn.chainatlas.db.JsonColumns.stringMap(json, stored);
    }

    /**
     * Whether the actor may see demand figures that come from these leaders alone: the province and administrators
     * always; a city bureau when every one of them lies in its city; a leader when the demand is its own alone.
     */
    boolean maySeeDemands(Actor actor, Set<String> leaders, Map<String, String> leaderCities) {
        if (actor.isProvinceWide()) {
            return true;
        }
        if (actor.is(Role.CITY) && actor.cityCode() != null) {
            return leaders.stream().allMatch(l -> actor.cityCode().equals(leaderCities.get(l)));
        }
        return actor.is(Role.LEADER) && actor.leaderCreditCode() != null && leaders.equals(Set.of(actor.leaderCreditCode()));
    }

    /**
     * Whether the province figure of a node, resting on {@code unseen} leaders the reader cannot see one by one (at
     * least min-demand-leaders of them), would give one or two of them away when the city figures the reader may see
     * are subtracted from it. A city's figure of the node is shown when its unseen leaders are none or at least
     * min-demand-leaders; subtracting any set of those shown cities leaves a residual that must again be none or at
     * least min-demand-leaders (every subset sum of the shown cities' counts is checked: complementary suppression
     * across the two levels of regions, docs/gaps.md).
     */
    boolean differenceLeaks(Set<String> unseen, Map<String, String> leaderCities) {
        int min = t.getMinDemandLeaders();
        Map<String, Integer> byCity = new HashMap<>();
        for (String l : unseen) {
            String city = leaderCities.get(l);
            if (city != null) {
                byCity.merge(city, 1, Integer::sum);
            }
        }
        int n = unseen.size();
        boolean[] reachable = new boolean[n + 1];
        reachable[0] = true;
        for (int count : byCity.values()) {
            if (count < min) {
                continue; // that city's figure is withheld from this reader: nothing to subtract
            }
            for (int s = n - count; s >= 0; s--) {
                if (reachable[s]) {
                    reachable[s + count] = true;
                }
            }
        }
        for (int s = 0; s <= n; s++) {
            int residual = n - s;
            if (reachable[s] && residual > 0 && residual < min) {
                return true;
            }
        }
        return false;
    }

    List<NodeGap> analyse(Actor actor, ChainView view, Region region, Figures f) {
        ChainGraph graph = cache.get();
        // the leaders behind each node's demand; their cities only when a city bureau's view depends on them
        Map<String, Set<String>> demandLeaders = new HashMap<>();
        f.demand().forEach((node, rows) -> rows.forEach(r -> demandLeaders.computeIfAbsent(node, k -> new HashSet<>()).add(r.leader())));
        Map<String, String> leaderCities = f.leaderCities();
        List<String> members = view.members();
        Set<String> roots = new HashSet<>(view.chain().roots());
        double chainValue = 0;
        for (String code : members) {
            for (DemandRow r : f.demand().getOrDefault(code, List.of())) {
                chainValue += r.value();
            }
        }
        // leaders depend on whatever they need or make and on everything inside it
        Map<String, Set<String>> dependentLeaders = new HashMap<>();
        f.leaderNodes().forEach((leader, nodes) -> {
            for (String n : nodes) {
                if (!view.contains(n)) {
                    continue;
                }
                dependentLeaders.computeIfAbsent(n, k -> new HashSet<>()).add(leader);
                for (String d : view.descendants(n)) {
                    dependentLeaders.computeIfAbsent(d, k -> new HashSet<>()).add(leader);
                }
            }
        });
        // Complementary suppression of the chain total: a shown node's value ÷ its share gives the chain's demand
        // value, and that minus the shown nodes' values gives the sum of the withheld ones. That residual is itself
        // an aggregate; it may be shown only when it rests on at least min-demand-leaders leaders the reader cannot
        // see one by one (a city bureau sees its own city's leaders, a leader itself). Otherwise every share of the
        // chain is withheld for this reader (docs/gaps.md).
        Set<String> withheldNodes = new HashSet<>();
        Set<String> withheldByDifference = new HashSet<>();
        Set<String> unseenLeaders = new HashSet<>();
        for (String code : members) {
            Set<String> unseen = new HashSet<>();
            for (String l : demandLeaders.getOrDefault(code, Set.of())) {
                if (!maySeeDemands(actor, Set.of(l), leaderCities)) {
                    unseen.add(l);
                }
            }
            if (unseen.isEmpty()) {
                continue;
            }
            // counted over the leaders this reader cannot see one by one: a bureau that sees two of a node's three
            // leaders would otherwise subtract them from the total and read the third's figure
            boolean few = unseen.size() < t.getMinDemandLeaders();
            boolean byDifference = few ? demandLeaders.get(code).size() >= t.getMinDemandLeaders()
                    : region.isProvince() && differenceLeaks(unseen, f.leaderCities());
            if (few || byDifference) {
                withheldNodes.add(code);
                unseenLeaders.addAll(unseen);
                if (byDifference) {
                    withheldByDifference.add(code);
                }
            }
        }
        boolean shareWithheld = !unseenLeaders.isEmpty() && unseenLeaders.size() < t.getMinDemandLeaders();
        Map<String, Integer> order = new HashMap<>();
        List<NodeGap> out = new ArrayList<>();
        for (String code : members) {
            order.put(code, order.size());
            ChainGraph.Node node = graph.nodes().get(code);
            int finalEquipment = 0;
            for (String a : view.ancestorsOrSelf(code)) {
                if (roots.contains(a)) {
                    finalEquipment++;
                }
            }
            List<GapRules.Statement> statements = new ArrayList<>();
            for (ChainGraph.Prior p : node.priors()) {
                if (p.appliesIn(view.chain().code(), region)) {
                    statements.add(new GapRules.Statement(p, p.scopeCity() == null ? "全省" : cities.name(p.scopeCity())));
                }
            }
            boolean withheld = withheldNodes.contains(code);
            NodeGap gap = rules.evaluate(new GapRules.NodeFigures(node, statements,
                    f.supply().getOrDefault(code, List.of()), f.demand().getOrDefault(code, List.of()), finalEquipment,
                    dependentLeaders.getOrDefault(code, Set.of()).size(), view.betweenness(code), view.betweennessQ3(),
                    chainValue, region.isProvince(), view.betweennessRank(code), members.size(), withheld,
                    f.specSupply().getOrDefault(code, List.of()), shareWithheld, withheldByDifference.contains(code)));
            out.add(withheld ? gap : withSupplying(gap, f.supplying().getOrDefault(code, List.of())));
        }
        out.sort(GapRules.worstFirst(order));
        return out;
    }

    /**
     * The reason names the matchmaking records at 批量供货 whose stated share moved this node's demand to local
     * (docs/matchmaking.md); shown only to those who may see the node's demand figures.
     */
    static NodeGap withSupplying(NodeGap g, List<GapFiguresRepository.SupplyingRecord> records) {
        if (records.isEmpty()) {
            return g;
        }
        List<String> reasons = new ArrayList<>(g.reasons());
        reasons.add("本地化率已计入 " + records.size() + " 条批量供货对接记录：" + String.join("、", records.stream()
                .limit(10).map(r -> "#" + r.id() + " " + r.supplierName() + "（" + r.supplierCity() + "）").toList())
                + (records.size() > 10 ? " 等" : ""));
        return new NodeGap(g.nodeCode(), g.nodeName(), g.status(), List.copyOf(reasons), g.localSuppliers(), g.demandLeaders(),
                g.localisationRate(), g.importShare(), g.criticality(), g.statusKey(), g.level(), g.nodeNameEn(),
                g.importDependent(), g.priorUsed(), g.demand(), g.supply());
    }
}
