package cn.chainatlas.enterprise;

import cn.chainatlas.excel.RowError;

import java.util.List;

/** A data row after validation: either data (with nodes and digest) or errors. */
public final class ParsedRegistryRow {
    public final String sheet;
    public final int rowNo;
    /** the header of the credit-code column as the file writes it, for errors found after parsing */
    public String codeHeader;
    public EnterpriseData data;
    public List<NodeMatch> nodes;
    public String hash;
    public String nameKey;
    public List<RowError> errors;
    /**
     * Something the clerk should check on a row that is not refused for it (a code that may have lost its last
     * digits but passes the check), or null.
     */
    public RowError warning;
    /** the parser of the row's sheet (set by it), which knows the columns the sheet lacks ({@link RegistryRowParser#keepAbsent}) */
    public RegistryRowParser parser;

    public ParsedRegistryRow(String sheet, int rowNo) {
        this.sheet = sheet;
        this.rowNo = rowNo;
    }

    public boolean valid() {
        return errors == null || errors.isEmpty();
    }
}
