package cn.chainatlas.web;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;
import static cn.chainatlas.db.schema.Tables.CHAIN;
import static cn.chainatlas.db.schema.Tables.CHAIN_EDGE;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE;
import static cn.chainatlas.db.schema.Tables.CHAIN_ROOT;
import static cn.chainatlas.db.schema.Tables.CITY;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;

/**
 * The home page's figures, read straight from the shared tables. A first cut: "gap" here only means "no
 * Guangdong enterprise in the registry is classified to this node"; the chain package's gap analysis (demands,
 * sourcing, criticality) replaces it once it is merged.
 */
@Singleton
class HomeQueries {

    /** One chain's line on the dashboard. */
    record ChainLine(String code, String name, int nodes, int uncovered, List<String> uncoveredNames) {
        public int coveredPercent() {
            return nodes == 0 ? 0 : (int) Math.round(100.0 * (nodes - uncovered) / nodes);
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

    List<ChainLine> chains() {
        Map<String, String> names = dsl.select(CHAIN_NODE.CODE, CHAIN_NODE.NAME).from(CHAIN_NODE)
                .fetchMap(CHAIN_NODE.CODE, CHAIN_NODE.NAME);
        Map<String, List<String>> children = new HashMap<>();
        dsl.select(CHAIN_EDGE.PARENT_CODE, CHAIN_EDGE.CHILD_CODE).from(CHAIN_EDGE)
                .forEach(r -> children.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        Map<String, List<String>> roots = new HashMap<>();
        dsl.select(CHAIN_ROOT.CHAIN_CODE, CHAIN_ROOT.NODE_CODE).from(CHAIN_ROOT)
                .forEach(r -> roots.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        Set<String> covered = new HashSet<>(dsl.selectDistinct(ENTERPRISE_NODE.NODE_CODE).from(ENTERPRISE_NODE)
                .join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(ENTERPRISE_NODE.CREDIT_CODE))
                .where(ENTERPRISE.CITY_CODE.isNotNull()).fetch(ENTERPRISE_NODE.NODE_CODE));
        List<ChainLine> lines = new ArrayList<>();
        dsl.select(CHAIN.CODE, CHAIN.NAME).from(CHAIN).orderBy(CHAIN.SORT_ORDER, CHAIN.CODE).forEach(c -> {
            Set<String> members = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(roots.getOrDefault(c.value1(), List.of()));
            while (!todo.isEmpty()) {
                String node = todo.pop();
                if (members.add(node)) {
                    todo.addAll(children.getOrDefault(node, List.of()));
                }
            }
            List<String> uncovered = members.stream().filter(n -> !covered.contains(n))
                    .map(n -> names.getOrDefault(n, n)).sorted().toList();
            lines.add(new ChainLine(c.value1(), c.value2(), members.size(), uncovered.size(),
                    uncovered.subList(0, Math.min(6, uncovered.size()))));
        });
        return lines;
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
