package cn.chainatlas.home;

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

    record RecentChange(String when, String username, String action, @Nullable String target) {
        RecentChange withLabel(String label) {
            return new RecentChange(when, username, label, target);
        }
    }

    private final DSLContext dsl;

    HomeQueries(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Chain codes to names, in the chains' own order. */
    Map<String, String> chainNames() {
        Map<String, String> names = new LinkedHashMap<>();
        dsl.select(CHAIN.CODE, CHAIN.NAME).from(CHAIN).orderBy(CHAIN.SORT_ORDER, CHAIN.CODE)
                .forEach(r -> names.put(r.value1(), r.value2()));
        return names;
    }

    List<CityLine> enterprisesByCity() {
        var count = DSL.count(ENTERPRISE.CREDIT_CODE);
        return dsl.select(CITY.CODE, CITY.NAME, count).from(CITY)
                .leftJoin(ENTERPRISE).on(ENTERPRISE.CITY_CODE.eq(CITY.CODE))
                .groupBy(CITY.CODE, CITY.NAME).orderBy(count.desc(), CITY.CODE)
                .fetch(r -> new CityLine(r.value1(), r.value2(), r.value3()));
    }

    Map<String, Integer> totals() {
        Map<String, Integer> t = new LinkedHashMap<>();
        t.put("chains", dsl.fetchCount(CHAIN));
        t.put("nodes", dsl.fetchCount(CHAIN_NODE));
        t.put("enterprises", dsl.fetchCount(ENTERPRISE));
        t.put("unclassified", dsl.fetchCount(dsl.selectFrom(ENTERPRISE).whereNotExists(
                dsl.selectOne().from(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.eq(ENTERPRISE.CREDIT_CODE)))));
        t.put("leaders", dsl.fetchCount(ENTERPRISE, ENTERPRISE.IS_LEADER.isTrue()));
        return t;
    }

    List<RecentChange> recentChanges(@Nullable String username, int limit) {
        var q = dsl.selectFrom(AUDIT_LOG);
        var where = username == null ? DSL.noCondition() : AUDIT_LOG.USERNAME.eq(username);
        return q.where(where).orderBy(AUDIT_LOG.HAPPENED_AT.desc(), AUDIT_LOG.ID.desc()).limit(limit)
                .fetch(r -> new RecentChange(r.getHappenedAt().toString().replace('T', ' ').substring(0, 16),
                        r.getUsername(), r.getAction(), r.getTarget()));
    }
}
