package cn.chainatlas.matchmaking;


import java.util.Locale;

/** Why a matchmaking record ended (终止原因). */
public enum EndReason {
    PRICE("价格"),
    QUALITY("质量/良率"),
    CAPACITY("产能"),
    DELIVERY("交期"),
    QUALIFICATION("资质"),
    SPEC("技术参数"),
    OTHER("其他");

    private final String label;

    EndReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Ended for these, the supplier shows it in the same leader's later matches for the node. */
    public boolean tellsMatching() {
        return this == QUALIFICATION || this == SPEC;
    }

    public static EndReason parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        for (EndReason r : values()) {
            if (r.name().equals(t.toUpperCase(Locale.ROOT)) || r.label.equals(t)) {
                return r;
            }
        }
        return null;
    }
}
