package cn.chainatlas.chain;

/** Gap statuses, worst first. */
public enum GapStatus {
    /** import-dependent and critical */
    CHOKEPOINT("卡脖子"),
    /** no local supplier */
    BLANK("空白"),
    /** import share above the threshold (or, without demand data, a policy prior says so) */
    IMPORT_DEPENDENT("依赖进口"),
    /** too few suppliers, only low tiers, too concentrated, or capacity short of demand */
    WEAK("薄弱"),
    COVERED("已覆盖");

    private final String label;

    GapStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
