package cn.chainatlas.excel;

import org.apache.poi.util.XMLHelper;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An "XML 电子表格 2003" (SpreadsheetML 2003) saved under an .xls name: Worksheet → Table → Row → Cell → Data,
 * with {@code ss:Index} skipping cells and rows, {@code ss:MergeDown}/{@code ss:MergeAcross} merging, and
 * {@code ss:Type} Number, DateTime, Boolean, String. Hidden worksheets ({@code x:Visible} SheetHidden) are skipped.
 */
final class Xml2003Reader {

    private Xml2003Reader() {
    }

    static void read(Path file, RowSink sink) {
        sink.note("文件为“XML 电子表格 2003”格式，已按表格读取；建议今后另存为“Excel 工作簿（*.xlsx）”");
        // visibility is written after the table, so a first pass finds the hidden sheets
        Handler hidden = new Handler(null);
        parse(file, hidden);
        parse(file, new Handler(sink).skipping(hidden.hiddenSheets));
    }

    private static void parse(Path file, DefaultHandler handler) {
        try (InputStream in = Files.newInputStream(file)) {
            XMLReader xml = XMLHelper.newXMLReader();
            xml.setContentHandler(handler);
            xml.parse(new InputSource(in));
        } catch (FileRejected e) {
            throw e;
        } catch (Exception e) {
            throw new FileRejected("CORRUPT_FILE", "XML 电子表格文件已损坏，无法读取；请用 Excel 打开后另存为“Excel 工作簿（*.xlsx）”再上传", e);
        }
    }

    private static final class Handler extends DefaultHandler {
        private final RowSink sink;
        final List<String> hiddenSheets = new ArrayList<>();
        private List<String> skip = List.of();
        private String sheet;
        private boolean skipping;
        private int rowNo;
        private int col;
        private String[] cells = new String[16];
        private byte[] kinds = new byte[16];
        /** cells whose text is a formula's result (ss:Formula on the cell) */
        private boolean[] formulas = new boolean[16];
        private boolean anyFormula;
        private boolean cellFormula;
        private int max = -1;
        private String type;
        private int mergeAcross;
        /** column → {text, kind, first row, last row, columns across} of a range merged downwards */
        private final Map<Integer, Object[]> down = new HashMap<>();
        private final StringBuilder text = new StringBuilder();
        private boolean inData;
        private boolean inVisible;

        Handler(RowSink sink) {
            this.sink = sink;
        }

        Handler skipping(List<String> names) {
            this.skip = names;
            return this;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes a) {
            switch (XlsxReader.local(localName, qName)) {
                case "Worksheet" -> {
                    sheet = attr(a, "Name");
                    skipping = skip.contains(sheet);
                    rowNo = 0;
                    down.clear();
                    if (sink != null) {
                        if (skipping) {
                            sink.skippedSheet(sheet, "隐藏");
                        } else {
                            sink.startSheet(sheet, -1);
                        }
                    }
                }
                case "Row" -> {
                    String index = attr(a, "Index");
                    rowNo = index != null ? bounded(index, SheetXmlHandler.MAX_ROWS) : rowNo + 1;
                    col = -1;
                    max = -1;
                }
                case "Cell" -> {
                    String index = attr(a, "Index");
                    col = index != null ? bounded(index, SheetXmlHandler.MAX_COLUMNS) - 1 : col + 1;
                    while (index == null && down.containsKey(col) && (int) down.get(col)[2] < rowNo) {
                        col += 1 + (int) down.get(col)[4];
                    }
                    mergeAcross = attr(a, "MergeAcross") == null ? 0 : bounded(attr(a, "MergeAcross"), SheetXmlHandler.MAX_COLUMNS);
                    String md = attr(a, "MergeDown");
                    if (md != null) {
                        down.put(col, new Object[]{null, CellKind.TEXT, rowNo, rowNo + bounded(md, SheetXmlHandler.MAX_ROWS), mergeAcross, false});
                    }
                    cellFormula = attr(a, "Formula") != null;
                    type = null;
                    text.setLength(0);
                }
                case "Data" -> {
                    inData = true;
                    type = attr(a, "Type");
                }
                case "Visible" -> inVisible = true;
                default -> {
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (inData || inVisible) {
                text.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            switch (XlsxReader.local(localName, qName)) {
                case "Data" -> inData = false;
                case "Visible" -> {
                    inVisible = false;
                    if (text.toString().trim().startsWith("SheetHidden") || text.toString().trim().startsWith("SheetVeryHidden")) {
                        hiddenSheets.add(sheet);
                    }
                    text.setLength(0);
                }
                case "Cell" -> {
                    String v = text.toString();
                    byte kind = switch (type == null ? "String" : type) {
                        case "Number" -> CellKind.NUMBER;
                        case "DateTime" -> CellKind.DATE;
                        case "Boolean" -> CellKind.BOOLEAN;
                        case "Error" -> CellKind.ERROR;
                        default -> CellKind.TEXT;
                    };
                    if (kind == CellKind.NUMBER) {
                        v = SpreadsheetReader.number(v.trim());
                    } else if (kind == CellKind.DATE && v.length() >= 10) {
                        v = v.substring(0, 10);
                    } else if (kind == CellKind.BOOLEAN) {
                        v = v.trim().equals("1") ? "TRUE" : "FALSE";
                    }
                    Object[] merge = down.get(col);
                    if (merge != null && (int) merge[2] == rowNo) {
                        merge[0] = v;
                        merge[1] = kind;
                        merge[5] = cellFormula;
                    }
                    for (int c = col; c <= col + mergeAcross; c++) {
                        put(c, v, kind, cellFormula);
                    }
                    col += mergeAcross;
                }
                case "Row" -> {
                    for (Map.Entry<Integer, Object[]> e : down.entrySet()) {
                        Object[] m = e.getValue();
                        if (m[0] != null && (int) m[2] < rowNo && rowNo <= (int) m[3]) {
                            for (int c = e.getKey(); c <= e.getKey() + (int) m[4]; c++) {
                                if (c >= cells.length || cells[c] == null) {
                                    put(c, (String) m[0], (byte) m[1], (boolean) m[5]);
                                }
                            }
                        }
                    }
                    down.entrySet().removeIf(e -> (int) e.getValue()[3] <= rowNo);
                    if (sink != null && !skipping && max >= 0) {
                        sink.row(rowNo, Arrays.copyOf(cells, max + 1), Arrays.copyOf(kinds, max + 1),
                                anyFormula ? Arrays.copyOf(formulas, max + 1) : null);
                    }
                    Arrays.fill(cells, null);
                    Arrays.fill(kinds, CellKind.TEXT);
                    Arrays.fill(formulas, false);
                    anyFormula = false;
                    max = -1;
                }
                case "Worksheet" -> {
                    if (sink != null && !skipping) {
                        sink.endSheet(sheet, List.of());
                    }
                }
                default -> {
                }
            }
        }

        private void put(int c, String v, byte kind, boolean formula) {
            if (v == null || v.isEmpty()) {
                return;
            }
            if (c >= cells.length) {
                cells = Arrays.copyOf(cells, Math.max(cells.length * 2, c + 1));
                kinds = Arrays.copyOf(kinds, cells.length);
                formulas = Arrays.copyOf(formulas, cells.length);
            }
            cells[c] = v;
            kinds[c] = kind;
            formulas[c] = formula;
            anyFormula |= formula;
            max = Math.max(max, c);
        }

        private static String attr(Attributes a, String local) {
            for (int i = 0; i < a.getLength(); i++) {
                if (XlsxReader.local(a.getLocalName(i), a.getQName(i)).equals(local)) {
                    return a.getValue(i);
                }
            }
            return null;
        }

        private static int bounded(String v, int max) {
            try {
                int n = Integer.parseInt(v.trim());
                if (n < 0 || n > max) {
                    throw new FileRejected("BAD_CELL_REFERENCE", "XML 电子表格的行列位置「" + v + "」超出 Excel 的范围（文件结构异常）");
                }
                return n;
            } catch (NumberFormatException e) {
                throw new FileRejected("BAD_CELL_REFERENCE", "XML 电子表格的行列位置「" + v + "」不是数字（文件结构异常）");
            }
        }
    }
}
