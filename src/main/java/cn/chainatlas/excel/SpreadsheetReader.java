package cn.chainatlas.excel;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads what bureaus send into a {@link RowSink}: .xlsx/.xlsm in Transitional or Strict Open XML (streaming, see
 * {@link XlsxReader}), .xls, CSV (UTF-8 or GBK; comma, semicolon or tab), Excel's "Unicode 文本" (UTF-16, tabs),
 * and the two things often saved under an .xls name: a web page's table (HTML) and an XML Spreadsheet 2003.
 * The format is told by the file's bytes, not its name, so a picture renamed .xlsx is refused for what it is.
 * POI's zip-bomb guard (ZipSecureFile's inflate ratio and entry size limits) stays at its defaults.
 */
public final class SpreadsheetReader {

    /** What a file really is, whatever its name says. */
    public enum Format { XLSX, XLS, CSV, UTF16_TEXT, HTML, XML_2003 }

    private SpreadsheetReader() {
    }

    public static Format detect(Path file, String fileName) {
        byte[] head = new byte[4096];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new FileRejected("FILE_UNREADABLE", "无法读取上传的文件，请重新上传", e);
        }
        if (n == 0) {
            throw new FileRejected("EMPTY_FILE", "文件是空的（0 字节）");
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return Format.XLSX;
        }
        if (n >= 8 && (head[0] & 0xFF) == 0xD0 && (head[1] & 0xFF) == 0xCF && (head[2] & 0xFF) == 0x11 && (head[3] & 0xFF) == 0xE0) {
            return Format.XLS;
        }
        if (n >= 2 && (((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) || ((head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF))) {
            return Format.UTF16_TEXT;
        }
        String picture = picture(head, n);
        if (picture != null) {
            throw new FileRejected("NOT_SPREADSHEET", "文件内容是" + picture + "，不是 Excel 或 CSV 表格（可能是改了扩展名的文件）");
        }
        String start = new String(head, 0, n, StandardCharsets.ISO_8859_1).replace("\u00EF\u00BB\u00BF", "").stripLeading()
                .toLowerCase(Locale.ROOT);
        if (start.startsWith("<")) {
            if (start.contains("urn:schemas-microsoft-com:office:spreadsheet")) {
                return Format.XML_2003;
            }
            if (start.contains("<html") || start.contains("<table") || start.startsWith("<!doctype html")) {
                return Format.HTML;
            }
        }
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                if (excelName(fileName)) {
                    throw new FileRejected("CORRUPT_FILE", "文件扩展名是 Excel，但内容不是有效的 Excel 工作簿（文件已损坏或格式不对）；"
                            + "如能用 Excel 打开，请另存为“Excel 工作簿（*.xlsx）”再上传");
                }
                throw new FileRejected("NOT_SPREADSHEET", "文件不是 Excel（.xlsx/.xls）或 CSV 表格");
            }
        }
        return Format.CSV;
    }

    private static String picture(byte[] h, int n) {
        if (n >= 4 && (h[0] & 0xFF) == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G') {
            return "PNG 图片";
        }
        if (n >= 3 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xFF) == 0xD8 && (h[2] & 0xFF) == 0xFF) {
            return "JPEG 图片";
        }
        if (n >= 4 && h[0] == 'G' && h[1] == 'I' && h[2] == 'F' && h[3] == '8') {
            return "GIF 图片";
        }
        if (n >= 4 && h[0] == '%' && h[1] == 'P' && h[2] == 'D' && h[3] == 'F') {
            return "PDF 文档";
        }
        if (n >= 2 && h[0] == 'B' && h[1] == 'M') {
            return "BMP 图片";
        }
        return null;
    }

    /** Whether the file's name says Excel workbook (.xlsx, .xls, .xlsm), whatever its content is. */
    public static boolean excelName(String fileName) {
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".xlsx") || lower.endsWith(".xls") || lower.endsWith(".xlsm");
    }

    /** Reads every sheet into {@code sink}; returns the format the content was read as (not the name's). */
    public static Format read(Path file, String fileName, RowSink sink) {
        Format format = detect(file, fileName);
        switch (format) {
            case XLSX -> XlsxReader.read(file, sink);
            case XLS -> readOle2(file, sink);
            case CSV -> readText(file, sniffCharset(file), sink);
            case UTF16_TEXT -> {
                sink.note("文件为 Excel 另存的“Unicode 文本”（UTF-16，制表符分隔），已按表格读取");
                readText(file, StandardCharsets.UTF_16, sink);
            }
            case HTML -> HtmlTableReader.read(file, sink);
            case XML_2003 -> Xml2003Reader.read(file, sink);
        }
        return format;
    }

    static RuntimeException translate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileRejected f) {
                return f;
            }
            String m = String.valueOf(t.getMessage());
            if (m.contains("Zip bomb") || m.contains("zip bomb") || m.contains("exceeds the max") || m.contains("MAX_ENTRY_SIZE")) {
                return new FileRejected("ZIP_BOMB", "文件解压后异常膨胀（疑似压缩炸弹），已拒绝读取", e);
            }
            if (t instanceof EncryptedDocumentException) {
                return new FileRejected("ENCRYPTED", "工作簿已加密（设置了打开密码），请取消密码后再上传", e);
            }
        }
        if (e instanceof RuntimeException r && !(e instanceof IllegalStateException) && r.getClass().getName().startsWith("cn.chainatlas")) {
            return r;
        }
        return new FileRejected("CORRUPT_FILE", "文件已损坏，无法作为 Excel 工作簿读取；如能用 Excel 或 WPS 打开，"
                + "请另存为“Excel 工作簿（*.xlsx）”后再上传", e);
    }

    // ---------------------------------------------------------------- xls and encrypted xlsx (both OLE2)

    private static void readOle2(Path file, RowSink sink) {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            DirectoryNode root = fs.getRoot();
            if (root.hasEntry("EncryptionInfo") || root.hasEntry("EncryptedPackage")) {
                throw new FileRejected("ENCRYPTED", "工作簿已加密（设置了打开密码），请取消密码后再上传");
            }
            if (!root.hasEntry("Workbook") && !root.hasEntry("WORKBOOK") && !root.hasEntry("Book")) {
                throw new FileRejected("NOT_SPREADSHEET", "文件是 Office 文档但不是 Excel 工作簿（如 Word 文档）");
            }
            try (HSSFWorkbook wb = new HSSFWorkbook(root, false)) {
                for (int s = 0; s < wb.getNumberOfSheets(); s++) {
                    Sheet sheet = wb.getSheetAt(s);
                    if (wb.isSheetHidden(s) || wb.isSheetVeryHidden(s)) {
                        sink.skippedSheet(sheet.getSheetName(), "隐藏");
                        continue;
                    }
                    List<CellRangeAddress> regions = sheet.getMergedRegions();
                    sink.startSheet(sheet.getSheetName(), sheet.getLastRowNum() + 1);
                    for (Row row : sheet) {
                        int last = row.getLastCellNum();
                        if (last <= 0) {
                            continue;
                        }
                        String[] cells = new String[last];
                        byte[] kinds = new byte[last];
                        boolean[] formulas = new boolean[last];
                        boolean any = false;
                        boolean anyFormula = false;
                        for (Cell cell : row) {
                            Object[] v = hssfValue(cell);
                            if (v != null) {
                                cells[cell.getColumnIndex()] = (String) v[0];
                                kinds[cell.getColumnIndex()] = (byte) v[1];
                                boolean f = cell.getCellType() == CellType.FORMULA;
                                formulas[cell.getColumnIndex()] = f;
                                anyFormula |= f;
                                any = true;
                            }
                        }
                        for (CellRangeAddress r : regions) {
                            if (r.getFirstRow() < row.getRowNum() && r.getLastRow() >= row.getRowNum() || r.getFirstRow() == row.getRowNum()) {
                                Row top = sheet.getRow(r.getFirstRow());
                                Cell first = top == null ? null : top.getCell(r.getFirstColumn());
                                Object[] v = first == null ? null : hssfValue(first);
                                if (v == null) {
                                    continue;
                                }
                                for (int c = r.getFirstColumn(); c <= r.getLastColumn(); c++) {
                                    if (c >= cells.length) {
                                        cells = java.util.Arrays.copyOf(cells, c + 1);
                                        kinds = java.util.Arrays.copyOf(kinds, c + 1);
                                        formulas = java.util.Arrays.copyOf(formulas, c + 1);
                                    }
                                    if (cells[c] == null) {
                                        cells[c] = (String) v[0];
                                        kinds[c] = (byte) v[1];
                                        formulas[c] = first.getCellType() == CellType.FORMULA;
                                        anyFormula |= formulas[c];
                                        any = true;
                                    }
                                }
                            }
                        }
                        if (any) {
                            sink.row(row.getRowNum() + 1, cells, kinds, anyFormula ? formulas : null);
                        }
                    }
                    List<String> merges = new ArrayList<>();
                    for (CellRangeAddress r : regions) {
                        merges.add(r.formatAsString());
                    }
                    sink.endSheet(sheet.getSheetName(), merges);
                }
            }
        } catch (FileRejected e) {
            throw e;
        } catch (Exception e) {
            throw translate(e);
        }
    }

    /** {text, CellKind} of an .xls cell; dates follow the workbook's 1900 or 1904 system. */
    private static Object[] hssfValue(Cell cell) {
        CellType type = cell.getCellType();
        if (type == CellType.FORMULA) {
            type = cell.getCachedFormulaResultType();
        }
        return switch (type) {
            case STRING -> {
                String v = cell.getStringCellValue();
                yield v == null || v.isEmpty() ? null : new Object[]{v, CellKind.TEXT};
            }
            case NUMERIC -> DateUtil.isCellDateFormatted(cell)
                    ? new Object[]{cell.getLocalDateTimeCellValue().toLocalDate().toString(), CellKind.DATE}
                    : new Object[]{number(Double.toString(cell.getNumericCellValue())), CellKind.NUMBER};
            case BOOLEAN -> new Object[]{cell.getBooleanCellValue() ? "TRUE" : "FALSE", CellKind.BOOLEAN};
            case ERROR -> new Object[]{"#ERROR", CellKind.ERROR};
            default -> null;
        };
    }

    /** A stored number as plain decimal text, without binary noise such as 0.30000000000000004 or 1.0E7. */
    static String number(String raw) {
        try {
            BigDecimal d = new BigDecimal(raw);
            if (raw.length() > 15) {
                d = d.round(MathContext.DECIMAL64).round(new MathContext(15));
            }
            d = d.stripTrailingZeros();
            if (d.scale() < 0) {
                d = d.setScale(0);
            }
            return d.toPlainString();
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    // ---------------------------------------------------------------- csv

    /**
     * CSV (comma, semicolon) or tab-separated text; the separator is the one that splits the first lines most
     * evenly. Every cell is text: a CSV keeps what Excel displayed, so "9.14419E+17" arrives as those characters.
     */
    private static void readText(Path file, Charset charset, RowSink sink) {
        char delimiter = sniffDelimiter(file, charset);
        try (Reader reader = Files.newBufferedReader(file, charset)) {
            reader.mark(4);
            int first = reader.read();
            if (first != '\uFEFF') {
                reader.reset();
            }
            CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).get();
            String sheet = delimiter == '\t' ? "文本" : "CSV";
            sink.startSheet(sheet, -1);
            try (CSVParser parser = CSVParser.parse(reader, format)) {
                for (CSVRecord record : parser) {
                    int n = record.size();
                    if (n > SheetXmlHandler.MAX_COLUMNS) {
                        throw new FileRejected("TOO_MANY_COLUMNS", "第 " + record.getRecordNumber() + " 行有 " + n
                                + " 列，超过 Excel 的上限 16,384 列（文件结构异常，或分隔符不对）");
                    }
                    String[] cells = new String[n];
                    boolean any = false;
                    for (int i = 0; i < n; i++) {
                        String v = record.get(i);
                        if (!v.isEmpty()) {
                            cells[i] = v;
                            any = true;
                        }
                    }
                    if (any) {
                        sink.row((int) record.getRecordNumber(), cells, new byte[n]);
                    }
                }
            } catch (java.io.UncheckedIOException e) {
                throw new FileRejected("CORRUPT_FILE", "CSV 文件格式错误（如引号没有成对），请用 Excel 打开后另存为“Excel 工作簿（*.xlsx）”再上传", e);
            }
            sink.endSheet(sheet, List.of());
        } catch (IOException e) {
            throw new FileRejected("CORRUPT_FILE", "文本文件无法读取，请用 Excel 打开后另存为“Excel 工作簿（*.xlsx）”再上传", e);
        }
    }

    /** The separator of the first lines: tab, comma or semicolon, whichever gives the most equal column counts. */
    static char sniffDelimiter(Path file, Charset charset) {
        List<String> lines = new ArrayList<>();
        try (var reader = Files.newBufferedReader(file, charset)) {
            String line;
            while (lines.size() < 20 && (line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.add(line.length() > 10_000 ? line.substring(0, 10_000) : line);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return ',';
        }
        char best = ',';
        int bestScore = -1;
        for (char d : new char[]{',', '\t', ';'}) {
            int score = 0;
            for (String l : lines) {
                int count = 0;
                for (int i = 0; i < l.length(); i++) {
                    if (l.charAt(i) == d) {
                        count++;
                    }
                }
                score += count > 0 ? 1 : 0;
            }
            if (score > bestScore) {
                best = d;
                bestScore = score;
            }
        }
        return best;
    }

    /** UTF-8 when the first megabyte decodes as UTF-8, else GBK (GB18030, its superset) as Chinese Excel saves it. */
    static Charset sniffCharset(Path file) {
        byte[] sample;
        try (InputStream in = Files.newInputStream(file)) {
            sample = in.readNBytes(1 << 20);
        } catch (IOException e) {
            throw new FileRejected("FILE_UNREADABLE", "无法读取上传的文件，请重新上传", e);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(sample);
        CharBuffer out = CharBuffer.allocate(sample.length + 16);
        var result = decoder.decode(in, out, false);
        if (result.isError()) {
            return Charset.forName("GB18030");
        }
        return StandardCharsets.UTF_8;
    }
}
