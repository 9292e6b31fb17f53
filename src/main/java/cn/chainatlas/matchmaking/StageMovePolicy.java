package cn.chainatlas.matchmaking;

import cn.chainatlas.common.BadInput;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a matchmaking record may move from its stage to another, and what the move must state — figures in,
 * a decision out, no database (in the style of ddd-by-examples' PlacingOnHoldPolicy):
 * <ul>
 *   <li>forward along 已入围 → 已联系 → 送样测试 → 小批量 → 批量供货, skipping stages if need be;</li>
 *   <li>backward only with a note saying why;</li>
 *   <li>to 终止 with a reason code (a note is required for 其他); a reason code only with 终止;</li>
 *   <li>an ended record can be reopened at any stage; an ended one cannot be ended again, and no move stays where it is;</li>
 *   <li>to 批量供货 with the annual quantity (and its unit) and/or the annual value in 万元, each &gt; 0;</li>
 *   <li>a move made on the leader's behalf (by the province, on request) needs a note;</li>
 *   <li>the date is not in the future and not before the record's latest move.</li>
 * </ul>
 * Every problem is reported at once, each naming its field.
 */
public final class StageMovePolicy {

    /** The record as it stands. */
    public record Current(Stage stage, LocalDate lastMoveOn) {
    }

    /** What the mover asks for. {@code onBehalf}: the mover is not the leader (the province, on the leader's request). */
    public record Request(Stage to, EndReason reason, String note, LocalDate date, BigDecimal quantity, String unit,
                          BigDecimal valueWan, boolean onBehalf) {
    }

    /** Allowed, or the problems (field and Chinese message). */
    public record Decision(List<BadInput.FieldError> problems, boolean backward, boolean reopen) {
        public boolean allowed() {
            return problems.isEmpty();
        }
    }

    public Decision decide(Current current, Request r, LocalDate today) {
        List<BadInput.FieldError> problems = new ArrayList<>();
        boolean hasNote = r.note() != null && !r.note().isBlank();
        boolean backward = false;
        boolean reopen = false;
        if (r.to() == null) {
            problems.add(new BadInput.FieldError("stage", "阶段：请选择已入围、已联系、送样测试、小批量、批量供货或终止"));
            return new Decision(problems, false, false);
        }
        Stage from = current.stage();
        if (r.to() == from) {
            problems.add(new BadInput.FieldError("stage", "阶段：对接记录已处于「" + from.label() + "」"));
        } else if (from == Stage.ENDED) {
            reopen = true;
        } else if (r.to() != Stage.ENDED && r.to().order() < from.order()) {
            backward = true;
            if (!hasNote) {
                problems.add(new BadInput.FieldError("note", "备注：从「" + from.label() + "」退回「" + r.to().label()
                        + "」须写明原因"));
            }
        }
        if (r.to() == Stage.ENDED) {
            if (r.reason() == null) {
                problems.add(new BadInput.FieldError("reasonCode",
                        "终止原因：请选择价格、质量/良率、产能、交期、资质、技术参数或其他"));
            } else if (r.reason() == EndReason.OTHER && !hasNote) {
                problems.add(new BadInput.FieldError("note", "备注：终止原因为「其他」时须写明原因"));
            }
        } else if (r.reason() != null) {
            problems.add(new BadInput.FieldError("reasonCode", "终止原因：只有终止对接时才填写"));
        }
        if (r.to() == Stage.SUPPLYING) {
            boolean quantity = r.quantity() != null;
            boolean value = r.valueWan() != null;
            if (!quantity && !value) {
                problems.add(new BadInput.FieldError("quantity", "年供货量：进入批量供货须写明年供货数量（含单位）或年供货金额（万元）"));
            }
            if (quantity && r.quantity().signum() <= 0) {
                problems.add(new BadInput.FieldError("quantity", "年供货量：须大于 0"));
            }
            if (quantity && (r.unit() == null || r.unit().isBlank())) {
                problems.add(new BadInput.FieldError("unit", "单位：写了年供货数量须写明单位"));
            }
            if (value && r.valueWan().signum() <= 0) {
                problems.add(new BadInput.FieldError("valueWan", "年供货金额（万元）：须大于 0"));
            }
        } else if (r.quantity() != null || r.valueWan() != null) {
            problems.add(new BadInput.FieldError("quantity", "年供货量：只有进入批量供货时才填写"));
        }
        if (r.onBehalf() && !hasNote) {
            problems.add(new BadInput.FieldError("note", "备注：代链主企业推进对接须写明受谁委托"));
        }
        if (r.date() != null) {
            if (r.date().isAfter(today)) {
                problems.add(new BadInput.FieldError("date", "日期：不能晚于今天（" + today + "）"));
            } else if (current.lastMoveOn() != null && r.date().isBefore(current.lastMoveOn())) {
                problems.add(new BadInput.FieldError("date", "日期：不能早于上一次推进的日期（" + current.lastMoveOn() + "）"));
            }
        }
        // one message per field is enough for the form; keep the first
        List<BadInput.FieldError> distinct = new ArrayList<>();
        for (BadInput.FieldError e : problems) {
            if (distinct.stream().noneMatch(x -> x.field().equals(e.field()))) {
                distinct.add(e);
            }
        }
        return new Decision(distinct, backward, reopen);
    }
}
