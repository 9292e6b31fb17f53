package cn.chainatlas.excel;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
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
 * Reads .xlsx (streaming, SAX over the sheet XML), .xls and .csv (UTF-8 or GBK) into a {@link RowSink}.
 * The format is told by the file's bytes, not its name, so a picture renamed .xlsx is refused for what it is.
 * POI's zip-bomb guard (ZipSecureFile's inflate ratio and entry size limits) stays at its defaults.
 */
public final class SpreadsheetReader {

    public enum Format { XLSX, XLS, CSV }

    private SpreadsheetReader() {
    }

    public static Format detect(Path file, String fileName) {
        byte[] head = new byte[16];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new FileRejected("FILE_UNREADABLE", "无法读取上传的文件：" + e.getMessage(), e);
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
        String picture = picture(head, n);
        if (picture != null) {
            throw new FileRejected("NOT_SPREADSHEET", "文件内容是" + picture + "，不是 Excel 或 CSV 表格（可能是改了扩展名的文件）");
        }
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".xlsx") || lower.endsWith(".xls") || lower.endsWith(".xlsm")) {
            throw new FileRejected("CORRUPT_FILE", "文件扩展名是 Excel，但内容不是有效的 Excel 工作簿（文件已损坏或格式不对）");
        }
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
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

    public static void read(Path file, String fileName, RowSink sink) {
        switch (detect(file, fileName)) {
            case XLSX -> readXlsx(file, sink);
            case XLS -> readOle2(file, sink);
            case CSV -> readCsv(file, sink);
        }
    }

    // ---------------------------------------------------------------- xlsx

    private static void readXlsx(Path file, RowSink sink) {
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            List<String> strings = SharedStrings.read(pkg);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (sheets.hasNext()) {
                try (InputStream in = sheets.next()) {
                    String name = sheets.getSheetName();
                    XMLReader xml = XMLHelper.newXMLReader();
                    SheetXmlHandler handler = new SheetXmlHandler(name, strings, styles, sink);
                    xml.setContentHandler(handler);
                    xml.parse(new InputSource(in));
                    sink.endSheet(name, handler.merges());
                }
            }
        } catch (FileRejected e) {
            throw e;
        } catch (NotOfficeXmlFileException e) {
            throw new FileRejected("CORRUPT_FILE", "文件是压缩包但不是 Excel 工作簿（.xlsx）", e);
        } catch (Exception e) {
            throw translate(e);
        }
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
        return new FileRejected("CORRUPT_FILE", "文件已损坏，无法作为 Excel 工作簿读取（" + e.getClass().getSimpleName() + "）", e);
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
                    sink.startSheet(sheet.getSheetName(), sheet.getLastRowNum() + 1);
                    for (Row row : sheet) {
                        int last = row.getLastCellNum();
                        if (last <= 0) {
                            continue;
                        }
                        String[] cells = new String[last];
                        boolean any = false;
                        for (Cell cell : row) {
                            String v = hssfText(cell);
                            if (v != null) {
                                cells[cell.getColumnIndex()] = v;
                                any = true;
                            }
                        }
                        if (any) {
                            sink.row(row.getRowNum() + 1, cells);
                        }
                    }
                    List<String> merges = new ArrayList<>();
                    for (CellRangeAddress r : sheet.getMergedRegions()) {
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

    private static String hssfText(Cell cell) {
        CellType type = cell.getCellType();
        if (type == CellType.FORMULA) {
            type = cell.getCachedFormulaResultType();
        }
        return switch (type) {
            case STRING -> cell.getStringCellValue();
            case NUMERIC -> DateUtil.isCellDateFormatted(cell)
                    ? cell.getLocalDateTimeCellValue().toLocalDate().toString()
                    : number(Double.toString(cell.getNumericCellValue()));
            case BOOLEAN -> cell.getBooleanCellValue() ? "TRUE" : "FALSE";
            case ERROR -> "#ERROR";
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

    private static void readCsv(Path file, RowSink sink) {
        Charset charset = sniffCharset(file);
        try (Reader reader = Files.newBufferedReader(file, charset)) {
            reader.mark(4);
            int first = reader.read();
            if (first != '\uFEFF') {
                reader.reset();
            }
            CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();
            sink.startSheet("CSV", -1);
            try (CSVParser parser = CSVParser.parse(reader, format)) {
                for (CSVRecord record : parser) {
                    int n = record.size();
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
                        sink.row((int) record.getRecordNumber(), cells);
                    }
                }
            } catch (java.io.UncheckedIOException e) {
                throw new FileRejected("CORRUPT_FILE", "CSV 文件格式错误：" + e.getCause().getMessage(), e);
            }
            sink.endSheet("CSV", List.of());
        } catch (IOException e) {
            throw new FileRejected("CORRUPT_FILE", "CSV 文件无法读取：" + e.getMessage(), e);
        }
    }

    /** UTF-8 when the first megabyte decodes as UTF-8, else GBK (GB18030, its superset) as Chinese Excel saves it. */
    static Charset sniffCharset(Path file) {
        byte[] sample;
        try (InputStream in = Files.newInputStream(file)) {
            sample = in.readNBytes(1 << 20);
        } catch (IOException e) {
            throw new FileRejected("FILE_UNREADABLE", "无法读取上传的文件：" + e.getMessage(), e);
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
