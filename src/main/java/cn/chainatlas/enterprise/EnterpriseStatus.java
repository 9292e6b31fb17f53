package cn.chainatlas.enterprise;

/**
 * Whether an enterprise still operates at its registered place. Set by the province or an administrator
 * (a registry upload never changes it); only {@link #ACTIVE} enterprises count as local supply in the gap
 * analysis.
 */
public enum EnterpriseStatus {
    /** 在营 */
    ACTIVE("在营"),
    /** 注销: deregistered */
    DEREGISTERED("注销"),
    /** 迁出: moved out of Guangdong */
    MOVED_OUT("迁出");

    private final String label;

    EnterpriseStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Reads the code (ACTIVE …) or the Chinese word (在营、注销、迁出); null when it is neither. */
    public static EnterpriseStatus parse(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        for (EnterpriseStatus v : values()) {
            if (v.name().equalsIgnoreCase(t) || v.label.equals(t)) {
                return v;
            }
        }
        return null;
    }
}
