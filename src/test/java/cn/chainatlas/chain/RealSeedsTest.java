package cn.chainatlas.chain;

import cn.chainatlas.db.SeedFiles;
import cn.chainatlas.security.Actor;
import cn.chainatlas.testing.DatabaseTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.CHAIN;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE;
import static cn.chainatlas.db.schema.Tables.CITY;
import static cn.chainatlas.db.schema.Tables.CLUSTER_RATING;
import static cn.chainatlas.db.schema.Tables.DISTRICT;
import static cn.chainatlas.db.schema.Tables.REGION;
import static org.assertj.core.api.Assertions.assertThat;

/** The real seeds of seeds/ load on an empty database at start-up (seed mode reference). */
@MicronautTest
class RealSeedsTest extends DatabaseTest {

    @Inject
    DSLContext dsl;
    @Inject
    ChainCatalog catalog;
    @Inject
    GapAnalysis gaps;
    @Inject
    ChainSeedLoader loader;

    @Override
    protected String seedMode() {
        return "reference";
    }

    @Test
    void eightChainsWithAtLeast150Nodes() {
        assertThat(catalog.chains(Actor.SYSTEM)).extracting(ChainCatalog.ChainSummary::code)
                .containsExactlyInAnyOrder("CNC", "OFFSHORE", "AVIATION", "SATELLITE", "RAIL", "ROBOT", "LASER", "SEMI");
        assertThat(dsl.fetchCount(CHAIN)).isEqualTo(8);
        assertThat(dsl.fetchCount(CHAIN_NODE)).isGreaterThanOrEqualTo(150);
        assertThat(catalog.chains(Actor.SYSTEM)).allSatisfy(c -> assertThat(c.nodeCount()).isGreaterThan(5));
    }

    @Test
    void theKeyNodesAreThereWithAliasesAndPolicyPriors() {
        Map<String, String> expected = Map.of("CNC_SYSTEM", "数控系统", "ELECTRIC_SPINDLE", "电主轴",
                "GRATING_SCALE", "光栅", "BEARING", "轴承", "BALL_SCREW", "滚珠丝杠", "SUBSEA_CABLE", "海底电缆",
                "GEARBOX", "齿轮箱");
        ChainCatalog.Graph cnc = catalog.graph(Actor.SYSTEM, "CNC");
        ChainCatalog.Graph offshore = catalog.graph(Actor.SYSTEM, "OFFSHORE");
        expected.forEach((code, word) -> {
            ChainCatalog.GraphNode node = List.of(cnc, offshore).stream().flatMap(g -> g.nodes().stream())
                    .filter(n -> n.code().equals(code)).findFirst()
                    .orElseThrow(() -> new AssertionError(code + " is in neither CNC nor OFFSHORE"));
            assertThat(node.aliases()).as(code).isNotEmpty();
            assertThat(node.policyPriors()).as(code).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.source()).matches("00[0-4]_[0-9a-f]{16}\\.txt"))
                    .anySatisfy(p -> assertThat(p.quote()).contains(word));
        });
    }

    @Test
    void geographyHas21CitiesFourRegionsGuangzhouDistrictsAndClusterRatings() {
        assertThat(dsl.fetchCount(CITY)).isEqualTo(21);
        assertThat(dsl.fetchCount(REGION)).isEqualTo(4);
        assertThat(dsl.fetchCount(DISTRICT, DISTRICT.CITY_CODE.eq("440100"))).isEqualTo(11);
        assertThat(dsl.selectDistinct(CLUSTER_RATING.CLUSTER_NO).from(CLUSTER_RATING)
                .where(CLUSTER_RATING.CLUSTER_NO.between(11, 20)).fetch(CLUSTER_RATING.CLUSTER_NO)).hasSize(10);
    }

    @Test
    void onAnEmptyRegistryThePriorsStandInAndEveryNodeIsBlankOrAChokepoint() {
        List<NodeGap> cnc = gaps.gaps(Actor.SYSTEM, "CNC", "province");
        NodeGap system = cnc.stream().filter(g -> g.nodeCode().equals("CNC_SYSTEM")).findFirst().orElseThrow();
        assertThat(system.priorUsed()).isTrue();
        assertThat(system.reasons().get(0)).startsWith("无需求数据，以政策先验代替：000_2aa08a9e2f074175.txt");
        assertThat(cnc).extracting(NodeGap::statusKey).containsOnly("CHOKEPOINT", "BLANK");
    }

    @Test
    void asecondStartWithTheSameSeedsWritesNothing() {
        assertThat(loader.load(SeedFiles.list("chains", ".yaml"))).isFalse();
    }
}
