package cn.chainatlas.imports;

/**
 * Where an import batch stands. Stored by name in {@code import_batch.status}; the label is what the imports
 * page and the API's {@code statusLabel} show.
 */
public enum BatchStatus {
    /** waiting for one of the import slots ({@code chainatlas.imports.parallel}); nothing read yet */
    QUEUED("排队中"),
    /** being read or written now */
    RUNNING("进行中"),
    /** read and checked, nothing written: can be committed */
    DRY_RUN("预检完成"),
    /** written; can be rolled back */
    COMMITTED("已提交"),
    /** refused as a whole: an unreadable file, or all-or-nothing with rejected rows; nothing written */
    REJECTED("已拒绝"),
    /** an unexpected error stopped it; nothing written */
    FAILED("失败"),
    /** written, then put back as it was */
    ROLLED_BACK("已回滚"),
    /**
     * the process that queued or ran it died (killed, power cut); its transaction never committed, so nothing was
     * written; the file is kept and the batch can be run again (重新导入)
     */
    INTERRUPTED("中断");

    private final String label;

    BatchStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static BatchStatus of(String stored) {
        return stored == null ? FAILED : valueOf(stored);
    }
}
