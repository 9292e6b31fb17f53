package cn.chainatlas.demand;

import cn.chainatlas.common.Text;

import java.time.LocalDate;

/**
 * A demand's status: OPEN 开放, MET 已满足, CLOSED 已关闭 are stored; EXPIRED 已过期 is how an open demand past its
 * needed-by date is shown (never stored, never set).
 */
public enum DemandStatus {
    OPEN("开放"), MET("已满足"), CLOSED("已关闭"), EXPIRED("已过期");

    private final String label;

    DemandStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** A stored status as written (OPEN, 开放 …); null when it is none of the three that can be set. */
    public static DemandStatus settable(String raw) {
        String k = Text.key(raw);
        for (DemandStatus s : new DemandStatus[]{OPEN, MET, CLOSED}) {
            if (k.equals(s.name().toLowerCase()) || k.equals(s.label)) {
                return s;
            }
        }
        return null;
    }

    /** What a person sees: an open demand past its needed-by date is 已过期. */
    public static DemandStatus shown(DemandStatus stored, LocalDate neededBy, LocalDate today) {
        return stored == OPEN && neededBy != null && neededBy.isBefore(today) ? EXPIRED : stored;
    }
}
