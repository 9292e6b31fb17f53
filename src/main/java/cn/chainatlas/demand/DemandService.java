package cn.chainatlas.demand;

import cn.chainatlas.chain.SpecParser;
import cn.chainatlas.common.BadInput;
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

    DemandService(DemandRepository demands, DemandFields fields, LeaderService leaders, AuditLog audit, DSLContext dsl,
                  JsonMapper json, Cities cities) {
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
        String scope = actor.is(Role.CITY) ? actor.cityCode() : city(city);
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
            requireWriter(actor, d.leaderCreditCode());
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
            demands.delete(tx, id);
            audit.record(tx, actor, "DEMAND_DELETE", "demand:" + id, state(before), null, null);
        });
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

    @SuppressWarnings("unchecked")
    private Map<String, String> specFields(String stored) {
        if (stored == null || stored.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> m = json.readValue(stored, Map.class);
            Map<String, String> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, v == null ? null : v.toString()));
            return out;
        } catch (IOException e) {
            return Map.of();
        }
    }
}
