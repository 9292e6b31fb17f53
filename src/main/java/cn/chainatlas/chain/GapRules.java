package cn.chainatlas.chain;

import java.util.ArrayList;
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
 * The gap rules: one node's figures in one region in, its status with every reason (numbers and bars) out.
 * No database, no HTTP: {@link GapAnalysis} reads the figures and the graph and hands them over. The rules and
 * their default bars are described in docs/gaps.md; the bars come from {@link GapThresholds}.
 *
 * <ul>
 *   <li>import-dependent: demand-weighted import share above {@code importShare}; without demand data, a policy
 *       prior on the node stands in;</li>
 *   <li>critical: depended on by ≥ {@code criticalFinalEquipment} final equipment, or ≥ {@code criticalDemandShare}
 *       of the chain's demand value, or betweenness in the chain's top quartile;</li>
 *   <li>卡脖子 = import-dependent and critical; 空白 = no local supplier; 薄弱 = too few suppliers, too few at the
 *       qualified tier, HHI ≥ {@code maxHhi}, or declared capacity below the leaders' annual quantity.</li>
 * </ul>
 */
public final class GapRules {

    /** Sourcing keys of a demand, as the demand table stores them. */
    static final List<String> SOURCINGS = List.of("SAME_CITY", "PROVINCE", "OTHER_PROVINCE", "IMPORT");

    /**
     * Supply of one node by one tier and capacity unit in the region.
     *
     * @param capacity        declared annual capacity summed, in {@code unit}
     * @param capacitySquares sum of squared capacities (for the HHI)
     * @param withCapacity    suppliers that declare a capacity
     * @param leader          set when this row is one chain leader (leaders make the node, so they depend on its parts)
     */
    public record SupplyRow(String node, String tier, String unit, int suppliers, double capacity, double capacitySquares,
                            int withCapacity, String leader) {
    }

    /**
     * Demand of one leader for one node in one unit, with where it is bought today. A demand states its sourcing as
     * a split in percent (same city, elsewhere in Guangdong, other provinces, import); the split is applied to
     * its value, so {@code valueBySourcing} holds 万元 and {@code sharesBySourcing} holds demands counted by their
     * share (a demand bought half locally counts 0.5 there), which weights by count when no demand has a value.
     *
     * @param quantity          annual quantity in {@code unit}
     * @param value             annual value, 万元
     * @param valueBySourcing   SOURCINGS key → Σ value × share
     * @param sharesBySourcing  SOURCINGS key → Σ share (demands counted by share)
     * @param demandsBySourcing SOURCINGS key → demands that buy any share there
     */
    public record DemandRow(String node, String leader, String unit, int demands, double quantity, double value,
                            int withValue, Map<String, Double> valueBySourcing, Map<String, Double> sharesBySourcing,
                            Map<String, Integer> demandsBySourcing) {

        /** Demands bought wholly from one sourcing (what a row of the single-sourcing era was). */
        public DemandRow(String node, String leader, String sourcing, String unit, int demands, double quantity,
                         double value, int withValue) {
            this(node, leader, unit, demands, quantity, value, withValue, Map.of(sourcing, value),
                    Map.of(sourcing, (double) demands), Map.of(sourcing, demands));
        }
    }

    /**
     * Where leaders of the region state a spec for the node (a grade, a speed …): how many of the region's
     * suppliers state that they meet it. Local supply for such a need is the suppliers that meet it.
     *
     * @param requirement the spec as a person reads it, e.g. 精度等级 P4
     * @param demands     the demands of the region stating it
     * @param meeting     suppliers of the region whose stated spec meets it
     * @param notStated   suppliers of the region that state nothing about it
     */
    public record SpecSupply(String requirement, int demands, int meeting, int notStated) {
    }

    /**
     * A policy statement that applies in this chain and region (its scope and chain fit).
     *
     * @param placeName the place the statement speaks of, as a person reads it: 全省 or the city's name
     */
    public record Statement(ChainGraph.Prior prior, String placeName) {
    }

    /**
     * Everything the rules need about one node in one chain and region.
     *
     * @param priors           the policy statements that apply here (scope and chain already matched)
     * @param finalEquipment   final-equipment nodes of the chain that contain this node (itself included)
     * @param dependentLeaders leaders of the region that need or make this node or something containing it
     * @param betweenness      normalised directed betweenness inside the chain; {@code betweennessQ3} its upper quartile
     * @param chainDemandValue the chain's demand value in the region, 万元 a year
     * @param province         the region is the whole province (then "local" includes elsewhere in Guangdong)
     * @param demandWithheld   the viewer may not see this node's demand figures (fewer than
     *                         {@code min-demand-leaders} leaders, not the viewer's to see: the service decides):
     *                         the status is found from the figures as always, but the result carries no demand
     *                         value, quantity, sourcing split or share, and no reason quotes one
     * @param shareWithheld    the chain's demand value is withheld from the viewer (complementary suppression: it
     *                         minus the shown nodes' values would give the withheld nodes' sum, docs/gaps.md): this
     *                         node's share of it is not shown as a number, only whether it reaches the bar
     * @param withheldByDifference the demand is withheld although at least min-demand-leaders leaders are behind it:
     *                         the figure minus what the viewer may see (leaders it sees one by one, city figures)
     *                         would leave one or two leaders' (the reason says so instead of "fewer than 3 leaders")
     */
    public record NodeFigures(ChainGraph.Node node, List<Statement> priors, List<SupplyRow> supply,
                              List<DemandRow> demand, int finalEquipment, int dependentLeaders, double betweenness,
                              double betweennessQ3, double chainDemandValue, boolean province, int betweennessRank,
                              int chainNodes, boolean demandWithheld, List<SpecSupply> specSupply,
                              boolean shareWithheld, boolean withheldByDifference) {

        /** Figures whose withholding, if any, is for fewer than min-demand-leaders leaders the viewer cannot see. */
        public NodeFigures(ChainGraph.Node node, List<Statement> priors, List<SupplyRow> supply,
                           List<DemandRow> demand, int finalEquipment, int dependentLeaders, double betweenness,
                           double betweennessQ3, double chainDemandValue, boolean province, int betweennessRank,
                           int chainNodes, boolean demandWithheld, List<SpecSupply> specSupply, boolean shareWithheld) {
            this(node, priors, supply, demand, finalEquipment, dependentLeaders, betweenness, betweennessQ3,
                    chainDemandValue, province, betweennessRank, chainNodes, demandWithheld, specSupply, shareWithheld, false);
        }

        /** Figures whose chain total the viewer may see. */
        public NodeFigures(ChainGraph.Node node, List<Statement> priors, List<SupplyRow> supply,
                           List<DemandRow> demand, int finalEquipment, int dependentLeaders, double betweenness,
                           double betweennessQ3, double chainDemandValue, boolean province, int betweennessRank,
                           int chainNodes, boolean demandWithheld, List<SpecSupply> specSupply) {
            this(node, priors, supply, demand, finalEquipment, dependentLeaders, betweenness, betweennessQ3,
                    chainDemandValue, province, betweennessRank, chainNodes, demandWithheld, specSupply, false);
        }

        /** Figures without a stated spec and with every demand figure visible to the reader. */
        public NodeFigures(ChainGraph.Node node, List<Statement> priors, List<SupplyRow> supply, List<DemandRow> demand,
                           int finalEquipment, int dependentLeaders, double betweenness, double betweennessQ3,
                           double chainDemandValue, boolean province, int betweennessRank, int chainNodes) {
            this(node, priors, supply, demand, finalEquipment, dependentLeaders, betweenness, betweennessQ3,
                    chainDemandValue, province, betweennessRank, chainNodes, false, List.of());
        }
    }

    /**
     * Where demand rows are bought today, as the gap analysis weighs them.
     *
     * @param localRate   the share bought in the region: 同城 for a city, 同城 + 省内其他地市 for the province (0–1)
     * @param importShare the share imported (0–1)
     * @param weightedBy  VALUE (万元) when any row states a value, else COUNT (demands counted by their share)
     */
    public record Localisation(double localRate, double importShare, String weightedBy) {
    }

    /**
     * The localisation of some demand rows — a node's, or one leader's rows of a node: the one rule behind the gap
     * table's 本地化率 and a report's per-leader lines (the rows' splits already count the 批量供货 records,
     * GapFiguresRepository#demand). Null without any demand.
     */
    public static Localisation localisation(List<DemandRow> rows, boolean province) {
        int demands = 0;
        double value = 0;
        int valued = 0;
        Map<String, Double> valueBy = new LinkedHashMap<>();
        Map<String, Double> shareBy = new LinkedHashMap<>();
        SOURCINGS.forEach(s -> {
            valueBy.put(s, 0.0);
            shareBy.put(s, 0.0);
        });
        for (DemandRow r : rows) {
            demands += r.demands();
            value += r.value();
            valued += r.withValue();
            r.valueBySourcing().forEach((s, v) -> valueBy.merge(s, v, Double::sum));
            r.sharesBySourcing().forEach((s, n) -> shareBy.merge(s, n, Double::sum));
        }
        if (demands == 0) {
            return null;
        }
        boolean byValue = valued > 0 && value > 0;
        Map<String, Double> w = byValue ? valueBy : shareBy;
        double total = byValue ? value : demands;
        double local = w.get("SAME_CITY") + (province ? w.get("PROVINCE") : 0);
        return new Localisation(local / total, w.get("IMPORT") / total, byValue ? "VALUE" : "COUNT");
    }

    private final GapThresholds t;

    public GapRules(GapThresholds thresholds) {
        this.t = thresholds;
    }

    /** The node's status, reasons and figures. */
    public NodeGap evaluate(NodeFigures f) {
        ChainGraph.Node node = f.node();
        // supply
        int suppliers = 0;
        int qualified = 0;
        Map<String, Integer> byTier = new LinkedHashMap<>();
        Map<String, Double> capacity = new TreeMap<>();
        Map<String, double[]> capacityStats = new HashMap<>(); // unit → {declaring suppliers, sum, sum of squares}
        for (SupplyRow r : f.supply()) {
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
        Map<String, Double> shareBy = new LinkedHashMap<>();
        SOURCINGS.forEach(s -> {
            valueBy.put(s, 0.0);
            countBy.put(s, 0);
            shareBy.put(s, 0.0);
        });
        Map<String, Double> quantity = new TreeMap<>();
        for (DemandRow r : f.demand()) {
            demands += r.demands();
            value += r.value();
            valued += r.withValue();
            demandLeaders.add(r.leader());
            r.valueBySourcing().forEach((s, v) -> valueBy.merge(s, v, Double::sum));
            r.demandsBySourcing().forEach((s, n) -> countBy.merge(s, n, Integer::sum));
            r.sharesBySourcing().forEach((s, n) -> shareBy.merge(s, n, Double::sum));
            if (r.quantity() > 0) {
                quantity.merge(unit(r.unit()), r.quantity(), Double::sum);
            }
        }
        Localisation localisation = localisation(f.demand(), f.province());
        Double localRate = localisation == null ? null : localisation.localRate();
        Double importShare = localisation == null ? null : localisation.importShare();
        String weightedBy = localisation == null ? null : localisation.weightedBy();
        // without demand data, what the documents say stands in: only an import statement makes the node
        // import-dependent; 依赖省外 and 短板 make it weak at most; a localisation target and a statement of
        // weight 0 (a draft the final plan dropped) never change the status (docs/gaps.md)
        Map<PriorKind, List<Statement>> byKind = new java.util.EnumMap<>(PriorKind.class);
        List<Statement> unweighted = new ArrayList<>();
        for (Statement st : f.priors()) {
            if (st.prior().counts()) {
                byKind.computeIfAbsent(st.prior().kind(), k -> new ArrayList<>()).add(st);
            } else {
                unweighted.add(st);
            }
        }
        boolean priorUsed = demands == 0 && byKind.containsKey(PriorKind.IMPORT);
        boolean importDependent = importShare != null ? importShare > t.getImportShare() : priorUsed;
        // criticality
        int finalEquipment = f.finalEquipment();
        double share = f.chainDemandValue() > 0 ? value / f.chainDemandValue() : 0;
        double b = f.betweenness();
        double q3 = f.betweennessQ3();
        List<String> criticalReasons = new ArrayList<>();
        if (finalEquipment >= t.getCriticalFinalEquipment()) {
            criticalReasons.add(GapReasons.text("gap.critical.finalEquipment", finalEquipment, t.getCriticalFinalEquipment()));
        }
        boolean hidden = f.demandWithheld() && demands > 0;
        // the share of a shown node over a withheld chain total would give the total back (value ÷ share)
        boolean shareHidden = hidden || f.shareWithheld();
        String withheld = !hidden ? null : f.withheldByDifference()
                ? GapReasons.text("gap.withheld.difference", t.getMinDemandLeaders())
                : GapReasons.text("gap.withheld", t.getMinDemandLeaders());
        if (f.chainDemandValue() > 0 && share >= t.getCriticalDemandShare()) {
            criticalReasons.add(shareHidden ? GapReasons.text("gap.critical.demandShare.withheld", pct(t.getCriticalDemandShare()))
                    : GapReasons.text("gap.critical.demandShare", pct(share), pct(t.getCriticalDemandShare())));
        }
        if (t.isCriticalTopQuartileBetweenness() && b > 0 && b >= q3) {
            criticalReasons.add(GapReasons.text("gap.critical.betweenness", sig4(b), f.betweennessRank(), f.chainNodes(), sig4(q3)));
        }
        boolean critical = !criticalReasons.isEmpty();
        // reasons and status
        List<String> reasons = new ArrayList<>();
        String importReason = null;
        if (importShare != null && hidden) {
            importReason = GapReasons.text(importDependent ? "gap.import.withheld.above" : "gap.import.withheld.below",
                    pct(t.getImportShare()));
        } else if (importShare != null) {
            importReason = GapReasons.text(importShare > t.getImportShare() ? "gap.import.share" : "gap.import.share.below",
                    pct(importShare), GapReasons.text("gap.import.weight." + weightedBy), pct(t.getImportShare()));
        } else if (priorUsed) {
            importReason = statement(byKind.get(PriorKind.IMPORT));
        }
        if (importDependent) {
            reasons.add(importReason);
            if (critical) {
                reasons.addAll(criticalReasons);
            } else if (shareHidden) {
                reasons.add(GapReasons.text("gap.critical.none.withheld", finalEquipment, t.getCriticalFinalEquipment(),
                        pct(t.getCriticalDemandShare()), sig4(b), f.betweennessRank(), sig4(q3)));
            } else {
                reasons.add(GapReasons.text("gap.critical.none", finalEquipment, t.getCriticalFinalEquipment(), pct(share),
                        pct(t.getCriticalDemandShare()), sig4(b), f.betweennessRank(), sig4(q3)));
            }
        }
        String suppliersReason = GapReasons.text("gap.suppliers", suppliers, t.getMinSuppliers());
        String qualifiedReason = GapReasons.text("gap.qualified", t.getQualifiedTier(), qualified, t.getMinQualifiedSuppliers());
        List<String> stated = new ArrayList<>();
        if (demands == 0) {
            for (PriorKind kind : List.of(PriorKind.OUTSIDE_PROVINCE, PriorKind.WEAK_LINK)) {
                if (byKind.containsKey(kind)) {
                    stated.add(statement(byKind.get(kind)));
                }
            }
        }
        List<String> weak = new ArrayList<>();
        boolean specBlank = false;
        String specPassed = null;
        if (suppliers > 0) {
            if (suppliers < t.getMinSuppliers()) {
                weak.add(suppliersReason);
            }
            if (qualified < t.getMinQualifiedSuppliers()) {
                weak.add(qualifiedReason);
            }
            if (hhi != null && hhi >= t.getMaxHhi()) {
                weak.add(GapReasons.text("gap.hhi", dec2(hhi), dec2(t.getMaxHhi()),
                        suppliers == 1 ? GapReasons.text("gap.hhi.single") : ""));
            }
            weak.addAll(stated);
            // where leaders state a spec, local supply for that need is the suppliers that state they meet it
            SpecSupply limiting = f.specSupply().stream().min(Comparator.comparingInt(SpecSupply::meeting)).orElse(null);
            if (limiting != null) {
                if (limiting.meeting() == 0) {
                    specBlank = true;
                    weak.add(0, GapReasons.text("gap.spec.none", limiting.requirement(), limiting.demands(), suppliers,
                            limiting.notStated()));
                } else if (limiting.meeting() < t.getMinSuppliers()) {
                    weak.add(0, GapReasons.text("gap.spec.few", limiting.requirement(), limiting.demands(),
                            limiting.meeting(), t.getMinSuppliers(), limiting.notStated()));
                } else {
                    specPassed = GapReasons.text("gap.spec.ok", limiting.requirement(), limiting.meeting(), t.getMinSuppliers());
                }
            }
            quantity.forEach((unit, needed) -> {
                Double have = capacity.get(unit);
                if (have != null && have < needed) {
                    weak.add(hidden ? GapReasons.text("gap.capacity.withheld", num(have), unit)
                            : GapReasons.text("gap.capacity", num(have), unit, num(needed)));
                }
            });
        }
        GapStatus status;
        if (importDependent && critical) {
            status = GapStatus.CHOKEPOINT;
        } else if (suppliers == 0 || specBlank) {
            status = GapStatus.BLANK;
        } else if (importDependent) {
            status = GapStatus.IMPORT_DEPENDENT;
        } else if (!weak.isEmpty()) {
            status = GapStatus.WEAK;
        } else {
            status = GapStatus.COVERED;
        }
        if (suppliers == 0) {
            reasons.add(GapReasons.text("gap.suppliers.blank"));
            reasons.addAll(stated);
        } else {
            reasons.addAll(weak);
        }
        if (status == GapStatus.COVERED) {
            reasons.add(GapReasons.text("gap.suppliers.enough", suppliers, t.getMinSuppliers()));
            reasons.add(GapReasons.text("gap.qualified.enough", t.getQualifiedTier(), qualified, t.getMinQualifiedSuppliers()));
            if (specPassed != null) {
                reasons.add(specPassed);
            }
            reasons.add(importReason != null ? importReason : GapReasons.text("gap.noData"));
        }
        if (demands == 0 && byKind.containsKey(PriorKind.LOCALISATION_TARGET)) {
            reasons.add(statement(byKind.get(PriorKind.LOCALISATION_TARGET)));
        }
        for (Statement st : unweighted) {
            ChainGraph.Prior p = st.prior();
            reasons.add(GapReasons.text("gap.prior.unweighted", p.shortCitation(), p.section(), p.quote(),
                    p.weightNote() == null ? "" : p.weightNote()));
        }
        NodeGap.Supply supply = new NodeGap.Supply(suppliers, qualified, byTier, capacity, hhi, suppliers == 1);
        if (hidden) {
            // the status stays what the figures make it (a finding against a bar, not a value); the figures go
            reasons.add(0, withheld);
            return new NodeGap(node.code(), node.name(), status.label(), reasons, suppliers, demandLeaders.size(), null,
                    null, new NodeGap.Criticality(finalEquipment, f.dependentLeaders(), b, null, critical, true), status.name(),
                    node.level(), node.nameEn(), importDependent, priorUsed,
                    new NodeGap.Demand(demands, demandLeaders.size(), null, Map.of(), Map.of(), Map.of(), null, true, withheld),
                    supply);
        }
        return new NodeGap(node.code(), node.name(), status.label(), reasons, suppliers, demandLeaders.size(), localRate,
                importShare, new NodeGap.Criticality(finalEquipment, f.dependentLeaders(), b, shareHidden ? null : share,
                        critical, shareHidden), status.name(),
                node.level(), node.nameEn(), importDependent, priorUsed,
                new NodeGap.Demand(demands, demandLeaders.size(), value, quantity, valueBy, countBy, weightedBy, false, null),
                supply);
    }

    /**
     * A final equipment's autonomy: it is only as domestic as its least domestic critical part.
     *
     * @param criticalParts the gaps of the critical nodes below the root (the root included when critical)
     */
    public GapAnalysis.Autonomy autonomy(ChainGraph.Node root, List<NodeGap> criticalParts) {
        Double domestic = null;
        Double local = null;
        List<String> limiting = new ArrayList<>();
        List<String> limitingNames = new ArrayList<>();
        int withFigures = 0;
        List<String> priorOnly = new ArrayList<>();
        List<String> withheld = new ArrayList<>();
        for (NodeGap g : criticalParts) {
            if (g.demand().withheld()) {
                // its figures exist but are not this reader's to see: named and counted, never silently dropped
                withheld.add(g.nodeName());
                continue;
            }
            if (g.importShare() == null) {
                // a policy statement is not a measurement: such a part is named, never counted as 0 %
                if (g.priorUsed()) {
                    priorOnly.add(g.nodeName());
                }
                continue;
            }
            double d = 1 - g.importShare();
            withFigures++;
            if (domestic == null || d < domestic - 1e-12) {
                domestic = d;
                limiting.clear();
                limitingNames.clear();
                limiting.add(g.nodeCode());
                limitingNames.add(g.nodeName());
            } else if (Math.abs(d - domestic) <= 1e-12) {
                limiting.add(g.nodeCode());
                limitingNames.add(g.nodeName());
            }
            if (g.localisationRate() != null && (local == null || g.localisationRate() < local)) {
                local = g.localisationRate();
            }
        }
        List<String> reasons = new ArrayList<>();
        if (domestic == null && !withheld.isEmpty()) {
            reasons.add(GapReasons.text("gap.autonomy.none.withheld", criticalParts.size(), withheld.size()));
        } else if (domestic == null) {
            reasons.add(GapReasons.text("gap.autonomy.none", criticalParts.size()));
        } else {
            reasons.add(GapReasons.text("gap.autonomy.limit", String.join("、", limitingNames), pct(domestic), withFigures,
                    criticalParts.size()));
        }
        if (!withheld.isEmpty()) {
            reasons.add(GapReasons.text("gap.autonomy.withheld", withheld.size(), t.getMinDemandLeaders(),
                    String.join("、", withheld), withFigures, criticalParts.size()));
        }
        if (!priorOnly.isEmpty()) {
            reasons.add(GapReasons.text("gap.autonomy.priorOnly", priorOnly.size(), String.join("、", priorOnly)));
        }
        return new GapAnalysis.Autonomy(root.code(), root.name(), domestic, local, limiting, criticalParts.size(),
                withFigures, withheld.size(), reasons);
    }

    /** The first statement of one kind, cited as the document names itself, and how many more there are. */
    private static String statement(List<Statement> of) {
        Statement st = of.get(0);
        ChainGraph.Prior p = st.prior();
        String text = GapReasons.text("gap.prior." + p.kind().name(), p.shortCitation(), p.section(), st.placeName(), p.quote());
        return of.size() > 1 ? text + GapReasons.text("gap.prior.more", of.size() - 1) : text;
    }

    /** The order of the gap table: worst status first, then the more critical. */
    static Comparator<NodeGap> worstFirst(Map<String, Integer> graphOrder) {
        return Comparator.comparing((NodeGap g) -> GapStatus.valueOf(g.statusKey()))
                .thenComparing(g -> g.criticality().demandShare() == null ? 0.0 : -g.criticality().demandShare())
                .thenComparing(g -> -g.criticality().finalEquipment())
                .thenComparing(g -> -g.criticality().leaders())
                .thenComparing(g -> -g.criticality().betweenness())
                .thenComparing(g -> graphOrder.get(g.nodeCode()));
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

    /** Four significant digits, so a value and its bar never print alike when the rule tells them apart. */
    static String sig4(double v) {
        if (v == 0) {
            return "0";
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    static String dec3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String num(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
