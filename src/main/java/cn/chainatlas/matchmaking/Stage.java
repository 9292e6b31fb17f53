package cn.chainatlas.matchmaking;


import java.util.Locale;

/** The stages of a matchmaking record, in order; ENDED 终止 stands apart (it ends any stage, and can be reopened). */
public enum Stage {
    SHORTLISTED("已入围", 0),
    CONTACTED("已联系", 1),
    SAMPLING("送样测试", 2),
    TRIAL("小批量", 3),
    SUPPLYING("批量供货", 4),
    ENDED("终止", -1);

    private final String label;
    private final int order;

    Stage(String label, int order) {
        this.label = label;
        this.order = order;
    }

    public String label() {
        return label;
    }

    /** position in the sequence SHORTLISTED … SUPPLYING; -1 for ENDED */
    public int order() {
        return order;
    }

    /**
     * The stage a move usually goes to next: the following one along 已入围 → … → 批量供货; from 批量供货, 终止 (nothing
     * follows it); from 终止, 已入围 (reopening). The move form preselects it.
     */
    public Stage next() {
        return switch (this) {
            case SHORTLISTED -> CONTACTED;
            case CONTACTED -> SAMPLING;
            case SAMPLING -> TRIAL;
            case TRIAL -> SUPPLYING;
            case SUPPLYING -> ENDED;
            case ENDED -> SHORTLISTED;
        };
    }

    /** By code (SUPPLYING) or Chinese label (批量供货); null when neither. */
    public static Stage parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        for (Stage s : values()) {
            if (s.name().equals(t.toUpperCase(Locale.ROOT)) || s.label.equals(t)) {
                return s;
            }
        }
        return null;
    }
}
