package cn.chainatlas.excel;

import cn.chainatlas.common.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which column of a sheet holds which field of a {@link SheetSchema} (the registry's, a demand sheet's). The header
 * row is the first row (within the first {@link #SEARCH_ROWS}) naming at least the schema's
 * {@link SheetSchema#minKnown()} fields, so title rows above it are skipped.
 */
public final class HeaderLayout {

    public static final int SEARCH_ROWS = 30;
    /** Columns errors.xlsx adds; ignored when such a file is uploaded again after fixing. */
    public static final String ERROR_COLUMN = "错误说明";
    public static final String ROW_COLUMN = "原行号";

    public final int headerRow;
    /** each header cell as the file holds it (trimmed): the key an extra column's value is kept under */
    public final String[] headers;
    /** each header as messages quote it, see {@link #label} */
    private final String[] labels;
    public final SheetSchema schema;
    public final SheetColumn[] columns;
    public final Map<SheetColumn, Integer> index;
    /** the unit each column's header (or a unit row under it, or a 单位： line above the table) states */
    private final Map<SheetColumn, String> units;
    private String tableUnit;

    private HeaderLayout(SheetSchema schema, int headerRow, String[] headers, SheetColumn[] columns, Map<SheetColumn, Integer> index) {
        this.schema = schema;
        this.headerRow = headerRow;
        this.headers = headers;
        this.labels = new String[headers.length];
        for (int i = 0; i < headers.length; i++) {
            labels[i] = label(headers[i]);
        }
        this.columns = columns;
        this.index = index;
        this.units = schema.newMap();
    }

    /** The registry's layout if this row is its header row, else null. */
    public static HeaderLayout detect(String sheet, int rowNo, String[] cells) {
        return detect(RegistryColumn.SCHEMA, sheet, rowNo, cells);
    }

    /** The layout if this row is a header row of the schema, else null. Throws when it is one but two columns claim one field. */
    public static HeaderLayout detect(SheetSchema schema, String sheet, int rowNo, String[] cells) {
        int known = 0;
        for (String c : cells) {
            if (schema.ofHeader(c) != null) {
                known++;
            }
        }
        if (known < schema.minKnown()) {
            return null;
        }
        SheetColumn[] cols = new SheetColumn[cells.length];
        String[] headers = new String[cells.length];
        Map<SheetColumn, Integer> index = schema.newMap();
        for (int i = 0; i < cells.length; i++) {
            headers[i] = Text.clean(cells[i]);
            SheetColumn c = schema.ofHeader(cells[i]);
            if (c == null) {
                continue;
            }
            Integer before = index.putIfAbsent(c, i);
            if (before != null) {
                throw new FileRejected("DUPLICATE_HEADER", String.format("工作表「%s」第 %d 行表头中，第 %s 列「%s」和第 %s 列「%s」都表示「%s」，请只保留一列",
                        sheet, rowNo, letter(before), label(headers[before]), letter(i), label(headers[i]), c.header()));
            }
            cols[i] = c;
        }
        HeaderLayout layout = new HeaderLayout(schema, rowNo, headers, cols, index);
        index.forEach((c, i) -> {
            String unit = unitIn(cells[i]);
            if (unit == null) {
                unit = schema.unitSuffix(cells[i]);
            }
            if (unit != null) {
                layout.units.put(c, unit);
            }
        });
        return layout;
    }

    private static final java.util.regex.Pattern BRACKETED = java.util.regex.Pattern.compile("[（(【\\[]\\s*(?:单位[:：]\\s*)?([^（()）【】\\[\\]]{1,10})\\s*[）)】\\]]\\s*$");
    private static final java.util.regex.Pattern UNIT_LINE = java.util.regex.Pattern.compile("单位\\s*[:：]\\s*([^\\s,，;；]{1,10})");
    static final java.util.Set<String> UNIT_WORDS = java.util.Set.of("元", "千元", "万元", "百万元", "亿元", "人", "个",
            "件", "项", "台", "套", "万台", "万套", "万件", "吨", "万吨", "辆", "架", "艘", "公里", "米", "千米", "%", "年", "人民币元");

    /** The unit written in brackets at the end of a header: 营业收入（千元） → 千元. */
    public static String unitIn(String header) {
        if (header == null) {
            return null;
        }
        java.util.regex.Matcher m = BRACKETED.matcher(Text.clean(header) == null ? "" : Text.clean(header));
        if (!m.find()) {
            return null;
        }
        String unit = m.group(1).strip();
        // 营业收入（2025年）names the year, not a unit; （2025年，千元） and （千元，2025年） name both
        unit = unit.replaceFirst("^(19|20)\\d{2}\\s*年度?\\s*[,，、;；]?\\s*", "").replaceFirst("\\s*[,，、;；]\\s*(19|20)\\d{2}\\s*年度?$", "");
        return unit.isEmpty() ? null : unit;
    }

    /**
     * The unit a "单位：千元" (or 金额单位：万元) line above a table states, or null; "填报单位：东莞市…" names who
     * filled the form in, not a unit, and is passed over.
     */
    public static String unitLine(String[] cells) {
        for (String c : cells) {
            String t = Text.clean(c);
            if (t == null) {
                continue;
            }
            java.util.regex.Matcher m = UNIT_LINE.matcher(t);
            while (m.find()) {
                String unit = m.group(1).replaceAll("[)）]$", "");
                if (UNIT_WORDS.contains(unit) || unit.endsWith("元")) {
                    return unit;
                }
            }
        }
        return null;
    }

    /** The unit of a column: its header's, else the unit row's, else the table's 单位： line (money columns). */
    public String unit(SheetColumn c) {
        String u = units.get(c);
        if (u == null && tableUnit != null && c.money()) {
            return tableUnit;
        }
        return u;
    }

    /** A 单位： line above the table applies to the money columns that name no unit of their own. */
    public void tableUnit(String unit) {
        this.tableUnit = unit;
    }

    /**
     * Whether the row right under the header is a unit row (every filled cell a unit: 千元, （万元）, 人 …); if so,
     * its units apply to their columns and the row holds no data.
     */
    public boolean unitRow(String[] cells) {
        boolean any = false;
        Map<SheetColumn, String> found = schema.newMap();
        for (int i = 0; i < cells.length; i++) {
            String t = Text.clean(cells[i]);
            if (t == null) {
                continue;
            }
            String u = t.replaceAll("^[（(【\\[]\\s*(单位[:：]\\s*)?|\\s*[）)】\\]]$", "");
            if (!UNIT_WORDS.contains(u) && !u.endsWith("元")) {
                return false;
            }
            any = true;
            if (i < columns.length && columns[i] != null) {
                found.put(columns[i], u);
            }
        }
        if (any) {
            found.forEach(units::putIfAbsent);
        }
        return any;
    }

    /** Columns a table numbers its rows with (序号, 编号): neither data nor an extra column. */
    private static boolean rowNumberColumn(String header) {
        String k = Text.key(header);
        return k.equals("序号") || k.equals("编号") || k.equals("no") || k.equals("no.") || k.equals("行号");
    }

    /** The schema's required columns the header lacks, leaving out those the upload makes optional. */
    public List<SheetColumn> missingRequired(java.util.Collection<? extends SheetColumn> optional) {
        List<SheetColumn> missing = new ArrayList<>();
        for (SheetColumn c : schema.columns()) {
            if (c.required() && !index.containsKey(c) && !optional.contains(c)) {
                missing.add(c);
            }
        }
        return missing;
    }

    /** The header of a column as messages quote it ({@link #label}), or its letter when it has none. */
    public String header(int i) {
        return i < labels.length && labels[i] != null ? labels[i] : letter(i) + "列";
    }

    /**
     * A header cell as the clerk reads it on screen, for every message, note and errors.xlsx column that quotes it:
     * a header typed on two lines (营业收入 Alt+Enter （千元）) is one header, and its line break in a quoted header
     * broke the note in two (notes are kept one per line) and showed a message with a break in the middle of a
     * name. Joined the way names are ({@link Text#name}): without a space between Chinese characters, with one
     * between words.
     */
    public static String label(String cell) {
        return Text.name(cell);
    }

    public String header(SheetColumn c) {
        Integer i = index.get(c);
        return i == null ? c.header() : header(i);
    }

    /**
     * Whether the row holds anything in a known column (a 序号 or a note column alone does not make a row, nor a
     * city filled down or merged past the last enterprise: {@link SheetColumn#fillsDown}).
     */
    public boolean isBlank(String[] cells) {
        for (int i : contentColumns()) {
            if (i < cells.length && cells[i] != null && Text.clean(cells[i]) != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a row that is not blank holds nothing but formula results, and none in a column that
     * {@link SheetColumn#identifies} it: a form's computed columns (a 0 or "" from =IF(…), a =ROW() sequence) filled
     * down past the last enterprise. The clerk sees an empty-looking row there, and refusing it as missing its code
     * and name only buries the real errors. A code or name in the row — typed, or computed by a VLOOKUP — makes it a
     * row to validate; so does any value typed into a template column, since a person wrote it for this row.
     */
    public boolean onlyComputed(String[] cells, boolean[] formulas) {
        if (formulas == null) {
            return false;
        }
        for (int i : contentColumns()) {
            if (i < cells.length && cells[i] != null && Text.clean(cells[i]) != null
                    && (i >= formulas.length || !formulas[i] || columns[i].identifies())) {
                return false;
            }
        }
        return true;
    }

    /** the known columns other than {@link SheetColumn#fillsDown} ones, once the header is read */
    private int[] contentColumns;

    private int[] contentColumns() {
        int[] content = contentColumns;
        if (content == null) {
            content = index.entrySet().stream().filter(e -> !e.getKey().fillsDown()).mapToInt(Map.Entry::getValue).toArray();
            contentColumns = content;
        }
        return content;
    }

    public boolean isExtra(int i) {
        return i < columns.length && columns[i] == null && headers[i] != null
                && !ERROR_COLUMN.equals(headers[i]) && !ROW_COLUMN.equals(headers[i]) && !rowNumberColumn(headers[i]);
    }

    public static String letter(int col) {
        StringBuilder b = new StringBuilder();
        int c = col + 1;
        while (c > 0) {
            int rem = (c - 1) % 26;
            b.insert(0, (char) ('A' + rem));
            c = (c - 1) / 26;
        }
        return b.toString();
    }

    /** Whether a merged range such as "B3:C3" touches the given 1-based row. */
    public static boolean covers(String range, int row) {
        int colon = range.indexOf(':');
        int from = rowOf(colon < 0 ? range : range.substring(0, colon));
        int to = colon < 0 ? from : rowOf(range.substring(colon + 1));
        return row >= from && row <= to;
    }

    private static int rowOf(String ref) {
        int i = 0;
        while (i < ref.length() && Character.isLetter(ref.charAt(i))) {
            i++;
        }
        try {
            return Integer.parseInt(ref.substring(i));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
