package cn.chainatlas.matchmaking;

import cn.chainatlas.matchmaking.AllocationPolicy.DemandIn;
import cn.chainatlas.matchmaking.AllocationPolicy.Option;
import cn.chainatlas.matchmaking.AllocationPolicy.Result;
import cn.chainatlas.matchmaking.AllocationPolicy.SupplierIn;
import cn.chainatlas.matchmaking.SupplyCommitments.Supply;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/**
 * 批量供货 records in the allocation, on hand-made figures: a demand's own supplying records leave only the rest to
 * allocate, and every supplying record of the node takes its supplier's capacity.
 */
class SupplyCommitmentsTest {

    private static Supply supply(long demand, String supplier, String quantity, String unit, String value,
                                 String demandQuantity, String demandUnit, String demandValue) {
        return new Supply(demand * 100, demand, supplier, quantity == null ? null : new BigDecimal(quantity), unit,
                value == null ? null : new BigDecimal(value), demandQuantity == null ? null : new BigDecimal(demandQuantity),
                demandUnit, demandValue == null ? null : new BigDecimal(demandValue));
    }

    @Test
    void aRecordCountsByItsQuantityInTheDemandsUnitElseByItsShareOfTheValue() {
        List<Supply> supplies = List.of(
                supply(1, "A", "0.4", "万套", null, "12000", "套", "960"),      // 4,000 套
                supply(1, "B", null, null, "240", "12000", "套", "960"),          // a quarter of the value: 3,000 套
                supply(2, "A", "5", "吨", null, "8000", "套/年", null),           // another unit, no value: nothing
                supply(3, "C", "100", "台/年", "50", "300", "台", "150"));        // 100 台
        Map<Long, BigDecimal> supplied = SupplyCommitments.suppliedPerDemand(supplies);
        assertThat(supplied.get(1L).doubleValue()).isCloseTo(7000, within(1e-6));
        assertThat(supplied).doesNotContainKey(2L);
        assertThat(supplied.get(3L).doubleValue()).isCloseTo(100, within(1e-6));

        // a supplier's capacity in 套 is taken by each of its records of the node that says a quantity in 套
        Map<String, Double> taken = SupplyCommitments.takenPerSupplier(supplies, "套");
        assertThat(taken.get("A")).isCloseTo(4000, within(1e-6));
        assertThat(taken.get("B")).isCloseTo(3000, within(1e-6));
        assertThat(taken).doesNotContainKey("C");
    }

    @Test
    void onlyTheRestOfADemandIsAllocatedAndAFullySuppliedOneIsLeftOutSayingSo() {
        AllocationPolicy policy = new AllocationPolicy();
        List<DemandIn> demands = List.of(
                new DemandIn(1, "L1", new BigDecimal("12000"), "套", List.of(new Option("A", 90)), new BigDecimal("5000")),
                new DemandIn(2, "L2", new BigDecimal("3000"), "套/年", List.of(new Option("A", 80)), new BigDecimal("3000")),
                new DemandIn(3, "L3", new BigDecimal("4000"), "套", List.of(new Option("A", 70))));
        // A declares 20,000 套; its records supply 8,000 (those of demands 1 and 2): 12,000 left
        List<SupplierIn> suppliers = List.of(new SupplierIn("A", new BigDecimal("20000"), "套/年", 8000));
        Result r = policy.allocate(demands, suppliers);
        assertThat(r.demanded()).isEqualTo(7000 + 4000);
        assertThat(r.covered()).isEqualTo(11000);
        assertThat(r.alreadySupplied()).isEqualTo(8000);
        assertThat(r.supplied()).extracting(AllocationPolicy.Supplied::demandId, AllocationPolicy.Supplied::quantity,
                AllocationPolicy.Supplied::supplied).containsExactly(tuple(1L, 12000L, 5000L), tuple(2L, 3000L, 3000L));
        assertThat(r.assignments()).extracting(AllocationPolicy.Assignment::demandId, AllocationPolicy.Assignment::quantity)
                .containsExactly(tuple(1L, 7000L), tuple(3L, 4000L));
        assertThat(r.leftOut()).singleElement().satisfies(l -> {
            assertThat(l.demandId()).isEqualTo(2);
            assertThat(l.why()).contains("批量供货记录已供应 3000 套");
        });
        // 12,000 left of its capacity, shown as such (the page reads 名录年产能 20000, 已占 8000, 可用 12000), of which
        // the demands use 11,000
        assertThat(r.suppliers()).singleElement().satisfies(s -> {
            assertThat(s.available()).isEqualTo(12000);
            assertThat(s.assigned()).isEqualTo(11000);
        });

        // with 9,500 taken, 10,500 is available for the 11,000 still needed: the lower-scored demand keeps 500 uncovered
        Result tighter = policy.allocate(demands, List.of(new SupplierIn("A", new BigDecimal("20000"), "套", 9500)));
        assertThat(tighter.covered()).isEqualTo(10500);
        assertThat(tighter.uncovered()).extracting(AllocationPolicy.Uncovered::quantity).containsExactly(500L);
    }
}
