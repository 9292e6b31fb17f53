package cn.chainatlas.excel;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one way an upload's table is read, whatever the kind (the registry, leaders' demands): the file through
 * {@link SpreadsheetReader} (every format it knows, hidden sheets skipped, merged cells filled), on each visible
 * sheet the header row found by the {@link SheetSchema} below any title rows, a 单位： line above the table and a
 * unit row under the header applied to their columns, blank rows passed over, a merged header and a missing
 * required column refused, the row cap enforced. Each data row goes to the kind's {@link Rows} with the sheet's
 * {@link HeaderLayout}; what the person should know about the file as a whole ends in {@link #notes()}.
 */
public final class TableReader implements RowSink {

    /** What a kind of upload does with its rows. Exceptions thrown here end the reading (FileRejected: the file is refused). */
    public interface Rows {

        /** A sheet's header row was found (and had every required column). */
        default void header(HeaderLayout layout) {
        }

        /** One data row of the current sheet, in the file's own row numbering. */
        void row(String sheet, int rowNo, String[] cells, byte[] kinds, HeaderLayout layout);

        /** A sheet began; {@code estimatedRows} as the file states it, else -1. */
        default void sheetStarted(String name, int estimatedRows) {
        }
    }

    private final SheetSchema schema;
    private final Collection<? extends SheetColumn> optional;
    private final int maxRows;
    private final Rows rows;

    private String sheet;
    private HeaderLayout layout;
    private int scanned;
    private boolean sawRow;
    private boolean sawHeader;
    private int count;
    private String tableUnit;
    private boolean underHeader;
    private boolean notesForUnits = true;
    private final List<String> notes = new ArrayList<>();
    private final List<String> read = new ArrayList<>();
    private final List<String> hidden = new ArrayList<>();
    /** the visible sheets, in the order read */
    private final List<String> started = new ArrayList<>();

    /**
     * @param optional required columns this upload may lack (the city column when the upload names the city)
     * @param maxRows  data rows at most; one more refuses the file (TOO_MANY_ROWS)
     */
    public TableReader(SheetSchema schema, Collection<? extends SheetColumn> optional, int maxRows, Rows rows) {
        this.schema = schema;
        this.optional = optional;
        this.maxRows = maxRows;
        this.rows = rows;
    }

    /**
     * Reads the whole file into the {@link Rows}. Throws {@link FileRejected} when the file cannot be read, has no
     * header row in its first {@value HeaderLayout#SEARCH_ROWS} rows, or no data row under it.
     */
    public void read(Path file, String fileName) {
        SpreadsheetReader.Format format = SpreadsheetReader.read(file, fileName, this);
        if (!sawHeader) {
            if (!sawRow) {
                throw new FileRejected("EMPTY_SHEET", hidden.isEmpty() ? "文件中的工作表是空的，没有任何数据"
                        : "文件中可见的工作表是空的；隐藏的工作表「" + String.join("」「", hidden) + "」未读取，如需导入请先取消隐藏");
            }
            // name the sheets searched and, above all, a hidden one the rows may be on: the clerk sees a
            // workbook whose data is "there" and was told only that no header was found
            throw new FileRejected("HEADER_NOT_FOUND", textNamedAsExcel(format, fileName)
                    + (started.isEmpty() ? "" : "工作表「" + String.join("」「", started) + "」")
                    + "在前 " + HeaderLayout.SEARCH_ROWS + " 行中没有找到表头：" + schema.headerHint()
                    + (hidden.isEmpty() ? "" : "。隐藏的工作表「" + String.join("」「", hidden)
                    + "」未读取：如果数据在其中，请在 Excel 中取消隐藏（或把数据复制到可见的工作表）后再上传"));
        }
        if (count == 0) {
            throw new FileRejected("EMPTY_SHEET", "工作表「" + String.join("」「", read) + "」的表头下面没有数据行");
        }
    }

    /**
     * What to say first when a file named as Excel held plain text (read as CSV, the way systems' "Excel" exports
     * often are): its header error would otherwise name a sheet 「CSV」 the clerk never saw. Empty otherwise.
     */
    private static String textNamedAsExcel(SpreadsheetReader.Format read, String fileName) {
        boolean text = read == SpreadsheetReader.Format.CSV || read == SpreadsheetReader.Format.UTF16_TEXT;
        return text && SpreadsheetReader.excelName(fileName)
                ? "文件「" + fileName + "」的扩展名是 Excel，但内容是纯文本，不是 Excel 工作簿（已按文本表格读取）；" : "";
    }

    /** Data rows read so far. */
    public int rowCount() {
        return count;
    }

    /** The sheets read, the hidden ones skipped, format conversions and the units applied, in that order. */
    public List<String> notes() {
        List<String> all = new ArrayList<>();
        if (!read.isEmpty()) {
            all.add("读取了工作表「" + String.join("」「", read) + "」");
        }
        if (!hidden.isEmpty()) {
            all.add("隐藏的工作表「" + String.join("」「", hidden) + "」未读取（如需导入，请在 Excel 中取消隐藏，或把数据复制到可见的工作表）");
        }
        all.addAll(notes);
        return all;
    }

    @Override
    public void startSheet(String name, int estimatedRows) {
        sheet = name;
        if (!started.contains(name)) {
            started.add(name);
        }
        layout = null;
        scanned = 0;
        tableUnit = null;
        underHeader = false;
        rows.sheetStarted(name, estimatedRows);
    }

    @Override
    public void skippedSheet(String name, String why) {
        if (TemplateWorkbook.LISTS_SHEET.equals(name)) {
            return; // the template's own drop-down lists: "unhide it to import it" would only mislead
        }
        hidden.add(name);
    }

    @Override
    public void note(String text) {
        notes.add(text);
    }

    @Override
    public void row(int rowNo, String[] cells, byte[] kinds) {
        row(rowNo, cells, kinds, null);
    }

    @Override
    public void row(int rowNo, String[] cells, byte[] kinds, boolean[] formulas) {
        if (layout == null) {
            if (scanned >= HeaderLayout.SEARCH_ROWS) {
                return;
            }
            scanned++;
            sawRow = true;
            layout = HeaderLayout.detect(schema, sheet, rowNo, cells);
            if (layout == null) {
                String unit = HeaderLayout.unitLine(cells);
                if (unit != null) {
                    tableUnit = unit;
                }
                return;
            }
            sawHeader = true;
            List<SheetColumn> missing = layout.missingRequired(optional);
            if (!missing.isEmpty()) {
                StringBuilder names = new StringBuilder();
                missing.forEach(m -> names.append(names.length() == 0 ? "" : "、").append(m.header()));
                throw new FileRejected("MISSING_COLUMN", "工作表「" + sheet + "」第 " + rowNo + " 行的表头缺少必填列：" + names);
            }
            if (tableUnit != null) {
                layout.tableUnit(tableUnit);
            }
            read.add(sheet);
            underHeader = true;
            rows.header(layout);
            return;
        }
        if (underHeader) {
            underHeader = false;
            if (layout.unitRow(cells)) {
                return;
            }
        }
        if (count == 0 && notesForUnits) {
            notesForUnits = false;
            unitNotes();
        }
        if (layout.isBlank(cells) || layout.onlyComputed(cells, formulas)) {
            // passed over and not counted, a row of template formulas as a blank row (HeaderLayout#onlyComputed)
            return;
        }
        if (++count > maxRows) {
            throw new FileRejected("TOO_MANY_ROWS", "文件超过 " + maxRows + " 行数据的上限，请拆分后分批上传");
        }
        rows.row(sheet, rowNo, cells, kinds, layout);
    }

    @Override
    public void endSheet(String name, List<String> merges) {
        if (layout != null) {
            for (String m : merges) {
                if (HeaderLayout.covers(m, layout.headerRow)) {
                    throw new FileRejected("HEADER_MERGED", "工作表「" + name + "」的表头（第 " + layout.headerRow
                            + " 行）含合并单元格 " + m + "，请取消合并，让每一列都有自己的表头");
                }
            }
        }
        layout = null;
    }

    /** The money and quantity columns read in another unit than the template's, said once per file. */
    private void unitNotes() {
        for (SheetColumn c : schema.columns()) {
            if (!layout.index.containsKey(c)) {
                continue;
            }
            String unit = layout.unit(c);
            if (c.money()) {
                BigDecimal factor = MoneyUnits.factor(unit);
                if (unit != null && factor != null && factor.compareTo(BigDecimal.ONE) != 0) {
                    notes.add("「" + layout.header(c) + "」按" + unit + "读取，已换算为万元（" + (factor.compareTo(BigDecimal.ONE) < 0
                            ? "÷" + BigDecimal.ONE.divide(factor).stripTrailingZeros().toPlainString()
                            : "×" + factor.stripTrailingZeros().toPlainString()) + "）");
                }
            } else if (c.headerUnitApplies() && unit != null) {
                notes.add("「" + layout.header(c) + "」中只有数字的单元格按表头单位「" + unit + "」读取");
            }
        }
    }
}
