package cn.chainatlas.imports;

/** Running counts of one import. */
final class ImportCounts {
    int rowsTotal;
    int rowsValid;
    int rowsRejected;
    int inserts;
    int updates;
    int unchanged;
    int unclassified;
    int duplicates;
    /** valid rows left out at commit: a name change nobody confirmed */
    int skipped;
}
