package cn.chainatlas.excel;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Name;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An upload template of any kind: the data sheet with the schema's headers in order (required ones in red),
 * drop-down lists on the columns that have choices (kept in a hidden 选项 sheet under the names errors.xlsx gives
 * them, 列表_&lt;column&gt;), identifier columns formatted as text, and a 填写说明 sheet: one line per column
 * (required, what to write, an example), then the general rules.
 */
public final class TemplateWorkbook {

    /**
     * The hidden sheet holding the drop-down lists of the template and of errors.xlsx: the reader skips it without
     * telling the clerk to unhide it, as it does for a hidden sheet the clerk may have left data on.
     */
    public static final String LISTS_SHEET = "选项";


    /** rows of the data sheet that get the drop-downs and the text format */
    public static final int ROWS = 5000;
    /** the width of a column of long free text, in characters */
    public static final int WIDE = 30;
    /** the least width of a column, in characters */
    public static final int NARROW = 12;

    /** What the instruction sheet says of one column. */
    public record Help(String description, String example) {
    }

    private TemplateWorkbook() {
    }

    /**
     * @param choices drop-down options by column (empty lists are left out)
     * @param strict  columns whose drop-down refuses other values (single-valued lists); others offer and accept
     * @param text    columns formatted as text, so that an identifier keeps its digits
     * @param wide    columns of long free text (names, products, specs), given {@value #WIDE} characters of width;
     *                the others are as wide as their header, {@value #NARROW} to {@value #WIDE} characters
     * @param rules   the general rules, one paragraph each, under the column lines
     */
    public static void write(SheetSchema schema, String dataSheet, Map<? extends SheetColumn, Help> help,
                             Map<? extends SheetColumn, List<String>> choices, Set<? extends SheetColumn> strict,
                             Set<? extends SheetColumn> text, Set<? extends SheetColumn> wide, List<String> rules,
                             OutputStream out) {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            CellStyle head = wb.createCellStyle();
            Font bold = wb.createFont();
            bold.setBold(true);
            head.setFont(bold);
            CellStyle required = wb.createCellStyle();
            Font red = wb.createFont();
            red.setBold(true);
            red.setColor(IndexedColors.RED.getIndex());
            required.setFont(red);
            CellStyle textFormat = wb.createCellStyle();
            textFormat.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("@"));

            XSSFSheet data = wb.createSheet(dataSheet);
            XSSFSheet instructions = wb.createSheet("填写说明");
            XSSFSheet lists = wb.createSheet(LISTS_SHEET);
            List<SheetColumn> cols = schema.columns();
            Row h = data.createRow(0);
            for (int i = 0; i < cols.size(); i++) {
                Cell c = h.createCell(i);
                c.setCellValue(cols.get(i).header());
                c.setCellStyle(cols.get(i).required() ? required : head);
                int width = wide.contains(cols.get(i)) ? WIDE : Math.max(NARROW, Math.min(WIDE, cols.get(i).header().length() * 2 + 4));
                data.setColumnWidth(i, width * 256);
                if (text.contains(cols.get(i))) {
                    data.setDefaultColumnStyle(i, textFormat);
                }
            }
            data.createFreezePane(0, 1);

            List<SheetColumn> listed = new ArrayList<>();
            choices.forEach((c, values) -> {
                if (!values.isEmpty()) {
                    listed.add(c);
                }
            });
            int longest = listed.stream().mapToInt(c -> choices.get(c).size()).max().orElse(0);
            for (int r = 0; r < longest; r++) {
                Row row = lists.createRow(r);
                for (int c = 0; c < listed.size(); c++) {
                    List<String> values = choices.get(listed.get(c));
                    if (r < values.size()) {
                        row.createCell(c).setCellValue(values.get(r));
                    }
                }
            }
            DataValidationHelper helper = data.getDataValidationHelper();
            for (int c = 0; c < listed.size(); c++) {
                SheetColumn column = listed.get(c);
                Name name = wb.createName();
                name.setNameName("列表_" + column.name());
                String letter = HeaderLayout.letter(c);
                name.setRefersToFormula("'" + LISTS_SHEET + "'!$" + letter + "$1:$" + letter + "$" + choices.get(column).size());
                int at = cols.indexOf(column);
                DataValidation v = helper.createValidation(helper.createFormulaListConstraint("列表_" + column.name()),
                        new CellRangeAddressList(1, ROWS, at, at));
                boolean refuse = strict.contains(column);
                v.setShowErrorBox(refuse);
                if (refuse) {
                    v.setErrorStyle(DataValidation.ErrorStyle.STOP);
                    v.createErrorBox("取值不对", "请从下拉列表中选择");
                }
                v.setSuppressDropDownArrow(true);
                data.addValidationData(v);
            }
            wb.setSheetHidden(wb.getSheetIndex(lists), true);

            Row t = instructions.createRow(0);
            String[] hh = {"列", "必填", "说明", "示例"};
            for (int i = 0; i < hh.length; i++) {
                t.createCell(i).setCellValue(hh[i]);
                t.getCell(i).setCellStyle(head);
            }
            int r = 1;
            for (SheetColumn c : cols) {
                Help line = help.get(c);
                Row row = instructions.createRow(r++);
                row.createCell(0).setCellValue(c.header());
                row.createCell(1).setCellValue(c.required() ? "是" : "");
                row.createCell(2).setCellValue(line == null ? "" : line.description());
                row.createCell(3).setCellValue(line == null ? "" : line.example());
            }
            r++;
            for (String rule : rules) {
                instructions.createRow(r++).createCell(0).setCellValue(rule);
            }
            instructions.setColumnWidth(0, 24 * 256);
            instructions.setColumnWidth(2, 70 * 256);
            instructions.setColumnWidth(3, 30 * 256);
            wb.setActiveSheet(0);
            wb.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
