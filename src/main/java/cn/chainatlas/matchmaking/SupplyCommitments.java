package cn.chainatlas.matchmaking;

import cn.chainatlas.chain.SpecParser;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What 批量供货 records already supply, for an allocation of one node in one unit — figures in, figures out, no
 * database:
 * <ul>
 *   <li>a demand's own SUPPLYING records cover part of it: only the rest is allocated. A record counts by the annual
 *   quantity it states when that converts to the demand's unit (套/年 = 套, 万套 = 10,000 套); else by its stated value
 *   as a share of the demand's value (the share the gap analysis uses, {@link LocalSupplyRules#share}) times the
 *   demand's quantity; a record that states neither in a usable way covers nothing;</li>
 *   <li>a supplier's capacity for the node is reduced by every SUPPLYING record of the node it holds, whichever
 *   demand (in the region or not, open or closed), converted the same way into the allocation's unit.</li>
 * </ul>
 */
public final class SupplyCommitments {

    private SupplyCommitments() {
    }

    /**
     * A SUPPLYING record of the node, with its demand's figures (for records that state a value only).
     *
     * @param quantity        annual quantity stated at 批量供货 in {@code unit}; null when only a value was stated
     * @param valueWan        annual value stated, 万元; null when not stated
     * @param demandQuantity  the demand's annual quantity in {@code demandUnit}; null when it states none
     * @param demandValueWan  the demand's annual value, 万元
     */
    public record Supply(long recordId, long demandId, String supplierCreditCode, BigDecimal quantity, String unit,
                         BigDecimal valueWan, BigDecimal demandQuantity, String demandUnit, BigDecimal demandValueWan) {
    }

    /** The quantity a record supplies in {@code unit} (any written form), or null when it cannot be said. */
    static Double inUnit(Supply s, String unit) {
        if (unit == null || unit.isBlank()) {
            return null;
        }
        if (s.quantity() != null && s.unit() != null && !s.unit().isBlank()) {
            Double q = SpecParser.quantityIn(s.quantity().doubleValue(), s.unit(), unit);
            if (q != null) {
                return q;
            }
        }
        if (s.valueWan() != null && s.demandValueWan() != null && s.demandValueWan().signum() > 0
                && s.demandQuantity() != null && s.demandUnit() != null) {
            Double whole = SpecParser.quantityIn(s.demandQuantity().doubleValue(), s.demandUnit(), unit);
            if (whole != null) {
                double share = Math.min(1, s.valueWan().doubleValue() / s.demandValueWan().doubleValue());
                return whole * share;
            }
        }
        return null;
    }

    /**
     * Demand id → quantity its own SUPPLYING records already supply, in the demand's own unit (as the demand writes
     * it); demands without such records are absent.
     */
    public static Map<Long, BigDecimal> suppliedPerDemand(List<Supply> supplies) {
        Map<Long, Double> out = new HashMap<>();
        for (Supply s : supplies) {
            if (s.demandUnit() == null || s.demandQuantity() == null) {
                continue;
            }
            Double q = inUnit(s, s.demandUnit());
            if (q != null && q > 0) {
                out.merge(s.demandId(), q, Double::sum);
            }
        }
        Map<Long, BigDecimal> result = new HashMap<>();
        out.forEach((id, q) -> result.put(id, BigDecimal.valueOf(q)));
        return result;
    }

    /** Supplier → capacity its SUPPLYING records of the node take, in {@code unit} (the allocation's). */
    public static Map<String, Double> takenPerSupplier(List<Supply> supplies, String unit) {
        Map<String, Double> out = new HashMap<>();
        for (Supply s : supplies) {
            Double q = inUnit(s, unit);
            if (q != null && q > 0) {
                out.merge(s.supplierCreditCode(), q, Double::sum);
            }
        }
        return out;
    }
}
