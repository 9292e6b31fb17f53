package cn.chainatlas.excel;

import cn.chainatlas.common.Text;

import java.math.BigDecimal;

/** Money units a header may name, and their factor to 万元 (the unit every amount is kept in). */
public final class MoneyUnits {

    private MoneyUnits() {
    }

    /** 元 → 0.0001, 千元 → 0.1, 万元 → 1, 百万元 → 100, 亿元 → 10,000 (人民币 and RMB ignored); 1 when none; null when unknown. */
    public static BigDecimal factor(String unit) {
        if (unit == null || unit.isBlank()) {
            return BigDecimal.ONE;
        }
        String u = Text.key(unit).replace("人民币", "").replace("rmb", "");
        return switch (u) {
            case "元" -> new BigDecimal("0.0001");
            case "千元" -> new BigDecimal("0.1");
            case "万元", "万" -> BigDecimal.ONE;
            case "百万元", "百万" -> new BigDecimal("100");
            case "亿元", "亿" -> new BigDecimal("10000");
            default -> null;
        };
    }
}
