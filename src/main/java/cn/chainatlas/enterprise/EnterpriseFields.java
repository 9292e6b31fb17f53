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

    /** A refused value: the import's error code and a message for the person who typed it. */
    public static final class Invalid extends RuntimeException {
        private final String code;

        Invalid(String code, String message) {
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
        if (column.maxLength() > 0 && v.length() > column.maxLength()) {
            throw new Invalid("TOO_LONG", "「" + column.header() + "」超过 " + column.maxLength() + " 个字（现为 " + v.length() + " 个字）");
        }
        return v;
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
        if (joined.length() > column.maxLength()) {
            throw new Invalid("TOO_LONG", "「" + column.header() + "」超过 " + column.maxLength() + " 个字（现为 " + joined.length() + " 个字）");
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

    /** An amount of money in 万元 (营业收入, 研发投入), not negative, kept to 2 decimals. */
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
        return v.setScale(2, RoundingMode.HALF_UP);
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
        String cap = Text.fold(raw);
        if (cap == null) {
            return null;
        }
        Matcher m = CAPACITY.matcher(cap.replace(",", ""));
        if (!m.matches()) {
            throw new Invalid("NOT_A_NUMBER", "年产能「" + cap + "」应为数量加单位，如“20000套”");
        }
        BigDecimal value = new BigDecimal(m.group(1));
        if ("万".equals(m.group(2))) {
            value = value.multiply(BigDecimal.valueOf(10_000));
        } else if ("亿".equals(m.group(2))) {
            value = value.multiply(BigDecimal.valueOf(100_000_000));
        }
        return capacity(value.setScale(2, RoundingMode.HALF_UP), Text.clean(m.group(3)), cap);
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
        if (u != null && u.length() > 20) {
            throw new Invalid("TOO_LONG", "年产能的单位「" + u + "」超过 20 个字");
        }
        return new Capacity(value.setScale(2, RoundingMode.HALF_UP), u);
    }

    /** 成立日期: 2015-03-01, 2015/3/1, 2015年3月1日, 20150301, an Excel date serial, "2015-03-01 00:00:00". */
    public static @Nullable LocalDate date(@Nullable String raw) {
        String s = Text.fold(raw);
        if (s == null) {
            return null;
        }
        int space = s.indexOf(' ');
        if (space > 0) {
            s = s.substring(0, space);
        }
        try {
            if (EIGHT_DIGITS.matcher(s).matches()) {
                return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)), Integer.parseInt(s.substring(6)));
            }
            if (SERIAL.matcher(s).matches()) {
                double serial = Double.parseDouble(s);
                if (serial >= 1 && serial < 110000 && DateUtil.isValidExcelDate(serial)) {
                    return DateUtil.getLocalDateTime(serial).toLocalDate();
                }
            }
            Matcher m = DATE.matcher(s);
            if (m.matches()) {
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
        } catch (DateTimeException | NumberFormatException e) {
            // falls through to the refusal below
        }
        throw new Invalid("BAD_DATE", "成立日期「" + Text.clean(raw) + "」无法识别，请写成 2015-03-01 这样的日期");
    }
}
