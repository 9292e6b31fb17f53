package cn.chainatlas.excel;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A web page saved under an .xls name, as many government systems export their lists: each innermost
 * {@code <table>} is read as a sheet, row by row, {@code rowspan} and {@code colspan} giving their value to every
 * cell they cover (as merged cells do in Excel). Parsed with jsoup, which copes with the loose HTML such exports
 * hold; the encoding is the page's own (meta charset), else UTF-8.
 */
final class HtmlTableReader {

    /** a registry page has one table; thousands of tables means something else */
    private static final int MAX_TABLES = 50;

    private HtmlTableReader() {
    }

    static void read(Path file, RowSink sink) {
        Document doc;
        try {
            doc = Jsoup.parse(file.toFile(), null);
        } catch (IOException e) {
            throw new FileRejected("CORRUPT_FILE", "网页文件无法读取，请用 Excel 打开后另存为“Excel 工作簿（*.xlsx）”再上传", e);
        }
        List<Element> tables = doc.select("table").stream().filter(t -> t.select("table table").isEmpty()
                || t.getElementsByTag("table").size() == 1).toList();
        if (tables.isEmpty()) {
            throw new FileRejected("NOT_SPREADSHEET", "文件是网页（HTML），其中没有表格；请用 Excel 打开后另存为“Excel 工作簿（*.xlsx）”再上传");
        }
        sink.note("文件是以 Excel 扩展名保存的网页表格（HTML），已按表格读取；建议今后另存为“Excel 工作簿（*.xlsx）”");
        int index = 0;
        for (Element table : tables) {
            if (++index > MAX_TABLES) {
                break;
            }
            String sheet = tables.size() == 1 ? "网页表格" : "网页表格" + index;
            sink.startSheet(sheet, -1);
            String[] carried = new String[0]; // value a rowspan carries into the rows below, by column
            int[] left = new int[0];          // rows it still covers
            int rowNo = 0;
            for (Element tr : table.select("tr")) {
                if (tr.closest("table") != table) {
                    continue;
                }
                rowNo++;
                List<String> cells = new ArrayList<>();
                List<Element> tds = tr.children().stream().filter(e -> e.tagName().equals("td") || e.tagName().equals("th")).toList();
                int col = 0;
                int next = 0;
                while (next < tds.size() || col < left.length) {
                    if (col < left.length && left[col] > 0) {
                        set(cells, col, carried[col]);
                        left[col]--;
                        col++;
                        continue;
                    }
                    if (next >= tds.size()) {
                        col++;
                        continue;
                    }
                    Element td = tds.get(next++);
                    String text = td.wholeText().strip();
                    int colspan = span(td.attr("colspan"));
                    int rowspan = span(td.attr("rowspan"));
                    for (int k = 0; k < colspan; k++, col++) {
                        set(cells, col, text);
                        if (rowspan > 1) {
                            if (col >= left.length) {
                                left = Arrays.copyOf(left, col + 1);
                                carried = Arrays.copyOf(carried, col + 1);
                            }
                            left[col] = rowspan - 1;
                            carried[col] = text;
                        }
                    }
                }
                String[] row = cells.stream().map(v -> v == null || v.isEmpty() ? null : v).toArray(String[]::new);
                if (Arrays.stream(row).anyMatch(v -> v != null)) {
                    sink.row(rowNo, row, new byte[row.length]);
                }
            }
            sink.endSheet(sheet, List.of());
        }
    }

    private static void set(List<String> cells, int col, String v) {
        if (col >= SheetXmlHandler.MAX_COLUMNS) {
            throw new FileRejected("TOO_MANY_COLUMNS", "网页表格的列数超过 Excel 的上限 16,384 列");
        }
        while (cells.size() <= col) {
            cells.add(null);
        }
        cells.set(col, v);
    }

    private static int span(String attr) {
        try {
            return Math.max(1, Math.min(Integer.parseInt(attr.trim()), 10_000));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
