package cn.chainatlas.demand;

import cn.chainatlas.chain.SpecParser;
import cn.chainatlas.common.BadInput;
import cn.chainatlas.common.CreditCode;
import cn.chainatlas.common.Text;
import cn.chainatlas.excel.RowError;
import cn.chainatlas.common.Forbidden;
import cn.chainatlas.common.NotFound;
import cn.chainatlas.enterprise.LeaderService;
import cn.chainatlas.geo.Cities;
import cn.chainatlas.common.Actor;
import cn.chainatlas.audit.AuditLog;
import cn.chainatlas.common.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chain leaders' demands. Confidential: a demand is read and written by the leader itself, by the bureau of the
 * leader's city (on its behalf), by the province and by administrators; everybody else gets 403. The gap analysis
 * reads the table in aggregate only. Every write is audited with before and after (DEMAND_CREATE, DEMAND_UPDATE,
 * DEMAND_DELETE). Field rules: {@link DemandFields}.
 */
@Singleton
public class DemandService {

    static final String CONFIDENTIAL = "需求信息保密：仅链主企业本身、其所在地市工信局、省工信厅和平台管理员可查看或修改";

    private final DemandRepository demands;
    private final DemandFields fields;
    private final LeaderService leaders;
    private final AuditLog audit;
    private final DSLContext dsl;
    private final JsonMapper json;
    private final Cities cities;
    private final List<DemandRecordsHeld> recordsHeld;

    DemandService(DemandRepository demands, DemandFields fields, LeaderService leaders, AuditLog audit, DSLContext dsl,
                  JsonMapper json, Cities cities, List<DemandRecordsHeld> recordsHeld) {
        this.recordsHeld = recordsHeld;
        this.demands = demands;
        this.fields = fields;
        this.leaders = leaders;
        this.audit = audit;
        this.dsl = dsl;
        this.json = json;
        this.cities = cities;
    }

    // ------------------------------------------------------------------------------------------ reading

    /** One demand, if the actor may see it. */
    public Demand get(Actor actor, long id) {
        DemandRepository.Row row = demands.find(id).orElseThrow(() -> new NotFound("需求 " + id + " 不存在"));
        requireAccess(actor, row.leader(), row.cityCode());
        return view(row);
    }

    /** A leader's demands, newest first. */
    public List<Demand> ofLeader(Actor actor, String creditCode) {
        LeaderService.Leader leader = leaders.find(creditCode)
                .orElseThrow(() -> new NotFound("「" + creditCode + "」不是名录中的链主企业"));
        requireAccess(actor, leader.creditCode(), leader.cityCode());
        return demands.list(null, leader.creditCode(), false, null, null).stream().map(this::view).toList();
    }

    /**
     * The demands the actor may see, newest first: a LEADER its own, a CITY bureau its city's leaders', the
     * province and administrators every one ({@code city} narrows it to a city).
     */
    public List<Demand> list(Actor actor, @Nullable String city, boolean openOnly) {
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY, Role.LEADER);
        String leader = actor.is(Role.LEADER) ? actor.leaderCreditCode() : null;
        String asked = actor.is(Role.LEADER) ? null : city(city);
        if (actor.is(Role.CITY) && asked != null && !asked.equals(actor.cityCode())) {
            // was ignored: another city's name gave this city's demands as if they were that city's (fresh-eyes pass #15)
            throw new Forbidden("市级工信部门只能查看本市链主的需求");
        }
        String scope = actor.is(Role.CITY) ? actor.cityCode() : asked;
        if (actor.is(Role.LEADER) && leader == null) {
            return List.of();
        }
        return demands.list(actor.is(Role.LEADER) ? null : scope, leader, openOnly, null, null).stream().map(this::view).toList();
    }

    /**
     * Open demands (open and not past their date) for the bureaus' coverage view: a CITY bureau its own city's,
     * the province and administrators every city's or one city's. Leaders are refused: coverage spans leaders.
     */
    public List<Demand> openForCoverage(Actor actor, @Nullable String city, @Nullable List<String> nodes) {
        if (actor.is(Role.LEADER)) {
            throw new Forbidden("需求覆盖汇总各链主的需求，仅对工信部门开放");
        }
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY);
        String scope = actor.is(Role.CITY) ? actor.cityCode() : city(city);
        return demands.list(scope, null, true, null, nodes).stream().map(this::view).toList();
    }

    private String city(@Nullable String city) {
        if (city == null || city.isBlank() || city.equalsIgnoreCase("province") || city.equals("全省")) {
            return null;
        }
        String code = cities.parse(city).cityCode();
        if (code == null) {
            throw new BadInput("city", "「" + city + "」不是广东省的地市");
        }
        return code;
    }

    // ------------------------------------------------------------------------------------------ writing

    /**
     * Checks a demand as {@link #create} would, without writing: field rules and whether the actor may write for
     * that leader. For the demand upload's dry run; empty when the row would be accepted.
     */
    public List<DemandFields.Problem> check(Actor actor, DemandInput input) {
        DemandInput in = own(actor, input);
        DemandFields.Result r = fields.normalise(in);
        if (!r.ok()) {
            return r.problems();
        }
        try {
            requireWriter(actor, r.data().leaderCreditCode());
        } catch (Forbidden e) {
            return List.of(new DemandFields.Problem("leaderCreditCode", "NOT_ALLOWED", e.getMessage()));
        }
        return List.of();
    }

    /** Creates a demand; a LEADER may leave out its own credit code. Returns the id. */
    public long create(Actor actor, DemandInput input) {
        return createAll(actor, List.of(input), null).get(0);
    }

    /**
     * Creates several demands in one transaction, all or none (the demand upload's commit): every input is checked
     * first and a refusal names each bad field; {@code detail} goes into each audit line (e.g. the upload batch).
     */
    public List<Long> createAll(Actor actor, List<DemandInput> inputs, @Nullable String detail) {
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY, Role.LEADER);
        List<DemandFields.DemandData> data = new ArrayList<>();
        for (DemandInput input : inputs) {
            DemandFields.Result r = fields.normalise(own(actor, input));
            if (!r.ok()) {
                throw badInput(r.problems());
            }
            requireWriter(actor, r.data().leaderCreditCode());
            data.add(r.data());
        }
        List<Long> ids = new ArrayList<>();
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            for (DemandFields.DemandData d : data) {
                long id = demands.insert(tx, d, actor.username(), specJson(d.specFields()));
                ids.add(id);
                audit.record(tx, actor, "DEMAND_CREATE", "demand:" + id, null,
                        state(demands.find(tx, id).orElseThrow()), detail);
            }
        });
        return ids;
    }

    /** Replaces a demand's fields (PUT); a blank status keeps the stored one. */
    public Demand update(Actor actor, long id, DemandInput input) {
        DemandRepository.Row before = demands.find(id).orElseThrow(() -> new NotFound("需求 " + id + " 不存在"));
        requireAccess(actor, before.leader(), before.cityCode());
        DemandInput in = input.leaderCreditCode() == null || input.leaderCreditCode().isBlank()
                ? input.withLeader(before.leader()) : input;
        DemandFields.Result r = fields.normalise(in);
        if (!r.ok()) {
            throw badInput(r.problems());
        }
        DemandFields.DemandData d = r.data();
        if (!d.leaderCreditCode().equals(before.leader())) {
            // a demand belongs to its leader for good: moving it would hand its 对接 records, shortlist and history to
            // another leader (and another city's bureau) and lock its own leader out (fresh-eyes pass #15)
            throw new BadInput("leaderCreditCode", "需求所属的链主不能修改（本需求属于「" + before.leader()
                    + "」）；如需登记为其他链主的需求，请由该链主新建");
        }
        String status = d.status() == null ? before.status() : d.status().name();
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            demands.update(tx, id, d, status, specJson(d.specFields()));
            audit.record(tx, actor, "DEMAND_UPDATE", "demand:" + id, state(before), state(demands.find(tx, id).orElseThrow()), null);
        });
        return get(actor, id);
    }

    public void delete(Actor actor, long id) {
        DemandRepository.Row before = demands.find(id).orElseThrow(() -> new NotFound("需求 " + id + " 不存在"));
        requireAccess(actor, before.leader(), before.cityCode());
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            refuseIfRecordsHeld(tx, List.of(id), "删除");
            demands.delete(tx, id);
            audit.record(tx, actor, "DEMAND_DELETE", "demand:" + id, state(before), null, null);
        });
    }

    /**
     * Refuses (409, nothing changed) to delete demands that other features keep records on: the cascade would take
     * the 供需对接 history with them. Closing the demand (状态 已关闭) keeps it and its records.
     */
    private void refuseIfRecordsHeld(DSLContext tx, List<Long> ids, String action) {
        List<String> held = new ArrayList<>();
        for (long id : ids) {
            for (DemandRecordsHeld r : recordsHeld) {
                int n = r.recordsOn(tx, id);
                if (n > 0) {
                    held.add("需求编号 " + id + " 有 " + n + " 条" + r.what());
                }
            }
        }
        if (!held.isEmpty()) {
            throw new cn.chainatlas.common.Conflict("不能" + action + "：" + String.join("；", held)
                    + "。这些记录是供需对接的历史，不随需求删除；如不再需要这条需求，请把状态改为“已关闭”（需求和记录都会保留）");
        }
    }

    /** A LEADER writes for itself: a missing credit code is its own. */
    private static DemandInput own(Actor actor, DemandInput input) {
        if (actor.is(Role.LEADER) && (input.leaderCreditCode() == null || input.leaderCreditCode().isBlank())) {
            return input.withLeader(actor.leaderCreditCode());
        }
        return input;
    }

    private static BadInput badInput(List<DemandFields.Problem> problems) {
        return new BadInput(problems.stream().map(p -> new BadInput.FieldError(p.field(), p.message())).toList());
    }

    // ------------------------------------------------------------------------------------------ uploads

    /** What a demand upload does (or, in a dry run, would do) with one row. */
    public enum RowAction { INSERT, UPDATE, UNCHANGED, REJECTED }

    /** One row's outcome: what it does, to which stored demand, or its errors (sheet, row, column, message). */
    public record PlannedRow(DemandSheet.Row row, RowAction action, @Nullable Long demandId, List<RowError> errors,
                             @Nullable DemandFields.DemandData data) {
    }

    /** A whole upload's outcome, row by row, with its counts. */
    public record UploadPlan(List<PlannedRow> rows, int inserts, int updates, int unchanged, int rejected) {
        public List<RowError> errors() {
            List<RowError> out = new ArrayList<>();
            rows.forEach(r -> out.addAll(r.errors()));
            return out;
        }
    }

    /**
     * The leader a demand upload is for: a LEADER's own enterprise (a code naming another is refused); a bureau,
     * the province or an administrator name a leader they may write for, as the demand API lets them.
     */
    public LeaderService.Leader uploadLeader(Actor actor, @Nullable String leaderCode) {
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY, Role.LEADER);
        String code = CreditCode.normalise(Text.clean(leaderCode));
        if (actor.is(Role.LEADER)) {
            if (code != null && !code.isEmpty() && !code.equals(actor.leaderCreditCode())) {
                throw new Forbidden("链主企业只能查看和上传本企业的需求批次");
            }
            code = actor.leaderCreditCode();
        }
        if (code == null || code.isEmpty()) {
            throw new BadInput("leader", "请指定为哪一家链主企业上传需求（leader 参数：链主企业的统一社会信用代码）");
        }
        requireWriter(actor, code);
        String c = code;
        return leaders.find(code).orElseThrow(() -> new BadInput("leader", "「" + c + "」不是链主企业"));
    }

    /**
     * The dry run of a demand upload: every row through the same field rules as the form and the API
     * ({@link DemandFields#normalise}, and who may write for which leader), then matched to the leader's stored
     * demands by its natural key (see {@link DemandSheet}): a new demand, a changed one, or one left as it is.
     * Writes nothing.
     */
    public UploadPlan planUpload(Actor actor, String leader, List<DemandSheet.Row> rows) {
        requireWriter(actor, leader);
        Map<Long, DemandRepository.Row> byId = new LinkedHashMap<>();
        Map<String, List<DemandRepository.Row>> byKey = new LinkedHashMap<>();
        for (DemandRepository.Row r : demands.list(null, leader, false, null, null)) {
            byId.put(r.id(), r);
            byKey.computeIfAbsent(key(r.node(), r.spec()), k -> new ArrayList<>()).add(r);
        }
        Map<String, Integer> seen = new java.util.HashMap<>();
        List<PlannedRow> out = new ArrayList<>();
        int inserts = 0;
        int updates = 0;
        int unchanged = 0;
        int rejected = 0;
        for (DemandSheet.Row row : rows) {
            List<RowError> errors = new ArrayList<>(row.errors());
            String rowLeader = CreditCode.normalise(Text.clean(row.input().leaderCreditCode()));
            boolean otherLeader = rowLeader != null && !rowLeader.isEmpty() && !rowLeader.equals(leader);
            if (otherLeader) {
                errors.add(row.error("leaderCreditCode", "OTHER_LEADER", "本次上传的是「" + leaders.name(leader).orElse(leader)
                        + "」的需求，这一行的链主企业「" + rowLeader + "」是另一家企业：每家链主的需求请分开上传"));
            }
            // the field rules run on every row, so that a row's mistakes are all named in one answer; a column the
            // sheet or the leader check already named is not named twice (the row is rejected either way)
            java.util.Set<String> named = new java.util.HashSet<>();
            errors.forEach(e -> named.add(e.column()));
            DemandFields.Result checked = fields.normalise(otherLeader ? row.input().withLeader(leader) : row.input());
            for (DemandFields.Problem p : checked.problems()) {
                RowError e = row.error(p.field(), p.code(), p.message());
                if (!named.contains(e.column())) {
                    errors.add(e);
                }
            }
            DemandFields.DemandData data = errors.isEmpty() ? checked.data() : null;
            DemandRepository.Row target = null;
            if (errors.isEmpty()) {
                String key;
                if (row.demandId() != null) {
                    target = byId.get(row.demandId());
                    key = "#" + row.demandId();
                    if (target == null) {
                        errors.add(row.error("demandId", "UNKNOWN_DEMAND", "需求编号 " + row.demandId() + " 不是「"
                                + leaders.name(leader).orElse(leader) + "」的需求（可能已删除）；新需求请把需求编号留空"));
                    }
                } else {
                    key = key(data.nodeCode(), data.spec());
                    List<DemandRepository.Row> same = byKey.getOrDefault(key, List.of());
                    if (same.size() > 1) {
                        errors.add(row.error("demandId", "AMBIGUOUS_DEMAND", "已有 " + same.size() + " 条产业链节点和规格/等级要求都相同的需求（编号 "
                                + String.join("、", same.stream().map(x -> String.valueOf(x.id())).toList())
                                + "），请在「需求编号」列写明这一行更新哪一条"));
                    } else if (same.size() == 1) {
                        target = same.get(0);
                        key = "#" + target.id();
                    }
                }
                Integer first = seen.putIfAbsent(key, row.rowNo());
                if (first != null && errors.isEmpty()) {
                    errors.add(row.error(row.demandId() != null ? "demandId" : "nodeCode", "DUPLICATE_ROW", "与第 " + first
                            + " 行是同一条需求（需求编号相同，或产业链节点和规格/等级要求相同），请只保留一行"));
                }
            }
            RowAction action;
            if (!errors.isEmpty()) {
                action = RowAction.REJECTED;
                rejected++;
                data = null;
            } else if (target == null) {
                action = RowAction.INSERT;
                inserts++;
            } else if (same(target, data)) {
                action = RowAction.UNCHANGED;
                unchanged++;
            } else {
                action = RowAction.UPDATE;
                updates++;
            }
            out.add(new PlannedRow(row, action, target == null ? null : target.id(), List.copyOf(errors), data));
        }
        return new UploadPlan(out, inserts, updates, unchanged, rejected);
    }

    /**
     * Commits a demand upload, all rows or none: the plan is made again against the demands as they are now; with a
     * rejected row nothing is written and the plan comes back. Else each new and changed demand is written in one
     * transaction, each audited with before and after (DEMAND_CREATE, DEMAND_UPDATE, detail naming the batch), its
     * previous state kept for {@link #rollbackUpload}; {@code batchDone} runs in the same transaction (the batch's
     * own record and audit line).
     */
    public UploadPlan commitUpload(Actor actor, String leader, long batchId, List<DemandSheet.Row> rows,
                                   java.util.function.BiConsumer<DSLContext, UploadPlan> batchDone) {
        UploadPlan plan = planUpload(actor, leader, rows);
        if (plan.rejected() > 0) {
            return plan;
        }
        String detail = "需求表格导入（批次 " + batchId + "）";
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            for (PlannedRow p : plan.rows()) {
                DemandFields.DemandData d = p.data();
                if (p.action() == RowAction.INSERT) {
                    long id = demands.insert(tx, d, actor.username(), specJson(d.specFields()));
                    demands.keepPrevious(tx, batchId, id, "INSERT");
                    demands.written(tx, batchId, id);
                    audit.record(tx, actor, "DEMAND_CREATE", "demand:" + id, null, state(demands.find(tx, id).orElseThrow()), detail);
                } else if (p.action() == RowAction.UPDATE) {
                    long id = p.demandId();
                    DemandRepository.Row before = demands.find(tx, id).orElseThrow();
                    demands.keepPrevious(tx, batchId, id, "UPDATE");
                    String status = d.status() == null ? before.status() : d.status().name();
                    // a sheet has no structured spec columns: the ones the form stored stay
                    String spec = d.specFields().isEmpty() ? before.specFields() : specJson(d.specFields());
                    demands.update(tx, id, d, status, spec);
                    demands.written(tx, batchId, id);
                    audit.record(tx, actor, "DEMAND_UPDATE", "demand:" + id, state(before), state(demands.find(tx, id).orElseThrow()), detail);
                }
            }
            batchDone.accept(tx, plan);
        });
        return plan;
    }

    /**
     * Puts back what a committed demand upload changed: its new demands deleted, its changed ones as they were,
     * each audited; refused (409, nothing changed) when one of them was edited or deleted since. {@code batchDone}
     * runs first in the same transaction (marking the batch rolled back, so a second rollback finds it done).
     *
     * @return the demands put back
     */
    public int rollbackUpload(Actor actor, String leader, long batchId, java.util.function.Consumer<DSLContext> batchDone) {
        requireWriter(actor, leader);
        String detail = "回滚需求表格导入（批次 " + batchId + "）";
        int[] touched = {0};
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            batchDone.accept(tx);
            var previous = demands.previous(tx, batchId);
            List<String> edited = new ArrayList<>();
            for (var p : previous) {
                Optional<DemandRepository.Row> now = demands.find(tx, p.getDemandId());
                if (now.isEmpty() || !java.util.Objects.equals(demands.updatedAt(tx, p.getDemandId()), p.getWrittenAt())) {
                    edited.add(String.valueOf(p.getDemandId()));
                }
            }
            if (!edited.isEmpty()) {
                throw new cn.chainatlas.common.Conflict("本批次导入的需求在此后又被修改或删除过（需求编号 " + String.join("、", edited)
                        + "），回滚会覆盖那些修改；请手工处理这些需求");
            }
            refuseIfRecordsHeld(tx, previous.stream().filter(p -> "INSERT".equals(p.getAction()))
                    .map(p -> p.getDemandId()).toList(), "回滚");
            for (var p : previous) {
                DemandRepository.Row before = demands.find(tx, p.getDemandId()).orElseThrow();
                if ("INSERT".equals(p.getAction())) {
                    demands.delete(tx, p.getDemandId());
                    audit.record(tx, actor, "DEMAND_DELETE", "demand:" + p.getDemandId(), state(before), null, detail);
                } else {
                    demands.restore(tx, p);
                    audit.record(tx, actor, "DEMAND_UPDATE", "demand:" + p.getDemandId(), state(before),
                            state(demands.find(tx, p.getDemandId()).orElseThrow()), detail);
                }
                touched[0]++;
            }
        });
        return touched[0];
    }

    /** The natural key of a demand without a 需求编号: its node and its spec text, spaces and full-width forms ignored. */
    private static String key(String node, @Nullable String spec) {
        return node + "|" + Text.key(spec == null ? "" : spec);
    }

    /** Whether an upload's row would leave the stored demand as it is. */
    private boolean same(DemandRepository.Row s, DemandFields.DemandData d) {
        return s.node().equals(d.nodeCode()) && eq(s.quantity(), d.quantity()) && java.util.Objects.equals(s.unit(), d.unit())
                && eq(s.value(), d.valueWan()) && java.util.Objects.equals(s.spec(), d.spec())
                && (d.specFields().isEmpty() || specFields(s.specFields()).equals(d.specFields()))
                && java.util.Objects.equals(s.certifications(), DemandRepository.joined(d.requiredCertifications()))
                && java.util.Objects.equals(s.preferred(), DemandRepository.joined(d.preferredRegions()))
                && java.util.Objects.equals(s.excluded(), DemandRepository.joined(d.excludedRegions()))
                && eq(s.local(), d.sources().get("local")) && eq(s.guangdong(), d.sources().get("guangdong"))
                && eq(s.otherProvince(), d.sources().get("otherProvince")) && eq(s.imported(), d.sources().get("import"))
                && java.util.Objects.equals(s.neededBy(), d.neededBy()) && java.util.Objects.equals(s.note(), d.note())
                && (d.status() == null || d.status().name().equals(s.status()));
    }

    private static boolean eq(@Nullable BigDecimal a, @Nullable BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    // ------------------------------------------------------------------------------------------ scope

    /** The leader itself, its city's bureau, the province and administrators. */
    static boolean mayAccess(Actor actor, String leader, @Nullable String leaderCity) {
        return switch (actor.role()) {
            case ADMIN, PROVINCE -> true;
            case CITY -> actor.cityCode() != null && actor.cityCode().equals(leaderCity);
            case LEADER -> leader.equals(actor.leaderCreditCode());
        };
    }

    private void requireAccess(Actor actor, String leader, @Nullable String leaderCity) {
        if (!mayAccess(actor, leader, leaderCity)) {
            throw new Forbidden(CONFIDENTIAL);
        }
    }

    private void requireWriter(Actor actor, String leaderCode) {
        LeaderService.Leader leader = leaders.find(leaderCode)
                .orElseThrow(() -> new BadInput("leaderCreditCode", "「" + leaderCode + "」不是链主企业"));
        if (!mayAccess(actor, leader.creditCode(), leader.cityCode())) {
            throw new Forbidden(actor.is(Role.LEADER) ? "链主企业只能登记本企业的需求"
                    : "地市局只能为本市链主企业登记需求（" + leader.name() + " 位于" + (leader.cityName() == null ? "省外" : leader.cityName()) + "）");
        }
    }

    // ------------------------------------------------------------------------------------------ shapes

    Demand view(DemandRepository.Row r) {
        Map<String, String> spec = specFields(r.specFields());
        List<Demand.Requirement> requirements = new ArrayList<>();
        SpecParser.requirements(r.node(), spec, r.spec())
                .forEach((f, v) -> requirements.add(new Demand.Requirement(f.key(), f.label(), v.shown())));
        List<String> preferred = DemandRepository.split(r.preferred());
        List<String> excluded = DemandRepository.split(r.excluded());
        Map<String, String> regionNames = new LinkedHashMap<>();
        preferred.forEach(c -> regionNames.put(c, fields.regionName(c)));
        excluded.forEach(c -> regionNames.put(c, fields.regionName(c)));
        Map<String, BigDecimal> sources = new LinkedHashMap<>();
        sources.put("local", r.local());
        sources.put("guangdong", r.guangdong());
        sources.put("otherProvince", r.otherProvince());
        sources.put("import", r.imported());
        DemandStatus stored = DemandStatus.valueOf(r.status());
        DemandStatus shown = DemandStatus.shown(stored, r.neededBy(), LocalDate.now());
        return new Demand(r.id(), r.leader(), r.leaderName(), r.cityCode(), cities.name(r.cityCode()), r.node(), r.nodeName(),
                r.quantity(), r.unit(), r.value(), r.spec(), spec, requirements,
                DemandRepository.split(r.certifications()), preferred, excluded, regionNames, sources, r.neededBy(),
                r.note(), shown.name(), shown.label(), stored.name(), r.createdBy(), r.createdAt(), r.updatedAt());
    }

    /** What the audit log keeps of a demand, field by field under the form's labels. */
    private Map<String, Object> state(DemandRepository.Row r) {
        Demand d = view(r);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("链主企业", d.leaderName() + "（" + d.leaderCreditCode() + "）");
        m.put("所需产品", d.nodeName() + "（" + d.nodeCode() + "）");
        m.put("年需求量", d.quantity() == null ? null : plain(d.quantity()) + (d.unit() == null ? "" : " " + d.unit()));
        m.put("年采购额（万元）", d.valueWan() == null ? null : plain(d.valueWan()));
        m.put("规格与技术要求", d.spec());
        m.put("结构化规格", d.requirements().isEmpty() ? null : String.join("；", d.requirements().stream()
                .map(q -> q.label() + " " + q.value()).toList()));
        m.put("必备资质认证", d.requiredCertifications().isEmpty() ? null : String.join("、", d.requiredCertifications()));
        m.put("优先地区", names(d.preferredRegions(), d.regionNames()));
        m.put("排除地区", names(d.excludedRegions(), d.regionNames()));
        List<String> split = new ArrayList<>();
        d.sources().forEach((k, v) -> split.add(DemandFields.SOURCE_LABELS.get(k) + " " + plain(v) + "%"));
        m.put("当前采购来源", String.join("、", split));
        m.put("需求日期", d.neededBy() == null ? null : d.neededBy().toString());
        m.put("备注", d.note());
        m.put("状态", DemandStatus.valueOf(d.storedStatus()).label());
        return m;
    }

    private static String names(List<String> codes, Map<String, String> names) {
        return codes.isEmpty() ? null : String.join("、", codes.stream().map(c -> names.getOrDefault(c, c)).toList());
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }

    private String specJson(Map<String, String> spec) {
        if (spec == null || spec.isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> specFields(String stored) {
        return cn.chainatlas.db.JsonColumns.stringMap(json, stored);
    }
}
