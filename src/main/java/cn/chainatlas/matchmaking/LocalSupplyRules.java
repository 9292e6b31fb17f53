package cn.chainatlas.matchmaking;

import java.math.BigDecimal;
import java.util.List;

/**
 * How SUPPLYING records move a demand's sourcing split to local — the same arithmetic the gap analysis does in SQL
 * (chain.GapFiguresRepository#demand), so the gap's 本地化率 and the figures' 本地配套率 are one measure:
 * <ol>
 *   <li>a record's share of the demand, in percent: its stated annual value ÷ the demand's annual value, or (without
 *   values on both sides) its annual quantity ÷ the demand's quantity when the units are the same; at most 100;</li>
 *   <li>the shares of suppliers in the leader's city add to 同城 (a), those elsewhere in Guangdong to 省内其他地市 (b);</li>
 *   <li>they replace purchases from outside Guangdong: a' = min(a, 省外 + 进口), b' = min(b, 省外 + 进口 − a'); 省外 and 进口
 *   shrink in proportion by a' + b'. Demand already bought in Guangdong stays as it was.</li>
 * </ol>
 */
public final class LocalSupplyRules {

    /** Percent of today's purchases: same city, elsewhere in Guangdong, other provinces, import. */
    public record Split(double local, double guangdong, double otherProvince, double imported) {
        public double guangdongTotal() {
            return local + guangdong;
        }
    }

    /** One supplying record's statement and where its supplier is. */
    public record Supply(boolean sameCity, boolean inGuangdong, BigDecimal quantity, String unit, BigDecimal valueWan) {
    }

    private LocalSupplyRules() {
    }

    /** The record's share of the demand, in percent (0–100). */
    public static double share(Supply s, BigDecimal demandValue, BigDecimal demandQuantity, String demandUnit) {
        double pct = 0;
        if (s.valueWan() != null && demandValue != null && demandValue.signum() > 0) {
            pct = s.valueWan().doubleValue() / demandValue.doubleValue() * 100;
        } else if (s.quantity() != null && demandQuantity != null && demandQuantity.signum() > 0
                && unit(s.unit()).equals(unit(demandUnit))) {
            pct = s.quantity().doubleValue() / demandQuantity.doubleValue() * 100;
        }
        return Math.min(100, Math.max(0, pct));
    }

    /** The split once the supplying records are counted. */
    public static Split apply(Split base, List<Supply> supplies, BigDecimal demandValue, BigDecimal demandQuantity,
                              String demandUnit) {
        double a = 0;
        double b = 0;
        for (Supply s : supplies) {
            if (!s.inGuangdong()) {
                continue;
            }
            double pct = share(s, demandValue, demandQuantity, demandUnit);
            if (s.sameCity()) {
                a += pct;
            } else {
                b += pct;
            }
        }
        return apply(base, a, b);
    }

    /** The split with {@code a} percent more bought in the same city and {@code b} elsewhere in Guangdong. */
    public static Split apply(Split base, double a, double b) {
        double outside = base.otherProvince() + base.imported();
        double a1 = Math.min(a, outside);
        double b1 = Math.min(b, outside - a1);
        double keep = outside > 0 ? 1 - (a1 + b1) / outside : 1;
        return new Split(base.local() + a1, base.guangdong() + b1, base.otherProvince() * keep, base.imported() * keep);
    }

    /** 台/年 = 台 (the matching's unit rule, simplified to the annual suffix) */
    static String unit(String u) {
        if (u == null) {
            return "";
        }
        String t = u.strip();
        return t.endsWith("/年") ? t.substring(0, t.length() - 2) : t;
    }
}
