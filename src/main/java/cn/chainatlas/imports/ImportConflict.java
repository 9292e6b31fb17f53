package cn.chainatlas.imports;

/** The request is understood but the batch is not in a state that allows it (answered with 409). */
public class ImportConflict extends RuntimeException {
    public ImportConflict(String message) {
        super(message);
    }
}
