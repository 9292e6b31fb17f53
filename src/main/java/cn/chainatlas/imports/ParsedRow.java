package cn.chainatlas.imports;

import cn.chainatlas.enterprise.EnterpriseData;
import cn.chainatlas.enterprise.NodeMatch;

import java.util.List;

/** A data row after validation: either data (with nodes and digest) or errors. */
final class ParsedRow {
    final String sheet;
    final int rowNo;
    /** the header of the credit-code column as the file writes it, for errors found after parsing */
    String codeHeader;
    EnterpriseData data;
    List<NodeMatch> nodes;
    String hash;
    String nameKey;
    List<RowError> errors;

    ParsedRow(String sheet, int rowNo) {
        this.sheet = sheet;
        this.rowNo = rowNo;
    }

    boolean valid() {
        return errors == null || errors.isEmpty();
    }
}
