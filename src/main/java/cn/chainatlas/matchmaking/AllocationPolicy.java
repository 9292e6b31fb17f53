package cn.chainatlas.matchmaking;

import cn.chainatlas.chain.SpecParser;
import org.jgrapht.Graph;
import org.jgrapht.alg.flow.mincost.CapacityScalingMinimumCostFlow;
import org.jgrapht.alg.flow.mincost.MinimumCostFlowProblem;
import org.jgrapht.alg.interfaces.MinimumCostFlowAlgorithm;
import org.jgrapht.graph.DefaultDirectedWeightedGraph;
import org.jgrapht.graph.DefaultWeightedEdge;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Local capacity of one node allocated across leaders' open demands (补链): figures in, the assignment with its
 * reasons out. No framework, no database.
 *
 * <h2>What it decides</h2>
 * Given, for one node and region, the open demands (annual quantity with its unit; for each, the suppliers that pass
 * matching's hard filters, with their match score 0–100) and the suppliers' annual capacity for the node (less what
 * supplying records already take), find the assignment that
 * <ol>
 *   <li>covers the most demand (in units: 套, 台, 件 …), and among those</li>
 *   <li>has the highest Σ score × quantity (better-matched suppliers serve more).</li>
 * </ol>
 *
 * <h2>How: a minimum-cost flow</h2>
 * Source → supplier (capacity: its available annual capacity, cost 0) → demand it may serve (capacity: the demand's
 * quantity, cost {@code 1000 − score×10}, so a better match is cheaper) → sink (capacity: the demand's quantity).
 * Each demand also has an <em>uncovered</em> arc source → demand (capacity: its quantity) at cost
 * {@code U = 1000 × (min(suppliers, demands) + 1)}, which keeps the problem feasible whatever the capacity. The source
 * supplies Σ quantity, the sink takes it all. Why U is high enough: a flow that covers less than the most has an
 * improving cycle that moves one unit off an uncovered arc onto a path source → supplier → demand → supplier … →
 * demand; that path has at most min(suppliers, demands) forward supplier→demand arcs, each costing at most 1000, so
 * the cycle costs less than 0 and the flow was not of minimum cost. Among flows of maximal coverage the cost is
 * {@code const − Σ score×10 × quantity}, so the minimum is the highest Σ score × quantity.
 * <p>
 * Solved by JGraphT's {@link CapacityScalingMinimumCostFlow} (successive shortest paths with capacity scaling; Ahuja,
 * Magnanti, Orlin, <i>Network Flows</i>, 1993, ch. 10.2). In JGraphT 1.5.x it reads an arc's cost from the
 * <strong>graph's edge weight</strong> and ignores the cost function of {@link MinimumCostFlowProblem} (jgrapht issue
 * 1139), so the costs are set as weights of a {@link DefaultDirectedWeightedGraph}. It needs integer supplies and
 * capacities below {@link CapacityScalingMinimumCostFlow#CAP_INF} (10⁹) and costs below
 * {@link CapacityScalingMinimumCostFlow#COST_INF}.
 *
 * <h2>Units and whole numbers</h2>
 * Quantities in different units are never added: one allocation uses one unit (as matching compares capacity:
 * {@code 台/年} = {@code 台}, {@code 万件} = 10,000 件, {@link SpecParser#unitAndFactor}); demands in another unit, or
 * without a quantity, are left out and say why. The flow works in whole units: a demand's quantity is rounded up, a
 * capacity down. A supplier's capacity in another unit counts as none for this allocation.
 */
public final class AllocationPolicy {

    /** The largest cost of a supplier → demand arc: a match of score 0. */
    static final long MAX_ARC_COST = 1000;
    /** Quantities above this (per demand) are left out: the flow needs integers below 10⁹ in total. */
    static final long MAX_QUANTITY = 100_000_000L;

    private final int scalingFactor;

    /** With JGraphT's default scaling factor (8). */
    public AllocationPolicy() {
        this(CapacityScalingMinimumCostFlow.DEFAULT_SCALING_FACTOR);
    }

    /** @param scalingFactor the capacity-scaling factor of the solver (below 2: plain successive shortest paths) */
    public AllocationPolicy(int scalingFactor) {
        this(scalingFactor, true);
    }

    /** @param prune leave out the arcs no optimum needs ({@link #cost}); false only to check that it changes nothing */
    AllocationPolicy(int scalingFactor, boolean prune) {
        this.scalingFactor = scalingFactor;
        this.prune = prune;
    }

    private final boolean prune;

    /**
     * One open demand.
     *
     * @param quantity annual quantity in {@code unit}; null when the demand states only a value (万元)
     * @param unit     as written (套, 台/年, 万件 …)
     * @param options  the suppliers that pass matching's hard filters for it, with their match score (0–100)
     * @param supplied what its own 批量供货 records already supply, in {@code unit} ({@link SupplyCommitments}); null or
     *                 0 when none. Only {@code quantity − supplied} is allocated.
     */
    public record DemandIn(long demandId, String leaderCreditCode, BigDecimal quantity, String unit, List<Option> options,
                           BigDecimal supplied) {

        /** A demand nothing supplies yet. */
        public DemandIn(long demandId, String leaderCreditCode, BigDecimal quantity, String unit, List<Option> options) {
            this(demandId, leaderCreditCode, quantity, unit, options, null);
        }
    }

    /** A supplier that may serve a demand, with its match score for that demand (0–100). */
    public record Option(String supplierCreditCode, double score) {
    }

    /**
     * A supplier's declared annual capacity for the node.
     *
     * @param capacity     declared annual capacity in {@code capacityUnit}, null when not declared
     * @param takenInUnit  capacity already committed by supplying records, in the allocation's unit (see
     *                     {@link Result#unit()}); 0 when none
     */
    public record SupplierIn(String creditCode, BigDecimal capacity, String capacityUnit, double takenInUnit) {
    }

    /** A proposed assignment: {@code quantity} units of the demand served by the supplier. */
    public record Assignment(long demandId, String leaderCreditCode, String supplierCreditCode, long quantity, String unit,
                             double score) {
    }

    /** Demand (or the part of it) no local capacity covers, and why. */
    public record Uncovered(long demandId, String leaderCreditCode, long quantity, String unit, String why) {
    }

    /**
     * A demand of this allocation's unit that its own 批量供货 records already (partly) supply.
     *
     * @param quantity the demand's annual quantity, in the allocation's unit (whole units, rounded up)
     * @param supplied what its records supply, in the allocation's unit (rounded down, at most {@code quantity})
     */
    public record Supplied(long demandId, String leaderCreditCode, long quantity, long supplied, String unit) {
    }

    /** A demand not in this allocation (no quantity, another unit, too large, already supplied), and why. */
    public record LeftOut(long demandId, String leaderCreditCode, BigDecimal quantity, String unit, String why) {
    }

    /** A supplier's capacity in the allocation's unit and how much of it the assignment uses. */
    public record SupplierUse(String creditCode, long available, long assigned) {
    }

    /**
     * @param unit          the unit of every quantity of the allocation (the demands' unit key: 套, 台 …); null when no
     *                      demand has a quantity
     * @param demanded      Σ quantity of the demands allocated, in {@code unit}, less what their own 批量供货 records
     *                      already supply (only the rest is allocated)
     * @param supplied      the demands of this unit their own records already (partly) supply
     * @param covered       Σ assigned quantity
     * @param coveredShare  covered ÷ demanded (0–1), null when nothing was demanded
     * @param scoreQuantity Σ score × assigned quantity (what the allocation maximises once coverage is maximal)
     * @param units         unit → number of demands in it (all units seen, so a page can offer the others)
     */
    public record Result(String unit, List<Assignment> assignments, List<Uncovered> uncovered, List<LeftOut> leftOut,
                         List<SupplierUse> suppliers, long demanded, long covered, Double coveredShare,
                         double scoreQuantity, Map<String, Integer> units, List<Supplied> supplied) {

        /** Σ of what the demands' own 批量供货 records already supply, in {@code unit}. */
        public long alreadySupplied() {
            return supplied.stream().mapToLong(Supplied::supplied).sum();
        }
    }

    /**
     * The allocation in the unit most demands use (ties: the larger total quantity, then the unit's name).
     */
    public Result allocate(List<DemandIn> demands, List<SupplierIn> suppliers) {
        return allocate(demands, suppliers, null);
    }

    /**
     * @param unit the unit to allocate in (any written form: 套/年, 万套 …); null or blank: the unit most demands use
     */
    public Result allocate(List<DemandIn> demands, List<SupplierIn> suppliers, String unit) {
        Map<String, Integer> units = new LinkedHashMap<>();
        for (DemandIn d : demands) {
            if (d.quantity() != null && d.quantity().signum() > 0 && d.unit() != null && !d.unit().isBlank()) {
                units.merge(SpecParser.unitAndFactor(d.unit())[0], 1, Integer::sum);
            }
        }
        String chosen = unitOf(demands, unit);

        // the demands of this allocation, in whole units of the chosen one; the others say why not
        List<LeftOut> leftOut = new ArrayList<>();
        List<Supplied> supplied = new ArrayList<>();
        List<DemandIn> in = new ArrayList<>();
        List<Long> quantities = new ArrayList<>();
        for (DemandIn d : demands.stream().sorted(Comparator.comparingLong(DemandIn::demandId)).toList()) {
            if (d.quantity() == null || d.quantity().signum() <= 0 || d.unit() == null || d.unit().isBlank()) {
                leftOut.add(new LeftOut(d.demandId(), d.leaderCreditCode(), d.quantity(), d.unit(),
                        AllocationReasons.text("allocation.leftOut.noQuantity")));
                continue;
            }
            String key = SpecParser.unitAndFactor(d.unit())[0];
            if (!key.equals(chosen)) {
                leftOut.add(new LeftOut(d.demandId(), d.leaderCreditCode(), d.quantity(), d.unit(),
                        AllocationReasons.text("allocation.leftOut.otherUnit", key, chosen)));
                continue;
            }
            BigDecimal q = base(d.quantity(), d.unit()).setScale(0, RoundingMode.CEILING);
            if (q.compareTo(BigDecimal.valueOf(MAX_QUANTITY)) > 0) {
                leftOut.add(new LeftOut(d.demandId(), d.leaderCreditCode(), d.quantity(), d.unit(),
                        AllocationReasons.text("allocation.leftOut.tooLarge", num(q), chosen, num(BigDecimal.valueOf(MAX_QUANTITY)))));
                continue;
            }
            long whole = q.longValueExact();
            if (d.supplied() != null && d.supplied().signum() > 0) {
                long done = Math.min(whole, base(d.supplied(), d.unit()).setScale(0, RoundingMode.FLOOR).longValue());
                supplied.add(new Supplied(d.demandId(), d.leaderCreditCode(), whole, done, chosen));
                if (done >= whole) {
                    leftOut.add(new LeftOut(d.demandId(), d.leaderCreditCode(), d.quantity(), d.unit(),
                            AllocationReasons.text("allocation.leftOut.supplied", num(BigDecimal.valueOf(done)), chosen)));
                    continue;
                }
                whole -= done;
            }
            in.add(d);
            quantities.add(whole);
        }
        long demanded = quantities.stream().mapToLong(Long::longValue).sum();
        if (demanded >= CapacityScalingMinimumCostFlow.CAP_INF) {
            throw new IllegalArgumentException("Σ demand " + demanded + " exceeds what the flow handles (10^9 units)");
        }

        // suppliers that some demand may use, with their capacity in the chosen unit (whole units, never below 0): as
        // shown (left), and as the network's source arc (never more than all demand: the flow stays within 10^9)
        Map<String, Long> left = new LinkedHashMap<>();
        Map<String, Long> capacity = new LinkedHashMap<>();
        Map<String, SupplierIn> byCode = new HashMap<>();
        suppliers.forEach(s -> byCode.put(s.creditCode(), s));
        for (DemandIn d : in) {
            for (Option o : d.options()) {
                left.computeIfAbsent(o.supplierCreditCode(), c -> available(byCode.get(c), chosen));
                capacity.computeIfAbsent(o.supplierCreditCode(), c -> Math.min(left.get(c), demanded));
            }
        }
        List<String> supplierOrder = capacity.keySet().stream().sorted().toList();

        // the network: 0 source, 1 sink, then suppliers, then demands
        Graph<Integer, DefaultWeightedEdge> g = new DefaultDirectedWeightedGraph<>(DefaultWeightedEdge.class);
        Map<DefaultWeightedEdge, Long> cap = new HashMap<>();
        int source = 0;
        int sink = 1;
        g.addVertex(source);
        g.addVertex(sink);
        Map<String, Integer> supplierVertex = new HashMap<>();
        for (String s : supplierOrder) {
            int v = g.vertexSet().size();
            g.addVertex(v);
            supplierVertex.put(s, v);
            arc(g, cap, source, v, capacity.get(s), 0);
        }
        long uncoveredCost = MAX_ARC_COST * (Math.min(supplierOrder.size(), in.size()) + 1L);
        if (uncoveredCost >= CapacityScalingMinimumCostFlow.COST_INF) {
            throw new IllegalArgumentException("too many suppliers and demands for one flow: " + supplierOrder.size() + " × " + in.size());
        }
        List<DefaultWeightedEdge> uncoveredArcs = new ArrayList<>();
        Map<DefaultWeightedEdge, Object[]> serving = new LinkedHashMap<>();
        for (int i = 0; i < in.size(); i++) {
            DemandIn d = in.get(i);
            long q = quantities.get(i);
            int v = g.vertexSet().size();
            g.addVertex(v);
            arc(g, cap, v, sink, q, 0);
            uncoveredArcs.add(arc(g, cap, source, v, q, uncoveredCost));
            Map<String, Double> best = new HashMap<>();
            d.options().forEach(o -> best.merge(o.supplierCreditCode(), o.score(), Math::max));
            // the demand's cheapest arcs first; once their suppliers' capacity reaches all that is demanded, the
            // dearer ones cannot be needed (see arcsNeeded), so they are left out of the network
            List<String> order = best.keySet().stream().filter(x -> capacity.get(x) > 0)
                    .sorted(Comparator.comparingLong((String x) -> cost(best.get(x))).thenComparing(x -> x)).toList();
            long reach = 0;
            for (String s : order) {
                if (prune && reach >= demanded) {
                    break;
                }
                reach += capacity.get(s);
                double score = best.get(s);
                DefaultWeightedEdge e = arc(g, cap, supplierVertex.get(s), v, q, cost(score));
                serving.put(e, new Object[]{d, s, score});
            }
        }
        Map<Integer, Integer> supply = Map.of(source, (int) demanded, sink, (int) -demanded);
        MinimumCostFlowProblem<Integer, DefaultWeightedEdge> problem = new MinimumCostFlowProblem.MinimumCostFlowProblemImpl<>(
                g, v -> supply.getOrDefault(v, 0), e -> (int) (long) cap.get(e));
        MinimumCostFlowAlgorithm.MinimumCostFlow<DefaultWeightedEdge> flow =
                new CapacityScalingMinimumCostFlow<Integer, DefaultWeightedEdge>(scalingFactor).getMinimumCostFlow(problem);

        List<Assignment> assignments = new ArrayList<>();
        Map<String, Long> used = new HashMap<>();
        long covered = 0;
        double scoreQuantity = 0;
        for (Map.Entry<DefaultWeightedEdge, Object[]> e : serving.entrySet()) {
            long f = Math.round(flow.getFlow(e.getKey()));
            if (f <= 0) {
                continue;
            }
            DemandIn d = (DemandIn) e.getValue()[0];
            String s = (String) e.getValue()[1];
            double score = (Double) e.getValue()[2];
            assignments.add(new Assignment(d.demandId(), d.leaderCreditCode(), s, f, chosen, score));
            used.merge(s, f, Long::sum);
            covered += f;
            scoreQuantity += score * f;
        }
        assignments.sort(Comparator.comparingLong(Assignment::demandId).thenComparing(Comparator.comparingLong(Assignment::quantity).reversed())
                .thenComparing(Assignment::supplierCreditCode));

        List<Uncovered> uncovered = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            long short_ = Math.round(flow.getFlow(uncoveredArcs.get(i)));
            if (short_ > 0) {
                DemandIn d = in.get(i);
                uncovered.add(new Uncovered(d.demandId(), d.leaderCreditCode(), short_, chosen,
                        why(d, quantities.get(i), short_, capacity, chosen)));
            }
        }
        List<SupplierUse> uses = supplierOrder.stream()
                .map(s -> new SupplierUse(s, left.get(s), used.getOrDefault(s, 0L))).toList();
        return new Result(chosen, assignments, uncovered, leftOut, uses, demanded, covered,
                demanded == 0 ? null : (double) covered / demanded, Math.round(scoreQuantity * 10) / 10.0, units, supplied);
    }

    /**
     * The unit an allocation of these demands uses (as a key: 套, 台 …): {@code requested} if given, else the unit most
     * demands use (ties: the larger total quantity, then the unit's name); null when no demand has a quantity.
     */
    public static String unitOf(List<DemandIn> demands, String requested) {
        if (requested != null && !requested.isBlank()) {
            return SpecParser.unitAndFactor(requested)[0];
        }
        Map<String, Integer> units = new HashMap<>();
        Map<String, BigDecimal> totals = new HashMap<>();
        for (DemandIn d : demands) {
            if (d.quantity() != null && d.quantity().signum() > 0 && d.unit() != null && !d.unit().isBlank()) {
                String key = SpecParser.unitAndFactor(d.unit())[0];
                units.merge(key, 1, Integer::sum);
                totals.merge(key, base(d.quantity(), d.unit()), BigDecimal::add);
            }
        }
        return units.keySet().stream().max(Comparator.comparing((String u) -> units.get(u))
                .thenComparing(totals::get).thenComparing(Comparator.<String>reverseOrder())).orElse(null);
    }

    /**
     * The cost of a supplier → demand arc: a better match is cheaper.
     * <p>
     * Why a demand needs only its cheapest arcs up to the point where their suppliers' capacity reaches Σ demand
     * {@code D}: take a minimum-cost flow of maximal coverage in which demand i takes x &gt; 0 units over a dearer arc
     * from supplier s outside that prefix. The prefix suppliers carry at most D − x units in all, their capacity is
     * at least D, so one of them, t, has spare capacity; moving min(x, spare) of i's units from s to t keeps every
     * quantity covered and changes the cost by (cost(t,i) − cost(s,i)) × units ≤ 0. Repeating this empties every arc
     * outside the prefixes, so some optimal flow uses prefix arcs only and the smaller network has the same optimum.
     * With short capacity (Σ capacity &lt; D) every arc stays.
     */
    private static long cost(double score) {
        return MAX_ARC_COST - Math.max(0, Math.min(MAX_ARC_COST, Math.round(score * 10)));
    }

    private static DefaultWeightedEdge arc(Graph<Integer, DefaultWeightedEdge> g, Map<DefaultWeightedEdge, Long> cap,
                                           int from, int to, long capacity, long cost) {
        DefaultWeightedEdge e = g.addEdge(from, to);
        g.setEdgeWeight(e, cost); // the cost the algorithm reads (jgrapht issue 1139)
        cap.put(e, capacity);
        return e;
    }

    /** A supplier's capacity in the chosen unit, whole units, less what its 批量供货 records take. */
    private static long available(SupplierIn s, String unit) {
        if (s == null || s.capacity() == null || s.capacityUnit() == null) {
            return 0;
        }
        Double inUnit = SpecParser.quantityIn(s.capacity().doubleValue(), s.capacityUnit(), unit);
        if (inUnit == null) {
            return 0;
        }
        double left = Math.floor(inUnit - Math.max(0, s.takenInUnit()) + 1e-9);
        return (long) Math.max(0, left);
    }

    private static String why(DemandIn d, long quantity, long shortfall, Map<String, Long> capacity, String unit) {
        if (d.options().isEmpty()) {
            return AllocationReasons.text("allocation.why.noCandidate");
        }
        long withCapacity = d.options().stream().map(Option::supplierCreditCode).distinct()
                .filter(s -> capacity.getOrDefault(s, 0L) > 0).count();
        if (withCapacity == 0) {
            return AllocationReasons.text("allocation.why.noCapacity", d.options().stream().map(Option::supplierCreditCode).distinct().count(), unit);
        }
        return shortfall == quantity
                ? AllocationReasons.text("allocation.why.taken", withCapacity, unit)
                : AllocationReasons.text("allocation.why.short", withCapacity, num(BigDecimal.valueOf(shortfall)), unit);
    }

    /** A quantity in its unit's base (万套 → 套). */
    static BigDecimal base(BigDecimal quantity, String unit) {
        return quantity.multiply(new BigDecimal(SpecParser.unitAndFactor(unit)[1]));
    }

    static String num(BigDecimal v) {
        return Objects.requireNonNull(v).stripTrailingZeros().toPlainString();
    }
}
