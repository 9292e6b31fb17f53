package cn.chainatlas.matchmaking;

import cn.chainatlas.matchmaking.AllocationPolicy.Assignment;
import cn.chainatlas.matchmaking.AllocationPolicy.DemandIn;
import cn.chainatlas.matchmaking.AllocationPolicy.Option;
import cn.chainatlas.matchmaking.AllocationPolicy.Result;
import cn.chainatlas.matchmaking.AllocationPolicy.SupplierIn;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The allocation's rules on hand-made figures: coverage first, then Σ score × quantity; units never mixed. */
class AllocationPolicyTest {

    private final AllocationPolicy policy = new AllocationPolicy();

    private static DemandIn demand(long id, String leader, long quantity, String unit, Option... options) {
        return new DemandIn(id, leader, BigDecimal.valueOf(quantity), unit, List.of(options));
    }

    private static Option o(String supplier, double score) {
        return new Option(supplier, score);
    }

    private static SupplierIn s(String code, long capacity, String unit) {
        return new SupplierIn(code, BigDecimal.valueOf(capacity), unit, 0);
    }

    /**
     * Each demand, in order, takes as much as it can from its best remaining supplier (then the next best): the
     * pass a clerk would make by hand.
     */
    private static long greedyCovered(List<DemandIn> demands, List<SupplierIn> suppliers) {
        Map<String, Long> left = new HashMap<>();
        suppliers.forEach(x -> left.put(x.creditCode(), x.capacity().longValue()));
        long covered = 0;
        for (DemandIn d : demands) {
            long need = d.quantity().longValue();
            List<Option> best = new ArrayList<>(d.options());
            best.sort((a, b) -> Double.compare(b.score(), a.score()));
            for (Option o : best) {
                long take = Math.min(need, left.getOrDefault(o.supplierCreditCode(), 0L));
                left.merge(o.supplierCreditCode(), -take, Long::sum);
                need -= take;
                covered += take;
            }
        }
        return covered;
    }

    @Test
    void theFlowCoversAllWhereAGreedyPassLeavesDemandUncovered() {
        // A makes the bearings both leaders need and is the better match for leader 1; B can serve leader 1 only
        List<DemandIn> demands = List.of(
                demand(1, "L1", 100, "套", o("A", 90), o("B", 60)),
                demand(2, "L2", 100, "套", o("A", 80)));
        List<SupplierIn> suppliers = List.of(s("A", 100, "套/年"), s("B", 100, "套"));
        assertThat(greedyCovered(demands, suppliers)).as("greedy: leader 1 takes A, leader 2 finds nothing").isEqualTo(100);

        Result r = policy.allocate(demands, suppliers);
        assertThat(r.unit()).isEqualTo("套");
        assertThat(r.covered()).isEqualTo(200);
        assertThat(r.coveredShare()).isEqualTo(1.0);
        assertThat(r.uncovered()).isEmpty();
        assertThat(r.assignments()).extracting(Assignment::demandId, Assignment::supplierCreditCode, Assignment::quantity)
                .containsExactly(tuple(1L, "B", 100L), tuple(2L, "A", 100L));
        assertThat(r.scoreQuantity()).isEqualTo(60 * 100 + 80 * 100);
    }

    @Test
    void amongFullCoveragesTheBetterMatchesServeMore() {
        // both suppliers can serve both demands; the best Σ score × quantity is 1←A, 2←B (9000 + 7000 > 8000 + 5000)
        List<DemandIn> demands = List.of(
                demand(1, "L1", 100, "台", o("A", 90), o("B", 80)),
                demand(2, "L2", 100, "台", o("A", 50), o("B", 70)));
        Result r = policy.allocate(demands, List.of(s("A", 100, "台"), s("B", 100, "台")));
        assertThat(r.assignments()).extracting(Assignment::demandId, Assignment::supplierCreditCode, Assignment::quantity)
                .containsExactly(tuple(1L, "A", 100L), tuple(2L, "B", 100L));
        assertThat(r.scoreQuantity()).isEqualTo(16000);

        // one demand, two able suppliers with room: the better match takes it all
        Result one = policy.allocate(List.of(demand(3, "L1", 50, "台", o("A", 60), o("B", 61))),
                List.of(s("A", 100, "台"), s("B", 100, "台")));
        assertThat(one.assignments()).extracting(Assignment::supplierCreditCode, Assignment::quantity).containsExactly(tuple("B", 50L));
    }

    @Test
    void coverageComesBeforeScore() {
        // covering demand 2 with the weak match B beats leaving it open to keep the strong match A for demand 1 only
        List<DemandIn> demands = List.of(
                demand(1, "L1", 100, "件", o("A", 100), o("B", 1)),
                demand(2, "L2", 100, "件", o("A", 1)));
        Result r = policy.allocate(demands, List.of(s("A", 100, "件"), s("B", 100, "件")));
        assertThat(r.covered()).isEqualTo(200);
        assertThat(r.assignments()).extracting(Assignment::demandId, Assignment::supplierCreditCode)
                .containsExactly(tuple(1L, "B"), tuple(2L, "A"));
    }

    @Test
    void equalScoresSplitNothingNeedlesslyAndTheResultIsStable() {
        List<DemandIn> demands = List.of(demand(1, "L1", 80, "套", o("A", 70), o("B", 70)));
        List<SupplierIn> suppliers = List.of(s("A", 100, "套"), s("B", 100, "套"));
        Result first = policy.allocate(demands, suppliers);
        assertThat(first.covered()).isEqualTo(80);
        assertThat(first.scoreQuantity()).isEqualTo(70 * 80);
        for (int i = 0; i < 5; i++) {
            assertThat(policy.allocate(demands, suppliers).assignments()).isEqualTo(first.assignments());
        }
    }

    @Test
    void shortCapacityLeavesTheRestUncoveredAndSaysWhy() {
        List<DemandIn> demands = List.of(
                demand(1, "L1", 12000, "套", o("A", 80)),
                demand(2, "L2", 3000, "套"),
                demand(3, "L3", 500, "套", o("C", 90)));
        Result r = policy.allocate(demands, List.of(s("A", 8000, "套"), s("C", 200, "吨")));
        assertThat(r.covered()).isEqualTo(8000);
        assertThat(r.demanded()).isEqualTo(15500);
        assertThat(r.coveredShare()).isCloseTo(8000 / 15500.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.uncovered()).extracting(AllocationPolicy.Uncovered::demandId, AllocationPolicy.Uncovered::quantity,
                AllocationPolicy.Uncovered::why).containsExactly(
                tuple(1L, 4000L, "本地区 1 家可供应企业的可用产能不足，缺口 4000 套"),
                tuple(2L, 3000L, "本地区没有通过硬性条件（资质、规格、地区、意愿）的供应商"),
                tuple(3L, 500L, "本地区 1 家通过硬性条件的供应商均未申报以「套」计的可用年产能"));
        assertThat(r.suppliers()).extracting(AllocationPolicy.SupplierUse::creditCode, AllocationPolicy.SupplierUse::available,
                AllocationPolicy.SupplierUse::assigned).containsExactly(tuple("A", 8000L, 8000L), tuple("C", 0L, 0L));
    }

    @Test
    void aSupplierWithMoreCapacityThanAllDemandShowsAllOfIt() {
        // 30000 套 declared, 6000 taken by its 批量供货 records: 24000 left, of which the one demand uses 4000
        Result r = policy.allocate(List.of(demand(1, "L1", 4000, "套", o("A", 80))),
                List.of(new AllocationPolicy.SupplierIn("A", new java.math.BigDecimal("30000"), "套", 6000)));
        assertThat(r.suppliers()).extracting(AllocationPolicy.SupplierUse::creditCode, AllocationPolicy.SupplierUse::available,
                AllocationPolicy.SupplierUse::assigned).containsExactly(tuple("A", 24000L, 4000L));
        assertThat(r.covered()).isEqualTo(4000);
    }

    @Test
    void unitsAreNeverMixed() {
        List<DemandIn> demands = List.of(
                demand(1, "L1", 2, "万套", o("A", 80)),       // 20,000 套
                demand(2, "L2", 5000, "套/年", o("A", 80)),
                demand(3, "L3", 300, "吨", o("A", 80), o("T", 80)),
                new DemandIn(4, "L4", null, null, List.of(o("A", 80))));
        List<SupplierIn> suppliers = List.of(s("A", 3, "万套/年"), s("T", 1000, "吨"));
        Result r = policy.allocate(demands, suppliers);
        assertThat(r.unit()).isEqualTo("套");
        assertThat(r.units()).containsEntry("套", 2).containsEntry("吨", 1);
        assertThat(r.demanded()).isEqualTo(25000);
        assertThat(r.covered()).isEqualTo(25000);
        assertThat(r.assignments()).allSatisfy(a -> assertThat(a.unit()).isEqualTo("套"));
        assertThat(r.leftOut()).extracting(AllocationPolicy.LeftOut::demandId, AllocationPolicy.LeftOut::why).containsExactly(
                tuple(3L, "计量单位为「吨」，与本次分配的单位「套」不同，不同单位的数量不相加（可改按「吨」分配）"),
                tuple(4L, "需求只写明金额、未写明年需求量，不能按产能分配"));

        // the other unit on request: A's capacity in 套 counts as none for tonnes
        Result tonnes = policy.allocate(demands, suppliers, "吨/年");
        assertThat(tonnes.unit()).isEqualTo("吨");
        assertThat(tonnes.assignments()).extracting(Assignment::supplierCreditCode, Assignment::quantity, Assignment::unit)
                .containsExactly(tuple("T", 300L, "吨"));
        assertThat(tonnes.leftOut()).extracting(AllocationPolicy.LeftOut::demandId).containsExactly(1L, 2L, 4L);
    }

    @Test
    void capacityTakenBySupplyingRecordsIsNotOfferedAgainAndFractionsAreWholeUnits() {
        List<DemandIn> demands = List.of(new DemandIn(1, "L1", new BigDecimal("10.5"), "台", List.of(o("A", 80))));
        Result r = policy.allocate(demands, List.of(new SupplierIn("A", new BigDecimal("20.9"), "台", 15)));
        assertThat(r.demanded()).as("a demand is rounded up").isEqualTo(11);
        assertThat(r.covered()).as("capacity 20.9 less 15 taken, rounded down").isEqualTo(5);
        assertThat(r.uncovered()).extracting(AllocationPolicy.Uncovered::quantity).containsExactly(6L);
    }

    @Test
    void noDemandNoShare() {
        Result r = policy.allocate(List.of(), List.of(s("A", 10, "台")));
        assertThat(r.unit()).isNull();
        assertThat(r.coveredShare()).isNull();
        assertThat(r.assignments()).isEmpty();
    }

    @Test
    void theFlowIsNeverWorseThanGreedyOnRandomCases() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            List<SupplierIn> suppliers = new ArrayList<>();
            int ns = 1 + random.nextInt(6);
            for (int j = 0; j < ns; j++) {
                suppliers.add(s("S" + j, random.nextInt(300), "套"));
            }
            List<DemandIn> demands = new ArrayList<>();
            int nd = 1 + random.nextInt(6);
            for (int i = 0; i < nd; i++) {
                List<Option> options = new ArrayList<>();
                for (int j = 0; j < ns; j++) {
                    if (random.nextBoolean()) {
                        options.add(o("S" + j, random.nextInt(1001) / 10.0));
                    }
                }
                demands.add(new DemandIn(i + 1, "L" + i, BigDecimal.valueOf(1 + random.nextInt(300)), "套", options));
            }
            Result r = policy.allocate(demands, suppliers);
            assertThat(r.covered()).isGreaterThanOrEqualTo(greedyCovered(demands, suppliers));
            Map<String, Long> used = new HashMap<>();
            r.assignments().forEach(a -> used.merge(a.supplierCreditCode(), a.quantity(), Long::sum));
            suppliers.forEach(x -> assertThat(used.getOrDefault(x.creditCode(), 0L)).isLessThanOrEqualTo(x.capacity().longValue()));
            long uncovered = r.uncovered().stream().mapToLong(AllocationPolicy.Uncovered::quantity).sum();
            assertThat(r.covered() + uncovered).isEqualTo(r.demanded());
        }
    }

    /** Leaving out the arcs beyond each demand's cheapest ones that reach Σ demand never changes the optimum. */
    @Test
    void arcsBeyondWhatAnyOptimumNeedsChangeNothing() {
        Random random = new Random(11);
        AllocationPolicy full = new AllocationPolicy(CapacityScaling.DEFAULT, false);
        for (int run = 0; run < 300; run++) {
            List<SupplierIn> suppliers = new ArrayList<>();
            int ns = 2 + random.nextInt(10);
            for (int j = 0; j < ns; j++) {
                suppliers.add(s("S" + j, random.nextInt(run % 2 == 0 ? 300 : 2000), "套"));
            }
            List<DemandIn> demands = new ArrayList<>();
            int nd = 1 + random.nextInt(6);
            for (int i = 0; i < nd; i++) {
                List<Option> options = new ArrayList<>();
                for (int j = 0; j < ns; j++) {
                    if (random.nextInt(4) > 0) {
                        options.add(o("S" + j, random.nextInt(101)));
                    }
                }
                demands.add(new DemandIn(i + 1, "L" + i, BigDecimal.valueOf(1 + random.nextInt(300)), "套", options));
            }
            Result pruned = policy.allocate(demands, suppliers);
            Result all = full.allocate(demands, suppliers);
            assertThat(pruned.covered()).as("run " + run).isEqualTo(all.covered());
            assertThat(pruned.scoreQuantity()).as("run " + run).isCloseTo(all.scoreQuantity(), org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    /** JGraphT's default scaling factor, for the comparison above. */
    private static final class CapacityScaling {
        static final int DEFAULT = org.jgrapht.alg.flow.mincost.CapacityScalingMinimumCostFlow.DEFAULT_SCALING_FACTOR;
    }
}
