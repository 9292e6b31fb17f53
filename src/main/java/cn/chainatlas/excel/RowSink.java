package cn.chainatlas.excel;

import java.util.List;

/** Receives a spreadsheet row by row as text, whatever the file format. */
public interface RowSink {

    /** A sheet begins; {@code estimatedRows} is the sheet's own dimension when the file states it, else -1. */
    void startSheet(String name, int estimatedRows);

    /**
     * One row. {@code rowNo} is the spreadsheet's own 1-based row number; {@code cells[i]} is column i's text
     * (dates as yyyy-MM-dd, numbers as plain decimals, formulas as their cached value), null when empty; a cell
     * covered by a merged range carries the range's value. {@code kinds[i]} is a {@link CellKind}.
     */
    void row(int rowNo, String[] cells, byte[] kinds);

    /**
     * The same row, with {@code formulas[i]} true where column i's text is a formula's result rather than a value
     * typed in (null when no cell of the row is a formula; formats without formulas, CSV, never say so). The
     * shared reader needs it to tell a row of template formulas filled down past the data from a row; a sink that
     * does not care gets the row as above.
     */
    default void row(int rowNo, String[] cells, byte[] kinds, boolean[] formulas) {
        row(rowNo, cells, kinds);
    }

    /** The sheet ended; {@code merges} are its merged ranges as A1-style references. */
    void endSheet(String name, List<String> merges);

    /** A sheet that was not read, and why (hidden). */
    default void skippedSheet(String name, String why) {
    }

    /** Something about the file as a whole the person should know (its format was converted, …). */
    default void note(String text) {
    }
}
