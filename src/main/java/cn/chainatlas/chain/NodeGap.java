package cn.chainatlas.chain;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * One node's gap in one region: the status, the reasons in numbers, and every figure behind them.
 * The first ten fields are the published contract of {@code GET /api/v1/chains/{code}/gaps}; the rest extend it.
 *
 * @param localisationRate share of the region's demand value bought locally (null: no demand data)
 * @param importShare      share of the region's demand value imported (null: no demand data)
 * @param priorUsed        no demand data, so a policy prior stood in for the import share
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NodeGap(String nodeCode, String nodeName, String status, List<String> reasons, int localSuppliers,
                      int demandLeaders, @Nullable Double localisationRate, @Nullable Double importShare,
                      Criticality criticality, String statusKey, String level, @Nullable String nodeNameEn,
                      boolean importDependent, boolean priorUsed, Demand demand, Supply supply) {

    /**
     * @param finalEquipment final-equipment nodes of the chain that contain this node (itself included)
     * @param leaders        the region's leaders that need this node or something containing it, or make such a thing
     * @param betweenness    normalised directed betweenness inside the chain
     * @param demandShare    this node's share of the chain's demand value in the region; null when the demand
     *                       figures are withheld from the viewer ({@link Demand#withheld()}) or when the chain's
     *                       demand value is ({@code demandShareWithheld})
     * @param demandShareWithheld the share is not shown (不公开, not 无数据): either this node's demand is withheld, or
     *                       the chain's total is, because the total minus the shown nodes would give the demand of
     *                       fewer than 3 leaders that the viewer may not see (docs/gaps.md)
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Criticality(int finalEquipment, int leaders, double betweenness, @Nullable Double demandShare,
                              boolean critical, boolean demandShareWithheld) {
    }

    /**
     * @param valueBySourcing  万元 a year by current sourcing (SAME_CITY, PROVINCE, OTHER_PROVINCE, IMPORT)
     * @param quantityByUnit   annual quantity by unit
     * @param weightedBy       VALUE, or COUNT when no demand states a value
     * @param withheld         the demand comes from fewer leaders than {@code chainatlas.gaps.min-demand-leaders}
     *                         (3) and the viewer may not see their demands: value, quantities, sourcing split and
     *                         the shares made of them are left out (null or empty), and {@code note} says why
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Demand(int demands, int leaders, @Nullable Double annualValue, Map<String, Double> quantityByUnit,
                         Map<String, Double> valueBySourcing, Map<String, Integer> demandsBySourcing,
                         @Nullable String weightedBy, boolean withheld, @Nullable String note) {
    }

    /**
     * @param byTier         supplier count by tier (未评级 for none)
     * @param capacityByUnit declared capacity summed by unit
     * @param hhi            Herfindahl-Hirschman index over declared capacity in the main unit (equal shares when
     *                       nobody declares capacity); null without suppliers
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Supply(int suppliers, int qualifiedSuppliers, Map<String, Integer> byTier,
                         Map<String, Double> capacityByUnit, @Nullable Double hhi, boolean singleSource) {
    }
}
