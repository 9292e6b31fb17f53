package cn.chainatlas.excel;

import org.apache.poi.ss.usermodel.DateUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A lean reader of one worksheet's XML: cell text straight from {@code <v>}, shared strings by index,
 * dates told by their cell format (in the workbook's 1900 or 1904 system), ISO date cells, formulas by their
 * cached value, and each cell's {@link CellKind}. Skips POI's DataFormatter, where most per-cell time of the
 * stock handler goes (shared/PERF-NOTES.md). Merged ranges (read ahead of the rows by {@link #mergesOf}) give
 * their value to every cell they cover.
 *
 * <p>What a file can make it allocate is bounded before allocating: columns beyond Excel's XFD, rows beyond
 * 1,048,576 or more row elements than that are refused; a style index outside the workbook's styles is plain.
 */
final class SheetXmlHandler {

    /** Excel's own limits: column XFD (16,384) and row 1,048,576 */
    static final int MAX_COLUMNS = 16_384;
    static final int MAX_ROWS = 1_048_576;
    static final int MAX_MERGES = 100_000;

    private final String sheet;
    private final List<String> strings;
    private final boolean[] dateStyles;
    private final boolean date1904;
    private final RowSink sink;
    private final List<String> mergeRefs = new ArrayList<>();
    private final Map<Integer, List<int[]>> mergesByFirstRow = new HashMap<>();
    /** merges being filled: {r1, c1, r2, c2} with the top-left value */
    private final List<Object[]> active = new ArrayList<>();

    private String[] cells = new String[32];
    private byte[] kinds = new byte[32];
    /** which cells of the row hold a formula's cached result (an {@code <f>} in the cell) */
    private boolean[] formulas = new boolean[32];
    private boolean anyFormula;
    private boolean cellFormula;
    private int maxCol = -1;
    private int rowNo;
    private int rowElements;
    private int col;
    private char type; // s shared, n number, i inline, b boolean, e error, f formula string, d ISO date
    private int style;
    private boolean inValue;
    private boolean inInline;
    /** inside an inline string's {@code <t>}: only its text counts, not the layout between runs of a pretty-printed part */
    private boolean inInlineText;
    private boolean inPhonetic;
    private final StringBuilder text = new StringBuilder(64);
    private boolean started;

    SheetXmlHandler(String sheet, List<String> strings, boolean[] dateStyles, boolean date1904, List<int[]> merges,
                    RowSink sink) {
        this.sheet = sheet;
        this.strings = strings;
        this.dateStyles = dateStyles;
        this.date1904 = date1904;
        this.sink = sink;
        for (int[] m : merges) {
            mergesByFirstRow.computeIfAbsent(m[0], k -> new ArrayList<>()).add(m);
            mergeRefs.add(ref(m));
        }
    }

    List<String> merges() {
        if (!started) {
            sink.startSheet(sheet, -1);
            started = true;
        }
        return mergeRefs;
    }

    /**
     * Reads the sheet part's XML (through {@link Xml}, a StAX pull loop) into the sink. Element names are compared
     * by local name, so Transitional and Strict (prefixed) sheets read alike.
     */
    void parse(InputStream in, String part) throws XMLStreamException {
        XMLStreamReader x = Xml.reader(in);
        try {
            while (x.hasNext()) {
                switch (x.next()) {
                    case XMLStreamConstants.START_ELEMENT -> start(x.getLocalName(), x);
                    case XMLStreamConstants.END_ELEMENT -> end(x.getLocalName());
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (inValue || (inInlineText && !inPhonetic)) {
                            text.append(x.getTextCharacters(), x.getTextStart(), x.getTextLength());
                        }
                    }
                    case XMLStreamConstants.DTD -> throw Xml.doctype(part);
                    default -> {
                    }
                }
            }
        } finally {
            x.close();
        }
    }

    private void start(String name, XMLStreamReader a) {
        switch (name) {
            case "dimension" -> {
                if (!started) {
                    started = true;
                    sink.startSheet(sheet, dimensionRows(a.getAttributeValue(null, "ref")));
                }
            }
            case "sheetData" -> {
                if (!started) {
                    started = true;
                    sink.startSheet(sheet, -1);
                }
            }
            case "row" -> {
                if (++rowElements > MAX_ROWS) {
                    throw new FileRejected("TOO_MANY_ROWS", "工作表「" + sheet + "」的行数超过 Excel 的上限 1,048,576 行（文件结构异常）");
                }
                String r = a.getAttributeValue(null, "r");
                rowNo = r != null ? parseRow(r) : rowNo + 1;
                maxCol = -1;
                col = -1;
                anyFormula = false;
            }
            case "c" -> {
                String r = a.getAttributeValue(null, "r");
                col = r != null ? column(r) : col + 1;
                if (col < 0 || col >= MAX_COLUMNS) {
                    throw new FileRejected("BAD_CELL_REFERENCE", "工作表「" + sheet + "」第 " + rowNo + " 行有单元格引用「" + r
                            + "」超出 Excel 的列范围（最多到 XFD 列），文件结构异常，请用 Excel 打开后重新保存");
                }
                String t = a.getAttributeValue(null, "t");
                type = t == null ? 'n' : switch (t) {
                    case "s" -> 's';
                    case "inlineStr" -> 'i';
                    case "b" -> 'b';
                    case "e" -> 'e';
                    case "str" -> 'f';
                    case "d" -> 'd';
                    default -> 'n';
                };
                String s = a.getAttributeValue(null, "s");
                style = s == null ? 0 : parseStyle(s);
                text.setLength(0);
                cellFormula = false;
            }
            case "f" -> cellFormula = true;
            case "v" -> inValue = true;
            case "is" -> inInline = true;
            case "t" -> inInlineText = inInline;
            case "rPh" -> inPhonetic = true;
            default -> {
            }
        }
    }

    private void end(String name) {
        switch (name) {
            case "v" -> inValue = false;
            case "is" -> inInline = false;
            case "t" -> inInlineText = false;
            case "rPh" -> inPhonetic = false;
            case "c" -> {
                byte kind = kindOf();
                String v = value(kind);
                if (v != null && !v.isEmpty()) {
                    put(col, v, kind == CellKind.DATE && type != 'd' && !isDate() ? CellKind.NUMBER : kind, cellFormula);
                }
            }
            case "row" -> {
                fillMerges();
                if (maxCol >= 0) {
                    String[] out = Arrays.copyOf(cells, maxCol + 1);
                    byte[] outKinds = Arrays.copyOf(kinds, maxCol + 1);
                    boolean[] outFormulas = anyFormula ? Arrays.copyOf(formulas, maxCol + 1) : null;
                    Arrays.fill(cells, 0, maxCol + 1, null);
                    Arrays.fill(kinds, 0, maxCol + 1, CellKind.TEXT);
                    if (anyFormula) {
                        Arrays.fill(formulas, 0, maxCol + 1, false);
                    }
                    sink.row(rowNo, out, outKinds, outFormulas);
                }
            }
            default -> {
            }
        }
    }

    private void put(int c, String v, byte kind, boolean formula) {
        if (c >= cells.length) {
            int size = Math.max(cells.length * 2, c + 1);
            cells = Arrays.copyOf(cells, size);
            kinds = Arrays.copyOf(kinds, size);
            formulas = Arrays.copyOf(formulas, size);
        }
        cells[c] = v;
        kinds[c] = kind;
        formulas[c] = formula;
        anyFormula |= formula;
        if (c > maxCol) {
            maxCol = c;
        }
    }

    /** Cells covered by a merged range take the range's (top-left) value, as the sheet shows it. */
    private void fillMerges() {
        if (!active.isEmpty()) {
            active.removeIf(m -> ((int[]) m[0])[2] < rowNo);
        }
        List<int[]> starting = mergesByFirstRow.remove(rowNo);
        if (starting != null) {
            for (int[] m : starting) {
                String v = m[1] < cells.length && m[1] <= maxCol ? cells[m[1]] : null;
                byte k = v == null ? CellKind.TEXT : kinds[m[1]];
                active.add(new Object[]{m, v, k, v != null && formulas[m[1]]});
            }
        }
        for (Object[] a : active) {
            int[] m = (int[]) a[0];
            String v = (String) a[1];
            if (v == null || m[0] > rowNo) {
                continue;
            }
            for (int c = m[1]; c <= m[3] && c < MAX_COLUMNS; c++) {
                if (c >= cells.length || cells[c] == null) {
                    put(c, v, (byte) a[2], (boolean) a[3]);
                }
            }
        }
    }

    private byte kindOf() {
        return switch (type) {
            case 'n' -> CellKind.DATE; // a number; value() decides whether its format makes it a date
            case 'd' -> CellKind.DATE;
            case 'b' -> CellKind.BOOLEAN;
            case 'e' -> CellKind.ERROR;
            default -> CellKind.TEXT;
        };
    }

    private String value(byte kind) {
        if (text.length() == 0) {
            return null;
        }
        return switch (type) {
            case 's' -> {
                int i = index(text);
                yield i >= 0 && i < strings.size() ? strings.get(i) : null;
            }
            case 'b' -> text.charAt(0) == '1' ? "TRUE" : "FALSE";
            case 'd' -> text.length() >= 10 ? text.substring(0, 10) : text.toString();
            case 'n' -> {
                String raw = text.toString();
                if (isDate()) {
                    try {
                        double d = Double.parseDouble(raw);
                        if (DateUtil.isValidExcelDate(d)) {
                            yield DateUtil.getLocalDateTime(d, date1904).toLocalDate().toString();
                        }
                    } catch (NumberFormatException e) {
                        yield raw;
                    }
                }
                yield !needsCleaning(raw) ? raw : wholeWithPointZero(raw) ? raw.substring(0, raw.length() - 2) : SpreadsheetReader.number(raw);
            }
            default -> text.toString();
        };
    }

    private boolean isDate() {
        return style > 0 && style < dateStyles.length && dateStyles[style];
    }

    /** A shared string's index as the {@code <v>} holds it (blanks around it allowed); -1 when it is not one. */
    static int index(CharSequence v) {
        int from = 0;
        int to = v.length();
        while (from < to && Character.isWhitespace(v.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(v.charAt(to - 1))) {
            to--;
        }
        if (from == to || to - from > 10) {
            return -1;
        }
        long n = 0;
        for (int k = from; k < to; k++) {
            char ch = v.charAt(k);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            n = n * 10 + (ch - '0');
        }
        return n > Integer.MAX_VALUE ? -1 : (int) n;
    }

    /**
     * "90297.0", "-12.0", "0.0": a whole number of at most 15 characters as Excel's XML often gives it, which
     * {@link SpreadsheetReader#number} would turn into "90297", "-12", "0" through a BigDecimal; done here without one.
     */
    static boolean wholeWithPointZero(String raw) {
        int n = raw.length();
        if (n > 15 || n < 3 || raw.charAt(n - 2) != '.' || raw.charAt(n - 1) != '0') {
            return false;
        }
        int from = raw.charAt(0) == '-' ? 1 : 0;
        int digits = n - 2 - from;
        if (digits < 1) {
            return false;
        }
        if (raw.charAt(from) == '0') {
            return digits == 1 && from == 0; // "0.0" only; "-0.0" and "05.0" go the long way
        }
        for (int k = from; k < n - 2; k++) {
            char ch = raw.charAt(k);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean needsCleaning(String raw) {
        return raw.length() > 15 || raw.indexOf('E') >= 0 || raw.indexOf('e') >= 0 || raw.endsWith(".0");
    }

    private static int parseStyle(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private int parseRow(String r) {
        int n;
        try {
            n = Integer.parseInt(r);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_ROWS) {
            throw new FileRejected("BAD_CELL_REFERENCE", "工作表「" + sheet + "」有行号「" + r
                    + "」超出 Excel 的范围（1–1,048,576），文件结构异常，请用 Excel 打开后重新保存");
        }
        return n;
    }

    /** 0-based column of a reference like "AB12"; -1 when it is not one, or a huge number for an absurd one. */
    static int column(String ref) {
        int c = 0;
        int letters = 0;
        for (int i = 0; i < ref.length(); i++) {
            char ch = ref.charAt(i);
            if (ch >= 'A' && ch <= 'Z') {
                if (++letters > 3) {
                    return Integer.MAX_VALUE;
                }
                c = c * 26 + (ch - 'A' + 1);
            } else {
                break;
            }
        }
        return c - 1;
    }

    static int rowOf(String ref) {
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

    private static int dimensionRows(String ref) {
        if (ref == null) {
            return -1;
        }
        int colon = ref.indexOf(':');
        return colon < 0 ? -1 : rowOf(ref.substring(colon + 1));
    }

    /** Whether a merged range like "A3:B3" covers the given 1-based row. */
    public static boolean mergeCoversRow(String range, int row) {
        int colon = range.indexOf(':');
        int from = rowOf(colon < 0 ? range : range.substring(0, colon));
        int to = colon < 0 ? from : rowOf(range.substring(colon + 1));
        return row >= from && row <= to;
    }

    private static final Pattern MERGE = Pattern.compile("<(?:\\w+:)?mergeCell\\s[^>]*?ref=\"([A-Z]{1,3})(\\d{1,7}):([A-Z]{1,3})(\\d{1,7})\"");

    /**
     * The merged ranges of a sheet, read ahead of its rows: the sheet XML lists them after the data, and a
     * streaming read must know them before the rows they cover. A byte scan of the inflated part (no XML parse);
     * ranges as {firstRow, firstColumn, lastRow, lastColumn}, rows 1-based, columns 0-based.
     */
    static List<int[]> mergesOf(InputStream part) throws IOException {
        List<int[]> out = new ArrayList<>();
        try (InputStream in = part) {
            byte[] buf = new byte[1 << 16];
            String carry = "";
            int n;
            while ((n = in.read(buf)) > 0) {
                String chunk = carry + new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                int at = chunk.indexOf("mergeCell");
                if (at >= 0) {
                    Matcher m = MERGE.matcher(chunk);
                    int lastEnd = 0;
                    while (m.find()) {
                        if (out.size() >= MAX_MERGES) {
                            throw new FileRejected("TOO_MANY_MERGES", "工作表的合并单元格超过 " + MAX_MERGES + " 处（文件结构异常）");
                        }
                        int[] r = {Integer.parseInt(m.group(2)), column(m.group(1)), Integer.parseInt(m.group(4)), column(m.group(3))};
                        if (r[0] >= 1 && r[2] >= r[0] && r[1] >= 0 && r[3] >= r[1] && r[3] < MAX_COLUMNS && r[2] <= MAX_ROWS) {
                            out.add(r);
                        }
                        lastEnd = m.end();
                    }
                    carry = chunk.substring(Math.max(lastEnd, chunk.length() - 256));
                } else {
                    carry = chunk.length() > 256 ? chunk.substring(chunk.length() - 256) : chunk;
                }
            }
        }
        return out;
    }

    private static String ref(int[] m) {
        return letters(m[1]) + m[0] + ":" + letters(m[3]) + m[2];
    }

    static String letters(int col) {
        StringBuilder b = new StringBuilder();
        for (int c = col + 1; c > 0; c = (c - 1) / 26) {
            b.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return b.toString();
    }
}
