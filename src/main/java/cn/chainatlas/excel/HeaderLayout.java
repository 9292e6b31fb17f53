package cn.chainatlas.excel;

import cn.chainatlas.common.Text;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which column of a sheet holds which registry field. The header row is the first row (within the first
 * {@link #SEARCH_ROWS}) naming at least three registry fields, so title rows above it are skipped.
 */
public final class HeaderLayout {

    public static final int SEARCH_ROWS = 30;
    /** Columns errors.xlsx adds; ignored when such a file is uploaded again after fixing. */
    public static final String ERROR_COLUMN = "错误说明";
    public static final String ROW_COLUMN = "原行号";

    public final int headerRow;
    public final String[] headers;
    public final RegistryColumn[] columns;
    public final Map<RegistryColumn, Integer> index;

    private HeaderLayout(int headerRow, String[] headers, RegistryColumn[] columns, Map<RegistryColumn, Integer> index) {
        this.headerRow = headerRow;
        this.headers = headers;
        this.columns = columns;
        this.index = index;
    }

    /** The layout if this row is a header row, else null. Throws when it is one but two columns claim one field. */
    public static HeaderLayout detect(String sheet, int rowNo, String[] cells) {
        int known = 0;
        for (String c : cells) {
            if (RegistryColumn.ofHeader(c) != null) {
                known++;
            }
        }
        if (known < 3) {
            return null;
        }
        RegistryColumn[] cols = new RegistryColumn[cells.length];
        String[] headers = new String[cells.length];
        Map<RegistryColumn, Integer> index = new EnumMap<>(RegistryColumn.class);
        for (int i = 0; i < cells.length; i++) {
            headers[i] = Text.clean(cells[i]);
            RegistryColumn c = RegistryColumn.ofHeader(cells[i]);
            if (c == null) {
                continue;
            }
            Integer before = index.putIfAbsent(c, i);
            if (before != null) {
                throw new FileRejected("DUPLICATE_HEADER", String.format("工作表「%s」第 %d 行表头中，第 %s 列「%s」和第 %s 列「%s」都表示「%s」，请只保留一列",
                        sheet, rowNo, letter(before), headers[before], letter(i), headers[i], c.header()));
            }
            cols[i] = c;
        }
        return new HeaderLayout(rowNo, headers, cols, index);
    }

    public List<RegistryColumn> missingRequired(boolean cityOptional) {
        List<RegistryColumn> missing = new ArrayList<>();
        for (RegistryColumn c : RegistryColumn.values()) {
            if (c.required() && !index.containsKey(c) && !(cityOptional && c == RegistryColumn.CITY)) {
                missing.add(c);
            }
        }
        return missing;
    }

    /** The header text of a column as the file writes it. */
    public String header(int i) {
        return i < headers.length && headers[i] != null ? headers[i] : letter(i) + "列";
    }

    public String header(RegistryColumn c) {
        Integer i = index.get(c);
        return i == null ? c.header() : header(i);
    }

    public boolean isExtra(int i) {
        return i < columns.length && columns[i] == null && headers[i] != null
                && !ERROR_COLUMN.equals(headers[i]) && !ROW_COLUMN.equals(headers[i]);
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
