package cn.chainatlas.excel;



import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * errors.xlsx: the rejected rows as they were in the uploaded file (read again, streaming), each bad cell
 * filled red, with 错误说明 and 原行号 columns. Numbers go back as numbers and dates as dates, and the columns
 * keep the template's drop-down lists, so the clerk fixes the rows here and uploads this file itself: the
 * importer ignores the two added columns.
 */
public final class ErrorsWorkbook {

    private ErrorsWorkbook() {
    }

    /** A cell as the file had it: a number stays a number, a date a date. */
    private static void write(Cell cell, String text, byte kind, CellStyle date) {
        try {
            if (kind == CellKind.NUMBER) {
                cell.setCellValue(Double.parseDouble(text));
                return;
            }
            if (kind == CellKind.DATE && text.length() == 10) {
                cell.setCellValue(java.time.LocalDate.parse(text));
                cell.setCellStyle(date);
                return;
            }
            if (kind == CellKind.BOOLEAN) {
                cell.setCellValue("TRUE".equals(text));
                return;
            }
        } catch (RuntimeException notWhatItSaid) {
            // written as text below
        }
        cell.setCellValue(text);
    }

    /** The template's drop-down lists on the columns of this sheet that have them. */
    private static void dropDowns(SXSSFWorkbook wb, SXSSFSheet sheet, HeaderLayout layout, Map<? extends SheetColumn, List<String>> choices,
                                  SXSSFSheet[] listSheet) {
        if (choices.isEmpty()) {
            return;
        }
        if (listSheet[0] == null) {
            SXSSFSheet lists = wb.createSheet(TemplateWorkbook.LISTS_SHEET);
            int longest = choices.values().stream().mapToInt(List::size).max().orElse(0);
            List<SheetColumn> order = new ArrayList<>(choices.keySet());
            for (int r = 0; r < longest; r++) {
                Row row = lists.createRow(r);
                for (int c = 0; c < order.size(); c++) {
                    List<String> values = choices.get(order.get(c));
                    if (r < values.size()) {
                        row.createCell(c).setCellValue(values.get(r));
                    }
                }
            }
            for (int c = 0; c < order.size(); c++) {
                org.apache.poi.ss.usermodel.Name name = wb.createName();
                name.setNameName("列表_" + order.get(c).name());
                String col = HeaderLayout.letter(c);
                name.setRefersToFormula("'" + TemplateWorkbook.LISTS_SHEET + "'!$" + col + "$1:$" + col + "$" + Math.max(1, choices.get(order.get(c)).size()));
            }
            listSheet[0] = lists;
        }
        org.apache.poi.ss.usermodel.DataValidationHelper helper = sheet.getDataValidationHelper();
        choices.forEach((column, values) -> {
            Integer i = layout.index.get(column);
            if (i == null || values.isEmpty()) {
                return;
            }
            org.apache.poi.ss.usermodel.DataValidation v = helper.createValidation(
                    helper.createFormulaListConstraint("列表_" + column.name()),
                    new org.apache.poi.ss.util.CellRangeAddressList(1, VALIDATED_ROWS, i, i));
            v.setShowErrorBox(false);
            v.setSuppressDropDownArrow(true);
            sheet.addValidationData(v);
        });
    }

    /** rows of the drop-down lists: at most this many fixed rows get them */
    private static final int VALIDATED_ROWS = 5000;

    /**
     * The registry's errors.xlsx.
     *
     * @param choices the template's drop-down options by registry column (城市, 规模, 是否规上 …); empty for none
     */
    public static void write(Path original, String fileName, List<RowError> errors, Map<RegistryColumn, List<String>> choices,
                             OutputStream out) {
        write(RegistryColumn.SCHEMA, original, fileName, errors, choices, out);
    }

    /**
     * errors.xlsx of any kind of upload: the sheets' header rows are found by the kind's schema, as the upload's were.
     *
     * @param choices the template's drop-down options by column; empty for none
     */
    public static void write(SheetSchema schema, Path original, String fileName, List<RowError> errors,
                             Map<? extends SheetColumn, List<String>> choices, OutputStream out) {
        Map<String, Map<Integer, List<RowError>>> bySheet = new HashMap<>();
        List<RowError> fileLevel = new ArrayList<>();
        for (RowError e : errors) {
            if (e.row() == null) {
                fileLevel.add(e);
            } else {
                bySheet.computeIfAbsent(e.sheet(), k -> new HashMap<>()).computeIfAbsent(e.row(), k -> new ArrayList<>()).add(e);
            }
        }
        SXSSFWorkbook wb = new SXSSFWorkbook(200);
        // the hidden sheet of drop-down options, made with the first sheet that needs it
        SXSSFSheet[] listSheet = {null};
        try {
            CellStyle bad = wb.createCellStyle();
            bad.setFillForegroundColor(IndexedColors.ROSE.getIndex());
            bad.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            CellStyle head = wb.createCellStyle();
            Font bold = wb.createFont();
            bold.setBold(true);
            head.setFont(bold);
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
            CellStyle badDate = wb.createCellStyle();
            badDate.cloneStyleFrom(bad);
            badDate.setDataFormat(date.getDataFormat());
            CellStyle note = wb.createCellStyle();
            Font red = wb.createFont();
            red.setColor(IndexedColors.RED.getIndex());
            note.setFont(red);
            note.setWrapText(true);

            if (!fileLevel.isEmpty() || original == null || !Files.exists(original)) {
                SXSSFSheet s = wb.createSheet("错误说明");
                int r = 0;
                Row h = s.createRow(r++);
                h.createCell(0).setCellValue("错误代码");
                h.createCell(1).setCellValue(HeaderLayout.ERROR_COLUMN);
                for (RowError e : fileLevel) {
                    Row row = s.createRow(r++);
                    row.createCell(0).setCellValue(e.code());
                    row.createCell(1).setCellValue(e.message());
                }
            }
            if (original != null && Files.exists(original) && !bySheet.isEmpty()) {
                SpreadsheetReader.read(original, fileName, new RowSink() {
                    SXSSFSheet sheet;
                    Map<Integer, List<RowError>> rows;
                    String[] header;
                    Map<String, Integer> columnIndex;
                    int next;
                    final Set<String> used = new HashSet<>();

                    @Override
                    public void startSheet(String name, int estimatedRows) {
                        rows = bySheet.get(name);
                        sheet = null;
                        header = null;
                        columnIndex = new LinkedHashMap<>();
                        next = 0;
                        if (rows != null) {
                            String n = name;
                            int i = 2;
                            while (used.contains(n)) {
                                n = name + "(" + i++ + ")";
                            }
                            used.add(n);
                            sheet = wb.createSheet(n);
                        }
                    }

                    @Override
                    public void row(int rowNo, String[] cells, byte[] kinds) {
                        if (sheet == null) {
                            return;
                        }
                        if (header == null) {
                            HeaderLayout layout = HeaderLayout.detect(schema, "", rowNo, cells);
                            if (layout == null) {
                                return;
                            }
                            header = cells;
                            dropDowns(wb, sheet, layout, choices, listSheet);
                            Row h = sheet.createRow(next++);
                            int c = 0;
                            for (; c < cells.length; c++) {
                                if (cells[c] != null) {
                                    // errors name their column as the layout quotes it (a header on two lines on one)
                                    String label = HeaderLayout.label(cells[c]);
                                    if (label != null) {
                                        columnIndex.putIfAbsent(label, c);
                                    }
                                    Cell cell = h.createCell(c);
                                    cell.setCellValue(cells[c]);
                                    cell.setCellStyle(head);
                                }
                            }
                            h.createCell(c).setCellValue(HeaderLayout.ERROR_COLUMN);
                            h.getCell(c).setCellStyle(head);
                            h.createCell(c + 1).setCellValue(HeaderLayout.ROW_COLUMN);
                            h.getCell(c + 1).setCellStyle(head);
                            return;
                        }
                        List<RowError> errs = rows.get(rowNo);
                        if (errs == null) {
                            return;
                        }
                        Row row = sheet.createRow(next++);
                        for (int c = 0; c < cells.length; c++) {
                            if (cells[c] != null) {
                                write(row.createCell(c), cells[c], kinds == null || c >= kinds.length ? CellKind.TEXT : kinds[c], date);
                            }
                        }
                        StringBuilder text = new StringBuilder();
                        for (RowError e : errs) {
                            Integer col = e.column() == null ? null : columnIndex.get(e.column());
                            if (col != null) {
                                Cell cell = row.getCell(col);
                                if (cell == null) {
                                    cell = row.createCell(col);
                                }
                                cell.setCellStyle(cell.getCellStyle() == date ? badDate : bad);
                            }
                            if (text.length() > 0) {
                                text.append('\n');
                            }
                            text.append(e.column() == null ? "" : "【" + e.column() + "】").append(e.message());
                        }
                        int c = header.length;
                        Cell n = row.createCell(c);
                        n.setCellValue(text.toString());
                        n.setCellStyle(note);
                        row.createCell(c + 1).setCellValue(rowNo);
                    }

                    @Override
                    public void endSheet(String name, List<String> merges) {
                        // nothing to close per sheet
                    }
                });
            }
            if (listSheet[0] != null) {
                wb.setSheetHidden(wb.getSheetIndex(listSheet[0]), true);
            }
            if (wb.getNumberOfSheets() == 0) {
                wb.createSheet("错误说明").createRow(0).createCell(0).setCellValue("本批次没有错误行");
            }
            wb.write(out);
        } catch (FileRejected e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            wb.dispose();
            try {
                wb.close();
            } catch (IOException ignored) {
                // closing a streamed workbook after writing only frees temporary files
            }
        }
    }
}
