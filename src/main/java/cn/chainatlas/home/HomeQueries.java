package cn.chainatlas.home;

import cn.chainatlas.security.AuditTargets;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;
import static cn.chainatlas.db.schema.Tables.CHAIN;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE;
import static cn.chainatlas.db.schema.Tables.CITY;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;
import static cn.chainatlas.db.schema.Tables.IMPORT_BATCH;

/** The home page's counts, read straight from the shared tables (the gaps come from the chain package). */
@Singleton
class HomeQueries {

    /** One chain's gap statuses in the province, counted, with its chokepoints named. */
    record ChainLine(String code, String name, int nodes, int chokepoints, int blanks, int importDependent,
                     int weak, int covered, List<String> chokepointNames) {
        public int coveredPercent() {
            return nodes == 0 ? 0 : Math.round(100f * covered / nodes);
        }
    }

    record CityLine(String code, String name, int enterprises) {
    }

    /**
     * One line of 最近的修改: the action in words and what it touched by name (the enterprise's, the batch's file),
     * the stored target only when nothing names it.
     */
    record RecentChange(String when, String username, String action, @Nullable String target) {
        RecentChange withLabel(String label) {
            return new RecentChange(when, username, label, target);
        }

        RecentChange withTarget(@Nullable String named) {
            return new RecentChange(when, username, action, named);
        }
    }

    /** One upload of a city's registry, as the city's home page lists it. */
    record ImportLine(long id, String fileName, String status, String when, String username, int rowsTotal,
                      int inserts, int updates, int rejected, boolean dryRun) {
    }

    private final DSLContext dsl;
    private final AuditTargets targets;
    private final cn.chainatlas.db.FiguresCache cache;

    HomeQueries(DSLContext dsl, AuditTargets targets, cn.chainatlas.db.FiguresCache cache) {
        this.dsl = dsl;
        this.targets = targets;
        this.cache = cache;
    }

    // counts over the whole registry (scans of 100,000 rows): read once per change of the data (db.FiguresCache)
    private record CountsKey(String what, @Nullable String city) {
    }

    /** Chain codes to names, in the chains' own order. */
    Map<String, String> chainNames() {
        Map<String, String> names = new LinkedHashMap<>();
        dsl.select(CHAIN.CODE, CHAIN.NAME).from(CHAIN).orderBy(CHAIN.SORT_ORDER, CHAIN.CODE)
                .forEach(r -> names.put(r.value1(), r.value2()));
        return names;
    }

    List<CityLine> enterprisesByCity() {
        return cache.get(new CountsKey("byCity", null), this::readEnterprisesByCity);
    }

    private List<CityLine> readEnterprisesByCity() {
        var count = DSL.count(ENTERPRISE.CREDIT_CODE);
        List<CityLine> lines = dsl.select(CITY.CODE, CITY.NAME, count).from(CITY)
                .leftJoin(ENTERPRISE).on(ENTERPRISE.CITY_CODE.eq(CITY.CODE))
                .groupBy(CITY.CODE, CITY.NAME).orderBy(count.desc(), CITY.CODE)
                .fetch(r -> new CityLine(r.value1(), r.value2(), r.value3()));
        return List.copyOf(lines);
    }

    Map<String, Integer> totals() {
        return cache.get(new CountsKey("totals", null), this::readTotals);
    }

    private Map<String, Integer> readTotals() {
        Map<String, Integer> t = new LinkedHashMap<>();
        t.put("chains", dsl.fetchCount(CHAIN));
        t.put("nodes", dsl.fetchCount(CHAIN_NODE));
        t.put("enterprises", dsl.fetchCount(ENTERPRISE));
        t.put("unclassified", dsl.fetchCount(dsl.selectFrom(ENTERPRISE).whereNotExists(
                dsl.selectOne().from(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.eq(ENTERPRISE.CREDIT_CODE)))));
        t.put("leaders", dsl.fetchCount(ENTERPRISE, ENTERPRISE.IS_LEADER.isTrue()));
        return java.util.Collections.unmodifiableMap(t);
    }

    /** One city's registry: enterprises stored under it, those without a chain node, its 链主. */
    Map<String, Integer> cityTotals(String cityCode) {
        return cache.get(new CountsKey("city", cityCode), () -> readCityTotals(cityCode));
    }

    private Map<String, Integer> readCityTotals(String cityCode) {
        Map<String, Integer> t = new LinkedHashMap<>();
        var inCity = ENTERPRISE.CITY_CODE.eq(cityCode);
        t.put("enterprises", dsl.fetchCount(ENTERPRISE, inCity));
        t.put("unclassified", dsl.fetchCount(dsl.selectFrom(ENTERPRISE).where(inCity).andNotExists(
                dsl.selectOne().from(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.eq(ENTERPRISE.CREDIT_CODE)))));
        t.put("leaders", dsl.fetchCount(ENTERPRISE, inCity.and(ENTERPRISE.IS_LEADER.isTrue())));
        return java.util.Collections.unmodifiableMap(t);
    }

    /** The city's latest uploads, newest first (the status is the stored name; the page puts it in words). */
    List<ImportLine> lastImports(String cityCode, int limit) {
        return dsl.select(IMPORT_BATCH.ID, IMPORT_BATCH.FILE_NAME, IMPORT_BATCH.STATUS, IMPORT_BATCH.STARTED_AT,
                        IMPORT_BATCH.USERNAME, IMPORT_BATCH.ROWS_TOTAL, IMPORT_BATCH.INSERTS, IMPORT_BATCH.UPDATES,
                        IMPORT_BATCH.ROWS_REJECTED, IMPORT_BATCH.DRY_RUN)
                .from(IMPORT_BATCH).where(IMPORT_BATCH.CITY_CODE.eq(cityCode)).and(IMPORT_BATCH.KIND.eq("REGISTRY"))
                .orderBy(IMPORT_BATCH.ID.desc()).limit(limit)
                .fetch(r -> new ImportLine(r.value1(), r.value2(), r.value3(), minutes(r.value4()), r.value5(),
                        r.value6(), r.value7(), r.value8(), r.value9(), Boolean.TRUE.equals(r.value10())));
    }

    List<RecentChange> recentChanges(@Nullable String username, int limit) {
        var q = dsl.selectFrom(AUDIT_LOG);
        var where = username == null ? DSL.noCondition() : AUDIT_LOG.USERNAME.eq(username);
        List<RecentChange> changes = q.where(where).orderBy(AUDIT_LOG.HAPPENED_AT.desc(), AUDIT_LOG.ID.desc()).limit(limit)
                .fetch(r -> new RecentChange(minutes(r.getHappenedAt()), r.getUsername(), r.getAction(), r.getTarget()));
        Map<String, String> names = targets.names(changes.stream().map(RecentChange::target).toList());
        return changes.stream().map(c -> c.target() == null ? c : c.withTarget(names.getOrDefault(c.target(), c.target())))
                .toList();
    }

    private static String minutes(@Nullable java.time.LocalDateTime t) {
        return t == null ? "" : t.toString().replace('T', ' ').substring(0, Math.min(16, t.toString().length()));
    }
}
