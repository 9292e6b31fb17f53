package cn.chainatlas.chain;

import cn.chainatlas.geo.Region;

import cn.chainatlas.testing.DatabaseTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static cn.chainatlas.db.schema.Tables.CHAIN;
import static cn.chainatlas.db.schema.Tables.CHAIN_EDGE;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE_ALIAS;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE_SUBSTITUTE;
import static cn.chainatlas.db.schema.Tables.CHAIN_ROOT;
import static cn.chainatlas.db.schema.Tables.CITY;
import static cn.chainatlas.db.schema.Tables.CLUSTER_RATING;
import static cn.chainatlas.db.schema.Tables.DISTRICT;
import static cn.chainatlas.db.schema.Tables.DISTRICT_INDUSTRY;
import static cn.chainatlas.db.schema.Tables.POLICY_PRIOR;
import static cn.chainatlas.db.schema.Tables.REGION;
import static cn.chainatlas.db.schema.Tables.SEED_FINGERPRINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@MicronautTest
class ChainSeedLoaderTest extends DatabaseTest {

    @Inject
    ChainSeedLoader chains;
    @Inject
    GeoSeedLoader geo;
    @Inject
    DSLContext dsl;
    @Inject
    ChainGraphCache cache;

    @BeforeEach
    void empty() {
        dsl.deleteFrom(POLICY_PRIOR).execute();
        dsl.deleteFrom(CHAIN_NODE_SUBSTITUTE).execute();
        dsl.deleteFrom(CHAIN_NODE_ALIAS).execute();
        dsl.deleteFrom(CHAIN_EDGE).execute();
        dsl.deleteFrom(CHAIN_ROOT).execute();
        dsl.deleteFrom(CHAIN).execute();
        dsl.deleteFrom(CHAIN_NODE).execute();
        dsl.deleteFrom(SEED_FINGERPRINT).execute();
        cache.invalidate();
    }

    @Test
    void goodFilesLoadNodesEdgesAliasesPriorsAndChains() {
        assertThat(chains.load(SeedFixtures.chains("good/chains"))).isTrue();

        assertThat(dsl.fetchCount(CHAIN_NODE)).isEqualTo(10);
        assertThat(dsl.fetchCount(CHAIN)).isEqualTo(2);
        // 8 edges in MINI plus ROBOT→SERVO and ROBOT→BEARING; BEARING→STEEL is one edge shared by both chains
        assertThat(dsl.fetchCount(CHAIN_EDGE)).isEqualTo(10);
        assertThat(dsl.select(CHAIN_NODE_ALIAS.ALIAS).from(CHAIN_NODE_ALIAS)
                .where(CHAIN_NODE_ALIAS.NODE_CODE.eq("BEARING")).fetch(CHAIN_NODE_ALIAS.ALIAS))
                .containsExactlyInAnyOrder("轴承", "主轴轴承");
        assertThat(dsl.selectFrom(POLICY_PRIOR).where(POLICY_PRIOR.NODE_CODE.eq("SOFT")).fetchOne())
                .satisfies(p -> {
                    assertThat(p.getSource()).isEqualTo("003_5c0cf2cb3d1ad0ca.txt");
                    assertThat(p.getSection()).isEqualTo("5.1");
                    assertThat(p.getQuote()).isEqualTo("高端软件（PDM、MES 等）依赖进口");
                    assertThat(p.getKind()).isEqualTo("IMPORT");
                    assertThat(p.getScopeCityCode()).isEqualTo("440100");
                    assertThat(p.getCitation()).startsWith("The Current Development Status");
                });
        assertThat(dsl.fetchCount(CHAIN_NODE_SUBSTITUTE)).isEqualTo(1);
        assertThat(dsl.select(CHAIN_ROOT.NODE_CODE).from(CHAIN_ROOT).where(CHAIN_ROOT.CHAIN_CODE.eq("MINI"))
                .fetch(CHAIN_ROOT.NODE_CODE)).containsExactlyInAnyOrder("LATHE", "MILL");

        ChainGraph graph = cache.get();
        assertThat(graph.view("MINI").members()).hasSize(8).startsWith("LATHE")
                .contains("SPINDLE", "CNC", "SCREW", "SOFT", "BEARING", "STEEL");
        // one BEARING node in two chains
        assertThat(graph.view("OTHER").members()).containsExactlyInAnyOrder("ROBOT", "SERVO", "BEARING", "STEEL");
    }

    @Test
    void thePriorsOfTheGraphCarryScopeKindAndTheirDocumentsCitation() {
        chains.load(SeedFixtures.chains("good/chains"));

        ChainGraph.Prior bearing = cache.get().nodes().get("BEARING").priors().get(0);
        assertThat(bearing.kind()).isEqualTo(PriorKind.IMPORT);
        assertThat(bearing.scopeCity()).isNull();
        assertThat(bearing.chainCode()).isNull();
        assertThat(bearing.shortCitation()).isEqualTo("粤工信装备〔2023〕13号");
        assertThat(bearing.citation()).contains("粤工信装备〔2023〕13号", "2023年12月29日").doesNotContain(".txt");
        assertThat(bearing.draft()).isFalse();
        assertThat(bearing.weight()).isEqualTo(1.0);

        ChainGraph.Prior soft = cache.get().nodes().get("SOFT").priors().get(0);
        Region guangzhou = new Region("广州", "440100", "广州");
        Region shenzhen = new Region("深圳", "440300", "深圳");
        // a Guangzhou paper's statement speaks for Guangzhou only; the province plan's for every city
        assertThat(soft.appliesIn("MINI", guangzhou)).isTrue();
        assertThat(soft.appliesIn("MINI", shenzhen)).isFalse();
        assertThat(soft.appliesIn("MINI", Region.PROVINCE)).isFalse();
        assertThat(bearing.appliesIn("OTHER", shenzhen)).isTrue();
    }

    @Test
    void aPriorWithoutCitationKindFittingScopeOrChainIsRejectedAndNothingIsLoaded() {
        assertThatThrownBy(() -> chains.load(SeedFixtures.chains("badprior")))
                .isInstanceOfSatisfying(ChainSeedRejected.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "chains/01-a.yaml: 节点 XA 的先验 #1 引用的文件 009_unknown.txt 未在 00-sources.yaml 中登记，没有引用信息",
                        "chains/01-a.yaml: 节点 XA 的先验 #2 须有 source、section、quote、kind、scope",
                        "chains/01-a.yaml: 节点 XA 的先验 #3 的 kind「BLANK」不是 IMPORT、OUTSIDE_PROVINCE、WEAK_LINK、LOCALISATION_TARGET 之一",
                        "chains/01-a.yaml: 节点 YA 的先验 #1 的 scope 为 440100，但 002 只讲 441900",
                        "chains/01-a.yaml: 节点 YA 的先验 #2 的 chain 为 B，但该链不含节点 YA，先验永远用不上",
                        "chains/01-a.yaml: 节点 YA 的先验 #3 的 scope「全国」应为 province 或 6 位城市代码",
                        "chains/01-a.yaml: 节点 YA 的先验 #4 有 droppedBy，但 000 不是征求意见稿"));
        assertThat(dsl.fetchCount(CHAIN_NODE)).isZero();
        assertThat(dsl.fetchCount(POLICY_PRIOR)).isZero();
    }

    @Test
    void aSecondLoadOfTheSameFilesChangesNothing() {
        assertThat(chains.load(SeedFixtures.chains("good/chains"))).isTrue();
        var before = dsl.selectFrom(POLICY_PRIOR).orderBy(POLICY_PRIOR.ID).fetch();

        assertThat(chains.load(SeedFixtures.chains("good/chains"))).isFalse();

        assertThat(dsl.selectFrom(POLICY_PRIOR).orderBy(POLICY_PRIOR.ID).fetch()).isEqualTo(before);
        assertThat(dsl.fetchCount(CHAIN_NODE)).isEqualTo(10);
    }

    @Test
    void aCycleAcrossFilesIsRejectedNamingFilesAndNodesAndNothingIsLoaded() {
        assertThatThrownBy(() -> chains.load(SeedFixtures.chains("cycle")))
                .isInstanceOf(ChainSeedRejected.class)
                .hasMessageContaining("chains/01-a.yaml")
                .hasMessageContaining("chains/02-b.yaml")
                .hasMessageContaining("有环")
                .hasMessageContaining("YA → ZA → YA");
        assertThat(dsl.fetchCount(CHAIN_NODE)).isZero();
        assertThat(dsl.fetchCount(CHAIN)).isZero();
        assertThat(dsl.fetchCount(CHAIN_EDGE)).isZero();
    }

    @Test
    void aRejectedSetLeavesThePreviouslyLoadedGraphAsItWas() {
        chains.load(SeedFixtures.chains("good/chains"));

        assertThatThrownBy(() -> chains.load(SeedFixtures.chains("cycle"))).isInstanceOf(ChainSeedRejected.class);

        assertThat(dsl.fetchCount(CHAIN_NODE)).isEqualTo(10);
        assertThat(dsl.fetchCount(CHAIN_NODE, CHAIN_NODE.CODE.in("XA", "YA", "ZA"))).isZero();
        assertThat(dsl.fetchCount(CHAIN)).isEqualTo(2);
    }

    @Test
    void aReferenceToAnUnknownNodeIsRejected() {
        assertThatThrownBy(() -> chains.load(SeedFixtures.chains("unknown")))
                .isInstanceOf(ChainSeedRejected.class)
                .hasMessageContaining("chains/01-a.yaml: 节点 XA 的 parts 引用了未知节点 NOPE");
        assertThat(dsl.fetchCount(CHAIN_NODE)).isZero();
    }

    @Test
    void aDuplicateCodeIsRejectedNamingBothFiles() {
        assertThatThrownBy(() -> chains.load(SeedFixtures.chains("duplicate")))
                .isInstanceOf(ChainSeedRejected.class)
                .hasMessageContaining("chains/02-b.yaml: 节点 YA 代码重复（已在 chains/01-a.yaml 定义）");
        assertThat(dsl.fetchCount(CHAIN_NODE)).isZero();
    }

    @Test
    void anAliasOfTwoNodesIsRejected() {
        assertThatThrownBy(() -> chains.load(SeedFixtures.chains("dupalias")))
                .isInstanceOf(ChainSeedRejected.class)
                .hasMessageContaining("别名「主轴」同时属于节点 YA（chains/01-a.yaml）和 WA（chains/01-a.yaml）");
        assertThat(dsl.fetchCount(CHAIN_NODE)).isZero();
    }

    @Test
    void geographyLoadsCitiesDistrictsAndRatingsOnce() {
        assertThat(geo.load(SeedFixtures.geo("cities.yaml"), SeedFixtures.geo("cluster-ratings.yaml"))).isTrue();
        assertThat(geo.load(SeedFixtures.geo("cities.yaml"), SeedFixtures.geo("cluster-ratings.yaml"))).isFalse();

        assertThat(dsl.fetchCount(REGION)).isEqualTo(2);
        assertThat(dsl.fetchCount(CITY)).isEqualTo(5);
        assertThat(dsl.select(CITY.NAME).from(CITY).where(CITY.CODE.eq("441900")).fetchOne(CITY.NAME)).isEqualTo("东莞");
        assertThat(dsl.select(DISTRICT.ENTERPRISE_COUNT).from(DISTRICT).where(DISTRICT.NAME.eq("荔湾区"))
                .fetchOne(DISTRICT.ENTERPRISE_COUNT)).isEqualTo(12);
        assertThat(dsl.select(CLUSTER_RATING.STARS).from(CLUSTER_RATING)
                .where(CLUSTER_RATING.CLUSTER_NO.eq(12), CLUSTER_RATING.CITY_CODE.eq("440100"))
                .fetchOne(CLUSTER_RATING.STARS)).isEqualTo((byte) 4);
        assertThat(dsl.fetchCount(CLUSTER_RATING)).isEqualTo(5);
        // stars become tiers by the legend of the cluster's own table
        assertThat(dsl.select(CLUSTER_RATING.CITY_CODE, CLUSTER_RATING.TIER).from(CLUSTER_RATING)
                .where(CLUSTER_RATING.CLUSTER_NO.eq(12)).fetchMap(CLUSTER_RATING.CITY_CODE, CLUSTER_RATING.TIER))
                .containsEntry("440100", "CORE").containsEntry("440600", "KEY").containsEntry("440500", "GENERAL");
        assertThat(dsl.select(DISTRICT_INDUSTRY.INDUSTRY, DISTRICT_INDUSTRY.ENTERPRISE_COUNT).from(DISTRICT_INDUSTRY)
                .where(DISTRICT_INDUSTRY.DISTRICT_CODE.eq("440103")).orderBy(DISTRICT_INDUSTRY.SORT_ORDER)
                .fetch(r -> r.value1() + " " + r.value2())).containsExactly("通用设备制造业 9", "专用设备制造业 3");
    }

    @Test
    void everyProblemIsListedInOneMessage() {
        var e = (ChainSeedRejected) org.assertj.core.api.Assertions.catchThrowable(() -> ChainSeedParser.parse(
                List.of(SeedFixtures.chains("unknown").get(0), SeedFixtures.chains("dupalias").get(0))));
        assertThat(e.problems()).anyMatch(p -> p.contains("未知节点 NOPE")).anyMatch(p -> p.contains("产业链代码 A 重复"));
    }
}
