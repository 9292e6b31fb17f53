package cn.chainatlas.excel;

import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A lean SAX handler for one worksheet's XML: cell text straight from {@code <v>}, shared strings by index,
 * dates told by their style, formulas by their cached value. Skips POI's DataFormatter, which is where most
 * per-cell time of the stock handler goes (see shared/PERF-NOTES.md).
 */
final class SheetXmlHandler extends DefaultHandler {

    private final String sheet;
    private final List<String> strings;
    private final StylesTable styles;
    private final RowSink sink;
    private final List<String> merges = new ArrayList<>();
    private byte[] dateStyle = new byte[16]; // 0 unknown, 1 date, 2 not a date

    private String[] cells = new String[32];
    private int maxCol = -1;
    private int rowNo;
    private int col;
    private char type; // s shared, n number, i inline, b boolean, e error, f formula string
    private int style;
    private boolean inValue;
    private boolean inInline;
    private boolean inPhonetic;
    private final StringBuilder text = new StringBuilder(64);
    private boolean started;

    SheetXmlHandler(String sheet, List<String> strings, StylesTable styles, RowSink sink) {
        this.sheet = sheet;
        this.strings = strings;
        this.styles = styles;
        this.sink = sink;
    }

    List<String> merges() {
        if (!started) {
            sink.startSheet(sheet, -1);
            started = true;
        }
        return merges;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes a) {
        String n = localName.isEmpty() ? qName : localName;
        switch (n) {
            case "dimension" -> {
                started = true;
                sink.startSheet(sheet, dimensionRows(a.getValue("ref")));
            }
            case "sheetData" -> {
                if (!started) {
                    started = true;
                    sink.startSheet(sheet, -1);
                }
            }
            case "row" -> {
                String r = a.getValue("r");
                rowNo = r != null ? Integer.parseInt(r) : rowNo + 1;
                maxCol = -1;
                col = -1;
            }
            case "c" -> {
                String r = a.getValue("r");
                col = r != null ? column(r) : col + 1;
                String t = a.getValue("t");
                type = t == null ? 'n' : switch (t) {
                    case "s" -> 's';
                    case "inlineStr" -> 'i';
                    case "b" -> 'b';
                    case "e" -> 'e';
                    case "str" -> 'f';
                    default -> 'n';
                };
                String s = a.getValue("s");
                style = s == null ? 0 : Integer.parseInt(s);
                text.setLength(0);
            }
            case "v" -> inValue = true;
            case "is" -> inInline = true;
            case "rPh" -> inPhonetic = true;
            case "mergeCell" -> merges.add(a.getValue("ref"));
            default -> {
            }
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (inValue || (inInline && !inPhonetic)) {
            text.append(ch, start, length);
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        String n = localName.isEmpty() ? qName : localName;
        switch (n) {
            case "v" -> inValue = false;
            case "is" -> inInline = false;
            case "rPh" -> inPhonetic = false;
            case "c" -> {
                String v = value();
                if (v != null && !v.isEmpty()) {
                    if (col >= cells.length) {
                        cells = Arrays.copyOf(cells, Math.max(cells.length * 2, col + 1));
                    }
                    cells[col] = v;
                    if (col > maxCol) {
                        maxCol = col;
                    }
                }
            }
            case "row" -> {
                if (maxCol >= 0) {
                    String[] out = Arrays.copyOf(cells, maxCol + 1);
                    Arrays.fill(cells, 0, maxCol + 1, null);
                    sink.row(rowNo, out);
                }
            }
            default -> {
            }
        }
    }

    private String value() {
        if (text.length() == 0) {
            return null;
        }
        return switch (type) {
            case 's' -> {
                int i = Integer.parseInt(text.toString());
                yield i >= 0 && i < strings.size() ? strings.get(i) : null;
            }
            case 'b' -> text.charAt(0) == '1' ? "TRUE" : "FALSE";
            case 'n' -> {
                String raw = text.toString();
                if (style > 0 && isDateStyle(style)) {
                    try {
                        double d = Double.parseDouble(raw);
                        if (DateUtil.isValidExcelDate(d)) {
                            yield DateUtil.getLocalDateTime(d).toLocalDate().toString();
                        }
                    } catch (NumberFormatException e) {
                        yield raw;
                    }
                }
                yield needsCleaning(raw) ? SpreadsheetReader.number(raw) : raw;
            }
            default -> text.toString();
        };
    }

    private static boolean needsCleaning(String raw) {
        return raw.length() > 15 || raw.indexOf('E') >= 0 || raw.endsWith(".0");
    }

    private boolean isDateStyle(int s) {
        if (s >= dateStyle.length) {
            dateStyle = Arrays.copyOf(dateStyle, Math.max(s + 1, dateStyle.length * 2));
        }
        if (dateStyle[s] == 0) {
            boolean date = false;
            if (styles != null && s < styles.getNumCellStyles()) {
                XSSFCellStyle st = styles.getStyleAt(s);
                date = st != null && DateUtil.isADateFormat(st.getDataFormat(), st.getDataFormatString());
            }
            dateStyle[s] = (byte) (date ? 1 : 2);
        }
        return dateStyle[s] == 1;
    }

    static int column(String ref) {
        int c = 0;
        for (int i = 0; i < ref.length(); i++) {
            char ch = ref.charAt(i);
            if (ch >= 'A' && ch <= 'Z') {
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
}
