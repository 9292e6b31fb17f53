package cn.chainatlas.chain;

import cn.chainatlas.geo.Region;

import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
import cn.chainatlas.testing.DatabaseTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.assertj.core.data.Offset;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static cn.chainatlas.chain.MiniChainData.LEADER_DG;
import static cn.chainatlas.chain.MiniChainData.LEADER_FS;
import static cn.chainatlas.chain.MiniChainData.S1;
import static cn.chainatlas.chain.MiniChainData.S10;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every figure and status of the MINI chain (see {@link MiniChainData}) against values worked out by hand.
 *
 * Graph facts used throughout (MINI has 8 nodes; JGraphT normalises directed betweenness by (n-1)(n-2) = 42):
 *   shortest paths through SPINDLE: LATHE→BEARING, LATHE→STEEL (1 each), MILL→BEARING, MILL→STEEL (½ each) = 3 → 3/42
 *   through BEARING: LATHE→STEEL, MILL→STEEL, SPINDLE→STEEL, SCREW→STEEL = 4 → 4/42
 *   through CNC: LATHE→SOFT = 1 → 1/42; through SCREW: MILL→BEARING ½ + MILL→STEEL ½ = 1 → 1/42; others 0.
 *   sorted [0,0,0,0,1/42,1/42,3/42,4/42]; 75th percentile by nearest rank = 6th value = 1/42 ≈ 0.024.
 *   final equipment above: SPINDLE, BEARING, STEEL 2; CNC, SCREW, SOFT, LATHE, MILL 1.
 */
@MicronautTest
class GapAnalysisTest extends DatabaseTest {

    static final Actor ANALYST = new Actor("analyst", Role.PROVINCE, null, null);
    static final Offset<Double> EPS = Offset.offset(1e-9);

    @Inject
    cn.chainatlas.db.FiguresCache figuresCache;
    @Inject
    cn.chainatlas.db.DataVersion dataVersion;
    @Inject
    io.micronaut.json.JsonMapper json;

    @Inject
    ChainSeedLoader chains;
    @Inject
    GeoSeedLoader geo;
    @Inject
    DSLContext dsl;
    @Inject
    GapAnalysis analysis;
    @Inject
    WhatIfAnalysis whatIf;
    @Inject
    cn.chainatlas.geo.Cities cities;

    @BeforeAll
    void data() {
        geo.load(SeedFixtures.geo("cities.yaml"), SeedFixtures.geo("cluster-ratings.yaml"));
        chains.load(SeedFixtures.chains("good/chains"));
        MiniChainData.insert(dsl);
    }

    private Map<String, NodeGap> byCode(List<NodeGap> gaps) {
        Map<String, NodeGap> m = new java.util.HashMap<>();
        gaps.forEach(g -> m.put(g.nodeCode(), g));
        return m;
    }

    @Test
    void provinceStatusesWorstFirst() {
        List<NodeGap> gaps = analysis.gaps(ANALYST, "MINI", "province");
        // 卡脖子 by demand share (SPINDLE 50% before BEARING 18%), 空白, then 薄弱 by share (CNC 22.7%), then by
        // final equipment (STEEL 2 before LATHE/MILL 1), 已覆盖 last
        assertThat(gaps).extracting(NodeGap::nodeCode).hasSize(8)
                .startsWith("SPINDLE", "BEARING", "SOFT", "CNC", "STEEL").endsWith("SCREW");
        assertThat(gaps).extracting(NodeGap::status)
                .containsExactly("卡脖子", "卡脖子", "空白", "薄弱", "薄弱", "薄弱", "薄弱", "已覆盖");
    }

    @Test
    void provinceSpindleIsAChokepoint() {
        NodeGap g = byCode(analysis.gaps(ANALYST, "MINI", "province")).get("SPINDLE");
        // demand: DG 400 same city + 600 import, FS 100 same city = 1100; local (same city + province) 500
        assertThat(g.demand().annualValue()).isEqualTo(1100.0);
        assertThat(g.demand().demands()).isEqualTo(3);
        assertThat(g.demandLeaders()).isEqualTo(2);
        assertThat(g.demand().valueBySourcing()).containsEntry("SAME_CITY", 500.0).containsEntry("IMPORT", 600.0)
                .containsEntry("PROVINCE", 0.0).containsEntry("OTHER_PROVINCE", 0.0);
        assertThat(g.demand().quantityByUnit()).containsEntry("台", 350.0);
        assertThat(g.localisationRate()).isCloseTo(500.0 / 1100, EPS);
        assertThat(g.importShare()).isCloseTo(600.0 / 1100, EPS);
        // supply: S1 小巨人 100, S2 高新 300, S3 unrated 100 (台 and 台/年 are one unit); HHI = (1+9+1)/25 = 0.44
        assertThat(g.localSuppliers()).isEqualTo(3);
        assertThat(g.supply().qualifiedSuppliers()).isEqualTo(1);
        assertThat(g.supply().byTier()).containsEntry("专精特新小巨人", 1).containsEntry("高新技术企业", 1).containsEntry("未评级", 1);
        assertThat(g.supply().capacityByUnit()).containsEntry("台", 500.0);
        assertThat(g.supply().hhi()).isCloseTo(0.44, EPS);
        assertThat(g.supply().singleSource()).isFalse();
        // criticality: 2 final equipment, both leaders, 1100 of 2200 chain demand value, betweenness 3/42
        assertThat(g.criticality().finalEquipment()).isEqualTo(2);
        assertThat(g.criticality().leaders()).isEqualTo(2);
        assertThat(g.criticality().demandShare()).isCloseTo(0.5, EPS);
        assertThat(g.criticality().betweenness()).isCloseTo(3.0 / 42, EPS);
        assertThat(g.criticality().critical()).isTrue();
        assertThat(g.statusKey()).isEqualTo("CHOKEPOINT");
        assertThat(g.reasons()).containsExactly(
                "进口占比 54.5%（按需求金额加权），高于 50.0% 即判为依赖进口",
                "被本链 2 种整机依赖，达到 2 种即为关键环节",
                "占本链需求金额的 50.0%，达到 10.0% 即为关键环节",
                "上下游连接作用（中介中心性）0.07143，本链第 2 位（共 8 个环节），不低于前四分之一分界值 0.02381 即为关键环节");
    }

    @Test
    void provinceBearingIsAChokepointWithNoLocalSupplier() {
        NodeGap g = byCode(analysis.gaps(ANALYST, "MINI", "province")).get("BEARING");
        // DG 300 import, FS 100 elsewhere in Guangdong (local for the province): 75% import; the Jiangsu maker is not local
        assertThat(g.localisationRate()).isCloseTo(0.25, EPS);
        assertThat(g.importShare()).isCloseTo(0.75, EPS);
        assertThat(g.localSuppliers()).isZero();
        assertThat(g.supply().hhi()).isNull();
        assertThat(g.priorUsed()).isFalse();
        assertThat(g.criticality().demandShare()).isCloseTo(400.0 / 2200, EPS);
        assertThat(g.criticality().betweenness()).isCloseTo(4.0 / 42, EPS);
        assertThat(g.criticality().leaders()).isEqualTo(2);
        assertThat(g.reasons()).containsExactly(
                "进口占比 75.0%（按需求金额加权），高于 50.0% 即判为依赖进口",
                "被本链 2 种整机依赖，达到 2 种即为关键环节",
                "占本链需求金额的 18.2%，达到 10.0% 即为关键环节",
                "上下游连接作用（中介中心性）0.09524，本链第 1 位（共 8 个环节），不低于前四分之一分界值 0.02381 即为关键环节",
                "本地供应商 0 家，没有本地供应商即判为空白");
    }

    @Test
    void aGuangzhouPriorStandsInForGuangzhouOnlyAndSaysSo() {
        // the fixture's statement on SOFT is 003's, about Guangzhou: the province view does not use it
        NodeGap province = byCode(analysis.gaps(ANALYST, "MINI", "province")).get("SOFT");
        assertThat(province.priorUsed()).isFalse();
        assertThat(province.importDependent()).isFalse();
        assertThat(province.statusKey()).isEqualTo("BLANK");
        assertThat(province.reasons()).containsExactly("本地供应商 0 家，没有本地供应商即判为空白");
        NodeGap g = byCode(analysis.gaps(ANALYST, "MINI", "广州")).get("SOFT");
        // no demand: the prior makes it import-dependent, but one final equipment, no demand share, betweenness 0
        assertThat(g.priorUsed()).isTrue();
        assertThat(g.importDependent()).isTrue();
        assertThat(g.importShare()).isNull();
        assertThat(g.localisationRate()).isNull();
        assertThat(g.criticality().critical()).isFalse();
        assertThat(g.statusKey()).isEqualTo("BLANK");
        assertThat(g.reasons()).hasSize(3);
        assertThat(g.reasons().get(0)).startsWith("无需求数据，依据政策文件判为依赖进口：").contains("5.1（广州）「高端软件（PDM、MES 等）依赖进口」")
                .doesNotContain(".txt");
        assertThat(g.reasons().get(2)).isEqualTo("本地供应商 0 家，没有本地供应商即判为空白");
    }

    @Test
    void provinceWeakAndCoveredNodes() {
        Map<String, NodeGap> gaps = byCode(analysis.gaps(ANALYST, "MINI", "province"));
        // CNC: 3 high-tech suppliers, none 专精特新 or better; all 500 bought elsewhere in Guangdong = local
        NodeGap cnc = gaps.get("CNC");
        assertThat(cnc.statusKey()).isEqualTo("WEAK");
        assertThat(cnc.localisationRate()).isEqualTo(1.0);
        assertThat(cnc.importShare()).isEqualTo(0.0);
        assertThat(cnc.supply().hhi()).isCloseTo(1.0 / 3, EPS); // nobody declares capacity: equal shares
        assertThat(cnc.criticality().demandShare()).isCloseTo(500.0 / 2200, EPS);
        assertThat(cnc.criticality().leaders()).isEqualTo(1);
        assertThat(cnc.reasons()).containsExactly("专精特新及以上的本地供应商 0 家，少于 1 家即判为薄弱");
        // STEEL: one Foshan supplier, single source
        NodeGap steel = gaps.get("STEEL");
        assertThat(steel.statusKey()).isEqualTo("WEAK");
        assertThat(steel.supply().singleSource()).isTrue();
        assertThat(steel.criticality().finalEquipment()).isEqualTo(2);
        assertThat(steel.criticality().leaders()).isEqualTo(2);
        assertThat(steel.reasons()).containsExactly("本地供应商 1 家，少于 3 家即判为薄弱", "供应集中度（HHI）1.00，达到 0.50 即判为薄弱（单一来源）");
        // LATHE: made by the Dongguan leader only, unrated
        assertThat(gaps.get("LATHE").reasons()).containsExactly("本地供应商 1 家，少于 3 家即判为薄弱",
                "专精特新及以上的本地供应商 0 家，少于 1 家即判为薄弱", "供应集中度（HHI）1.00，达到 0.50 即判为薄弱（单一来源）");
        // SCREW: DG 200 from another province, FS one import without value → weighted by value: 0% import, 0% local
        NodeGap screw = gaps.get("SCREW");
        assertThat(screw.statusKey()).isEqualTo("COVERED");
        assertThat(screw.demand().weightedBy()).isEqualTo("VALUE");
        assertThat(screw.importShare()).isEqualTo(0.0);
        assertThat(screw.localisationRate()).isEqualTo(0.0);
        assertThat(screw.demand().demands()).isEqualTo(2);
        // capacity 件: S4 50, S5 150, S6 undeclared counts at the mean 100 → (2500+22500+10000)/300² = 0.3889
        assertThat(screw.supply().hhi()).isCloseTo(35000.0 / 90000, EPS);
        assertThat(screw.supply().capacityByUnit()).containsEntry("件", 200.0);
        assertThat(screw.criticality().betweenness()).isCloseTo(1.0 / 42, EPS);
        assertThat(screw.reasons()).containsExactly("本地供应商 3 家，不少于 3 家", "专精特新及以上的本地供应商 3 家，不少于 1 家",
                "进口占比 0.0%（按需求金额加权），不高于 50.0%，不判为依赖进口");
    }

    @Test
    void dongguanCountsOnlyTheSameCityAsLocal() {
        Map<String, NodeGap> gaps = byCode(analysis.gaps(ANALYST, "MINI", "东莞"));
        // only the Dongguan leader's demands: chain value 2000
        NodeGap spindle = gaps.get("SPINDLE");
        assertThat(spindle.localisationRate()).isCloseTo(0.4, EPS);
        assertThat(spindle.importShare()).isCloseTo(0.6, EPS);
        assertThat(spindle.localSuppliers()).isEqualTo(2);
        assertThat(spindle.criticality().leaders()).isEqualTo(1);
        assertThat(spindle.statusKey()).isEqualTo("CHOKEPOINT");
        // HHI over 100 and 300: (1+9)/16 = 0.625
        assertThat(spindle.reasons()).containsExactly(
                "进口占比 60.0%（按需求金额加权），高于 50.0% 即判为依赖进口",
                "被本链 2 种整机依赖，达到 2 种即为关键环节",
                "占本链需求金额的 50.0%，达到 10.0% 即为关键环节",
                "上下游连接作用（中介中心性）0.07143，本链第 2 位（共 8 个环节），不低于前四分之一分界值 0.02381 即为关键环节",
                "本地供应商 2 家，少于 3 家即判为薄弱",
                "供应集中度（HHI）0.63，达到 0.50 即判为薄弱");
        // CNC bought elsewhere in Guangdong is not local for Dongguan
        assertThat(gaps.get("CNC").localisationRate()).isEqualTo(0.0);
        assertThat(gaps.get("CNC").importShare()).isEqualTo(0.0);
        // SCREW: one Dongguan supplier of 50 件 against 80 件 needed
        assertThat(gaps.get("SCREW").statusKey()).isEqualTo("WEAK");
        assertThat(gaps.get("SCREW").reasons()).containsExactly("本地供应商 1 家，少于 3 家即判为薄弱",
                "供应集中度（HHI）1.00，达到 0.50 即判为薄弱（单一来源）", "本地申报产能 50 件/年，少于本地区链主年需求 80 件/年即判为薄弱");
        assertThat(gaps.get("BEARING").importShare()).isEqualTo(1.0);
        assertThat(gaps.get("BEARING").criticality().demandShare()).isCloseTo(0.15, EPS);
        // the Foshan steel mill and the Foshan leader's MILL are not Dongguan's
        assertThat(gaps.get("STEEL").statusKey()).isEqualTo("BLANK");
        assertThat(gaps.get("STEEL").reasons()).containsExactly("本地供应商 0 家，没有本地供应商即判为空白");
        assertThat(gaps.get("MILL").statusKey()).isEqualTo("BLANK");
        assertThat(gaps.get("MILL").criticality().leaders()).isZero();
        // the same result by city code
        assertThat(analysis.gaps(ANALYST, "MINI", "441900")).isEqualTo(analysis.gaps(ANALYST, "MINI", "东莞"));
    }

    @Test
    void foshanWeighsByCountWhenNoDemandStatesAValue() {
        NodeGap screw = byCode(analysis.gaps(ANALYST, "MINI", "佛山")).get("SCREW");
        // FS's only SCREW demand is an import without value: 1 of 1 demands imported; critical by betweenness only
        assertThat(screw.demand().weightedBy()).isEqualTo("COUNT");
        assertThat(screw.importShare()).isEqualTo(1.0);
        assertThat(screw.statusKey()).isEqualTo("CHOKEPOINT");
        assertThat(screw.reasons()).containsExactly(
                "进口占比 100.0%（按需求条数加权），高于 50.0% 即判为依赖进口",
                "上下游连接作用（中介中心性）0.02381，本链第 3 位（共 8 个环节），不低于前四分之一分界值 0.02381 即为关键环节",
                "本地供应商 0 家，没有本地供应商即判为空白");
    }

    @Test
    void finalEquipmentIsOnlyAsDomesticAsItsLeastDomesticCriticalPart() {
        List<GapAnalysis.Autonomy> autonomy = analysis.autonomy(ANALYST, "MINI", "province");
        GapAnalysis.Autonomy lathe = autonomy.stream().filter(a -> a.rootCode().equals("LATHE")).findFirst().orElseThrow();
        // critical parts of LATHE: SPINDLE (45.5% domestic), CNC (100%), BEARING (25%), STEEL (no figures); SOFT is not critical
        assertThat(lathe.criticalParts()).isEqualTo(4);
        assertThat(lathe.criticalPartsWithFigures()).isEqualTo(3);
        assertThat(lathe.domesticRate()).isCloseTo(0.25, EPS);
        assertThat(lathe.limitingNodes()).containsExactly("BEARING");
        assertThat(lathe.localisationRate()).isCloseTo(0.25, EPS);
        GapAnalysis.Autonomy mill = autonomy.stream().filter(a -> a.rootCode().equals("MILL")).findFirst().orElseThrow();
        // MILL: SPINDLE, SCREW (0% import but 0% local), BEARING, STEEL
        assertThat(mill.domesticRate()).isCloseTo(0.25, EPS);
        assertThat(mill.localisationRate()).isEqualTo(0.0);
        assertThat(mill.reasons().get(0)).contains("精密轴承 25.0%").contains("3/4");
    }

    @Test
    void gapsFollowNewDemandsAndSuppliers() {
        // a new Dongguan CNC supplier of tier 专精特新 lifts CNC in Dongguan from 薄弱 to 已覆盖
        assertThat(byCode(analysis.gaps(ANALYST, "MINI", "东莞")).get("CNC").statusKey()).isEqualTo("WEAK");
        MiniChainData.enterprise(dsl, "DG-CNC-00000000012", "东莞数控十二厂", MiniChainData.DG, "专精特新", false, null, null, "CNC");
        try {
            NodeGap cnc = byCode(analysis.gaps(ANALYST, "MINI", "东莞")).get("CNC");
            assertThat(cnc.statusKey()).isEqualTo("COVERED");
            assertThat(cnc.localSuppliers()).isEqualTo(4);
        } finally {
            dsl.deleteFrom(cn.chainatlas.db.schema.Tables.ENTERPRISE)
                    .where(cn.chainatlas.db.schema.Tables.ENTERPRISE.CREDIT_CODE.eq("DG-CNC-00000000012")).execute();
        }
    }

    @Test
    void thresholdsAreConfiguration() {
        GapThresholds strict = new GapThresholds();
        strict.setMinSuppliers(1);
        strict.setMaxHhi(1.01);
        strict.setQualifiedTier("高新技术企业");
        GapAnalysis relaxed = new GapAnalysis(new ChainGraphCache(dsl, dataVersion), new GapFiguresRepository(dsl), strict, cities, json, figuresCache);
        NodeGap steel = byCode(relaxed.gaps(ANALYST, "MINI", "province")).get("STEEL");
        assertThat(steel.statusKey()).isEqualTo("COVERED");
        assertThat(steel.reasons()).containsExactly("本地供应商 1 家，不少于 1 家", "高新技术企业及以上的本地供应商 1 家，不少于 1 家",
                "无需求数据（本地化率、进口占比无数据），也没有适用的政策文件语句");
    }

    @Test
    void allChainsAtOnceGivesTheSameAsOneByOne() {
        Map<String, List<NodeGap>> all = analysis.allChains(ANALYST, Region.PROVINCE);
        assertThat(all).containsOnlyKeys("MINI", "OTHER");
        assertThat(all.get("MINI")).isEqualTo(analysis.gaps(ANALYST, "MINI", "province"));
        // BEARING in the robot chain: one final equipment there, and no demand of that chain's own
        NodeGap bearing = byCode(all.get("OTHER")).get("BEARING");
        assertThat(bearing.criticality().finalEquipment()).isEqualTo(1);
    }

    @Test
    void unknownRegionOrChainIsAClearError() {
        assertThatThrownBy(() -> analysis.gaps(ANALYST, "MINI", "火星")).isInstanceOf(cn.chainatlas.common.BadInput.class)
                .hasMessageContaining("未知地区「火星」");
        assertThatThrownBy(() -> analysis.gaps(ANALYST, "NOPE", "province")).isInstanceOf(cn.chainatlas.common.NotFound.class)
                .hasMessageContaining("未知产业链「NOPE」");
    }

    @Test
    void cuttingBearingStopsEveryMachineThatContainsIt() {
        WhatIfAnalysis.Result r = whatIf.remove(ANALYST, "BEARING");
        assertThat(r.kind()).isEqualTo("NODE");
        // LATHE via SPINDLE, MILL via SPINDLE and SCREW, ROBOT directly — in two chains
        assertThat(r.finalEquipment()).extracting(WhatIfAnalysis.Equipment::code).containsExactlyInAnyOrder("LATHE", "MILL", "ROBOT");
        assertThat(r.finalEquipment()).filteredOn(e -> e.code().equals("ROBOT")).first()
                .satisfies(e -> assertThat(e.chains()).containsExactly("机器人链"));
        assertThat(r.leaders()).extracting(WhatIfAnalysis.Leader::creditCode).containsExactlyInAnyOrder(LEADER_DG, LEADER_FS);
        assertThat(r.nodes()).singleElement().satisfies(n -> {
            assertThat(n.suppliersBefore()).isZero();
            assertThat(n.suppliersAfter()).isZero();
        });
    }

    @Test
    void cuttingTheCncSystemAffectsOnlyTheLathe() {
        WhatIfAnalysis.Result r = whatIf.remove(ANALYST, "cnc");
        assertThat(r.finalEquipment()).extracting(WhatIfAnalysis.Equipment::code).containsExactly("LATHE");
        assertThat(r.leaders()).extracting(WhatIfAnalysis.Leader::creditCode).containsExactly(LEADER_DG);
    }

    @Test
    void aSupplierThatStops() {
        WhatIfAnalysis.Result spindle = whatIf.remove(ANALYST, S1);
        assertThat(spindle.kind()).isEqualTo("ENTERPRISE");
        assertThat(spindle.name()).isEqualTo("东莞主轴一厂");
        assertThat(spindle.nodes()).singleElement().satisfies(n -> {
            assertThat(n.code()).isEqualTo("SPINDLE");
            assertThat(n.suppliersBefore()).isEqualTo(3);
            assertThat(n.suppliersAfter()).isEqualTo(2);
        });
        assertThat(spindle.finalEquipment()).extracting(WhatIfAnalysis.Equipment::code).containsExactlyInAnyOrder("LATHE", "MILL");
        assertThat(spindle.leaders()).extracting(WhatIfAnalysis.Leader::creditCode).containsExactlyInAnyOrder(LEADER_DG, LEADER_FS);
        // the only Guangdong steel mill: the province loses its last local source
        WhatIfAnalysis.Result steel = whatIf.remove(ANALYST, S10);
        assertThat(steel.nodes()).singleElement().satisfies(n -> assertThat(n.suppliersAfter()).isZero());
        assertThat(steel.finalEquipment()).extracting(WhatIfAnalysis.Equipment::code).containsExactlyInAnyOrder("LATHE", "MILL", "ROBOT");
        assertThatThrownBy(() -> whatIf.remove(ANALYST, "NO-SUCH-THING")).isInstanceOf(cn.chainatlas.common.NotFound.class)
                .hasMessageContaining("未找到节点或企业");
    }
}
