package cn.chainatlas.enterprise;

import cn.chainatlas.common.Text;
import cn.chainatlas.excel.RegistryColumn;
import io.micronaut.core.annotation.Nullable;
import org.apache.poi.ss.usermodel.DateUtil;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry's field rules, one copy for every way a value arrives (an import row, the edit form, the API):
 * what each field accepts, how it is normalised to what the registry keeps, and the Chinese message when it is
 * refused. A refusal is an {@link Invalid} with a code (the import's error code) and a message naming the field
 * by its template header; callers turn it into a row error or a form error.
 */
public final class EnterpriseFields {

    /** How lists are written in one cell: 、，,;；/ or line breaks. */
    public static final Pattern LIST_SEPARATORS = Pattern.compile("[、，,;；/\\r\\n]+");
    private static final Pattern CAPACITY = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)\\s*(万|亿)?\\s*(.*)$");
    private static final Pattern DATE = Pattern.compile("^(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?$");
    private static final Pattern EIGHT_DIGITS = Pattern.compile("\\d{8}");
    private static final Pattern SERIAL = Pattern.compile("\\d{1,6}(\\.\\d+)?");
    /** the money columns are decimal(16,2): 14 digits before the point */
    private static final BigDecimal MAX_MONEY = new BigDecimal("99999999999999");
    private static final BigDecimal MAX_CAPACITY = new BigDecimal("9999999999999999");

    /** a column the template does not know keeps at most this many characters a cell … */
    public static final int MAX_EXTRA = 2_000;
    /** … and all of them together at most this many (the column is a TEXT of 65,535 bytes) */
    public static final int MAX_EXTRAS = 20_000;

    /** A refused value: the import's error code and a message for the person who typed it. */
    public static final class Invalid extends RuntimeException {
        private final String code;

        public Invalid(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** A declared annual capacity: the number (万 and 亿 multiplied out) and its unit. */
    public record Capacity(BigDecimal value, @Nullable String unit) {
    }

    private EnterpriseFields() {
    }

    /**
     * Free text of {@code column}: trimmed, and with full-width forms folded where {@code fold} (districts and
     * people's names; product texts and company names keep their own characters).
     *
     * @return null when blank
     * @throws Invalid REQUIRED when blank and required; TOO_LONG beyond the column's length
     */
    public static @Nullable String text(@Nullable String raw, RegistryColumn column, boolean required, boolean fold) {
        String v = fold ? Text.fold(raw) : Text.clean(raw);
        if (v == null) {
            if (required) {
                throw new Invalid("REQUIRED", "必填项「" + column.header() + "」为空");
            }
            return null;
        }
        if (column.maxLength() > 0 && Text.chars(v) > column.maxLength()) {
            throw new Invalid("TOO_LONG", "「" + column.header() + "」超过 " + column.maxLength() + " 个字（现为 " + Text.chars(v) + " 个字）");
        }
        refuseControl(v, column);
        return v;
    }

    /**
     * A control character (U+0000 and the like; not tab or line breaks) is refused, not kept: nobody sees it on the page,
     * yet it was stored and made the name differ from the one typed again (fresh-eyes pass #14: a NUL in a name).
     */
    private static void refuseControl(String v, RegistryColumn column) {
        int c = Text.firstControl(v);
        if (c >= 0) {
            throw new Invalid("CONTROL_CHAR", "「" + column.header() + "」含有看不见的控制字符 " + Text.describe(c) + "，请删除后重试");
        }
    }

    /**
     * A name as the clerk sees it (企业名称, 联系人): see {@link Text#name}.
     *
     * @throws Invalid REQUIRED when blank and required; TOO_LONG beyond the column's length
     */
    public static @Nullable String name(@Nullable String raw, RegistryColumn column, boolean required) {
        String v = Text.name(raw);
        if (v == null) {
            if (required) {
                throw new Invalid("REQUIRED", "必填项「" + column.header() + "」为空");
            }
            return null;
        }
        if (column.maxLength() > 0 && Text.chars(v) > column.maxLength()) {
            throw new Invalid("TOO_LONG", "「" + column.header() + "」超过 " + column.maxLength() + " 个字（现为 " + Text.chars(v) + " 个字）");
        }
        refuseControl(v, column);
        return v;
    }

    /** compiled once: String.matches compiles its pattern on every call, once per row of an import */
    private static final java.util.regex.Pattern MOBILE = java.util.regex.Pattern.compile("1[3-9][0-9]{9}");

    /**
     * 联系电话 as the clerk sees it. A number cell can only be a mobile number (11 digits from 1): a landline
     * stored as a number has lost its leading 0, and a long one its last digits.
     *
     * @param numberCell the cell was a number, not text
     */
    public static @Nullable String phone(@Nullable String raw, boolean numberCell) {
        String v = Text.fold(Text.unforced(raw));
        if (v == null) {
            return null;
        }
        if (numberCell && !MOBILE.matcher(v).matches()) {
            throw new Invalid("PHONE_STORED_AS_NUMBER", "联系电话「" + v + "」是数字格式的单元格：开头的 0（区号）或超过 15 位的数字已被 Excel 丢掉。"
                    + "请把这一列设为“文本”格式，重新输入完整号码（如 0769-22001234）后再上传");
        }
        int control = Text.firstControl(v);
        if (control >= 0) {
            throw new Invalid("BAD_CHARACTER", "联系电话含有不可见的字符 " + Text.describe(control) + "，请重新输入");
        }
        if (v.length() > RegistryColumn.CONTACT_PHONE.maxLength()) {
            throw new Invalid("TOO_LONG", "「联系电话」超过 " + RegistryColumn.CONTACT_PHONE.maxLength() + " 个字");
        }
        return v;
    }

    /**
     * How many 万元 one unit of a money column's header is: 元 0.0001, 千元 0.1, 万元 1, 百万元 100, 亿元 10,000;
     * null for a unit the registry cannot convert (美元 …). No unit means 万元, the template's unit.
     */
    public static @Nullable BigDecimal moneyFactor(@Nullable String unit) {
        return cn.chainatlas.excel.MoneyUnits.factor(unit);
    }

    /** 企业规模: 大、中、小、微 (also written 大型、中型企业 …). */
    public static @Nullable String sizeClass(@Nullable String raw) {
        String s = Text.key(raw);
        if (s.isEmpty()) {
            return null;
        }
        String v = s.replace("企业", "").replace("型", "");
        if (v.equals("大") || v.equals("中") || v.equals("小") || v.equals("微")) {
            return v;
        }
        throw new Invalid("BAD_VALUE", "企业规模「" + Text.clean(raw) + "」应为 大、中、小、微 之一");
    }

    /** 是否规上: 是/否 and the usual ways of writing them. */
    public static @Nullable Boolean aboveScale(@Nullable String raw) {
        String s = Text.key(raw);
        if (s.isEmpty()) {
            return null;
        }
        return switch (s) {
            case "是", "y", "yes", "true", "1", "√", "规上", "是规上" -> true;
            case "否", "n", "no", "false", "0", "×", "规下", "非规上" -> false;
            default -> throw new Invalid("BAD_VALUE", "是否规上「" + Text.clean(raw) + "」应为 是 或 否");
        };
    }

    /**
     * A list cell (资质认证, 企业称号) in its canonical form: split, folded, titles in their canonical words
     * ({@link Titles#canonical}), duplicates dropped, joined with 、.
     *
     * @throws Invalid TOO_LONG beyond the column's length
     */
    public static @Nullable String list(@Nullable String raw, RegistryColumn column) {
        if (Text.clean(raw) == null) {
            return null;
        }
        boolean titles = column == RegistryColumn.TITLES;
        Set<String> values = new LinkedHashSet<>();
        for (String token : LIST_SEPARATORS.split(raw)) {
            String t = Text.fold(token);
            if (t != null) {
                values.add(titles ? Titles.canonical(t) : t);
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        String joined = String.join(EnterpriseData.SEPARATOR, values);
        if (Text.chars(joined) > column.maxLength()) {
            throw new Invalid("TOO_LONG", "「" + column.header() + "」超过 " + column.maxLength() + " 个字（现为 " + Text.chars(joined) + " 个字）");
        }
        return joined;
    }

    /** A number typed into a cell or a form: commas, spaces and the column's own unit word allowed. */
    public static @Nullable BigDecimal number(@Nullable String raw, RegistryColumn column, String unit) {
        String s = Text.fold(raw);
        if (s == null) {
            return null;
        }
        s = s.replace(",", "").replace(" ", "");
        if (s.endsWith(unit)) {
            s = s.substring(0, s.length() - unit.length());
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new Invalid("NOT_A_NUMBER", "「" + column.header() + "」的值「" + Text.clean(raw) + "」不是数字");
        }
    }

    /** An amount of money in 万元 (营业收入, 研发投入), not negative, kept to 4 decimals (one 元). */
    public static @Nullable BigDecimal money(@Nullable BigDecimal v, RegistryColumn column) {
        if (v == null) {
            return null;
        }
        if (v.signum() < 0) {
            throw new Invalid("NEGATIVE", "「" + column.header() + "」不能为负数，现为「" + v.toPlainString() + "」");
        }
        if (v.compareTo(MAX_MONEY) > 0) {
            throw new Invalid("NOT_A_NUMBER", "「" + column.header() + "」数值过大");
        }
        BigDecimal kept = v.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return kept.scale() < 2 ? kept.setScale(2) : kept;
    }

    /** A count (从业人数, 有效发明专利数): a whole number, not negative. */
    public static @Nullable Integer count(@Nullable BigDecimal v, RegistryColumn column) {
        if (v == null) {
            return null;
        }
        if (v.signum() < 0) {
            throw new Invalid("NEGATIVE", "「" + column.header() + "」不能为负数，现为「" + v.toPlainString() + "」");
        }
        if (v.stripTrailingZeros().scale() > 0) {
            throw new Invalid("NOT_AN_INTEGER", "「" + column.header() + "」应为整数，现为「" + v.toPlainString() + "」");
        }
        if (v.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new Invalid("NOT_A_NUMBER", "「" + column.header() + "」数值过大");
        }
        return v.intValue();
    }

    /** 年产能 as written in a cell: "20000套", "2万套", "1.5亿件". */
    public static @Nullable Capacity capacity(@Nullable String raw) {
        return capacity(raw, null);
    }

    /**
     * 年产能 with the header's unit ("年产能（台）", "年产能（万台）") for cells that hold a bare number; a unit in
     * the cell itself wins.
     */
    public static @Nullable Capacity capacity(@Nullable String raw, @Nullable String headerUnit) {
        String cap = Text.fold(raw);
        if (cap == null) {
            return null;
        }
        Matcher m = CAPACITY.matcher(cap.replace(",", ""));
        if (!m.matches()) {
            throw new Invalid("NOT_A_NUMBER", "年产能「" + cap + "」应为数量加单位，如“20000套”");
        }
        BigDecimal value = new BigDecimal(m.group(1));
        String multiplier = m.group(2);
        String unit = Text.clean(m.group(3));
        if (unit == null && multiplier == null && headerUnit != null) {
            String h = Text.clean(headerUnit).replace("/年", "").replace("每年", "");
            if (h.startsWith("万") || h.startsWith("亿")) {
                multiplier = h.substring(0, 1);
                h = h.substring(1);
            }
            unit = h.isEmpty() ? null : h;
        }
        if ("万".equals(multiplier)) {
            value = value.multiply(BigDecimal.valueOf(10_000));
        } else if ("亿".equals(multiplier)) {
            value = value.multiply(BigDecimal.valueOf(100_000_000));
        }
        return capacity(value.setScale(2, RoundingMode.HALF_UP), unit, cap);
    }

    /** A capacity given as number and unit (the edit form, the API). */
    public static @Nullable Capacity capacity(@Nullable BigDecimal value, @Nullable String unit, String shown) {
        if (value == null) {
            return null;
        }
        if (value.signum() < 0) {
            throw new Invalid("NEGATIVE", "年产能不能为负数，现为「" + shown + "」");
        }
        if (value.compareTo(MAX_CAPACITY) > 0) {
            throw new Invalid("NOT_A_NUMBER", "年产能「" + shown + "」数值过大");
        }
        String u = Text.clean(unit);
        if (u != null && Text.chars(u) > 20) {
            throw new Invalid("TOO_LONG", "年产能的单位「" + u + "」超过 20 个字");
        }
        return new Capacity(value.setScale(2, RoundingMode.HALF_UP), u);
    }

    private static final Pattern YEAR_MONTH = Pattern.compile("^(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*月?$");
    private static final Pattern YEAR = Pattern.compile("^(\\d{4})\\s*年?$");

    /** 成立日期 of a text cell or a form: see {@link #date(String, byte)}. */
    public static @Nullable LocalDate date(@Nullable String raw) {
        return date(raw, cn.chainatlas.excel.CellKind.TEXT);
    }

    /**
     * 成立日期 in every form it arrives: a date cell (either date system; read by the spreadsheet reader), a date
     * written as text (2015-03-01, 2015/3/1, 2015.3.5, 2015年3月1日, 20150301, "2015-03-01 00:00:00"), a year and
     * month (2019-03, 2019.03, 2019年3月, the number 2019.03) as the first of the month, a year alone (2019 or
     * 2019年) as 1 January. A number is never read as an Excel serial day when it can be a year, so no founding
     * date falls in 1905; a date serial (a General-formatted date cell, 5 digits) is read as that day. The number
     * 2019.1 is refused: Excel shows 2019.10 that way, so it may mean January or October.
     *
     * @param kind the cell's {@link cn.chainatlas.excel.CellKind}
     */
    public static @Nullable LocalDate date(@Nullable String raw, byte kind) {
        LocalDate d = parsedDate(raw, kind);
        return d == null ? null : founded(d, Text.clean(raw));
    }

    /** The earliest 成立日期 kept: spreadsheets cannot hold an earlier date as a date (the export wrote -1). */
    public static final LocalDate EARLIEST_FOUNDED = LocalDate.of(1900, 1, 1);

    /**
     * A founding date as typed or read, if plausible: from {@link #EARLIEST_FOUNDED} to today (fresh-eyes pass #14:
     * 1899-12-30 was kept and exported as the number -1, which the import then refused; 2030 was kept as well).
     *
     * @param shown the value as the clerk wrote it, for the message
     * @throws Invalid BAD_DATE naming the value
     */
    public static LocalDate founded(LocalDate d, String shown) {
        if (d.isBefore(EARLIEST_FOUNDED)) {
            throw new Invalid("BAD_DATE", "成立日期「" + shown + "」早于 1900 年，请核对");
        }
        if (d.isAfter(LocalDate.now())) {
            throw new Invalid("BAD_DATE", "成立日期「" + shown + "」晚于今天，请核对");
        }
        return d;
    }

    private static @Nullable LocalDate parsedDate(@Nullable String raw, byte kind) {
        String s = Text.fold(raw);
        if (s == null) {
            return null;
        }
        try {
            if (kind == cn.chainatlas.excel.CellKind.DATE) {
                return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
            }
            if (kind == cn.chainatlas.excel.CellKind.NUMBER) {
                return numberDate(s, raw);
            }
            int space = s.indexOf(' ');
            String d = space > 0 && s.substring(space).trim().matches("\\d{1,2}:\\d{2}(:\\d{2})?") ? s.substring(0, space) : s;
            if (EIGHT_DIGITS.matcher(d).matches()) {
                return LocalDate.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)), Integer.parseInt(d.substring(6)));
            }
            Matcher m = DATE.matcher(d.replace(" ", ""));
            if (m.matches()) {
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
            m = YEAR_MONTH.matcher(d);
            if (m.matches()) {
                return LocalDate.of(year(m.group(1)), Integer.parseInt(m.group(2)), 1);
            }
            m = YEAR.matcher(d);
            if (m.matches()) {
                return LocalDate.of(year(m.group(1)), 1, 1);
            }
            if (d.matches("\\d{5}(\\.\\d+)?")) {
                return numberDate(d, raw); // a date serial written out as text by another system
            }
        } catch (DateTimeException | NumberFormatException e) {
            // falls through to the refusal below
        }
        throw new Invalid("BAD_DATE", "成立日期「" + Text.clean(raw) + "」无法识别，请写成 2015-03-01（或 2015-03、2015年3月）这样的日期");
    }

    /** A number cell in a date column: a year, a year.month, or a General-formatted date serial. */
    private static LocalDate numberDate(String s, String raw) {
        if (s.matches("\\d{4}")) {
            return LocalDate.of(year(s), 1, 1);
        }
        Matcher ym = Pattern.compile("^(\\d{4})\\.(\\d{1,2})$").matcher(s);
        if (ym.matches()) {
            if (ym.group(2).equals("1")) {
                throw new Invalid("AMBIGUOUS_DATE", "成立日期「" + Text.clean(raw) + "」是数字：Excel 把 2019.10 也显示为 2019.1，"
                        + "无法判断是 1 月还是 10 月。请写成文本 2019-01 或 2019-10 后再上传");
            }
            // 2019.3 is March and 2019.03 too; 2019.1 was refused above
            int month = Integer.parseInt(ym.group(2));
            return LocalDate.of(year(ym.group(1)), month, 1);
        }
        if (SERIAL.matcher(s).matches()) {
            double serial = Double.parseDouble(s);
            // 10000 is 1927-05-18: below that a number is no plausible founding date (nor a year)
            if (serial >= 10_000 && serial < 110_000 && DateUtil.isValidExcelDate(serial)) {
                return DateUtil.getLocalDateTime(serial).toLocalDate();
            }
        }
        throw new Invalid("BAD_DATE", "成立日期「" + Text.clean(raw) + "」无法识别，请写成 2015-03-01（或 2015-03、2015年3月）这样的日期");
    }

    private static int year(String y) {
        int n = Integer.parseInt(y);
        if (n < 1800 || n > 2100) {
            throw new DateTimeException("year out of range");
        }
        return n;
    }
}
