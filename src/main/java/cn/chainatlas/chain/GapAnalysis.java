package cn.chainatlas.chain;

import com.fasterxml.jackson.annotation.JsonInclude;
import cn.chainatlas.chain.ChainGraph.ChainView;
import cn.chainatlas.chain.GapFiguresRepository.DemandRow;
import cn.chainatlas.chain.GapFiguresRepository.SupplyRow;
import cn.chainatlas.security.Actor;
import cn.chainatlas.security.Role;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
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
 * as they change. Every role may read gaps of any region: they are aggregates, with no enterprise's private data.
 */
@Singleton
public class GapAnalysis {

    static final List<String> SOURCINGS = List.of("SAME_CITY", "PROVINCE", "OTHER_PROVINCE", "IMPORT");

    private final ChainGraphCache cache;
    private final GapFiguresRepository figures;
    private final GapThresholds t;

    GapAnalysis(ChainGraphCache cache, GapFiguresRepository figures, GapThresholds thresholds) {
        this.cache = cache;
        this.figures = figures;
        this.t = thresholds;
    }

    /** A final equipment's autonomy: it is only as domestic as its least domestic critical part. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Autonomy(String rootCode, String rootName, Double domesticRate, Double localisationRate,
                           List<String> limitingNodes, int criticalParts, int criticalPartsWithFigures,
                           List<String> reasons) {
    }

    /** Gaps and roll-up of one chain and region from one read of the figures (what the chain page shows). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ChainAnalysis(String chain, Region region, List<NodeGap> gaps, List<Autonomy> autonomy) {
    }

    public ChainAnalysis analysis(Actor actor, String chainCode, String regionKey) {
        requireReader(actor);
        ChainView view = view(chainCode);
        Region region = region(regionKey);
        List<NodeGap> gaps = analyse(view, region, load(region, view.members()));
        return new ChainAnalysis(view.chain().code(), region, gaps, autonomy(view, gaps));
    }

    /** {@code province} (or blank) or a city's name or code. */
    public Region region(String key) {
        if (key == null || key.isBlank() || key.equalsIgnoreCase("province") || key.equals("全省") || key.equals("广东省")) {
            return Region.PROVINCE;
        }
        return figures.city(key.strip()).orElseThrow(() -> new HttpStatusException(HttpStatus.BAD_REQUEST,
                "未知地区「" + key + "」：应为 province 或城市名（如 东莞）"));
    }

    public List<Region> regions() {
        List<Region> out = new ArrayList<>();
        out.add(Region.PROVINCE);
        out.addAll(figures.cities());
        return out;
    }

    public List<NodeGap> gaps(Actor actor, String chainCode, String regionKey) {
        requireReader(actor);
        ChainView view = view(chainCode);
        Region region = region(regionKey);
        return analyse(view, region, load(region, view.members()));
    }

    /** All chains for one region with one set of queries: the figures are shared by the chains. */
    public Map<String, List<NodeGap>> allChains(Actor actor, Region region) {
        requireReader(actor);
        ChainGraph graph = cache.get();
        Figures f = load(region, null);
        Map<String, List<NodeGap>> out = new LinkedHashMap<>();
        for (String chain : graph.chains().keySet()) {
            out.put(chain, analyse(graph.view(chain), region, f));
        }
        return out;
    }

    public List<Autonomy> autonomy(Actor actor, String chainCode, String regionKey) {
        requireReader(actor);
        ChainView view = view(chainCode);
        Region region = region(regionKey);
        List<NodeGap> gaps = analyse(view, region, load(region, view.members()));
        return autonomy(view, gaps);
    }

    List<Autonomy> autonomy(ChainView view, List<NodeGap> gaps) {
        Map<String, NodeGap> byCode = new HashMap<>();
        gaps.forEach(g -> byCode.put(g.nodeCode(), g));
        ChainGraph graph = cache.get();
        List<Autonomy> out = new ArrayList<>();
        for (String root : view.chain().roots()) {
            Double domestic = null;
            Double local = null;
            List<String> limiting = new ArrayList<>();
            int critical = 0;
            int withFigures = 0;
            Set<String> below = view.descendants(root);
            for (String code : view.members()) {
                if (!below.contains(code) || !byCode.get(code).criticality().critical()) {
                    continue;
                }
                critical++;
                NodeGap g = byCode.get(code);
                Double d = null;
                if (g.importShare() != null) {
                    d = 1 - g.importShare();
                } else if (g.priorUsed()) {
                    d = 0.0;
                }
                if (d == null) {
                    continue;
                }
                withFigures++;
                if (domestic == null || d < domestic - 1e-12) {
                    domestic = d;
                    limiting.clear();
                    limiting.add(code);
                } else if (Math.abs(d - domestic) <= 1e-12) {
                    limiting.add(code);
                }
                if (g.localisationRate() != null && (local == null || g.localisationRate() < local)) {
                    local = g.localisationRate();
                }
            }
            List<String> reasons = new ArrayList<>();
            if (domestic == null) {
                reasons.add("关键部件 " + critical + " 项，均无需求数据或政策先验，无法评估");
            } else {
                List<String> names = limiting.stream().map(c -> graph.nodes().get(c).name()).toList();
                reasons.add("国产化率取关键部件中最低者：" + String.join("、", names) + " " + pct(domestic)
                        + "（" + withFigures + "/" + critical + " 项关键部件有数据；仅有政策先验者按 0% 计）");
            }
            out.add(new Autonomy(root, graph.nodes().get(root).name(), domestic, local, limiting, critical,
                    withFigures, reasons));
        }
        return out;
    }

    ChainView view(String chainCode) {
        ChainView view = cache.get().view(chainCode);
        if (view == null) {
            throw new HttpStatusException(HttpStatus.NOT_FOUND, "未知产业链「" + chainCode + "」");
        }
        return view;
    }

    static void requireReader(Actor actor) {
        // every signed-in role reads chains and gaps; the check stays here so a new role must be let in on purpose
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY, Role.LEADER);
    }

    /** The figures of one region, indexed by node; leaders → the nodes they need or make. */
    record Figures(Map<String, List<SupplyRow>> supply, Map<String, List<DemandRow>> demand,
                   Map<String, Set<String>> leaderNodes) {
    }

    Figures load(Region region, Collection<String> nodes) {
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
        return new Figures(supply, demand, leaderNodes);
    }

    List<NodeGap> analyse(ChainView view, Region region, Figures f) {
        ChainGraph graph = cache.get();
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
        Map<String, Integer> order = new HashMap<>();
        List<NodeGap> out = new ArrayList<>();
        for (String code : members) {
            order.put(code, order.size());
            out.add(node(graph.nodes().get(code), view, region, f, roots, chainValue,
                    dependentLeaders.getOrDefault(code, Set.of()).size()));
        }
        out.sort(Comparator.comparing((NodeGap g) -> GapStatus.valueOf(g.statusKey()))
                .thenComparing(g -> -g.criticality().demandShare())
                .thenComparing(g -> -g.criticality().finalEquipment())
                .thenComparing(g -> -g.criticality().leaders())
                .thenComparing(g -> -g.criticality().betweenness())
                .thenComparing(g -> order.get(g.nodeCode())));
        return out;
    }

    private NodeGap node(ChainGraph.Node node, ChainView view, Region region, Figures f, Set<String> roots,
                         double chainValue, int leaders) {
        String code = node.code();
        // supply
        int suppliers = 0;
        int qualified = 0;
        Map<String, Integer> byTier = new LinkedHashMap<>();
        Map<String, Double> capacity = new TreeMap<>();
        Map<String, double[]> capacityStats = new HashMap<>(); // unit → {declaring suppliers, sum, sum of squares}
        for (SupplyRow r : f.supply().getOrDefault(code, List.of())) {
            suppliers += r.suppliers();
            if (t.qualified(r.tier())) {
                qualified += r.suppliers();
            }
            byTier.merge(r.tier() == null ? "未评级" : r.tier(), r.suppliers(), Integer::sum);
            if (r.withCapacity() > 0) {
                String unit = unit(r.unit());
                capacity.merge(unit, r.capacity(), Double::sum);
                double[] s = capacityStats.computeIfAbsent(unit, k -> new double[3]);
                s[0] += r.withCapacity();
                s[1] += r.capacity();
                s[2] += r.capacitySquares();
            }
        }
        Double hhi = hhi(suppliers, capacityStats);
        // demand
        int demands = 0;
        double value = 0;
        int valued = 0;
        Set<String> demandLeaders = new HashSet<>();
        Map<String, Double> valueBy = new LinkedHashMap<>();
        Map<String, Integer> countBy = new LinkedHashMap<>();
        SOURCINGS.forEach(s -> {
            valueBy.put(s, 0.0);
            countBy.put(s, 0);
        });
        Map<String, Double> quantity = new TreeMap<>();
        for (DemandRow r : f.demand().getOrDefault(code, List.of())) {
            demands += r.demands();
            value += r.value();
            valued += r.withValue();
            demandLeaders.add(r.leader());
            valueBy.merge(r.sourcing(), r.value(), Double::sum);
            countBy.merge(r.sourcing(), r.demands(), Integer::sum);
            if (r.quantity() > 0) {
                quantity.merge(unit(r.unit()), r.quantity(), Double::sum);
            }
        }
        Double localRate = null;
        Double importShare = null;
        String weightedBy = null;
        if (demands > 0) {
            boolean byValue = valued > 0 && value > 0;
            weightedBy = byValue ? "VALUE" : "COUNT";
            Map<String, ? extends Number> w = byValue ? valueBy : countBy;
            double total = byValue ? value : demands;
            double local = w.get("SAME_CITY").doubleValue() + (region.isProvince() ? w.get("PROVINCE").doubleValue() : 0);
            localRate = local / total;
            importShare = w.get("IMPORT").doubleValue() / total;
        }
        boolean priorUsed = demands == 0 && !node.priors().isEmpty();
        boolean importDependent = importShare != null ? importShare > t.getImportShare() : priorUsed;
        // criticality
        int finalEquipment = 0;
        for (String a : view.ancestorsOrSelf(code)) {
            if (roots.contains(a)) {
                finalEquipment++;
            }
        }
        double share = chainValue > 0 ? value / chainValue : 0;
        double b = view.betweenness(code);
        double q3 = view.betweennessQ3();
        List<String> criticalReasons = new ArrayList<>();
        if (finalEquipment >= t.getCriticalFinalEquipment()) {
            criticalReasons.add("被本链 " + finalEquipment + " 种整机依赖（阈值 ≥" + t.getCriticalFinalEquipment() + "）");
        }
        if (chainValue > 0 && share >= t.getCriticalDemandShare()) {
            criticalReasons.add("占本链需求金额 " + pct(share) + "（阈值 ≥" + pct(t.getCriticalDemandShare()) + "）");
        }
        if (t.isCriticalTopQuartileBetweenness() && b > 0 && b >= q3) {
            criticalReasons.add("链内介数 " + dec3(b) + "，位于前四分之一（阈值 ≥" + dec3(q3) + "）");
        }
        boolean critical = !criticalReasons.isEmpty();
        // reasons and status
        List<String> reasons = new ArrayList<>();
        String importReason = null;
        if (importShare != null) {
            importReason = "进口占比 " + pct(importShare) + "（按需求" + ("VALUE".equals(weightedBy) ? "金额" : "条数")
                    + "加权，阈值 >" + pct(t.getImportShare()) + "）";
        } else if (priorUsed) {
            ChainGraph.Prior p = node.priors().get(0);
            importReason = "无需求数据，以政策先验代替：" + p.source() + " " + p.section() + "「" + p.quote() + "」"
                    + (node.priors().size() > 1 ? "（另有 " + (node.priors().size() - 1) + " 条）" : "");
        }
        if (importDependent) {
            reasons.add(importReason);
            if (critical) {
                reasons.addAll(criticalReasons);
            } else {
                reasons.add("关键性未达阈值：整机 " + finalEquipment + " 种（阈值 ≥" + t.getCriticalFinalEquipment()
                        + "）、需求占比 " + pct(share) + "（阈值 ≥" + pct(t.getCriticalDemandShare()) + "）、介数 "
                        + dec3(b) + "（前四分之一阈值 " + dec3(q3) + "）");
            }
        }
        String suppliersReason = "本地供应商 " + suppliers + " 家（阈值 ≥" + t.getMinSuppliers() + "）";
        String qualifiedReason = t.getQualifiedTier() + "及以上供应商 " + qualified + " 家（阈值 ≥"
                + t.getMinQualifiedSuppliers() + "）";
        List<String> weak = new ArrayList<>();
        if (suppliers > 0) {
            if (suppliers < t.getMinSuppliers()) {
                weak.add(suppliersReason);
            }
            if (qualified < t.getMinQualifiedSuppliers()) {
                weak.add(qualifiedReason);
            }
            if (hhi != null && hhi >= t.getMaxHhi()) {
                weak.add("供应集中度 HHI " + dec2(hhi) + "（阈值 ≥" + dec2(t.getMaxHhi()) + "）"
                        + (suppliers == 1 ? "，单一来源" : ""));
            }
            quantity.forEach((unit, needed) -> {
                Double have = capacity.get(unit);
                if (have != null && have < needed) {
                    weak.add("本地产能 " + num(have) + " " + unit + "/年，低于本地区链主年需求 " + num(needed) + " " + unit + "/年");
                }
            });
        }
        GapStatus status;
        if (importDependent && critical) {
            status = GapStatus.CHOKEPOINT;
        } else if (suppliers == 0) {
            status = GapStatus.BLANK;
        } else if (importDependent) {
            status = GapStatus.IMPORT_DEPENDENT;
        } else if (!weak.isEmpty()) {
            status = GapStatus.WEAK;
        } else {
            status = GapStatus.COVERED;
        }
        if (suppliers == 0) {
            reasons.add(suppliersReason);
        } else {
            reasons.addAll(weak);
        }
        if (status == GapStatus.COVERED) {
            reasons.add(suppliersReason);
            reasons.add(qualifiedReason);
            reasons.add(importReason != null ? importReason : "无需求数据，亦无政策先验");
        }
        return new NodeGap(code, node.name(), status.label(), reasons, suppliers, demandLeaders.size(), localRate,
                importShare, new NodeGap.Criticality(finalEquipment, leaders, b, share, critical), status.name(),
                node.level(), node.nameEn(), importDependent, priorUsed,
                new NodeGap.Demand(demands, demandLeaders.size(), value, quantity, valueBy, countBy, weightedBy),
                new NodeGap.Supply(suppliers, qualified, byTier, capacity, hhi, suppliers == 1));
    }

    /**
     * HHI over capacity in the unit most suppliers declare; suppliers that declare none (or another unit) count
     * at the average declared capacity, and with no declarations at all every supplier gets an equal share.
     */
    static Double hhi(int suppliers, Map<String, double[]> stats) {
        if (suppliers == 0) {
            return null;
        }
        double[] main = stats.values().stream().max(Comparator.comparingDouble((double[] s) -> s[0])).orElse(null);
        if (main == null || main[1] <= 0) {
            return 1.0 / suppliers;
        }
        double mean = main[1] / main[0];
        double missing = suppliers - main[0];
        double total = main[1] + missing * mean;
        return (main[2] + missing * mean * mean) / (total * total);
    }

    /** "台/年" and "台" are the same unit for comparing capacity with annual demand */
    static String unit(String unit) {
        if (unit == null || unit.isBlank()) {
            return "单位";
        }
        String u = unit.strip();
        for (String suffix : List.of("/年", "／年", "每年", "/a", "/yr", "/year")) {
            if (u.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                u = u.substring(0, u.length() - suffix.length()).strip();
            }
        }
        return u.isEmpty() ? "单位" : u;
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    static String dec2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String dec3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String num(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
