package cn.chainatlas.excel;

import cn.chainatlas.common.Text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The columns of one kind of upload and the header variants bureaus and enterprises write for them. Header
 * matching is the same for every kind: spaces, full-width forms, a required-field star and the unit in brackets
 * are ignored, and a year in front of or after a header (2025年营业收入, 营业收入（2025年）) names the year, not
 * another column.
 *
 * @param kind        what the sheet holds, in Chinese (企业名录, 链主需求), for messages
 * @param columnClass the enum of the columns (its constants are the columns)
 * @param minKnown    how many known headers make a row the header row (title rows above it have fewer)
 * @param headerHint  the sentence that tells what a header row holds, for the refusal of a sheet without one
 */
public record SheetSchema(String kind, Class<? extends Enum<?>> columnClass, List<SheetColumn> columns,
                          Map<String, SheetColumn> byKey, int minKnown, String headerHint) {

    /** A year in front of a header (2025年营业收入, 2025年度研发投入): the column is the same, the year says which. */
    private static final Pattern LEADING_YEAR = Pattern.compile("^(19|20)\\d{2}年度?");
    /** A year in brackets after it (营业收入（2025年）), read the same way. */
    private static final Pattern TRAILING_YEAR = Pattern.compile("\\((19|20)\\d{2}年度?\\)");

    /** The schema of the columns {@code columnClass} names, each known by its header and its variants. */
    public static <C extends Enum<C> & SheetColumn> SheetSchema of(String kind, Class<C> columnClass, int minKnown,
                                                                   String headerHint) {
        Map<String, SheetColumn> byKey = new HashMap<>();
        C[] all = columnClass.getEnumConstants();
        for (C c : all) {
            byKey.put(key(c.header()), c);
        }
        for (C c : all) {
            for (String v : c.names().variants()) {
                byKey.putIfAbsent(key(v), c);
            }
        }
        return new SheetSchema(kind, columnClass, List.of(all), Map.copyOf(byKey), minKnown, headerHint);
    }

    /** The column a header cell names, or null when the template does not know it. */
    public SheetColumn ofHeader(String cell) {
        if (cell == null) {
            return null;
        }
        String key = TRAILING_YEAR.matcher(LEADING_YEAR.matcher(key(cell)).replaceFirst("")).replaceAll("");
        SheetColumn c = byKey.get(key);
        if (c == null) {
            int bracket = key.indexOf('(');
            if (bracket > 0) {
                c = byKey.get(key.substring(0, bracket));
            }
        }
        if (c == null) {
            Matcher m = UNIT_SUFFIX.matcher(key);
            if (m.matches() && HeaderLayout.UNIT_WORDS.contains(m.group(2))) {
                c = byKey.get(m.group(1));
            }
        }
        return c;
    }

    /**
     * A unit written after the header without brackets: 营业收入/千元, 营业收入 千元 (spaces are gone from the key),
     * 研发投入 单位:千元, 营业收入万元. Read only when what is left is a known header, so 联系人 stays 联系人.
     */
    private static final Pattern UNIT_SUFFIX = Pattern.compile("(.+?)[/\\\\,;:|]?(?:单位:?)?(元|千元|万元|百万元|亿元|人民币元|人|个|件|项|台|套|万台|万套|万件|吨|万吨|辆|架|艘)");

    /**
     * The unit of a header that names it without brackets ({@link #ofHeader} reads 营业收入/千元 as 营业收入), or
     * null when the header is known as written or names no unit that way.
     */
    public String unitSuffix(String cell) {
        if (cell == null) {
            return null;
        }
        String key = TRAILING_YEAR.matcher(LEADING_YEAR.matcher(key(cell)).replaceFirst("")).replaceAll("");
        if (byKey.containsKey(key) || key.indexOf('(') > 0) {
            return null;
        }
        Matcher m = UNIT_SUFFIX.matcher(key);
        return m.matches() && byKey.containsKey(m.group(1)) ? m.group(2) : null;
    }

    /** A map keyed by this schema's columns, an EnumMap underneath (the row parsers look columns up per cell). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    <V> Map<SheetColumn, V> newMap() {
        return (Map<SheetColumn, V>) new java.util.EnumMap(columnClass);
    }

    static String key(String s) {
        String k = Text.key(s).replace('【', '(').replace('】', ')').replace('[', '(').replace(']', ')');
        // a required-field star some templates put in front or after the header
        return k.replace("*", "").replace("★", "");
    }
}
