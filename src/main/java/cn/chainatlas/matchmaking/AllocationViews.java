package cn.chainatlas.matchmaking;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The shapes of the allocation and 补链 target answers (docs/api.md). */
public final class AllocationViews {

    private AllocationViews() {
    }

    /**
     * One node's allocation in one region.
     *
     * @param unit          the unit of every quantity below (套, 台 …); null when no demand states a quantity
     * @param units         unit → open demands in it (another unit: {@code ?unit=})
     * @param demanded      Σ open demand in {@code unit} still to be supplied (less what 批量供货 records supply)
     * @param coveredShare  covered ÷ demanded, 0–1; null when nothing is demanded
     * @param alreadySupplied Σ of what the demands' own 批量供货 records supply, in {@code unit}
     * @param scoreQuantity Σ score × assigned quantity
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Allocation(String chain, String chainName, String node, String nodeName, String region,
                             @Nullable String regionCode, @Nullable String unit, Map<String, Integer> units,
                             List<AssignmentView> assignments, List<UncoveredView> uncovered, List<LeftOutView> leftOut,
                             List<SupplierView> suppliers, int demands, long demanded, long covered,
                             @Nullable Double coveredShare, double scoreQuantity, long alreadySupplied,
                             List<SuppliedView> supplied) {
    }

    /**
     * A demand its own 批量供货 records already (partly) supply: {@code supplied} of {@code quantity} (both in
     * {@code unit}); only the rest takes part in the allocation.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SuppliedView(long demandId, String leaderCreditCode, String leaderName, long quantity, long supplied,
                               String unit) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AssignmentView(long demandId, String leaderCreditCode, String leaderName, String supplierCreditCode,
                                 String supplierName, @Nullable String supplierCity, long quantity, String unit,
                                 double score, String bandLabel) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record UncoveredView(long demandId, String leaderCreditCode, String leaderName, long quantity, String unit,
                                String why) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LeftOutView(long demandId, String leaderCreditCode, String leaderName, @Nullable BigDecimal quantity,
                              @Nullable String unit, String why) {
    }

    /**
     * A local supplier able to serve some demand: its capacity in the allocation's unit (declared, less what its
     * 批量供货 records of the node take) and how much is proposed.
     *
     * @param declared       the declared annual capacity in {@code declaredUnit}, null when none
     * @param taken          what its 批量供货 records of the node take, in the allocation's unit
     * @param capacitySource NODE (stated for this node on the enterprise's profile), REGISTRY (the registry's single
     *                       年产能, no figure for the node), NONE; {@code capacitySourceLabel} says it in Chinese
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SupplierView(String creditCode, String name, @Nullable String city, long available, long assigned,
                               @Nullable BigDecimal declared, @Nullable String declaredUnit, long taken,
                               String capacitySource, String capacitySourceLabel) {
    }

    /** The 补链 target list of a chain in a region. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record GapTargets(String chain, String chainName, String region, @Nullable String regionCode,
                             List<GapTarget> targets) {
    }

    /**
     * One node to fill: its open demand, what local capacity leaves uncovered (per unit), whether no demand of it has
     * a 推荐 candidate in the region, the leaders behind it and the nearest able candidates outside the region.
     *
     * @param withoutRecommended open demands of the node without a 推荐 candidate in the region
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record GapTarget(String nodeCode, String nodeName, int demands, int withoutRecommended, boolean noRecommended,
                            List<Amount> demanded, List<Amount> uncovered, List<Party> leaders, List<Nearby> nearest,
                            List<String> reasons) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Amount(long quantity, String unit) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Party(String creditCode, String name, @Nullable String city) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Nearby(String creditCode, String name, String place, String bandLabel, double score) {
    }
}
