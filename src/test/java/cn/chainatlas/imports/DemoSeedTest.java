package cn.chainatlas.imports;

import cn.chainatlas.db.SeedLoader;
import cn.chainatlas.db.SeedMode;
import cn.chainatlas.testing.DatabaseTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.DEMAND;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;
import static org.assertj.core.api.Assertions.assertThat;

/** The demo registry goes in through the import pipeline, once, with its leaders and their invented demands. */
@MicronautTest
class DemoSeedTest extends DatabaseTest {

    @Inject
    DSLContext dsl;

    @Inject
    List<SeedLoader> loaders;

    @Inject
    cn.chainatlas.matching.MatchingService matching;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("chainatlas.seed-on-start", "false", "micronaut.server.port", "-1",
                "chainatlas.imports.dir", java.nio.file.Path.of("target", "test-imports").toAbsolutePath().toString());
    }

    private void run(SeedMode mode) {
        loaders.stream().filter(l -> l.order() >= 200 && l.order() < 300)
                .sorted(Comparator.comparingInt(SeedLoader::order)).forEach(l -> l.load(mode));
    }

    @Test
    void demoRegistryAndDemandsAreLoadedOnceAndMarked() throws Exception {
        run(SeedMode.DEMO);
        assertThat(dsl.fetchCount(ENTERPRISE)).as("nothing without cities and nodes").isZero();

        ImportBench.loadReferenceTables(dsl);
        run(SeedMode.REFERENCE);
        assertThat(dsl.fetchCount(ENTERPRISE)).isZero();

        run(SeedMode.DEMO);
        // the 300 rows of the demo registry come through the import; 18 invented suppliers (demo-suppliers.yaml) follow
        assertThat(dsl.fetchCount(ENTERPRISE, ENTERPRISE.LAST_BATCH_ID.isNotNull())).isEqualTo(300);
        assertThat(dsl.fetchCount(ENTERPRISE)).isEqualTo(318);
        assertThat(dsl.fetchCount(ENTERPRISE, ENTERPRISE.NAME.notLike("%（演示）"))).isZero();
        var leader = dsl.selectFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq("91441900MA51LEAD0L")).fetchOne();
        assertThat(leader.getIsLeader()).isTrue();
        assertThat(leader.getCityCode()).isEqualTo("441900");
        assertThat(leader.getName()).isEqualTo("东莞示范精密机床股份有限公司（演示）");
        assertThat(dsl.fetchCount(ENTERPRISE, ENTERPRISE.IS_LEADER.isTrue())).isGreaterThanOrEqualTo(5);
        assertThat(dsl.fetchCount(ENTERPRISE, ENTERPRISE.IS_LEADER.isTrue().and(ENTERPRISE.CITY_CODE.ne("441900")))).isGreaterThanOrEqualTo(4);
        assertThat(dsl.fetchExists(ENTERPRISE_NODE, ENTERPRISE_NODE.CREDIT_CODE.eq("91441900MA51LEAD0L")
                .and(ENTERPRISE_NODE.NODE_CODE.eq("FIVE_AXIS_MC")))).isTrue();
        // a registry a person believes (issue 14): no doubled words in names, landlines with the city's area code,
        // capacities in ranges that fit (no 4 亿件 of spindles)
        assertThat(dsl.fetchCount(ENTERPRISE, ENTERPRISE.NAME.like("%科技科技%"))).isZero();
        assertThat(dsl.fetchCount(ENTERPRISE, ENTERPRISE.CITY_CODE.eq("441900").and(ENTERPRISE.CONTACT_PHONE.like("0%"))
                .and(ENTERPRISE.CONTACT_PHONE.notLike("0769-%")))).as("东莞 landlines not 0769").isZero();
        assertThat(dsl.fetchCount(ENTERPRISE, ENTERPRISE.CITY_CODE.eq("440600").and(ENTERPRISE.CONTACT_PHONE.like("0%"))
                .and(ENTERPRISE.CONTACT_PHONE.notLike("0757-%")))).as("佛山 landlines not 0757").isZero();
        assertThat(dsl.fetchCount(ENTERPRISE, ENTERPRISE.CAPACITY_VALUE.gt(new java.math.BigDecimal(5_000_000))))
                .as("yearly capacities above 5 million units").isZero();
        int classified = dsl.fetchCount(dsl.selectDistinct(ENTERPRISE_NODE.CREDIT_CODE).from(ENTERPRISE_NODE));
        assertThat(classified).isGreaterThan(250);
        int demands = dsl.fetchCount(DEMAND);
        assertThat(demands).isBetween(25, 40);
        assertThat(dsl.fetchCount(DEMAND, DEMAND.LEADER_CREDIT_CODE.eq("91441900MA51LEAD0L"))).isGreaterThan(0);
        // real specs, and a first start shows real matches: the demo CNC leader's bearing demand has a 推荐 supplier
        assertThat(dsl.fetchCount(DEMAND, DEMAND.SPEC_FIELDS.isNotNull())).isGreaterThanOrEqualTo(5);
        long bearing = dsl.select(DEMAND.ID).from(DEMAND).where(DEMAND.LEADER_CREDIT_CODE.eq("91441900MA51LEAD0L"))
                .and(DEMAND.NODE_CODE.eq("BEARING")).fetchOne(DEMAND.ID);
        var matches = matching.matches(cn.chainatlas.common.Actor.SYSTEM, bearing, 20, true);
        assertThat(matches.counts().recommended()).isPositive();
        assertThat(matches.counts().excluded()).isPositive();

        String before = dsl.selectFrom(ENTERPRISE).orderBy(ENTERPRISE.CREDIT_CODE).fetch().formatCSV();
        run(SeedMode.DEMO);
        assertThat(dsl.selectFrom(ENTERPRISE).orderBy(ENTERPRISE.CREDIT_CODE).fetch().formatCSV()).isEqualTo(before);
        assertThat(dsl.fetchCount(DEMAND)).isEqualTo(demands);
    }
}
