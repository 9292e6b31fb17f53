package cn.chainatlas.demand;

import cn.chainatlas.common.CreditCode;
import cn.chainatlas.common.Text;
import cn.chainatlas.enterprise.EnterpriseFields;
import cn.chainatlas.excel.CellKind;
import cn.chainatlas.excel.ColumnNames;
import cn.chainatlas.excel.HeaderLayout;
import cn.chainatlas.excel.MoneyUnits;
import cn.chainatlas.excel.RowError;
import cn.chainatlas.excel.SheetColumn;
import cn.chainatlas.excel.SheetSchema;
import io.micronaut.core.annotation.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demand spreadsheet: its columns (the template writes their headers; the variants are what leaders' buyers
 * write), and one row turned into the {@link DemandInput} that every entry path gives {@link DemandFields}. Only
 * what a spreadsheet adds is done here: the amount in the header's unit (元, 千元, 亿元 → 万元), a date cell, a
 * credit code stored as a number (refused: digits are lost), percentages stored as fractions (30% → 0.3). The
 * field rules themselves are DemandFields', so a row is refused for exactly what the form and the API refuse.
 *
 * <p>Natural key of a row (what makes a re-upload change nothing): its 需求编号 (the demand's id, as the list and
 * errors.xlsx show it) when filled, else the leader, the node and the 规格/等级要求 text (spaces and full-width forms
 * ignored). The template's instruction sheet says so.
 */
public final class DemandSheet {

    /** The columns of the demand template, in its order. */
    public enum Column implements SheetColumn {
        ID("需求编号", false, "需求ID", "需求 编号"),
        LEADER("链主企业统一社会信用代码", false, "链主企业信用代码", "链主统一社会信用代码", "统一社会信用代码", "信用代码"),
        NODE("产业链节点", true, "所需产品", "所需产品(产业链节点)", "链节点", "节点", "节点名称", "节点代码", "产品"),
        QUANTITY("年需求量", false, "需求量", "年需求数量", "年采购量", "数量"),
        UNIT("单位", false, "计量单位", "数量单位"),
        VALUE("年需求额(万元)", false, "年需求额", "年采购额", "年采购额(万元)", "采购金额", "需求金额", "年采购金额"),
        SPEC("规格/等级要求", false, "规格与技术要求", "规格要求", "技术要求", "规格", "精度等级", "等级要求", "规格等级要求"),
        CERTIFICATIONS("认证要求", false, "必备资质认证", "资质认证要求", "资质要求", "认证"),
        PREFERRED("优先地区", false, "优先区域", "优先采购地区"),
        EXCLUDED("排除地区", false, "排除区域", "不考虑地区"),
        SOURCE_LOCAL("当前采购-同市%", false, "同市", "同市%", "本市", "本市%", "当前采购同市"),
        SOURCE_GUANGDONG("当前采购-省内其他市%", false, "省内其他市", "省内其他市%", "省内其他地市", "省内其他地市%"),
        SOURCE_OTHER_PROVINCE("当前采购-外省%", false, "外省", "外省%", "省外", "省外%"),
        SOURCE_IMPORT("当前采购-进口%", false, "进口", "进口%"),
        NEEDED_BY("需要日期", false, "需求日期", "需要时间", "需用日期", "交付日期"),
        NOTE("备注", false, "说明"),
        STATUS("状态", false, "需求状态");

        private final ColumnNames names;

        Column(String header, boolean required, String... variants) {
            this.names = ColumnNames.of(header, required, variants);
        }

        @Override
        public ColumnNames names() {
            return names;
        }

        @Override
        public boolean money() {
            return this == VALUE;
        }

        @Override
        public boolean identifies() {
            return this == ID || this == LEADER || this == NODE;
        }
    }

    /** The template's columns for the shared reader: a header row names at least three of them. */
    public static final SheetSchema SCHEMA = SheetSchema.of("链主需求", Column.class, 3,
            "表头行应包含“产业链节点”“年需求量”“单位”“年需求额（万元）”等列名（可先下载需求模板）");

    /** The column that holds each field of DemandFields' problems. */
    static final Map<String, Column> COLUMN_OF_FIELD = Map.ofEntries(
            Map.entry("leaderCreditCode", Column.LEADER), Map.entry("nodeCode", Column.NODE),
            Map.entry("quantity", Column.QUANTITY), Map.entry("unit", Column.UNIT), Map.entry("valueWan", Column.VALUE),
            Map.entry("spec", Column.SPEC), Map.entry("requiredCertifications", Column.CERTIFICATIONS),
            Map.entry("preferredRegions", Column.PREFERRED), Map.entry("excludedRegions", Column.EXCLUDED),
            Map.entry("sources", Column.SOURCE_LOCAL), Map.entry("neededBy", Column.NEEDED_BY),
            Map.entry("note", Column.NOTE), Map.entry("status", Column.STATUS), Map.entry("demandId", Column.ID));

    private static final List<Column> SOURCES = List.of(Column.SOURCE_LOCAL, Column.SOURCE_GUANGDONG,
            Column.SOURCE_OTHER_PROVINCE, Column.SOURCE_IMPORT);

    /**
     * One row as read: where it is, its 需求编号 if any, the input for the field rules, and what the sheet itself
     * got wrong (a unit that cannot be converted, an identifier stored as a number).
     */
    public record Row(String sheet, int rowNo, @Nullable Long demandId, DemandInput input, List<RowError> errors,
                      HeaderLayout layout) {

        /** The header of the column holding a DemandFields field, as the file writes it. */
        public String column(String field) {
            String key = field.startsWith("specFields.") ? "spec" : field;
            Column c = COLUMN_OF_FIELD.getOrDefault(key, Column.SPEC);
            return layout.header(c);
        }

        public RowError error(String field, String code, String message) {
            return new RowError(sheet, rowNo, column(field), code, message);
        }
    }

    private DemandSheet() {
    }

    /**
     * @param leader the upload's leader: rows that leave the leader column empty are this leader's
     */
    public static Row read(String sheet, int rowNo, String[] cells, byte[] kinds, HeaderLayout layout, String leader) {
        List<RowError> errors = new ArrayList<>(0);
        Long id = null;
        String idRaw = Text.fold(raw(cells, layout, Column.ID));
        if (idRaw != null) {
            String digits = idRaw.replaceFirst("^[A-Za-z#]+-?", "");
            try {
                BigDecimal v = new BigDecimal(digits);
                if (v.signum() <= 0 || v.stripTrailingZeros().scale() > 0) {
                    throw new NumberFormatException();
                }
                id = v.longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                errors.add(new RowError(sheet, rowNo, layout.header(Column.ID), "BAD_DEMAND_ID", "需求编号「" + idRaw
                        + "」不是系统中的需求编号（正整数，见“我的需求”列表的“编号”列）；新需求请留空"));
            }
        }
        String leaderRaw = raw(cells, layout, Column.LEADER);
        String rowLeader = leader;
        if (Text.clean(leaderRaw) != null) {
            if (kind(kinds, layout, Column.LEADER) == CellKind.NUMBER || CreditCode.scientific(leaderRaw)) {
                errors.add(new RowError(sheet, rowNo, layout.header(Column.LEADER), "CODE_STORED_AS_NUMBER",
                        "统一社会信用代码「" + Text.clean(leaderRaw) + "」以数字格式保存，已丢失位数：请把该列设为文本格式（或在代码前加英文单引号 '）后重新填写"));
            } else {
                rowLeader = leaderRaw;
            }
        }
        String value = raw(cells, layout, Column.VALUE);
        if (Text.clean(value) != null) {
            String unit = layout.unit(Column.VALUE);
            BigDecimal factor = MoneyUnits.factor(unit);
            if (factor == null) {
                errors.add(new RowError(sheet, rowNo, layout.header(Column.VALUE), "UNKNOWN_UNIT", "「" + layout.header(Column.VALUE)
                        + "」的单位「" + unit + "」无法换算为万元：请写成万元（或元、千元、亿元）并在表头写明单位"));
                value = null;
            } else if (factor.compareTo(BigDecimal.ONE) != 0) {
                String s = Text.fold(value).replace(",", "").replace(" ", "");
                try {
                    value = new BigDecimal(s).multiply(factor).stripTrailingZeros().toPlainString();
                } catch (NumberFormatException notANumber) {
                    // the field rules name it
                }
            }
        }
        String neededBy = raw(cells, layout, Column.NEEDED_BY);
        if (Text.clean(neededBy) != null) {
            try {
                var d = EnterpriseFields.date(neededBy, kind(kinds, layout, Column.NEEDED_BY));
                if (d != null) {
                    neededBy = d.toString();
                }
            } catch (RuntimeException unreadable) {
                // left as written: the field rules refuse it with their message
            }
        }
        Map<String, String> sources = new LinkedHashMap<>();
        for (int i = 0; i < SOURCES.size(); i++) {
            String v = raw(cells, layout, SOURCES.get(i));
            if (Text.clean(v) != null) {
                sources.put(DemandInput.SOURCE_KEYS.get(i), v);
            }
        }
        fractionsAsPercent(sources, kinds, layout);
        DemandInput input = new DemandInput(rowLeader, raw(cells, layout, Column.NODE), raw(cells, layout, Column.QUANTITY),
                raw(cells, layout, Column.UNIT), value, raw(cells, layout, Column.SPEC), Map.of(),
                list(raw(cells, layout, Column.CERTIFICATIONS)), list(raw(cells, layout, Column.PREFERRED)),
                list(raw(cells, layout, Column.EXCLUDED)), sources, neededBy, raw(cells, layout, Column.NOTE),
                raw(cells, layout, Column.STATUS));
        return new Row(sheet, rowNo, id, input, errors, layout);
    }

    /** A split typed as Excel percentages (30% is stored as 0.3) sums to 1: read it as percent. */
    private static void fractionsAsPercent(Map<String, String> sources, byte[] kinds, HeaderLayout layout) {
        if (sources.isEmpty()) {
            return;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < SOURCES.size(); i++) {
            String v = sources.get(DemandInput.SOURCE_KEYS.get(i));
            if (v == null) {
                continue;
            }
            if (kind(kinds, layout, SOURCES.get(i)) != CellKind.NUMBER) {
                return;
            }
            sum = sum.add(new BigDecimal(v));
        }
        if (sum.subtract(BigDecimal.ONE).abs().compareTo(new BigDecimal("0.0005")) <= 0) {
            sources.replaceAll((k, v) -> new BigDecimal(v).movePointRight(2).stripTrailingZeros().toPlainString());
        }
    }

    private static String raw(String[] cells, HeaderLayout layout, Column c) {
        Integer i = layout.index.get(c);
        return i == null || i >= cells.length ? null : cells[i];
    }

    private static byte kind(byte[] kinds, HeaderLayout layout, Column c) {
        Integer i = layout.index.get(c);
        return i == null || kinds == null || i >= kinds.length ? CellKind.TEXT : kinds[i];
    }

    private static List<String> list(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s);
    }
}
