package cn.chainatlas.enterprise;

import cn.chainatlas.chain.ChainGraph;
import cn.chainatlas.chain.ChainGraphCache;
import cn.chainatlas.common.BadInput;
import cn.chainatlas.common.Forbidden;
import cn.chainatlas.common.NotFound;
import cn.chainatlas.common.Text;
import cn.chainatlas.db.schema.tables.records.EnterpriseRecord;
import cn.chainatlas.geo.Cities;
import cn.chainatlas.common.Actor;
import cn.chainatlas.audit.AuditLog;
import cn.chainatlas.security.LeaderDirectory;
import cn.chainatlas.common.Role;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;

/**
 * Chain leaders (链主): registry enterprises declared 链主 of one or more chains. ADMIN and PROVINCE declare and
 * revoke for any enterprise, CITY for its own city's (provinces and cities both name 链主); every change is audited
 * with before and after. {@code enterprise.is_leader} and the title 链主 follow the declarations: the first chain
 * makes an enterprise a leader, removing the last one makes it an ordinary supplier again. Everyone signed in may
 * read who leads which chain (the chain pages name them too).
 */
@Singleton
public class LeaderService implements LeaderDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderService.class);

    /** One chain a leader leads, and how that became known. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LeaderChain(String code, String name, String source, String sourceLabel, @Nullable String declaredBy,
                              @Nullable LocalDateTime declaredAt) {
    }

    /** A leader enterprise; {@code chains} is empty for a 链主 by title whose chains nobody has named yet. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Leader(String creditCode, String name, @Nullable String cityCode, @Nullable String cityName,
                         List<LeaderChain> chains) {
        public List<String> chainCodes() {
            return chains.stream().map(LeaderChain::code).toList();
        }
    }

    private final DSLContext dsl;
    private final LeaderRepository leaders;
    private final EnterpriseService enterprises;
    private final AuditLog audit;
    private final Cities cities;
    private final ChainGraphCache graphs;

    LeaderService(DSLContext dsl, LeaderRepository leaders, EnterpriseService enterprises, AuditLog audit, Cities cities,
                  ChainGraphCache graphs) {
        this.dsl = dsl;
        this.leaders = leaders;
        this.enterprises = enterprises;
        this.audit = audit;
        this.cities = cities;
        this.graphs = graphs;
    }

    /** Leaders, optionally of one chain and one city (name or code). Every signed-in role. */
    public List<Leader> list(Actor actor, @Nullable String chain, @Nullable String city) {
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY, Role.LEADER);
        // a code or a name (高端数控机床), as declaring and revoking take it
        String chainCode = chain == null || chain.isBlank() ? null : resolveChain(chain, leaders.chainNames());
        if (chain != null && !chain.isBlank() && chainCode == null) {
            throw new BadInput("chain", "未知产业链「" + chain + "」");
        }
        String cityCode = null;
        if (city != null && !city.isBlank()) {
            cityCode = cities.parse(city).cityCode();
            if (cityCode == null) {
                throw new BadInput("city", "「" + city + "」不是广东省的地市");
            }
        }
        return group(leaders.leaders(chainCode, cityCode, null));
    }

    /** The leader with this credit code, if the registry holds it as a 链主 (for other features' services). */
    public Optional<Leader> find(String creditCode) {
        if (creditCode == null) {
            return Optional.empty();
        }
        List<Leader> found = group(leaders.leaders(null, null, List.of(creditCode.strip().toUpperCase(Locale.ROOT))));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Leaders by credit code, for lists of demands. */
    public Map<String, Leader> find(java.util.Collection<String> creditCodes) {
        Map<String, Leader> out = new LinkedHashMap<>();
        if (!creditCodes.isEmpty()) {
            group(leaders.leaders(null, null, creditCodes)).forEach(l -> out.put(l.creditCode(), l));
        }
        return out;
    }

    /** chain code → name, in the chains' order (the forms' choices) */
    public Map<String, String> chainNames() {
        return leaders.chainNames();
    }

    @Override
    public boolean isLeader(String creditCode) {
        return find(creditCode).isPresent();
    }

    @Override
    public Optional<String> name(String creditCode) {
        if (creditCode == null) {
            return Optional.empty();
        }
        return dsl.select(ENTERPRISE.NAME).from(ENTERPRISE)
                .where(ENTERPRISE.CREDIT_CODE.eq(creditCode.strip().toUpperCase(Locale.ROOT))).fetchOptional(ENTERPRISE.NAME);
    }

    /**
     * Declares the enterprise 链主 of the given chains (added to those it already leads). Audited as LEADER_DECLARE.
     *
     * @throws Forbidden for LEADER, and for CITY on another city's enterprise
     * @throws BadInput  without chains, with an unknown chain, or for an enterprise outside Guangdong
     */
    public Leader declare(Actor actor, String creditCode, List<String> chainCodes) {
        EnterpriseRecord r = enterprise(creditCode);
        requireDeclarer(actor, r);
        Map<String, String> names = leaders.chainNames();
        Set<String> codes = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String c : chainCodes == null ? List.<String>of() : chainCodes) {
            String code = resolveChain(c, names);
            if (code == null) {
                unknown.add(c);
            } else {
                codes.add(code);
            }
        }
        if (!unknown.isEmpty()) {
            throw new BadInput("chainCodes", "未知产业链：" + String.join("、", unknown) + "（应为 " + String.join("、", names.keySet()) + " 或其中文名）");
        }
        if (codes.isEmpty()) {
            throw new BadInput("chainCodes", "请至少选择一条产业链");
        }
        if (r.getCityCode() == null) {
            throw new BadInput("creditCode", "「" + r.getName() + "」不是广东省内企业，不能认定为本省产业链的链主");
        }
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Map<String, Object> before = state(tx, r);
            if (!Boolean.TRUE.equals(r.getIsLeader())) {
                // chains left from before the enterprise stopped being 链主 (an upload without 链主 in its titles) are
                // not declared again with this one: only the chains asked for now (fresh-eyes pass #14)
                leaders.remove(tx, r.getCreditCode(), null);
            }
            for (String code : codes) {
                leaders.declare(tx, r.getCreditCode(), code, actor.username());
            }
            setLeaderTitle(tx, r, true);
            audit.record(tx, actor, "LEADER_DECLARE", "enterprise:" + r.getCreditCode(), before, state(tx, r),
                    "认定为链主：" + String.join("、", codes.stream().map(names::get).toList()));
        });
        return find(r.getCreditCode()).orElseThrow();
    }

    /**
     * Revokes one chain ({@code chainCode}) or every chain (null). Without any chain left the enterprise is no longer
     * a leader (is_leader false, title 链主 removed). Audited as LEADER_REVOKE.
     *
     * @return the leader as it stands afterwards, empty when it is no longer one
     */
    public Optional<Leader> revoke(Actor actor, String creditCode, @Nullable String chainCode) {
        EnterpriseRecord r = enterprise(creditCode);
        requireDeclarer(actor, r);
        String code = null;
        if (chainCode != null && !chainCode.isBlank()) {
            code = resolveChain(chainCode, leaders.chainNames());
            if (code == null) {
                throw new BadInput("chain", "未知产业链「" + chainCode + "」");
            }
        }
        if (!Boolean.TRUE.equals(r.getIsLeader())) {
            throw new BadInput("creditCode", "「" + r.getName() + "」不是链主企业");
        }
        String only = code;
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Map<String, String> current = leaders.chainsOf(tx, r.getCreditCode());
            if (only != null && !current.containsKey(only)) {
                throw new BadInput("chain", "「" + r.getName() + "」不是该产业链（" + only + "）的链主");
            }
            Map<String, Object> before = state(tx, r);
            leaders.remove(tx, r.getCreditCode(), only == null ? null : List.of(only));
            if (leaders.chainsOf(tx, r.getCreditCode()).isEmpty()) {
                setLeaderTitle(tx, r, false);
            }
            audit.record(tx, actor, "LEADER_REVOKE", "enterprise:" + r.getCreditCode(), before, state(tx, r),
                    only == null ? "撤销全部链主认定" : "撤销链主认定：" + only);
        });
        return find(r.getCreditCode());
    }

    /**
     * A 链主 by registry title whose chains nobody named: the chains of the final equipment (or, failing that, of any
     * node) it is classified to, recorded as INFERRED and audited by the system. Run at start-up.
     */
    void inferChains() {
        List<String> codes = leaders.leadersWithoutChains();
        if (codes.isEmpty()) {
            return;
        }
        ChainGraph graph = graphs.get();
        Map<String, List<NodeMatch>> nodes = enterprises.nodes(codes);
        int inferred = 0;
        for (String code : codes) {
            List<String> own = nodes.getOrDefault(code, List.of()).stream().map(NodeMatch::nodeCode).toList();
            Set<String> chains = new LinkedHashSet<>();
            graph.chains().values().forEach(c -> {
                if (c.roots().stream().anyMatch(own::contains)) {
                    chains.add(c.code());
                }
            });
            if (chains.isEmpty()) {
                graph.chains().keySet().forEach(c -> {
                    if (own.stream().anyMatch(n -> graph.view(c).contains(n))) {
                        chains.add(c);
                    }
                });
            }
            if (chains.isEmpty()) {
                continue;
            }
            EnterpriseRecord r = enterprise(code);
            dsl.transaction(cfg -> {
                DSLContext tx = DSL.using(cfg);
                Map<String, Object> before = state(tx, r);
                chains.forEach(c -> leaders.add(tx, code, c, "INFERRED", Actor.SYSTEM.username()));
                audit.record(tx, Actor.SYSTEM, "LEADER_DECLARE", "enterprise:" + code, before, state(tx, r),
                        "名录称号为链主，按其归类的整机推定所属产业链");
            });
            inferred++;
        }
        if (inferred > 0) {
            LOG.info("Chains inferred for {} leader(s) named 链主 in the registry without chains", inferred);
        }
    }

    private static String resolveChain(String value, Map<String, String> names) {
        String v = value == null ? "" : value.strip();
        if (names.containsKey(v.toUpperCase(Locale.ROOT))) {
            return v.toUpperCase(Locale.ROOT);
        }
        for (Map.Entry<String, String> e : names.entrySet()) {
            if (Text.key(e.getValue()).equals(Text.key(v))) {
                return e.getKey();
            }
        }
        return null;
    }

    private EnterpriseRecord enterprise(String creditCode) {
        if (creditCode == null || creditCode.isBlank()) {
            throw new BadInput("creditCode", "请填写链主企业的统一社会信用代码");
        }
        String code = creditCode.strip().toUpperCase(Locale.ROOT);
        EnterpriseRecord r = dsl.selectFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(code)).fetchOne();
        if (r == null) {
            throw new NotFound("企业「" + creditCode + "」不在名录中");
        }
        return r;
    }

    private void requireDeclarer(Actor actor, EnterpriseRecord r) {
        if (actor.is(Role.LEADER)) {
            throw new Forbidden("链主企业账号不能认定或撤销链主");
        }
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY);
        if (!actor.mayManageCity(r.getCityCode())) {
            throw new Forbidden("地市局只能认定本市企业为链主（该企业位于" + (r.getCityCode() == null ? "省外" : cities.name(r.getCityCode())) + "）");
        }
    }

    /** is_leader and the title 链主 follow the declarations; the stored digest follows the fields. */
    private void setLeaderTitle(DSLContext tx, EnterpriseRecord r, boolean leader) {
        Set<String> titles = new LinkedHashSet<>(EnterpriseService.split(r.getTitles()));
        boolean changed = leader ? titles.add(Titles.LEADER) : titles.remove(Titles.LEADER);
        if (!changed && Boolean.valueOf(leader).equals(r.getIsLeader())) {
            return;
        }
        r.setTitles(titles.isEmpty() ? null : String.join(EnterpriseData.SEPARATOR, titles));
        r.setIsLeader(leader);
        r.setLastBatchId(null);
        r.setProfileEditedBy("BUREAU");
        r.setContentHash(EnterpriseService.data(r).contentHash(enterprises.nodes(List.of(r.getCreditCode()))
                .getOrDefault(r.getCreditCode(), List.of())));
        tx.executeUpdate(r);
    }

    /** What the audit log keeps for a leader change. */
    private Map<String, Object> state(DSLContext tx, EnterpriseRecord r) {
        Map<String, String> names = leaders.chainNames();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("统一社会信用代码", r.getCreditCode());
        m.put("企业名称", r.getName());
        m.put("链主", Boolean.TRUE.equals(r.getIsLeader()) ? "是" : "否");
        m.put("企业称号", r.getTitles());
        List<String> chains = new ArrayList<>();
        leaders.chainsOf(tx, r.getCreditCode()).forEach((code, source) -> chains.add(names.getOrDefault(code, code)
                + "（" + sourceLabel(source) + "）"));
        m.put("所属产业链", chains.isEmpty() ? null : String.join("、", chains));
        return m;
    }

    static String sourceLabel(String source) {
        return switch (source == null ? "" : source) {
            case "MANUAL" -> "主管部门认定";
            case "REGISTRY" -> "名录申报";
            case "INFERRED" -> "按名录称号推定";
            default -> source;
        };
    }

    private List<Leader> group(List<LeaderRepository.Row> rows) {
        Map<String, Leader> out = new LinkedHashMap<>();
        for (LeaderRepository.Row r : rows) {
            Leader l = out.computeIfAbsent(r.creditCode(), k -> new Leader(r.creditCode(), r.name(), r.cityCode(),
                    r.cityName(), new ArrayList<>()));
            if (r.chainCode() != null) {
                l.chains().add(new LeaderChain(r.chainCode(), r.chainName(), r.source(), sourceLabel(r.source()),
                        r.declaredBy(), r.declaredAt()));
            }
        }
        return new ArrayList<>(out.values());
    }
}
