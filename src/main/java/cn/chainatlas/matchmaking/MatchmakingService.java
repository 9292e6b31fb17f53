package cn.chainatlas.matchmaking;

import cn.chainatlas.chain.ChainGraph;
import cn.chainatlas.chain.ChainGraphCache;
import cn.chainatlas.common.BadInput;
import cn.chainatlas.common.CreditCode;
import cn.chainatlas.common.Forbidden;
import cn.chainatlas.common.NotFound;
import cn.chainatlas.demand.Demand;
import cn.chainatlas.demand.DemandService;
import cn.chainatlas.geo.Cities;
import cn.chainatlas.matching.MatchingService;
import cn.chainatlas.common.Actor;
import cn.chainatlas.audit.AuditLog;
import cn.chainatlas.common.Role;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Matchmaking records from shortlist to supply, with who may do what (docs/matchmaking.md):
 * <ul>
 *   <li>the leader moves its own records; the province (and administrators) may move them on the leader's request,
 *   with a note;</li>
 *   <li>the leader, the bureau of the leader's city and the province create records (shortlist a candidate);</li>
 *   <li>the bureaus of the leader's city and of the supplier's city and the province read them and add follow-up
 *   notes (跟进); the supplier's city bureau sees of the demand its node, spec and quantity only;</li>
 *   <li>everyone else gets 403. Every move and note is audited with before and after.</li>
 * </ul>
 * The stage rule is {@link StageMovePolicy}.
 */
@Singleton
public class MatchmakingService {

    /** How a move made by the province (or an administrator) on the leader's request shows on the record. */
    static final String ON_BEHALF_LABEL = "省级代为操作";

    static final String NO_ACCESS = "对接记录保密：仅链主企业本身、链主及供应商所在地市工信局、省工信厅可查看";

    /** How the reader stands to a record. */
    enum Access {
        /** the leader itself: reads all, moves */
        OWNER,
        /** the province and administrators: read all, move on request (noted), notes */
        PROVINCE,
        /** the bureau of the leader's city: reads all, notes */
        LEADER_CITY,
        /** the bureau of the supplier's city: node, spec and quantity of the demand; notes */
        SUPPLIER_CITY
    }

    private final MatchmakingRepository records;
    private final DemandService demands;
    private final MatchingService matching;
    private final ChainGraphCache graphs;
    private final Cities cities;
    private final AuditLog audit;
    private final DSLContext dsl;
    private final int stalledDays;
    private final StageMovePolicy policy = new StageMovePolicy();

    MatchmakingService(MatchmakingRepository records, DemandService demands, MatchingService matching, ChainGraphCache graphs,
                       Cities cities, AuditLog audit, DSLContext dsl,
                       @Value("${chainatlas.matchmaking.stalled-days:30}") int stalledDays) {
        this.records = records;
        this.demands = demands;
        this.matching = matching;
        this.graphs = graphs;
        this.cities = cities;
        this.audit = audit;
        this.dsl = dsl;
        this.stalledDays = stalledDays;
    }

    public int stalledDays() {
        return stalledDays;
    }

    static Access access(Actor actor, MatchmakingRepository.Row r) {
        if (actor.isProvinceWide()) {
            return Access.PROVINCE;
        }
        if (actor.is(Role.LEADER) && r.leader().equals(actor.leaderCreditCode())) {
            return Access.OWNER;
        }
        if (actor.is(Role.CITY) && actor.cityCode() != null) {
            if (actor.cityCode().equals(r.leaderCity())) {
                return Access.LEADER_CITY;
            }
            if (actor.cityCode().equals(r.supplierCity())) {
                return Access.SUPPLIER_CITY;
            }
        }
        throw new Forbidden(NO_ACCESS);
    }

    private MatchmakingRepository.Row row(long id) {
        return records.find(id).orElseThrow(() -> new NotFound("对接记录 " + id + " 不存在"));
    }

    // ------------------------------------------------------------------------------------------ create

    /**
     * Shortlists the supplier for the demand: a record at 已入围 (the same as adding it to the demand's shortlist;
     * MatchingService checks that the reader may see the demand and that the supplier is a candidate not excluded).
     * The leader, the bureau of the leader's city, the province and administrators; a supplier already shortlisted
     * gives its existing record.
     */
    public long create(Actor actor, @Nullable Long demandId, @Nullable String supplierCreditCode, @Nullable Long activityId,
                       @Nullable String note) {
        List<BadInput.FieldError> bad = new ArrayList<>();
        if (demandId == null) {
            bad.add(new BadInput.FieldError("demandId", "需求：请写明需求编号（demandId）"));
        }
        String code = supplierCreditCode == null ? "" : CreditCode.normalise(supplierCreditCode);
        if (code.isEmpty()) {
            bad.add(new BadInput.FieldError("supplierCreditCode", "供应商：请写明供应商的统一社会信用代码"));
        }
        if (!bad.isEmpty()) {
            throw new BadInput(bad);
        }
        if (actor.is(Role.CITY) || actor.is(Role.LEADER)) {
            // DemandService lets exactly the leader and its city's bureau (and the province) see the demand
            demands.get(actor, demandId);
        }
        if (activityId != null && records.activity(activityId).isEmpty()) {
            throw new BadInput("activityId", "对接活动：活动 " + activityId + " 不存在");
        }
        try {
            matching.addToShortlist(actor, demandId, code, note);
        } catch (BadInput e) {
            // the shortlist names the supplier creditCode; this request names it supplierCreditCode
            throw new BadInput(e.errors().stream().map(x -> "creditCode".equals(x.field())
                    ? new BadInput.FieldError("supplierCreditCode", x.message()) : x).toList());
        }
        MatchmakingRepository.Row r = records.find(dsl, demandId, code).orElseThrow();
        if (activityId != null && !activityId.equals(r.activityId())) {
            setActivity(actor, r.id(), activityId);
        }
        dsl.transaction(cfg -> audit.record(DSL.using(cfg), actor, "MATCHMAKING_CREATE", "matchmaking:" + r.id(), null,
                state(records.find(r.id()).orElseThrow()), null));
        return r.id();
    }

    /** Names (or clears) the activity the record came from; as for moves. */
    public MatchmakingViews.RecordView setActivity(Actor actor, long id, @Nullable Long activityId) {
        MatchmakingRepository.Row r = row(id);
        Access a = access(actor, r);
        if (a == Access.SUPPLIER_CITY) {
            throw new Forbidden("供应商所在地市工信局可以跟进对接记录，但不能修改");
        }
        java.util.Optional<MatchmakingRepository.Activity> joined = activityId == null ? java.util.Optional.empty()
                : records.activity(activityId);
        if (activityId != null && joined.isEmpty()) {
            throw new BadInput("activityId", "对接活动：活动 " + activityId + " 不存在");
        }
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            records.setActivity(tx, id, activityId);
            // the activity by number and title on both sides (no activity: no value, shown as —)
            Map<String, Object> before = new java.util.HashMap<>();
            before.put("活动", r.activityId() == null ? null : r.activityId() + " " + nz(r.activityTitle()));
            Map<String, Object> after = new java.util.HashMap<>();
            after.put("活动", joined.map(x -> x.id() + " " + x.title()).orElse(null));
            audit.record(tx, actor, "MATCHMAKING_ACTIVITY", "matchmaking:" + id, before, after, null);
        });
        return get(actor, id);
    }

    // ------------------------------------------------------------------------------------------ move

    /** The body of a move as the API takes it (texts, so that every bad field is reported in Chinese). */
    public record MoveInput(@Nullable String stage, @Nullable String reasonCode, @Nullable String note, @Nullable String date,
                            @Nullable String quantity, @Nullable String unit, @Nullable String valueWan) {
    }

    /** Moves the record to another stage: the leader, or the province on request (with a note); audited as MATCHMAKING_MOVE. */
    public MatchmakingViews.RecordView move(Actor actor, long id, MoveInput in) {
        MatchmakingRepository.Row r = row(id);
        Access a = access(actor, r);
        if (a != Access.OWNER && a != Access.PROVINCE) {
            throw new Forbidden("只有链主企业本身可以推进对接（省工信厅可受链主委托推进，并写明备注）");
        }
        List<BadInput.FieldError> bad = new ArrayList<>();
        Stage to = Stage.parse(in.stage());
        EndReason reason = null;
        if (in.reasonCode() != null && !in.reasonCode().isBlank()) {
            reason = EndReason.parse(in.reasonCode());
            if (reason == null) {
                bad.add(new BadInput.FieldError("reasonCode", "终止原因：「" + in.reasonCode()
                        + "」不是可选的原因（价格、质量/良率、产能、交期、资质、技术参数、其他）"));
            }
        }
        LocalDate date = null;
        if (in.date() != null && !in.date().isBlank()) {
            try {
                date = LocalDate.parse(in.date().strip().replace('/', '-'));
            } catch (DateTimeParseException e) {
                bad.add(new BadInput.FieldError("date", "日期：「" + in.date() + "」无法识别，应为 2026-10-15"));
            }
        }
        // the columns' bounds (matchmaking_move: decimal(18,2), decimal(16,2), varchar(20)), said in words instead of
        // a failed insert; more decimals than the column keeps would be stored as another number than the one typed
        BigDecimal quantity = number(in.quantity(), "quantity", "年供货数量", MAX_QUANTITY, bad);
        BigDecimal value = number(in.valueWan(), "valueWan", "年供货金额（万元）", MAX_VALUE_WAN, bad);
        String unit = in.unit() == null || in.unit().isBlank() ? null : in.unit().strip();
        if (unit != null && cn.chainatlas.common.Text.chars(unit) > 20) {
            bad.add(new BadInput.FieldError("unit", "单位：超过 20 个字（现为 " + cn.chainatlas.common.Text.chars(unit) + " 个字）"));
        }
        String note = in.note() == null || in.note().isBlank() ? null : in.note().strip();
        if (note != null && cn.chainatlas.common.Text.chars(note) > 1000) {
            bad.add(new BadInput.FieldError("note", "备注：超过 1000 个字"));
        }
        LocalDate today = LocalDate.now();
        StageMovePolicy.Request request = new StageMovePolicy.Request(to, reason, note, date, quantity, unit, value,
                a == Access.PROVINCE);
        if (in.stage() != null && !in.stage().isBlank() && to == null) {
            bad.add(0, new BadInput.FieldError("stage", "阶段：「" + in.stage() + "」不是可选的阶段（SHORTLISTED、CONTACTED、SAMPLING、TRIAL、SUPPLYING、ENDED）"));
        }
        LocalDate on = date == null ? today : date;
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            records.lock(tx, id);
            MatchmakingRepository.Row now = records.find(tx, r.demandId(), r.supplier()).orElseThrow();
            StageMovePolicy.Decision d = policy.decide(new StageMovePolicy.Current(now.stage(), now.lastMoveOn()), request, today);
            List<BadInput.FieldError> all = new ArrayList<>(bad);
            d.problems().stream().filter(p -> all.stream().noneMatch(x -> x.field().equals(p.field()))).forEach(all::add);
            if (!all.isEmpty()) {
                throw new BadInput(all);
            }
            records.move(tx, id, now.stage(), request, actor.username(), on);
            Map<String, Object> detail = new LinkedHashMap<>();
            if (d.backward()) {
                detail.put("退回", true);
            }
            if (d.reopen()) {
                detail.put("重新开启", true);
            }
            audit.record(tx, actor, "MATCHMAKING_MOVE", "matchmaking:" + id, state(now),
                    state(records.find(tx, r.demandId(), r.supplier()).orElseThrow()),
                    (a == Access.PROVINCE ? "受托推进；" : "") + (note == null ? "" : note));
        });
        return get(actor, id);
    }

    /** Largest annual quantity a move keeps (matchmaking_move.quantity, decimal(18,2)). */
    private static final BigDecimal MAX_QUANTITY = new BigDecimal("9999999999999999.99");
    /** Largest annual value in 万元 a move keeps (matchmaking_move.value_wan, decimal(16,2)). */
    private static final BigDecimal MAX_VALUE_WAN = new BigDecimal("99999999999999.99");

    private static @Nullable BigDecimal number(@Nullable String raw, String field, String label, BigDecimal max,
                                               List<BadInput.FieldError> bad) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        BigDecimal v;
        try {
            v = new BigDecimal(raw.strip().replace(",", "").replace("，", ""));
        } catch (NumberFormatException e) {
            bad.add(new BadInput.FieldError(field, label + "：「" + raw.strip() + "」不是数字"));
            return null;
        }
        if (v.abs().compareTo(max) > 0) {
            bad.add(new BadInput.FieldError(field, label + "：「" + raw.strip() + "」数值过大，最多 "
                    + max.setScale(0, java.math.RoundingMode.DOWN).toPlainString().length() + " 位整数"));
            return null;
        }
        if (v.stripTrailingZeros().scale() > 2) {
            bad.add(new BadInput.FieldError(field, label + "：「" + raw.strip() + "」最多保留两位小数"));
            return null;
        }
        return v;
    }

    private Map<String, Object> state(MatchmakingRepository.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("需求", r.demandId() + " " + nodeName(r.nodeCode()));
        m.put("供应商", r.supplierName() + "（" + r.supplier() + "）");
        m.put("阶段", r.stage().label());
        if (r.endReason() != null) {
            m.put("终止原因", r.endReason().label());
        }
        if (r.supplyQuantity() != null) {
            m.put("年供货数量", r.supplyQuantity().stripTrailingZeros().toPlainString() + nz(r.supplyUnit()));
        }
        if (r.supplyValue() != null) {
            m.put("年供货金额（万元）", r.supplyValue().stripTrailingZeros().toPlainString());
        }
        m.put("最近推进", r.lastMoveOn().toString());
        return m;
    }

    // ------------------------------------------------------------------------------------------ notes

    /** A follow-up note (跟进) by a bureau of the leader's or the supplier's city, or the province; audited. */
    public MatchmakingViews.RecordView note(Actor actor, long id, @Nullable String text) {
        MatchmakingRepository.Row r = row(id);
        Access a = access(actor, r);
        if (a == Access.OWNER) {
            throw new Forbidden("跟进记录由地市工信局和省工信厅填写；链主企业请在推进对接时写备注");
        }
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new BadInput("text", "跟进内容：请填写");
        }
        if (cn.chainatlas.common.Text.chars(t) > 2000) {
            throw new BadInput("text", "跟进内容：超过 2000 个字");
        }
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            long noteId = records.addNote(tx, id, t, actor.username());
            audit.record(tx, actor, "MATCHMAKING_NOTE", "matchmaking:" + id, null,
                    Map.of("跟进", t, "编号", noteId, "阶段", r.stage().label()), null);
        });
        return get(actor, id);
    }

    // ------------------------------------------------------------------------------------------ read

    public MatchmakingViews.RecordView get(Actor actor, long id) {
        MatchmakingRepository.Row r = row(id);
        Access a = access(actor, r);
        Demand detail = a == Access.SUPPLIER_CITY ? null : demands.get(actor, r.demandId());
        return view(r, a, detail, true, LocalDate.now());
    }

    /** A leader's records for one demand (the leader's records page); the demand's readers only. */
    public List<MatchmakingViews.RecordView> ofDemand(Actor actor, long demandId) {
        Demand d = demands.get(actor, demandId);
        LocalDate today = LocalDate.now();
        return records.ofDemand(demandId).stream().map(r -> view(r, access(actor, r), d, true, today)).toList();
    }

    /** Search parameters of the list and the board; blank means any. */
    public record Query(@Nullable String chain, @Nullable String city, @Nullable String leader, @Nullable String stage,
                        @Nullable String node, @Nullable String supplierCity, @Nullable Long activity,
                        @Nullable List<Long> ids) {
    }

    /** The records the reader may see, stalled first, then the longest without a move. */
    public List<MatchmakingViews.RecordView> list(Actor actor, Query q) {
        List<BadInput.FieldError> bad = new ArrayList<>();
        List<String> nodes = null;
        ChainGraph graph = graphs.get();
        if (!blank(q.chain())) {
            ChainGraph.ChainView view = graph.view(q.chain().strip().toUpperCase(Locale.ROOT));
            if (view == null) {
                bad.add(new BadInput.FieldError("chain", "产业链：未知产业链「" + q.chain() + "」"));
            } else {
                nodes = view.members();
            }
        }
        if (!blank(q.node())) {
            String n = q.node().strip().toUpperCase(Locale.ROOT);
            if (!graph.nodes().containsKey(n)) {
                bad.add(new BadInput.FieldError("node", "环节：未知环节「" + q.node() + "」"));
            } else {
                nodes = nodes == null ? List.of(n) : nodes.contains(n) ? List.of(n) : List.of();
            }
        }
        String city = cityParam(q.city(), "city", bad);
        String supplierCity = cityParam(q.supplierCity(), "supplierCity", bad);
        Stage stage = null;
        if (!blank(q.stage())) {
            stage = Stage.parse(q.stage());
            if (stage == null) {
                bad.add(new BadInput.FieldError("stage", "阶段：「" + q.stage() + "」不是可选的阶段"));
            }
        }
        String leader = blank(q.leader()) ? null : CreditCode.normalise(q.leader());
        if (!bad.isEmpty()) {
            throw new BadInput(bad);
        }
        String scopeCity = actor.is(Role.CITY) ? actor.cityCode() : null;
        String scopeLeader = actor.is(Role.LEADER) ? actor.leaderCreditCode() : null;
        if (actor.is(Role.LEADER) && scopeLeader == null) {
            throw new Forbidden(NO_ACCESS);
        }
        LocalDate today = LocalDate.now();
        List<MatchmakingViews.RecordView> out = new ArrayList<>();
        for (MatchmakingRepository.Row r : records.list(new MatchmakingRepository.Filter(nodes, city, leader, stage, supplierCity,
                q.activity(), q.ids(), scopeCity, scopeLeader))) {
            out.add(view(r, access(actor, r), null, false, today));
        }
        out.sort(Comparator.comparing((MatchmakingViews.RecordView v) -> !v.stalled())
                .thenComparing(MatchmakingViews.RecordView::lastMoveOn).thenComparing(MatchmakingViews.RecordView::id));
        return out;
    }

    /** The board of a chain and city: the stalled first, then the records by stage. Bureaus and the province. */
    public MatchmakingViews.Board board(Actor actor, Query q) {
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY);
        List<MatchmakingViews.RecordView> all = list(actor, q);
        List<MatchmakingViews.RecordView> stalled = all.stream().filter(MatchmakingViews.RecordView::stalled).toList();
        List<MatchmakingViews.Column> columns = new ArrayList<>();
        for (Stage s : Stage.values()) {
            columns.add(new MatchmakingViews.Column(s.name(), s.label(),
                    all.stream().filter(v -> v.stage().equals(s.name()) && !v.stalled()).toList()));
        }
        return new MatchmakingViews.Board(stalledDays, stalled, columns, all.size());
    }

    private @Nullable String cityParam(@Nullable String raw, String field, List<BadInput.FieldError> bad) {
        if (blank(raw) || raw.equalsIgnoreCase("province")) {
            return null;
        }
        String code = cities.parse(raw).cityCode();
        if (code == null) {
            bad.add(new BadInput.FieldError(field, "地市：未知地市「" + raw + "」"));
        }
        return code;
    }

    MatchmakingViews.RecordView view(MatchmakingRepository.Row r, Access a, @Nullable Demand detail, boolean withHistory,
                                     LocalDate today) {
        boolean restricted = a == Access.SUPPLIER_CITY;
        long days = ChronoUnit.DAYS.between(r.lastMoveOn(), today);
        boolean stalled = r.stage() != Stage.ENDED && r.stage() != Stage.SUPPLYING && days >= stalledDays;
        List<MatchmakingViews.MoveView> moves = withHistory ? records.moves(r.id()).stream().map(m -> new MatchmakingViews.MoveView(
                m.from() == null ? null : m.from().name(), m.from() == null ? null : m.from().label(), m.to().name(),
                m.to().label(), m.reason() == null ? null : m.reason().name(), m.reason() == null ? null : m.reason().label(),
                m.note(), m.on(), m.by(), m.at(), m.quantity(), m.unit(), restricted ? null : m.valueWan(), m.onBehalf(),
                m.onBehalf() ? ON_BEHALF_LABEL : null)).toList() : List.of();
        List<MatchmakingViews.NoteView> notes = withHistory ? records.notes(r.id()).stream()
                .map(n -> new MatchmakingViews.NoteView(n.id(), n.text(), n.by(), n.at())).toList() : List.of();
        return new MatchmakingViews.RecordView(r.id(), r.demandId(), r.leader(), r.leaderName(), cities.name(r.leaderCity()),
                r.supplier(), r.supplierName(), r.supplierCity() == null ? "省外" : cities.name(r.supplierCity()), r.stage().name(),
                r.stage().label(), r.endReason() == null ? null : r.endReason().name(),
                r.endReason() == null ? null : r.endReason().label(), r.supplyQuantity(), r.supplyUnit(),
                restricted ? null : r.supplyValue(), r.activityId(), r.activityTitle(), r.createdBy(), r.createdAt(),
                r.lastMoveOn(), days, stalled, restricted, a == Access.OWNER || a == Access.PROVINCE,
                a != Access.OWNER, new MatchmakingViews.DemandBrief(r.demandId(), r.nodeCode(), nodeName(r.nodeCode()), r.spec(),
                r.demandQuantity(), r.demandUnit()), restricted ? null : detail, moves, notes, r.stage().next().name(),
                moves.stream().anyMatch(MatchmakingViews.MoveView::onBehalf));
    }

    String nodeName(String code) {
        ChainGraph.Node n = graphs.get().nodes().get(code);
        return n == null ? code : n.name();
    }

    // ------------------------------------------------------------------------------------------ activities

    /** An activity as the API takes it. */
    public record ActivityInput(@Nullable String title, @Nullable String date, @Nullable String place, @Nullable List<String> chains,
                                @Nullable List<String> leaders, @Nullable List<String> suppliers, @Nullable String note) {
    }

    /** Activities: the province's and, for a city bureau, its own city's; bureaus and the province only. */
    public List<MatchmakingViews.ActivityView> activities(Actor actor) {
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY);
        Map<Long, Integer> counts = new LinkedHashMap<>();
        List<MatchmakingRepository.Activity> list = records.activities(actor.is(Role.CITY) ? actor.cityCode() : null);
        for (MatchmakingRepository.Row r : records.list(new MatchmakingRepository.Filter(null, null, null, null, null, null, null,
                actor.is(Role.CITY) ? actor.cityCode() : null, null))) {
            if (r.activityId() != null) {
                counts.merge(r.activityId(), 1, Integer::sum);
            }
        }
        return list.stream().map(x -> activityView(x, counts.getOrDefault(x.id(), 0))).toList();
    }

    public MatchmakingViews.ActivityView activity(Actor actor, long id) {
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY);
        MatchmakingRepository.Activity x = records.activity(id).orElseThrow(() -> new NotFound("对接活动 " + id + " 不存在"));
        if (actor.is(Role.CITY) && x.cityCode() != null && !x.cityCode().equals(actor.cityCode())) {
            throw new Forbidden("无权查看其他地市的对接活动");
        }
        int n = records.list(new MatchmakingRepository.Filter(null, null, null, null, null, id, null,
                actor.is(Role.CITY) ? actor.cityCode() : null, null)).size();
        return activityView(x, n);
    }

    public long saveActivity(Actor actor, @Nullable Long id, ActivityInput in) {
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY);
        MatchmakingRepository.Activity before = null;
        if (id != null) {
            before = records.activity(id).orElseThrow(() -> new NotFound("对接活动 " + id + " 不存在"));
            mayChange(actor, before);
        }
        List<BadInput.FieldError> bad = new ArrayList<>();
        String title = in.title() == null ? "" : in.title().strip();
        if (title.isEmpty() || cn.chainatlas.common.Text.chars(title) > 200) {
            bad.add(new BadInput.FieldError("title", title.isEmpty() ? "活动名称：请填写" : "活动名称：超过 200 个字"));
        }
        LocalDate date = null;
        try {
            date = in.date() == null || in.date().isBlank() ? null : LocalDate.parse(in.date().strip().replace('/', '-'));
        } catch (DateTimeParseException e) {
            // reported below
        }
        if (date == null) {
            bad.add(new BadInput.FieldError("date", "日期：请填写活动日期，如 2026-10-15"));
        }
        String place = in.place() == null ? "" : in.place().strip();
        if (place.isEmpty() || cn.chainatlas.common.Text.chars(place) > 200) {
            bad.add(new BadInput.FieldError("place", place.isEmpty() ? "地点：请填写" : "地点：超过 200 个字"));
        }
        List<String> chains = new ArrayList<>();
        for (String c : in.chains() == null ? List.<String>of() : in.chains()) {
            String code = c == null ? "" : c.strip().toUpperCase(Locale.ROOT);
            String found = graphs.get().chains().values().stream().filter(ch -> ch.code().equals(code) || ch.name().equals(c.strip()))
                    .map(ChainGraph.Chain::code).findFirst().orElse(null);
            if (found == null) {
                bad.add(new BadInput.FieldError("chains", "产业链：未知产业链「" + c + "」"));
            } else if (!chains.contains(found)) {
                chains.add(found);
            }
        }
        List<String> leaders = enterprises(in.leaders(), "leaders", "参加的链主企业", bad);
        List<String> suppliers = enterprises(in.suppliers(), "suppliers", "参加的供应商", bad);
        String note = in.note() == null || in.note().isBlank() ? null : in.note().strip();
        if (note != null && cn.chainatlas.common.Text.chars(note) > 1000) {
            bad.add(new BadInput.FieldError("note", "备注：超过 1000 个字"));
        }
        if (!bad.isEmpty()) {
            throw new BadInput(bad);
        }
        LocalDate held = date;
        MatchmakingRepository.Activity was = before;
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            long saved = records.saveActivity(tx, id, title, held, place, actor.is(Role.CITY) ? actor.cityCode() : null, chains,
                    leaders, suppliers, note, actor.username());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("活动", title);
            after.put("日期", held.toString());
            after.put("地点", place);
            after.put("产业链", String.join("、", chains));
            Map<String, String> names = records.names(new ArrayList<>(new java.util.LinkedHashSet<>(
                    java.util.stream.Stream.concat(leaders.stream(), suppliers.stream()).toList())));
            after.put("链主企业", String.join("、", leaders.stream().map(c -> names.getOrDefault(c, c) + "（" + c + "）").toList()));
            after.put("供应商", String.join("、", suppliers.stream().map(c -> names.getOrDefault(c, c) + "（" + c + "）").toList()));
            audit.record(tx, actor, was == null ? "ACTIVITY_CREATE" : "ACTIVITY_UPDATE", "activity:" + saved,
                    was == null ? null : Map.of("活动", was.title(), "日期", was.heldOn().toString(), "地点", was.place()), after, note);
            return saved;
        });
    }

    public void deleteActivity(Actor actor, long id) {
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY);
        MatchmakingRepository.Activity x = records.activity(id).orElseThrow(() -> new NotFound("对接活动 " + id + " 不存在"));
        mayChange(actor, x);
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            records.deleteActivity(tx, id);
            audit.record(tx, actor, "ACTIVITY_DELETE", "activity:" + id,
                    Map.of("活动", x.title(), "日期", x.heldOn().toString(), "地点", x.place()), null, null);
        });
    }

    private static void mayChange(Actor actor, MatchmakingRepository.Activity x) {
        if (actor.is(Role.CITY) && (x.cityCode() == null || !x.cityCode().equals(actor.cityCode()))) {
            throw new Forbidden("只能修改本市组织的对接活动");
        }
    }

    /**
     * Participants as credit codes: each entry is a credit code or an enterprise's registered name (名称 as in the
     * registry); a name held by several enterprises, or by none, is refused naming it.
     */
    private List<String> enterprises(@Nullable List<String> raw, String field, String label, List<BadInput.FieldError> bad) {
        List<String> out = new ArrayList<>();
        for (String c : raw == null ? List.<String>of() : raw) {
            String text = c == null ? "" : c.strip();
            if (text.isEmpty()) {
                continue;
            }
            String code = CreditCode.normalise(text);
            if (CreditCode.check(code) != CreditCode.Problem.NONE) {
                List<String> named = records.codesNamed(text);
                if (named.isEmpty()) {
                    bad.add(new BadInput.FieldError(field, label + "：名录中没有名为「" + text + "」的企业（可填企业全称或统一社会信用代码）"));
                    continue;
                }
                if (named.size() > 1) {
                    bad.add(new BadInput.FieldError(field, label + "：名为「" + text + "」的企业有多家（" + String.join("、", named)
                            + "），请改填统一社会信用代码"));
                    continue;
                }
                code = named.get(0);
            }
            if (!out.contains(code)) {
                out.add(code);
            }
        }
        return out;
    }

    private MatchmakingViews.ActivityView activityView(MatchmakingRepository.Activity x, int n) {
        List<String> all = new ArrayList<>(x.leaders());
        all.addAll(x.suppliers());
        Map<String, String> names = records.names(all);
        return new MatchmakingViews.ActivityView(x.id(), x.title(), x.heldOn(), x.place(), x.cityCode(),
                x.cityCode() == null ? "省工信厅" : cities.name(x.cityCode()), x.chains(), x.leaders(), x.suppliers(), x.note(),
                x.createdBy(), x.createdAt(), n, x.leaders().stream().map(c -> names.getOrDefault(c, c)).toList(),
                x.suppliers().stream().map(c -> names.getOrDefault(c, c)).toList());
    }

    private static boolean blank(@Nullable String s) {
        return s == null || s.isBlank();
    }

    private static String nz(@Nullable String s) {
        return s == null ? "" : s;
    }
}
