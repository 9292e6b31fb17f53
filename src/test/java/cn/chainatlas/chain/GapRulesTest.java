package cn.chainatlas.chain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The gap rules on figures written by hand, without a database or a server: each status, its reasons with the
 * numbers and bars behind them.
 */
class GapRulesTest {

    private final GapRules rules = new GapRules(new GapThresholds());

    private static ChainGraph.Node node(String code, String name, ChainGraph.Prior... priors) {
        return new ChainGraph.Node(code, name, null, "部件", List.of(), List.of(), List.of(priors));
    }

    private static GapRules.SupplyRow supply(String tier, int suppliers, double capacity, double squares, int declaring) {
        return new GapRules.SupplyRow("N", tier, "台", suppliers, capacity, squares, declaring, null);
    }

    private static GapRules.DemandRow demand(String leader, String sourcing, double quantity, double value) {
        return new GapRules.DemandRow("N", leader, sourcing, "台/年", 1, quantity, value, value > 0 ? 1 : 0);
    }

    private GapRules.NodeFigures figures(ChainGraph.Node n, List<GapRules.SupplyRow> s, List<GapRules.DemandRow> d,
                                         int finalEquipment, double chainValue, boolean province) {
        List<GapRules.Statement> statements = n.priors().stream()
                .map(p -> new GapRules.Statement(p, p.scopeCity() == null ? "全省" : "广州")).toList();
        return new GapRules.NodeFigures(n, statements, s, d, finalEquipment, 1, 0.0, 0.1, chainValue, province, 12, 20);
    }

    private static ChainGraph.Prior prior(PriorKind kind, String quote, double weight) {
        return new ChainGraph.Prior("003_5c0cf2cb3d1ad0ca.txt", "5.3", quote, kind, "440100", null, "全文引用",
                "广州现代高端装备产业链论文", false, weight, weight > 0 ? null : "定稿未再提及");
    }

    @Test
    void importDependentAndCriticalIsAChokepointWithEveryNumberInItsReasons() {
        NodeGap g = rules.evaluate(figures(node("N", "电主轴"),
                List.of(supply("专精特新小巨人", 1, 100, 10_000, 1), supply(null, 2, 0, 0, 0)),
                List.of(demand("L1", "IMPORT", 300, 600), demand("L2", "SAME_CITY", 50, 400)), 2, 2000, false));
        assertThat(g.statusKey()).isEqualTo("CHOKEPOINT");
        assertThat(g.status()).isEqualTo("卡脖子");
        assertThat(g.importShare()).isCloseTo(0.6, within(1e-9));
        assertThat(g.localisationRate()).isCloseTo(0.4, within(1e-9));
        assertThat(g.reasons()).containsExactly(
                "进口占比 60.0%（按需求金额加权），高于 50.0% 即判为依赖进口",
                "被本链 2 种整机依赖，达到 2 种即为关键环节",
                "占本链需求金额的 50.0%，达到 10.0% 即为关键环节",
                // weak-link findings follow: 3 makers declare 100 台 between them against 350 台 demanded
                "本地申报产能 100 台/年，少于本地区链主年需求 350 台/年即判为薄弱");
    }

    @Test
    void noLocalSupplierIsBlankAndSaysSo() {
        NodeGap g = rules.evaluate(figures(node("N", "光栅尺"), List.of(), List.of(), 1, 0, true));
        assertThat(g.statusKey()).isEqualTo("BLANK");
        assertThat(g.reasons()).containsExactly("本地供应商 0 家，没有本地供应商即判为空白");
        assertThat(g.importShare()).isNull();
        assertThat(g.localisationRate()).isNull();
    }

    @Test
    void anImportStatementStandsInOnlyWithoutDemandDataAndCitesTheDocumentNotAFile() {
        ChainGraph.Prior prior = prior(PriorKind.IMPORT, "高端软件依赖进口", 1);
        NodeGap withPrior = rules.evaluate(figures(node("N", "工业软件", prior),
                List.of(supply("专精特新", 5, 0, 0, 0)), List.of(), 1, 0, true));
        assertThat(withPrior.statusKey()).isEqualTo("IMPORT_DEPENDENT");
        assertThat(withPrior.priorUsed()).isTrue();
        assertThat(withPrior.reasons().get(0))
                .isEqualTo("无需求数据，依据政策文件判为依赖进口：广州现代高端装备产业链论文 5.3（广州）「高端软件依赖进口」")
                .doesNotContain(".txt");
        NodeGap measured = rules.evaluate(figures(node("N", "工业软件", prior),
                List.of(supply("专精特新", 5, 0, 0, 0)), List.of(demand("L", "PROVINCE", 0, 100)), 1, 100, true));
        assertThat(measured.priorUsed()).isFalse();
        assertThat(measured.statusKey()).isEqualTo("COVERED");
        assertThat(measured.localisationRate()).isEqualTo(1.0);
    }

    @Test
    void boughtOutsideTheProvinceIsWeakNeverImportDependent() {
        NodeGap g = rules.evaluate(figures(node("N", "齿轮箱", prior(PriorKind.OUTSIDE_PROVINCE, "依靠江苏、山东或国外供应", 1)),
                List.of(supply("专精特新", 5, 0, 0, 0)), List.of(), 2, 0, true));
        assertThat(g.importDependent()).isFalse();
        assertThat(g.statusKey()).isEqualTo("WEAK");
        assertThat(g.reasons()).containsExactly(
                "政策文件称依赖省外配套（不等于依赖进口），即判为薄弱：广州现代高端装备产业链论文 5.3（广州）「依靠江苏、山东或国外供应」");
    }

    @Test
    void aStatementOfWeightZeroIsShownButDecidesNothing() {
        NodeGap g = rules.evaluate(figures(node("N", "刀具", prior(PriorKind.IMPORT, "刀具依赖进口", 0)),
                List.of(supply("专精特新", 5, 0, 0, 0)), List.of(), 2, 0, true));
        assertThat(g.statusKey()).isEqualTo("COVERED");
        assertThat(g.priorUsed()).isFalse();
        assertThat(g.reasons()).last().isEqualTo("未计入判定的政策文件语句：广州现代高端装备产业链论文 5.3「刀具依赖进口」——定稿未再提及");
    }

    @Test
    void aCitySeesElsewhereInGuangdongAsNotLocal() {
        List<GapRules.DemandRow> d = List.of(demand("L", "PROVINCE", 0, 100));
        assertThat(rules.evaluate(figures(node("N", "丝杠"), List.of(), d, 1, 100, true)).localisationRate()).isEqualTo(1.0);
        assertThat(rules.evaluate(figures(node("N", "丝杠"), List.of(), d, 1, 100, false)).localisationRate()).isEqualTo(0.0);
    }

    @Test
    void fewSuppliersConcentrationAndShortCapacityMakeItWeak() {
        NodeGap g = rules.evaluate(figures(node("N", "减速器"), List.of(supply("高新技术企业", 1, 100, 10_000, 1)),
                List.of(demand("L", "SAME_CITY", 500, 0)), 1, 0, false));
        assertThat(g.statusKey()).isEqualTo("WEAK");
        assertThat(g.supply().singleSource()).isTrue();
        assertThat(g.reasons()).containsExactly(
                "本地供应商 1 家，少于 3 家即判为薄弱",
                "专精特新及以上的本地供应商 0 家，少于 1 家即判为薄弱",
                "供应集中度（HHI）1.00，达到 0.50 即判为薄弱（单一来源）",
                "本地申报产能 100 台/年，少于本地区链主年需求 500 台/年即判为薄弱");
    }

    @Test
    void aBetweennessReasonShowsTheRankAndEnoughDigitsForTheRuleToVisiblyHold() {
        GapRules.NodeFigures f = new GapRules.NodeFigures(node("N", "数控系统"), List.of(),
                List.of(supply("专精特新", 5, 0, 0, 0)), List.of(demand("L", "IMPORT", 0, 100)), 1, 1,
                0.00123456, 0.00123, 100, true, 3, 40);
        NodeGap g = rules.evaluate(f);
        assertThat(g.statusKey()).isEqualTo("CHOKEPOINT");
        assertThat(g.reasons()).contains("上下游连接作用（中介中心性）0.001235，本链第 3 位（共 40 个环节），不低于前四分之一分界值 0.00123 即为关键环节");
        GapRules.NodeFigures below = new GapRules.NodeFigures(node("N", "数控系统"), List.of(),
                List.of(supply("专精特新", 5, 0, 0, 0)), List.of(demand("L", "IMPORT", 0, 100)), 1, 1,
                0.0012249, 0.00123, 0, true, 11, 40);
        assertThat(rules.evaluate(below).reasons()).contains(
                "依赖进口但不是关键环节：被 1 种整机依赖（达到 2 种才算）、占需求金额 0.0%（达到 10.0% 才算）、中介中心性 0.001225（本链第 11 位，不低于 0.00123 才算）");
    }

    @Test
    void anEquipmentIsOnlyAsDomesticAsItsLeastDomesticCriticalPart() {
        NodeGap a = rules.evaluate(figures(node("A", "数控系统"), List.of(), List.of(demand("L", "IMPORT", 0, 80), demand("L", "SAME_CITY", 0, 20)), 2, 100, true));
        NodeGap b = rules.evaluate(figures(node("B", "丝杠"), List.of(), List.of(demand("L", "IMPORT", 0, 10), demand("L", "SAME_CITY", 0, 90)), 2, 100, true));
        GapAnalysis.Autonomy r = rules.autonomy(node("R", "加工中心"), List.of(a, b));
        assertThat(r.domesticRate()).isCloseTo(0.2, within(1e-9));
        assertThat(r.limitingNodes()).containsExactly("A");
        assertThat(r.reasons()).containsExactly("国产化率取有需求数据的关键部件中最低者：数控系统 20.0%（依据 2/2 项关键部件的需求数据）");
    }

    @Test
    void aPolicyStatementIsNotAMeasuredZeroInTheRollUp() {
        NodeGap measured = rules.evaluate(figures(node("A", "数控系统"), List.of(), List.of(demand("L", "IMPORT", 0, 30), demand("L", "SAME_CITY", 0, 70)), 2, 100, true));
        NodeGap stated = rules.evaluate(figures(node("B", "工业软件", prior(PriorKind.IMPORT, "依赖进口", 1)), List.of(), List.of(), 2, 100, true));
        GapAnalysis.Autonomy r = rules.autonomy(node("R", "加工中心"), List.of(measured, stated));
        assertThat(r.domesticRate()).isCloseTo(0.7, within(1e-9));
        assertThat(r.reasons()).contains("另有 1 项关键部件无需求数据、仅有政策文件称依赖进口：工业软件（不计入比率）");
    }

    @Test
    void thousandsOfP0MakersAndNoP4MakerStayAGapWhenLeadersDemandP4() {
        GapRules.NodeFigures f = new GapRules.NodeFigures(node("N", "轴承"), List.of(),
                List.of(supply("专精特新", 120, 0, 0, 0), supply(null, 2880, 0, 0, 0)),
                List.of(demand("L1", "OTHER_PROVINCE", 1000, 500)), 1, 2, 0.0, 0.1, 5000, true, 12, 20, false,
                List.of(new GapRules.SpecSupply("精度等级 P4", 2, 0, 2400)));
        NodeGap g = rules.evaluate(f);
        assertThat(g.statusKey()).isEqualTo("BLANK");
        assertThat(g.localSuppliers()).isEqualTo(3000);
        assertThat(g.reasons()).first().asString()
                .isEqualTo("链主需求「精度等级 P4」（2 条）：本地 3000 家供应商中写明满足的 0 家（2400 家未写明），按所需规格计无本地供应");
    }

    @Test
    void fewSuppliersMeetingTheDemandedSpecMakeTheNodeWeak() {
        GapRules.NodeFigures f = new GapRules.NodeFigures(node("N", "轴承"), List.of(),
                List.of(supply("专精特新", 10, 0, 0, 0)), List.of(demand("L1", "SAME_CITY", 0, 500)), 1, 1, 0.0, 0.1, 5000,
                true, 12, 20, false, List.of(new GapRules.SpecSupply("精度等级 P4", 1, 1, 4)));
        NodeGap g = rules.evaluate(f);
        assertThat(g.statusKey()).isEqualTo("WEAK");
        assertThat(g.reasons()).contains("链主需求「精度等级 P4」（1 条）：本地写明满足的供应商 1 家，少于 3 家即判为薄弱（另有 4 家未写明）");
    }

    @Test
    void aSplitDemandWeighsEachSourcingByItsShareOfTheValue() {
        // 1000 万元: 30 % same city, 20 % elsewhere in Guangdong, 50 % import; a city view counts only the same city
        GapRules.DemandRow split = new GapRules.DemandRow("N", "L", "台", 1, 10, 1000, 1,
                java.util.Map.of("SAME_CITY", 300.0, "PROVINCE", 200.0, "OTHER_PROVINCE", 0.0, "IMPORT", 500.0),
                java.util.Map.of("SAME_CITY", 0.3, "PROVINCE", 0.2, "OTHER_PROVINCE", 0.0, "IMPORT", 0.5),
                java.util.Map.of("SAME_CITY", 1, "PROVINCE", 1, "OTHER_PROVINCE", 0, "IMPORT", 1));
        NodeGap city = rules.evaluate(figures(node("N", "数控系统"), List.of(supply("专精特新", 5, 0, 0, 0)), List.of(split), 1, 1000, false));
        assertThat(city.localisationRate()).isCloseTo(0.3, within(1e-9));
        assertThat(city.importShare()).isCloseTo(0.5, within(1e-9));
        NodeGap province = rules.evaluate(figures(node("N", "数控系统"), List.of(supply("专精特新", 5, 0, 0, 0)), List.of(split), 1, 1000, true));
        assertThat(province.localisationRate()).isCloseTo(0.5, within(1e-9));
        assertThat(province.demand().demandsBySourcing()).containsEntry("IMPORT", 1).containsEntry("OTHER_PROVINCE", 0);
    }
}
