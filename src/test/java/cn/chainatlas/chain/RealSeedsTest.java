package cn.chainatlas.chain;

import cn.chainatlas.db.SeedFiles;
import cn.chainatlas.enterprise.Classifier;
import cn.chainatlas.enterprise.NodeMatch;
import cn.chainatlas.common.Actor;
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
import static cn.chainatlas.db.schema.Tables.CLUSTER_CHAIN;
import static cn.chainatlas.db.schema.Tables.CLUSTER_RATING;
import static cn.chainatlas.db.schema.Tables.DISTRICT;
import static cn.chainatlas.db.schema.Tables.DISTRICT_INDUSTRY;
import static cn.chainatlas.db.schema.Tables.POLICY_PRIOR;
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
    @Inject
    ChainGraphCache cache;
    @Inject
    Classifier classifier;

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
                    .allSatisfy(p -> assertThat(p.citation()).isNotBlank().doesNotContain(".txt"))
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
        assertThat(system.reasons().get(0)).startsWith("无需求数据，依据政策文件判为依赖进口：粤工信装备〔2023〕13号")
                .contains("高档数控系统、高可靠性电主轴").doesNotContain(".txt");
        assertThat(cnc).extracting(NodeGap::statusKey).containsOnly("CHOKEPOINT", "BLANK");
        assertThat(cnc).flatExtracting(NodeGap::reasons).noneMatch(r -> r.matches(".*00[0-4]_[0-9a-f]{16}\\.txt.*"));
    }

    @Test
    void aGuangzhouStatementFlagsItsNodeInGuangzhouButNotInShenzhen() {
        // 003 5.1 (a paper about Guangzhou) says 滚珠丝杠 depends on imports; nothing says so for the province
        NodeGap guangzhou = gaps.gaps(Actor.SYSTEM, "CNC", "广州").stream()
                .filter(g -> g.nodeCode().equals("BALL_SCREW")).findFirst().orElseThrow();
        NodeGap shenzhen = gaps.gaps(Actor.SYSTEM, "CNC", "深圳").stream()
                .filter(g -> g.nodeCode().equals("BALL_SCREW")).findFirst().orElseThrow();
        assertThat(guangzhou.priorUsed()).isTrue();
        assertThat(guangzhou.importDependent()).isTrue();
        assertThat(guangzhou.reasons().get(0)).contains("（广州）").contains("滚珠丝杠");
        assertThat(shenzhen.priorUsed()).isFalse();
        assertThat(shenzhen.importDependent()).isFalse();
        assertThat(shenzhen.reasons()).noneMatch(r -> r.contains("滚珠丝杠等原材料"));
    }

    @Test
    void boughtFromJiangsuShandongOrAbroadIsReadAsOutsideTheProvinceNotAsImports() {
        NodeGap gearbox = gaps.gaps(Actor.SYSTEM, "OFFSHORE", "广州").stream()
                .filter(g -> g.nodeCode().equals("GEARBOX")).findFirst().orElseThrow();
        assertThat(gearbox.importDependent()).isFalse();
        assertThat(gearbox.statusKey()).isNotEqualTo("IMPORT_DEPENDENT").isNotEqualTo("CHOKEPOINT");
        assertThat(gearbox.reasons()).anySatisfy(r -> assertThat(r).contains("依赖省外").contains("依靠江苏、山东或国外"));
        // the statement is about offshore wind: the rail chain's gearbox does not carry it
        NodeGap rail = gaps.gaps(Actor.SYSTEM, "RAIL", "广州").stream()
                .filter(g -> g.nodeCode().equals("GEARBOX")).findFirst().orElseThrow();
        assertThat(rail.reasons()).noneMatch(r -> r.contains("依靠江苏、山东或国外"));
    }

    @Test
    void theRobotChainReachesTheSensorAndItsReducersAreRvAndHarmonic() {
        ChainGraph.ChainView robot = cache.get().view("ROBOT");
        assertThat(robot.contains("SENSOR")).isTrue();
        assertThat(robot.ancestorsOrSelf("SENSOR")).contains("INDUSTRIAL_ROBOT");
        assertThat(cache.get().children("ROBOT_REDUCER")).containsExactlyInAnyOrder("RV_REDUCER", "HARMONIC_REDUCER");
        assertThat(robot.ancestorsOrSelf("RV_REDUCER")).contains("ROBOT_REDUCER", "INDUSTRIAL_ROBOT");
        assertThat(catalog.graph(Actor.SYSTEM, "ROBOT").edges())
                .contains(new ChainCatalog.GraphEdge("INDUSTRIAL_ROBOT", "SENSOR"));
    }

    @Test
    void categoryWordsClassifyToTheirNodesNotToNothingOrThePlanetaryReducer() {
        assertThat(best("数控机床")).isEqualTo("CNC_MACHINE_TOOL");
        assertThat(best("高端数控机床")).isEqualTo("CNC_MACHINE_TOOL");
        assertThat(best("数控设备")).isEqualTo("CNC_MACHINE_TOOL");
        assertThat(cache.get().chains().get("CNC").roots()).contains("CNC_MACHINE_TOOL");
        assertThat(best("机器人减速器")).isEqualTo("ROBOT_REDUCER");
        assertThat(best("精密减速器")).isEqualTo("ROBOT_REDUCER");
        assertThat(classifier.classify("机器人减速器")).extracting(NodeMatch::nodeCode).doesNotContain("PLANETARY_REDUCER");
        assertThat(best("工业软件")).isEqualTo("INDUSTRIAL_SOFTWARE");
        assertThat(best("核心零组件")).isEqualTo("LASER_CORE_PARTS");
        assertThat(best("激光材料")).isEqualTo("LASER_MATERIAL");
        // a rail word that would catch car parts stays unaliased; the rail node's own name still classifies
        assertThat(classifier.classify("汽车空调")).isEmpty();
        assertThat(best("轨道车辆空调")).isEqualTo("RAIL_HVAC");
    }

    @Test
    void thePriorsSayWhereAndWhatTheDocumentsSayWithTheirCitation() {
        ChainGraph graph = cache.get();
        ChainGraph.Prior gearbox = only(graph, "GEARBOX", "003_5c0cf2cb3d1ad0ca.txt", "5.3");
        assertThat(gearbox.kind()).isEqualTo(PriorKind.OUTSIDE_PROVINCE);
        assertThat(gearbox.kind().label()).isEqualTo("依赖省外");
        assertThat(gearbox.scopeCity()).isEqualTo("440100");
        assertThat(gearbox.chainCode()).isEqualTo("OFFSHORE");
        assertThat(gearbox.quote()).contains("依靠江苏、山东或国外");
        assertThat(gearbox.citation()).contains("DOI：10.3969/j.issn.1674-2605.2023.06.001", "期刊论文");

        ChainGraph.Prior dongguan = only(graph, "ROBOT_REDUCER", "002_85762239e36c1093.txt", "四（三）");
        assertThat(dongguan.scopeCity()).isEqualTo("441900");
        assertThat(dongguan.kind()).isEqualTo(PriorKind.WEAK_LINK);
        assertThat(dongguan.chainCode()).isEqualTo("ROBOT");
        assertThat(dongguan.draft()).isTrue();
        assertThat(dongguan.citation()).contains("东莞市发展高端装备制造战略性支柱产业集群行动计划", "征求意见稿");

        ChainGraph.Prior bearing = only(graph, "BEARING", "000_2aa08a9e2f074175.txt", "一（二）");
        assertThat(bearing.kind()).isEqualTo(PriorKind.IMPORT);
        assertThat(bearing.scopeCity()).isNull();
        assertThat(bearing.chainCode()).isNull();
        assertThat(bearing.citation()).contains("广东省工业和信息化厅", "粤工信装备〔2023〕13号", "2023年12月29日");

        // 001 is a draft; the 2023 plan's list of import-dependent parts no longer names 刀具
        ChainGraph.Prior tool = only(graph, "CUTTING_TOOL", "001_0c1bbc86ad1c792f.txt", "一（二）");
        assertThat(tool.draft()).isTrue();
        assertThat(tool.weight()).isZero();
        assertThat(tool.counts()).isFalse();
        assertThat(tool.weightNote()).contains("粤工信装备〔2023〕13号", "刀具");

        ChainGraph.Prior eda = only(graph, "EDA", "004_3b6d5ab2f1885d00.txt", "第三章第二节 1.");
        assertThat(eda.kind()).isEqualTo(PriorKind.LOCALISATION_TARGET);
        assertThat(eda.citation()).contains("广东省人民政府", "粤府〔2021〕53号", "2021年7月30日");

        // every prior has a citation, and none names a file
        assertThat(dsl.fetchCount(POLICY_PRIOR)).isGreaterThanOrEqualTo(48);
        assertThat(dsl.select(POLICY_PRIOR.CITATION).from(POLICY_PRIOR).fetch(POLICY_PRIOR.CITATION))
                .allSatisfy(c -> assertThat(c).isNotBlank().doesNotContainPattern("\\d{3}_[0-9a-f]{16}"));
    }

    @Test
    void starsBecomeTiersPerTableAndOffshoreWindIsInTheNewEnergyCluster() {
        // table 1 (clusters 1-10): ★★★ core; table 2 (11-20): ★★★★ core, ★★ key
        assertThat(tier(1, "440100")).isEqualTo("CORE");
        assertThat(tier(16, "441700")).isEqualTo("CORE");
        assertThat(tier(16, "440800")).isEqualTo("CORE");
        assertThat(tier(12, "440600")).isEqualTo("KEY");
        assertThat(chains(16)).containsExactly("OFFSHORE");
        assertThat(chains(12)).contains("SEMI", "CNC");
        assertThat(chains(11)).contains("SEMI");
        assertThat(chains(20)).isEmpty();
        // 003 表1's 铁路、船舶、航空航天 column: 从化 20, 南沙 13
        assertThat(dsl.select(DISTRICT_INDUSTRY.DISTRICT_CODE, DISTRICT_INDUSTRY.ENTERPRISE_COUNT).from(DISTRICT_INDUSTRY)
                .where(DISTRICT_INDUSTRY.INDUSTRY.eq("铁路、船舶、航空航天和其他运输设备制造业"))
                .fetchMap(DISTRICT_INDUSTRY.DISTRICT_CODE, DISTRICT_INDUSTRY.ENTERPRISE_COUNT))
                .containsEntry("440117", 20).containsEntry("440115", 13);
    }

    private String best(String text) {
        List<NodeMatch> matches = classifier.classify(text);
        assertThat(matches).as(text).isNotEmpty();
        return matches.get(0).nodeCode();
    }

    private static ChainGraph.Prior only(ChainGraph graph, String node, String source, String section) {
        List<ChainGraph.Prior> found = graph.nodes().get(node).priors().stream()
                .filter(p -> p.source().equals(source) && p.section().equals(section)).toList();
        assertThat(found).as(node + " " + source + " " + section).hasSize(1);
        return found.get(0);
    }

    private String tier(int cluster, String city) {
        return dsl.select(CLUSTER_RATING.TIER).from(CLUSTER_RATING)
                .where(CLUSTER_RATING.CLUSTER_NO.eq(cluster), CLUSTER_RATING.CITY_CODE.eq(city)).fetchOne(CLUSTER_RATING.TIER);
    }

    private List<String> chains(int cluster) {
        return dsl.select(CLUSTER_CHAIN.CHAIN_CODE).from(CLUSTER_CHAIN).where(CLUSTER_CHAIN.CLUSTER_NO.eq(cluster))
                .fetch(CLUSTER_CHAIN.CHAIN_CODE);
    }

    @Test
    void asecondStartWithTheSameSeedsWritesNothing() {
        assertThat(loader.load(SeedFiles.list("chains", ".yaml"))).isFalse();
    }
}
