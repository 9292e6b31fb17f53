package cn.chainatlas.enterprise;

import cn.chainatlas.geo.Cities;

import cn.chainatlas.common.NotFound;

import cn.chainatlas.common.BadInput;

import cn.chainatlas.db.schema.tables.records.EnterpriseRecord;
import cn.chainatlas.excel.RegistryColumn;
import cn.chainatlas.common.Text;
import cn.chainatlas.common.Actor;
import cn.chainatlas.audit.AuditLog;
import cn.chainatlas.common.Forbidden;
import cn.chainatlas.common.Role;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE_CAPACITY;

/**
 * The registry as people read and edit it. Everyone signed in may read; the private fields (revenue, R&D
 * spending, contacts and every column of the uploaded sheet the template does not know, {@code extra_attributes})
 * are seen by ADMIN and PROVINCE, by a city bureau for its own city's enterprises, by a chain leader for its own
 * enterprise, and by everyone for an enterprise that consented ({@code public_consent}). ADMIN and PROVINCE edit
 * any entry, CITY only its own city's; a LEADER account edits its own enterprise's profile only
 * ({@link #LEADER_FIELDS}: products, 技术参数, certifications, capacity, contacts, consent, unwillingness).
 */
@Singleton
public class EnterpriseService {

    private final DSLContext dsl;
    private final Cities cities;
    private final Classifier classifier;
    private final AuditLog audit;
    private final JsonMapper json;
    private final EnterpriseState states;
    private final LeaderRepository leaders;
    private final SearchIndex search;

    private final int countCap;

    EnterpriseService(DSLContext dsl, Cities cities, Classifier classifier, AuditLog audit, JsonMapper json,
                      EnterpriseState states, LeaderRepository leaders, SearchIndex search,
                      @Value("${chainatlas.registry.count-cap:" + COUNT_CAP + "}") int countCap) {
        this.countCap = Math.max(1, countCap);
        this.search = search;
        this.leaders = leaders;
        this.states = states;
        this.dsl = dsl;
        this.cities = cities;
        this.classifier = classifier;
        this.audit = audit;
        this.json = json;
    }

    Condition condition(EnterpriseFilter f) {
        Condition c = DSL.noCondition();
        if (f.city() != null && !f.city().isBlank()) {
            Cities.Place place = cities.parse(f.city());
            if (place.cityCode() != null) {
                c = c.and(ENTERPRISE.CITY_CODE.eq(place.cityCode()));
            } else if (place.outsideProvince() != null) {
                c = c.and(ENTERPRISE.OUTSIDE_PROVINCE.eq(place.outsideProvince()));
            } else if (Text.key(f.city()).equals("省外")) {
                c = c.and(ENTERPRISE.CITY_CODE.isNull());
            } else {
                throw new BadInput("city「" + f.city() + "」不是广东省的地市");
            }
        }
        if (f.node() != null && !f.node().isBlank()) {
            // a node by its code, its name or any alias (电主轴, ELECTRIC_SPINDLE)
            String node = classifier.model().resolve(f.node().trim());
            if (node == null) {
                throw new BadInput("node", "产业链节点「" + f.node().trim() + "」不存在（可填节点名称、别名或代码）");
            }
            c = c.and(DSL.exists(DSL.selectOne().from(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.eq(ENTERPRISE.CREDIT_CODE))
                    .and(ENTERPRISE_NODE.NODE_CODE.eq(node))));
        }
        if (f.tier() != null && !f.tier().isBlank()) {
            c = c.and(ENTERPRISE.TIER.eq(Titles.canonical(f.tier().trim())));
        }
        if (f.q() != null && !f.q().isBlank()) {
            String q = f.q().trim();
            String like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            // the search index (SearchIndex) only narrows which rows this is checked on: the LIKE decides
            c = c.and(ENTERPRISE.NAME.like(like).or(SearchIndex.byCode(q)).or(ENTERPRISE.MAIN_PRODUCTS.like(like)));
        }
        if (f.exceptNode() != null) {
            c = c.and(DSL.notExists(DSL.selectOne().from(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.eq(ENTERPRISE.CREDIT_CODE))
                    .and(ENTERPRISE_NODE.NODE_CODE.eq(f.exceptNode()))));
        }
        if (f.unclassified()) {
            // the kept mark (V24), not an anti-join over the registry: its count is a range of ix_enterprise_unclassified
            c = c.and(ENTERPRISE.IS_UNCLASSIFIED.isTrue());
        }
        return c;
    }

    /**
     * A search's count stops at this many hits (or at the end of the page asked for, if later): counting every hit of
     * a common word reads every hit's row (轴 36,226, 交流伺服电机 13,347 at 100,000 enterprises), which a clerk
     * paging through the first 50 does not need. The page then says "1,000 家以上" ({@link EnterprisePage#totalCapped}).
     * Counts the index gives exactly without reading rows (two Chinese characters, a node's enterprises, plain lists)
     * are never capped. Setting {@code chainatlas.registry.count-cap} changes it.
     */
    public static final int COUNT_CAP = 1000;

    /**
     * One page of the registry, leaders first, then by name. A search of two or more characters reads its candidates
     * from the search index and checks only them; the order comes from the listing indexes (V20), and the page's
     * rows are read by key once their codes are known, so a later page skips index entries, not whole rows.
     * <p>
     * The total is exact for plain lists (by city, tier), for a node's enterprises without other filters and for a
     * search of two Chinese characters (both read from an index alone); for other searches and filtered node lists it
     * is counted up to {@link #COUNT_CAP} (or up to the end of the page asked for), and {@link EnterprisePage#totalCapped}
     * says when it stopped there.
     *
     * @param page from 1; past the last page an empty page with the total
     * @param size 1 to 500 rows
     */
    public EnterprisePage list(Actor actor, EnterpriseFilter filter, int page, int size) {
        int p = Math.max(page, 1);
        int s = Math.min(Math.max(size, 1), 500);
        Condition c = condition(filter);
        Table<?> from = ENTERPRISE;
        boolean words = filter.q() != null && !filter.q().isBlank();
        SearchIndex.Plan plan = words ? search.plan(filter.q(), filter.exceptNode()) : null;
        if (plan != null && plan.hits() != null) {
            from = ENTERPRISE.join(plan.hits()).on(SearchIndex.joins());
        } else if (plan != null) {
            c = c.and(plan.within());
        }
        String node = filter.node() == null || filter.node().isBlank() ? null : classifier.model().resolve(filter.node().trim());
        int total;
        boolean capped = false;
        if (plan != null && plan.exactGram() != null && onlyWords(filter)) {
            total = search.count(plan.exactGram(), filter.exceptNode());
        } else if (!words && node != null && onlyNode(filter)) {
            // a node's enterprises: one range of the node index (the foreign key keeps every entry an enterprise)
            total = dsl.fetchCount(ENTERPRISE_NODE, ENTERPRISE_NODE.NODE_CODE.eq(node));
        } else if (plan == null && words && Math.max(countCap, (long) p * s) <= 2L * countCap) {
            // a scan (one character, a common phrase, or a search while an import's enterprises wait for the index):
            // one pass in the table's order finds the hits up to the cap, and the page is read from them by key
            // instead of a second pass
            long cap = Math.max(countCap, (long) p * s);
            List<String> found = dsl.select(ENTERPRISE.CREDIT_CODE).from(from).where(c).limit(cap + 1).fetch(ENTERPRISE.CREDIT_CODE);
            capped = found.size() > cap;
            total = capped ? (int) cap : found.size();
            if (!capped) {
                c = ENTERPRISE.CREDIT_CODE.in(found);
            }
        } else if (words || node != null) {
            long cap = Math.max(countCap, (long) p * s);
            int n = dsl.fetchCount(dsl.selectOne().from(from).where(c).limit(cap + 1));
            capped = n > cap;
            total = capped ? (int) cap : n;
        } else {
            total = dsl.fetchCount(dsl.selectOne().from(from).where(c));
        }
        if ((long) (p - 1) * s >= total) {
            // past the last page: nothing to read (and no offset the database would refuse)
            return new EnterprisePage(List.of(), total, p, s, capped);
        }
        if ((words || node != null) && walkListing(plan, total, capped, (long) p * s)) {
            // the hits are dense enough that walking the listing index in the page's order, checking each entry, stops
            // sooner than reading every hit and sorting them — which the database picks on its own (measured: the
            // node 轴承's 13,371 enterprises read and sorted for a page of 50, 150–280 ms under load, against 325
            // index entries probed, 1.5 ms); the listing table leads, so the index is the walk, not a lookup
            Table<?> listing = ENTERPRISE.forceIndex(listingIndex(filter));
            from = plan != null && plan.hits() != null ? listing.straightJoin(plan.hits()).on(SearchIndex.joins()) : listing;
        } else if (words || node != null) {
            // few hits: read them and sort them. Left to itself the database may walk the whole listing index for a
            // page of 50 it never fills (measured: a rare name while the index caught up, 100,000 entries each with
            // its row read, 0.8–1.7 s under load, against 0.2 s scanning in order and sorting the one hit)
            Table<?> sorted = ENTERPRISE.ignoreIndexForOrderBy("ix_enterprise_listing", "ix_enterprise_city_listing");
            from = plan != null && plan.hits() != null ? sorted.join(plan.hits()).on(SearchIndex.joins()) : sorted;
        }
        List<String> codes = dsl.select(ENTERPRISE.CREDIT_CODE).from(from).where(c)
                .orderBy(ENTERPRISE.IS_LEADER.desc(), ENTERPRISE.NAME, ENTERPRISE.CREDIT_CODE)
                .limit(s).offset((long) (p - 1) * s).fetch(ENTERPRISE.CREDIT_CODE);
        Map<String, EnterpriseRecord> byCode = new HashMap<>();
        for (EnterpriseRecord r : dsl.selectFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.in(codes)).fetch()) {
            byCode.put(r.getCreditCode(), r);
        }
        Map<String, List<NodeMatch>> nodes = nodes(codes);
        Map<String, List<EnterpriseView.NodeCapacity>> capacities = capacities(codes);
        List<EnterpriseView> items = new ArrayList<>(codes.size());
        for (String code : codes) {
            EnterpriseRecord r = byCode.get(code);
            if (r != null) {
                items.add(view(actor, r, nodes.getOrDefault(code, List.of()), capacities.getOrDefault(code, List.of())));
            }
        }
        return new EnterprisePage(items, total, p, s, capped);
    }

    /**
     * Whether the page is read by walking the listing index (each entry checked against the filter until the page is
     * full) rather than from the hits (each hit's row read, then all sorted). The walk checks about
     * {@code end × registry / hits} entries, the other way reads {@code hits} rows: so walk when
     * {@code end × registry < hits²}. A scan (no index plan) reads every row anyway: walk as soon as the hits are more
     * than a few pages' worth.
     *
     * @param hits at least this many (the total, a lower bound when capped)
     * @param end  the last row the page needs (page × size)
     */
    private boolean walkListing(@Nullable SearchIndex.Plan plan, int hits, boolean capped, long end) {
        if (plan == null && capped) {
            return true;
        }
        return end * registrySize() < (long) hits * hits;
    }

    /** The listing index whose order the page walks: by city for one Guangdong city, else the province's. */
    private String listingIndex(EnterpriseFilter f) {
        boolean oneCity = f.city() != null && !f.city().isBlank() && cities.parse(f.city()).cityCode() != null;
        return oneCity ? "ix_enterprise_city_listing" : "ix_enterprise_listing";
    }

    private volatile long registrySize = -1;
    private volatile long registrySizeAt;

    /** About how many enterprises the registry holds (InnoDB's estimate, read at most once a minute): for plans only. */
    private long registrySize() {
        long now = System.currentTimeMillis();
        if (registrySize < 0 || now - registrySizeAt > 60_000) {
            Long rows = dsl.select(DSL.field("table_rows", Long.class)).from("information_schema.tables")
                    .where(DSL.field("table_schema").eq(DSL.field("database()"))).and(DSL.field("table_name").eq("enterprise"))
                    .fetchOne(0, Long.class);
            registrySize = Math.max(1, rows == null ? 1 : rows);
            registrySizeAt = now;
        }
        return registrySize;
    }

    /**
     * A filter of words alone (no city, node, tier or 未归类; the node-first page's leaving out of a node's own
     * enterprises is allowed): its count may come from the search index alone.
     */
    private static boolean onlyWords(EnterpriseFilter f) {
        return (f.city() == null || f.city().isBlank()) && (f.node() == null || f.node().isBlank())
                && (f.tier() == null || f.tier().isBlank()) && !f.unclassified();
    }

    /** A filter of a node alone (no city, tier, words or 未归类). */
    private static boolean onlyNode(EnterpriseFilter f) {
        return (f.city() == null || f.city().isBlank()) && (f.tier() == null || f.tier().isBlank())
                && (f.q() == null || f.q().isBlank()) && !f.unclassified() && f.exceptNode() == null;
    }

    public EnterpriseView detail(Actor actor, String creditCode) {
        EnterpriseRecord r = find(creditCode);
        return view(actor, r, nodes(List.of(r.getCreditCode())).getOrDefault(r.getCreditCode(), List.of()));
    }

    private EnterpriseRecord find(String creditCode) {
        EnterpriseRecord r = dsl.selectFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(creditCode == null ? "" : creditCode.trim().toUpperCase())).fetchOne();
        if (r == null) {
            throw new NotFound("企业「" + creditCode + "」不在名录中");
        }
        return r;
    }


    Map<String, List<NodeMatch>> nodes(List<String> codes) {
        Map<String, List<NodeMatch>> out = new HashMap<>();
        if (codes.isEmpty()) {
            return out;
        }
        Classifier.Model model = classifier.model();
        for (var n : dsl.selectFrom(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.in(codes))
                .orderBy(ENTERPRISE_NODE.CONFIDENCE.desc(), ENTERPRISE_NODE.NODE_CODE).fetch()) {
            out.computeIfAbsent(n.getCreditCode(), k -> new ArrayList<>()).add(new NodeMatch(n.getNodeCode(),
                    model.nodeName(n.getNodeCode()), n.getConfidence().doubleValue(), n.getMatched(), n.getSource()));
        }
        return out;
    }

    /**
     * Whether the actor may see the private fields (revenue, R&D spending, contacts, the sheet's extra columns) of
     * an enterprise stored under {@code cityCode}: the province and administrators always; a city bureau for its own
     * city's enterprises; a chain leader for its own; anyone when the supplier consented.
     */
    public static boolean seesPrivate(Actor actor, String creditCode, @Nullable String cityCode, boolean consent) {
        if (consent || actor.isProvinceWide()) {
            return true;
        }
        if (actor.is(Role.CITY)) {
            return actor.cityCode() != null && actor.cityCode().equals(cityCode);
        }
        return actor.is(Role.LEADER) && creditCode.equals(actor.leaderCreditCode());
    }

    /** {@link #seesPrivate} as a condition on the enterprise table (for exports that read many rows). */
    static Condition privateVisible(Actor actor) {
        if (actor.isProvinceWide()) {
            return DSL.trueCondition();
        }
        Condition own = actor.is(Role.CITY) && actor.cityCode() != null ? ENTERPRISE.CITY_CODE.eq(actor.cityCode())
                : actor.is(Role.LEADER) && actor.leaderCreditCode() != null ? ENTERPRISE.CREDIT_CODE.eq(actor.leaderCreditCode())
                : DSL.falseCondition();
        return ENTERPRISE.PUBLIC_CONSENT.isTrue().or(own);
    }

    EnterpriseView view(Actor actor, EnterpriseRecord r, List<NodeMatch> nodes) {
        return view(actor, r, nodes, capacities(List.of(r.getCreditCode())).getOrDefault(r.getCreditCode(), List.of()));
    }

    /** The capacities stated per node, in the order of the enterprise's nodes; only nodes it is classified to. */
    EnterpriseView view(Actor actor, EnterpriseRecord r, List<NodeMatch> nodes, List<EnterpriseView.NodeCapacity> stated) {
        List<EnterpriseView.NodeCapacity> capacities = new ArrayList<>();
        for (NodeMatch n : nodes) {
            stated.stream().filter(c -> c.nodeCode().equals(n.nodeCode())).findFirst().ifPresent(capacities::add);
        }
        boolean full = seesPrivate(actor, r.getCreditCode(), r.getCityCode(), Boolean.TRUE.equals(r.getPublicConsent()));
        return new EnterpriseView(r.getCreditCode(), r.getName(), r.getCityCode(), cities.name(r.getCityCode()),
                r.getOutsideProvince(), r.getDistrict(), r.getSizeClass(), r.getAboveScale(), r.getMainProducts(),
                split(r.getCertifications()), split(r.getTitles()), r.getTier(), Boolean.TRUE.equals(r.getIsLeader()),
                full ? r.getRevenue() : null, full ? r.getRndSpending() : null, r.getEmployees(), r.getPatents(),
                r.getCapacityValue(), r.getCapacityUnit(), r.getTechParams(),
                full ? r.getContactName() : null, full ? r.getContactPhone() : null, r.getFoundedOn(), nodes,
                // unknown columns (联系人手机, 电子邮箱, 利润总额 …) are private unless the supplier consented
                full ? extras(r.getExtraAttributes()) : Map.of(), Boolean.TRUE.equals(r.getPublicConsent()), !full,
                r.getLastBatchId(), status(r).name(), status(r).label(), r.getStatusNote(), Boolean.TRUE.equals(r.getUnwilling()),
                profileSource(r.getLastBatchId(), r.getProfileEditedBy()), capacities);
    }

    /** credit code → the capacities stated per node (enterprise_node_capacity), one query. */
    Map<String, List<EnterpriseView.NodeCapacity>> capacities(List<String> codes) {
        Map<String, List<EnterpriseView.NodeCapacity>> out = new HashMap<>();
        if (codes.isEmpty()) {
            return out;
        }
        Classifier.Model model = classifier.model();
        for (var c : dsl.selectFrom(ENTERPRISE_NODE_CAPACITY).where(ENTERPRISE_NODE_CAPACITY.CREDIT_CODE.in(codes)).fetch()) {
            out.computeIfAbsent(c.getCreditCode(), k -> new ArrayList<>()).add(new EnterpriseView.NodeCapacity(c.getNodeCode(),
                    model.nodeName(c.getNodeCode()), c.getQuantity(), c.getUnit(), c.getUpdatedBy(), c.getUpdatedAt()));
        }
        return out;
    }

    /**
     * States (or, with a blank quantity, clears) the enterprise's annual capacity for one of its nodes: quantity &gt; 0
     * with its unit (套, 台/年, 万件 …; 万 and 亿 in the number are not read here — write 20000, not 2万). Who may: the
     * bureau of the enterprise's city, the province, administrators, and the enterprise itself through its own account
     * (a LEADER account of that credit code); other leaders and other cities get 403. Audited as
     * ENTERPRISE_NODE_CAPACITY with before and after.
     *
     * @param node a node code, name or alias; it must be one the enterprise is classified to (else 400 naming it)
     * @throws BadInput field {@code quantity} or {@code unit}, in Chinese, naming the node
     */
    public EnterpriseView setNodeCapacity(Actor actor, String creditCode, @Nullable String node, @Nullable BigDecimal quantity,
                                          @Nullable String unit) {
        EnterpriseRecord r = find(creditCode);
        if (!ownProfile(actor, r.getCreditCode())) {
            if (actor.is(Role.LEADER)) {
                throw new Forbidden("链主企业账号只能填写本企业各环节的年产能");
            }
            requireEditor(actor, r);
        }
        List<NodeMatch> nodes = nodes(List.of(r.getCreditCode())).getOrDefault(r.getCreditCode(), List.of());
        String code = node == null || node.isBlank() ? null : classifier.model().resolve(node.strip());
        NodeMatch of = code == null ? null : nodes.stream().filter(n -> n.nodeCode().equals(code)).findFirst().orElse(null);
        if (of == null) {
            throw new BadInput("node", "环节：「" + (node == null ? "" : node.strip()) + "」不是该企业所属的产业链环节（"
                    + (nodes.isEmpty() ? "该企业尚未归类" : String.join("、", nodes.stream().map(NodeMatch::nodeName).toList())) + "）");
        }
        String label = of.nodeName();
        String u = Text.clean(unit);
        BigDecimal q = null;
        List<BadInput.FieldError> problems = new ArrayList<>();
        if (quantity != null) {
            try {
                EnterpriseFields.Capacity c = EnterpriseFields.capacity(quantity, u, quantity.toPlainString() + (u == null ? "" : u));
                q = c == null ? null : c.value();
            } catch (EnterpriseFields.Invalid e) {
                problems.add(new BadInput.FieldError("quantity", label + "的年产能：" + e.getMessage()));
            }
            if (q != null && q.signum() == 0) {
                problems.add(new BadInput.FieldError("quantity", label + "的年产能：须大于 0（不再生产请清空）"));
            }
            if (u == null) {
                problems.add(new BadInput.FieldError("unit", label + "的年产能：请写明单位，如 套/年、台、万件"));
            } else if (Text.chars(u) > 20) {
                problems.add(new BadInput.FieldError("unit", label + "的年产能：单位「" + u + "」超过 20 个字"));
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInput(problems);
        }
        var was = dsl.selectFrom(ENTERPRISE_NODE_CAPACITY).where(ENTERPRISE_NODE_CAPACITY.CREDIT_CODE.eq(r.getCreditCode()))
                .and(ENTERPRISE_NODE_CAPACITY.NODE_CODE.eq(code)).fetchOne();
        Map<String, Object> before = was == null ? null : capacityState(label, was.getQuantity(), was.getUnit());
        Map<String, Object> after = q == null ? null : capacityState(label, q, u);
        BigDecimal value = q;
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            // this enterprise only: the nodes' prepared candidates re-read it alone (DataVersion#enterprisesChanged)
            cn.chainatlas.db.DataVersionListeners.changedEnterprises(List.of(r.getCreditCode()));
            if (value == null) {
                tx.deleteFrom(ENTERPRISE_NODE_CAPACITY).where(ENTERPRISE_NODE_CAPACITY.CREDIT_CODE.eq(r.getCreditCode()))
                        .and(ENTERPRISE_NODE_CAPACITY.NODE_CODE.eq(code)).execute();
            } else {
                tx.insertInto(ENTERPRISE_NODE_CAPACITY).set(ENTERPRISE_NODE_CAPACITY.CREDIT_CODE, r.getCreditCode())
                        .set(ENTERPRISE_NODE_CAPACITY.NODE_CODE, code).set(ENTERPRISE_NODE_CAPACITY.QUANTITY, value)
                        .set(ENTERPRISE_NODE_CAPACITY.UNIT, u).set(ENTERPRISE_NODE_CAPACITY.UPDATED_BY, actor.username())
                        .onDuplicateKeyUpdate().set(ENTERPRISE_NODE_CAPACITY.QUANTITY, value)
                        .set(ENTERPRISE_NODE_CAPACITY.UNIT, u).set(ENTERPRISE_NODE_CAPACITY.UPDATED_BY, actor.username())
                        .execute();
            }
            if (before != null || after != null) {
                audit.record(tx, actor, "ENTERPRISE_NODE_CAPACITY", "enterprise:" + r.getCreditCode(), before, after, null);
            }
        });
        return detail(actor, r.getCreditCode());
    }

    /** A typed quantity (the API, the form): null when blank; 400 on field {@code quantity} when not a number. */
    static @Nullable BigDecimal quantity(@Nullable String raw, String node) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(raw.strip().replace(",", "").replace("，", ""));
        } catch (NumberFormatException e) {
            throw new BadInput("quantity", "年产能（" + node + "）：「" + raw.strip() + "」不是数字，如 1200");
        }
    }

    private static Map<String, Object> capacityState(String node, BigDecimal quantity, String unit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("环节", node);
        m.put("年产能", quantity.stripTrailingZeros().toPlainString() + unit);
        return m;
    }

    /**
     * Where an entry's facts come from: REGISTRY (declared in a registry upload, or never edited since), ENTERPRISE
     * (edited by the enterprise itself), BUREAU (edited by a city bureau, the province or an administrator).
     */
    public static String profileSource(@Nullable Long lastBatchId, @Nullable String editedBy) {
        return lastBatchId != null || editedBy == null ? "REGISTRY" : editedBy;
    }

    static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(EnterpriseData.SEPARATOR));
    }

    /** The extra columns an import kept (column header → text); text that is not a JSON object is shown as it is. */
    Map<String, String> extras(String text) {
        Map<String, String> m = cn.chainatlas.db.JsonColumns.parsed(json, text);
        return m == null ? Map.of("(无法解析)", text) : m;
    }

    /** What a chain leader may change of its own entry (the JSON property names of {@link EnterpriseEdit}). */
    public static final List<String> LEADER_FIELDS = List.of("mainProducts", "techParams", "certifications",
            "capacityValue", "capacityUnit", "contactName", "contactPhone", "publicConsent", "unwilling");

    /** A chain leader editing its own entry: the profile fields only. */
    static boolean ownProfile(Actor actor, String creditCode) {
        return actor.is(Role.LEADER) && creditCode.equals(actor.leaderCreditCode());
    }

    private static void requireLeaderFields(EnterpriseEdit e) {
        List<String> refused = new ArrayList<>();
        if (e.name() != null) refused.add("企业名称");
        if (e.district() != null) refused.add("区县");
        if (e.sizeClass() != null) refused.add("企业规模");
        if (e.aboveScale() != null) refused.add("是否规上");
        if (e.titles() != null) refused.add("企业称号");
        if (e.revenue() != null) refused.add("营业收入");
        if (e.rndSpending() != null) refused.add("研发投入");
        if (e.employees() != null) refused.add("从业人数");
        if (e.patents() != null) refused.add("有效发明专利数");
        if (e.foundedOn() != null) refused.add("成立日期");
        if (!refused.isEmpty()) {
            throw new Forbidden("链主企业只能修改本企业的主营产品、技术参数、资质认证、年产能、联系方式和公开授权；"
                    + String.join("、", refused) + "以名录为准，请联系所在地市工信局修改");
        }
    }

    private void requireEditor(Actor actor, EnterpriseRecord r) {
        if (actor.is(Role.LEADER)) {
            throw new Forbidden("链主企业账号不能修改企业名录");
        }
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY);
        if (!actor.mayManageCity(r.getCityCode())) {
            throw new Forbidden("无权修改其他地市（" + (r.getCityCode() == null ? "省外" : cities.name(r.getCityCode())) + "）的企业");
        }
    }

    /** Applies an edit (null fields unchanged), reclassifies when the products changed, audits before and after. */
    public EnterpriseView update(Actor actor, String creditCode, EnterpriseEdit edit) {
        return update(actor, creditCode, edit, List.of());
    }

    /**
     * As {@link #update(Actor, String, EnterpriseEdit)}, with the problems the caller found while reading its form
     * (a number that is not one; that field is left null in {@code edit}): they are reported with this method's own
     * in one BadInput, and nothing is saved while there are any.
     */
    public EnterpriseView update(Actor actor, String creditCode, EnterpriseEdit edit, List<BadInput.FieldError> formProblems) {
        EnterpriseRecord r = find(creditCode);
        boolean own = ownProfile(actor, r.getCreditCode());
        if (own) {
            requireLeaderFields(edit);
        } else {
            requireEditor(actor, r);
        }
        Map<String, Object> before = state(r, nodes(List.of(r.getCreditCode())).getOrDefault(r.getCreditCode(), List.of()));
        // every field is checked before anything is kept, so the form can show each error at its field
        List<BadInput.FieldError> problems = new ArrayList<>(formProblems);
        Fields f = new Fields(problems);
        if (edit.name() != null) {
            f.apply("name", () -> r.setName(EnterpriseFields.text(edit.name(), RegistryColumn.NAME, true, false)));
        }
        if (edit.mainProducts() != null) {
            f.apply("mainProducts", () -> r.setMainProducts(EnterpriseFields.text(edit.mainProducts(), RegistryColumn.MAIN_PRODUCTS, true, false)));
        }
        if (edit.district() != null) {
            f.apply("district", () -> r.setDistrict(EnterpriseFields.text(edit.district(), RegistryColumn.DISTRICT, false, true)));
        }
        if (edit.sizeClass() != null) {
            f.apply("sizeClass", () -> r.setSizeClass(EnterpriseFields.sizeClass(edit.sizeClass())));
        }
        if (edit.aboveScale() != null) {
            r.setAboveScale(edit.aboveScale());
        }
        if (edit.certifications() != null) {
            f.apply("certifications", () -> r.setCertifications(EnterpriseFields.list(edit.certifications(), RegistryColumn.CERTIFICATIONS)));
        }
        if (edit.titles() != null) {
            f.apply("titles", () -> {
                String t = EnterpriseFields.list(edit.titles(), RegistryColumn.TITLES);
                r.setTitles(t);
                r.setTier(Titles.tier(t));
                r.setIsLeader(Titles.leader(t));
            });
        }
        if (edit.revenue() != null) {
            f.apply("revenue", () -> r.setRevenue(EnterpriseFields.money(edit.revenue(), RegistryColumn.REVENUE)));
        }
        if (edit.rndSpending() != null) {
            f.apply("rndSpending", () -> r.setRndSpending(EnterpriseFields.money(edit.rndSpending(), RegistryColumn.RND_SPENDING)));
        }
        if (edit.employees() != null) {
            f.apply("employees", () -> r.setEmployees(EnterpriseFields.count(BigDecimal.valueOf(edit.employees()), RegistryColumn.EMPLOYEES)));
        }
        if (edit.patents() != null) {
            f.apply("patents", () -> r.setPatents(EnterpriseFields.count(BigDecimal.valueOf(edit.patents()), RegistryColumn.PATENTS)));
        }
        if (edit.capacityValue() != null || edit.capacityUnit() != null) {
            f.apply("capacityValue", () -> {
                BigDecimal value = edit.capacityValue() != null ? edit.capacityValue() : r.getCapacityValue();
                String unit = edit.capacityUnit() != null ? edit.capacityUnit() : r.getCapacityUnit();
                EnterpriseFields.Capacity c = EnterpriseFields.capacity(value, unit,
                        (value == null ? "" : value.toPlainString()) + (unit == null ? "" : unit));
                r.setCapacityValue(c == null ? null : c.value());
                r.setCapacityUnit(c == null ? Text.clean(unit) : c.unit());
            });
        }
        if (edit.techParams() != null) {
            f.apply("techParams", () -> r.setTechParams(EnterpriseFields.text(edit.techParams(), RegistryColumn.TECH_PARAMS, false, false)));
        }
        if (edit.contactName() != null) {
            f.apply("contactName", () -> r.setContactName(EnterpriseFields.text(edit.contactName(), RegistryColumn.CONTACT_NAME, false, true)));
        }
        if (edit.contactPhone() != null) {
            f.apply("contactPhone", () -> r.setContactPhone(EnterpriseFields.text(edit.contactPhone(), RegistryColumn.CONTACT_PHONE, false, true)));
        }
        if (edit.foundedOn() != null) {
            f.apply("foundedOn", () -> r.setFoundedOn(EnterpriseFields.founded(edit.foundedOn(), edit.foundedOn().toString())));
        }
        if (edit.publicConsent() != null) {
            r.setPublicConsent(edit.publicConsent());
        }
        if (edit.unwilling() != null) {
            r.setUnwilling(edit.unwilling());
        }
        if (!problems.isEmpty()) {
            throw new BadInput(problems);
        }
        List<NodeMatch> nodes = r.getExplicitNodes() == null
                ? classifier.classify(r.getMainProducts())
                : explicit(r.getExplicitNodes(), "EXPLICIT");
        if (before.equals(state(r, nodes))) {
            // nothing the form or request changed: nothing written, nothing audited (an empty before/after entry each
            // time a page was saved unchanged)
            return view(actor, r, nodes);
        }
        return save(actor, r, nodes, before, own ? "ENTERPRISE_PROFILE" : "ENTERPRISE_EDIT");
    }

    /** A clerk assigns nodes to an enterprise (typically one the classifier left 未归类); they become its explicit nodes. */
    public EnterpriseView assignNodes(Actor actor, String creditCode, List<String> nodeCodes) {
        EnterpriseRecord r = find(creditCode);
        requireEditor(actor, r);
        Map<String, Object> before = state(r, nodes(List.of(r.getCreditCode())).getOrDefault(r.getCreditCode(), List.of()));
        Classifier.Model model = classifier.model();
        Set<String> codes = new LinkedHashSet<>();
        for (String c : nodeCodes == null ? List.<String>of() : nodeCodes) {
            String code = model.resolve(c);
            if (code == null) {
                throw new BadInput("产业链节点「" + c + "」不存在");
            }
            codes.add(code);
        }
        List<NodeMatch> nodes;
        if (codes.isEmpty()) {
            r.setExplicitNodes(null);
            nodes = classifier.classify(r.getMainProducts());
        } else {
            r.setExplicitNodes(String.join(EnterpriseData.SEPARATOR, codes));
            nodes = explicit(r.getExplicitNodes(), "MANUAL");
        }
        return save(actor, r, nodes, before, "ENTERPRISE_ASSIGN_NODES");
    }

    private static EnterpriseStatus status(EnterpriseRecord r) {
        EnterpriseStatus s = EnterpriseStatus.parse(r.getStatus());
        return s == null ? EnterpriseStatus.ACTIVE : s;
    }

    /**
     * The province moves an enterprise to another Guangdong city (an enterprise that relocated). City bureaus
     * may not: their refusal keeps one city from taking over another's enterprises. Audited as ENTERPRISE_MOVE.
     *
     * @param city a city name, short name or 6-digit code
     * @throws Forbidden   for CITY and LEADER accounts
     * @throws BadInput when the city is not one of Guangdong's 21
     */
    public EnterpriseView move(Actor actor, String creditCode, String city, @Nullable String note) {
        actor.requireRole(Role.ADMIN, Role.PROVINCE);
        EnterpriseRecord r = find(creditCode);
        Cities.Place place = cities.parse(city);
        if (place.cityCode() == null) {
            throw new BadInput("「" + city + "」不是广东省的地市");
        }
        List<NodeMatch> nodes = nodes(List.of(r.getCreditCode())).getOrDefault(r.getCreditCode(), List.of());
        Map<String, Object> before = state(r, nodes);
        r.setCityCode(place.cityCode());
        r.setOutsideProvince(null);
        r.setStatusNote(optional(Text.clean(note), "说明", 500));
        return save(actor, r, nodes, before, "ENTERPRISE_MOVE");
    }

    /**
     * The province marks an enterprise 注销 (deregistered), 迁出 (moved out of Guangdong) or back to 在营; only
     * 在营 enterprises count as local supply. Audited as ENTERPRISE_STATUS.
     *
     * @param status ACTIVE, DEREGISTERED, MOVED_OUT or 在营、注销、迁出
     * @throws Forbidden    for CITY and LEADER accounts
     * @throws BadInput for any other status
     */
    public EnterpriseView setStatus(Actor actor, String creditCode, String status, @Nullable String note) {
        actor.requireRole(Role.ADMIN, Role.PROVINCE);
        EnterpriseRecord r = find(creditCode);
        EnterpriseStatus s = EnterpriseStatus.parse(status);
        if (s == null) {
            throw new BadInput("状态「" + status + "」应为 在营、注销、迁出 之一");
        }
        List<NodeMatch> nodes = nodes(List.of(r.getCreditCode())).getOrDefault(r.getCreditCode(), List.of());
        Map<String, Object> before = state(r, nodes);
        r.setStatus(s.name());
        r.setStatusNote(optional(Text.clean(note), "说明", 500));
        return save(actor, r, nodes, before, "ENTERPRISE_STATUS");
    }

    private List<NodeMatch> explicit(String joined, String source) {
        return NodeMatch.explicit(classifier.model(), joined, source);
    }

    /**
     * The audit log's picture of the record (the shape an import's previous state gets), with the enterprise's consent
     * to show its private fields and its 不参与对接 flag, which only edits change: consent decides who sees revenue,
     * R&amp;D spending and contacts, so who switched it and when must be on record (fresh-eyes pass #14).
     */
    private Map<String, Object> state(EnterpriseRecord r, List<NodeMatch> nodes) {
        Map<String, Object> m = states.of(data(r), nodes.stream().map(NodeMatch::nodeCode).toList(), r.getStatus());
        m.put("公开授权", Boolean.TRUE.equals(r.getPublicConsent()) ? "同意向链主公开" : "不公开");
        m.put("不参与对接", Boolean.TRUE.equals(r.getUnwilling()) ? "是" : "否");
        return m;
    }

    private EnterpriseView save(Actor actor, EnterpriseRecord r, List<NodeMatch> nodes, Map<String, Object> before, String action) {
        EnterpriseData data = data(r);
        r.setContentHash(data.contentHash(nodes));
        r.setNameKey(EnterpriseNames.key(r.getName()));
        // an edited entry no longer holds what its last batch wrote, so rolling that batch back must not overwrite it
        r.setLastBatchId(null);
        r.setProfileEditedBy(actor.is(Role.LEADER) ? "ENTERPRISE" : "BUREAU");
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            // this enterprise only (its row, nodes and leaderships): the nodes' prepared candidates re-read it alone
            cn.chainatlas.db.DataVersionListeners.changedEnterprises(List.of(r.getCreditCode()));
            r.setIsUnclassified(nodes.isEmpty());
            tx.executeUpdate(r);
            if (!Boolean.TRUE.equals(r.getIsLeader())) {
                // the title 链主 was taken away: the enterprise leads no chain any more (LeaderService keeps both in step)
                leaders.remove(tx, r.getCreditCode(), null);
            }
            tx.deleteFrom(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.eq(r.getCreditCode())).execute();
            for (NodeMatch n : nodes) {
                tx.insertInto(ENTERPRISE_NODE).set(ENTERPRISE_NODE.CREDIT_CODE, r.getCreditCode())
                        .set(ENTERPRISE_NODE.NODE_CODE, n.nodeCode()).set(ENTERPRISE_NODE.CONFIDENCE, BigDecimal.valueOf(n.confidence()))
                        .set(ENTERPRISE_NODE.SOURCE, n.source()).set(ENTERPRISE_NODE.MATCHED, n.matched()).execute();
            }
            SearchIndex.markStale(tx, List.of(r.getCreditCode()));
            audit.record(tx, actor, action, "enterprise:" + r.getCreditCode(), before, state(r, nodes), null);
        });
        // the edited entry's grams now rather than in the next background round (it is searchable either way)
        search.refresh(List.of(r.getCreditCode()));
        return view(actor, r, nodes);
    }

    /** The stored record in the normalised form imports produce, so its digest equals a re-import's. */
    public static EnterpriseData data(EnterpriseRecord r) {
        return new EnterpriseData(r.getCreditCode(), r.getName(), r.getCityCode(), r.getOutsideProvince(), r.getDistrict(),
                r.getSizeClass(), r.getAboveScale(), r.getMainProducts(), r.getCertifications(), r.getTitles(), r.getTier(),
                Boolean.TRUE.equals(r.getIsLeader()), r.getRevenue(), r.getRndSpending(), r.getEmployees(), r.getPatents(),
                r.getCapacityValue(), r.getCapacityUnit(), r.getTechParams(), r.getContactName(), r.getContactPhone(),
                r.getFoundedOn(), r.getExplicitNodes(), r.getExtraAttributes());
    }

    private static String optional(@Nullable String s, String label, int max) {
        if (s != null && Text.chars(s) > max) {
            throw new BadInput("「" + label + "」超过 " + max + " 个字");
        }
        return s;
    }

    /** Collects each field's refusal under the form field's name. */
    private record Fields(List<BadInput.FieldError> problems) {
        void apply(String field, Runnable rule) {
            try {
                rule.run();
            } catch (EnterpriseFields.Invalid e) {
                problems.add(new BadInput.FieldError(field, e.getMessage()));
            }
        }
    }
}
