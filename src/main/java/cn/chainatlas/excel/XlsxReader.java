package cn.chainatlas.excel;

import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.util.XMLHelper;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads an .xlsx/.xlsm workbook straight from its zip: the workbook part found through the package
 * relationships (Transitional and Strict Open XML alike, since only the relationship type's last word is
 * compared), its sheets in order with their visibility, the 1900 or 1904 date system, the shared strings and
 * the cell formats that make a number a date. Document properties (docProps) are never opened: a workbook
 * whose properties a strict reader rejects still opens here, as it does in Excel and WPS.
 *
 * <p>Bounds, checked before anything is allocated: every part inflates through a counter that refuses a part
 * over {@link #MAX_PART_BYTES}, or over {@link #SUSPICIOUS_BYTES} when it inflated more than
 * {@link #SUSPICIOUS_RATIO} times its compressed size (a zip bomb; a sheet of long repeated text inflates far
 * less in absolute terms and is read). Cell references, row numbers and style indexes are bounded by
 * {@link SheetXmlHandler}.
 */
final class XlsxReader {

    /**
     * No part of a workbook within the 50 MB upload limit legitimately inflates beyond MAX_PART_BYTES; a real
     * sheet of 100,000 rows inflates to about 56 MB at a ratio near 6, while a zip bomb's ratio is in the
     * thousands, so a part past 32 MB at over 100 times its compressed size is refused on the spot.
     */
    static final long MAX_PART_BYTES = 2L << 30;
    static final long SUSPICIOUS_BYTES = 32L << 20;
    static final long SUSPICIOUS_RATIO = 100;

    private XlsxReader() {
    }

    /** One sheet of the workbook, in workbook order. */
    record SheetRef(String name, String part, boolean hidden) {
    }

    static void read(Path file, RowSink sink) {
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            String workbookPart = target(zip, "", "_rels/.rels", "officeDocument");
            if (workbookPart == null || zip.getEntry(workbookPart) == null) {
                throw new FileRejected("NOT_SPREADSHEET", "文件是压缩包，但其中没有 Excel 工作簿（可能是 Word、PowerPoint 文件或普通压缩包）；"
                        + "请用 Excel 打开后另存为“Excel 工作簿（*.xlsx）”再上传");
            }
            String folder = folder(workbookPart);
            String rels = folder + "_rels/" + workbookPart.substring(folder.length()) + ".rels";
            Map<String, String[]> relations = relations(zip, folder, rels);
            WorkbookHandler workbook = new WorkbookHandler();
            parse(zip, workbookPart, workbook);
            if (workbook.strict) {
                sink.note("文件为“Strict Open XML 电子表格”格式，已按普通 Excel 工作簿读取");
            }
            List<String> strings = List.of();
            String stylesPart = null;
            for (String[] r : relations.values()) {
                if (r[0].equals("sharedStrings")) {
                    strings = SharedStrings.read(open(zip, r[1]), r[1]);
                } else if (r[0].equals("styles")) {
                    stylesPart = r[1];
                }
            }
            StylesHandler styles = new StylesHandler();
            if (stylesPart != null && zip.getEntry(stylesPart) != null) {
                parse(zip, stylesPart, styles);
            }
            boolean[] dateStyles = styles.dateStyles();
            for (String[] sheet : workbook.sheets) {
                String name = sheet[0];
                String[] rel = relations.get(sheet[2]);
                if (rel == null || !rel[0].equals("worksheet") || zip.getEntry(rel[1]) == null) {
                    continue; // chart sheets and dialog sheets hold no rows
                }
                if (sheet[1] != null && !sheet[1].equals("visible")) {
                    sink.skippedSheet(name, "隐藏");
                    continue;
                }
                List<int[]> merges = SheetXmlHandler.mergesOf(open(zip, rel[1]));
                SheetXmlHandler handler = new SheetXmlHandler(name, strings, dateStyles, workbook.date1904, merges, sink);
                try (InputStream in = open(zip, rel[1])) {
                    handler.parse(in, rel[1]);
                }
                sink.endSheet(name, handler.merges());
            }
        } catch (FileRejected e) {
            throw e;
        } catch (ZipException e) {
            throw new FileRejected("CORRUPT_FILE", "文件已损坏：压缩结构无法读取（可能是下载或拷贝不完整），请重新保存后上传", e);
        } catch (Exception e) {
            throw SpreadsheetReader.translate(e);
        }
    }

    /** The target of the first relationship of {@code rels} whose type ends with /{@code type}. */
    private static String target(ZipFile zip, String folder, String rels, String type) throws Exception {
        for (String[] r : relations(zip, folder, rels).values()) {
            if (r[0].equals(type)) {
                return r[1];
            }
        }
        return null;
    }

    /** id → {type's last word, resolved part name} of a relationships part (empty when the part is absent). */
    private static Map<String, String[]> relations(ZipFile zip, String folder, String rels) throws Exception {
        Map<String, String[]> out = new HashMap<>();
        if (zip.getEntry(rels) == null) {
            return out;
        }
        parse(zip, rels, new DefaultHandler() {
            @Override
            public void startElement(String uri, String localName, String qName, Attributes a) {
                if (local(localName, qName).equals("Relationship") && !"External".equals(a.getValue("TargetMode"))) {
                    String type = a.getValue("Type");
                    String target = a.getValue("Target");
                    if (type != null && target != null) {
                        out.put(a.getValue("Id"), new String[]{type.substring(type.lastIndexOf('/') + 1), resolve(folder, target)});
                    }
                }
            }
        });
        return out;
    }

    static String resolve(String folder, String target) {
        String path = target.startsWith("/") ? target.substring(1) : folder + target;
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else if (!p.isEmpty() && !p.equals(".")) {
                parts.add(p);
            }
        }
        return String.join("/", parts);
    }

    private static String folder(String part) {
        int slash = part.lastIndexOf('/');
        return slash < 0 ? "" : part.substring(0, slash + 1);
    }

    private static void parse(ZipFile zip, String part, DefaultHandler handler) throws Exception {
        XMLReader xml = XMLHelper.newXMLReader();
        xml.setContentHandler(handler);
        try (InputStream in = open(zip, part)) {
            xml.parse(new InputSource(in));
        }
    }

    static InputStream open(ZipFile zip, String part) throws IOException {
        ZipEntry entry = zip.getEntry(part);
        if (entry == null) {
            throw new FileRejected("CORRUPT_FILE", "文件已损坏：工作簿缺少部件 " + part);
        }
        return new Bounded(zip.getInputStream(entry), Math.max(entry.getCompressedSize(), 1));
    }

    static String local(String localName, String qName) {
        if (!localName.isEmpty()) {
            return localName;
        }
        int colon = qName.indexOf(':');
        return colon < 0 ? qName : qName.substring(colon + 1);
    }

    /** Counts inflated bytes and refuses a part that grows like a zip bomb, before the parser allocates for it. */
    private static final class Bounded extends FilterInputStream {
        private final long compressed;
        private long read;

        Bounded(InputStream in, long compressed) {
            super(in);
            this.compressed = compressed;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > MAX_PART_BYTES || (read > SUSPICIOUS_BYTES && read / compressed > SUSPICIOUS_RATIO)) {
                throw new FileRejected("ZIP_BOMB", "文件解压后异常膨胀（" + (read >> 20) + " MB 以上，压缩比超过 "
                        + SUSPICIOUS_RATIO + " 倍），疑似压缩炸弹，已拒绝读取");
            }
        }
    }

    /** workbook.xml: the sheets in order (name, state, relationship id) and the date system. */
    private static final class WorkbookHandler extends DefaultHandler {
        final List<String[]> sheets = new ArrayList<>();
        boolean date1904;
        boolean strict;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes a) {
            switch (local(localName, qName)) {
                case "workbook" -> strict = "strict".equals(a.getValue("conformance")) || uri.contains("purl.oclc.org");
                case "workbookPr" -> {
                    String d = a.getValue("date1904");
                    date1904 = "1".equals(d) || "true".equalsIgnoreCase(d);
                }
                case "sheet" -> {
                    String id = null;
                    for (int i = 0; i < a.getLength(); i++) {
                        if (local(a.getLocalName(i), a.getQName(i)).equals("id") && a.getURI(i).contains("relationships")) {
                            id = a.getValue(i);
                        }
                    }
                    sheets.add(new String[]{a.getValue("name"), a.getValue("state"), id});
                }
                default -> {
                }
            }
        }
    }

    /**
     * styles.xml: which cell formats (xf index) show a date. Excel's built-in date formats, including the East
     * Asian ones a Chinese Excel writes without a format string (ids 27–36 and 50–58: yyyy"年"m"月" …), and any
     * custom format POI recognises as a date.
     */
    private static final class StylesHandler extends DefaultHandler {
        private final Map<Integer, String> formats = new HashMap<>();
        private final List<Integer> xfs = new ArrayList<>();
        private boolean inCellXfs;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes a) {
            switch (local(localName, qName)) {
                case "numFmt" -> {
                    try {
                        formats.put(Integer.parseInt(a.getValue("numFmtId")), a.getValue("formatCode"));
                    } catch (NumberFormatException ignored) {
                        // a format without a usable id cannot be referenced
                    }
                }
                case "cellXfs" -> inCellXfs = true;
                case "xf" -> {
                    if (inCellXfs) {
                        String id = a.getValue("numFmtId");
                        int n;
                        try {
                            n = id == null ? 0 : Integer.parseInt(id);
                        } catch (NumberFormatException e) {
                            n = 0;
                        }
                        xfs.add(n);
                    }
                }
                default -> {
                }
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            if (local(localName, qName).equals("cellXfs")) {
                inCellXfs = false;
            }
        }

        boolean[] dateStyles() {
            boolean[] out = new boolean[xfs.size()];
            Map<Integer, Boolean> byFormat = new HashMap<>();
            for (int i = 0; i < out.length; i++) {
                int id = xfs.get(i);
                out[i] = byFormat.computeIfAbsent(id, f -> isDate(f, formats.get(f)));
            }
            return out;
        }

        static boolean isDate(int id, String code) {
            if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)) {
                return true;
            }
            if (code == null) {
                return false;
            }
            // quoted literals (年, 月, 日) are text; what is left must hold a date part and no digit placeholder
            String bare = code.replaceAll("\"[^\"]*\"", "").replaceAll("\\\\.", "").replaceAll("\\[[^\\]]*\\]", "");
            if (DateUtil.isADateFormat(id, code)) {
                return true;
            }
            return bare.matches("(?i)[^0#?]*[ymd][^0#?]*") && !bare.toLowerCase().contains("general");
        }
    }
}
