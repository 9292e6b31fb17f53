package cn.chainatlas.chain;

import cn.chainatlas.common.Role;
import cn.chainatlas.testing.DatabaseTest;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose demand comes from fewer than 3 leaders does not show those leaders' figures (value, quantity,
 * sourcing split, the import and demand shares made of them) to anyone who may not see their demands: only to
 * ADMIN, PROVINCE, the city bureau of all those leaders and a leader for its own demand alone (issue 13). The
 * MINI data: SPINDLE is needed by the 东莞 leader (400 local + 600 imported, 万元) and the 佛山 leader (100 local),
 * CNC by the 东莞 leader alone (500).
 */
@MicronautTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemandPrivacyTest extends DatabaseTest {

    static final String PASSWORD = "Demand-Privacy-2026";
    static final String DONGGUAN = URLEncoder.encode("东莞", StandardCharsets.UTF_8);
    static final String NOTE = "需求来自少于 3 家链主，数值不公开";

    @Inject
    @Client("/")
    HttpClient http;
    @Inject
    DSLContext dsl;
    @Inject
    ChainSeedLoader chains;
    @Inject
    GeoSeedLoader geo;
    @Inject
    GapAnalysis analysis;

    @BeforeAll
    void data() {
        geo.load(SeedFixtures.geo("cities.yaml"), SeedFixtures.geo("cluster-ratings.yaml"));
        chains.load(SeedFixtures.chains("good/chains"));
        MiniChainData.insert(dsl);
        TestUsers.create(dsl, "prov", PASSWORD, Role.PROVINCE, null, null);
        TestUsers.create(dsl, "dg", PASSWORD, Role.CITY, "441900", null);
        TestUsers.create(dsl, "fs", PASSWORD, Role.CITY, "440600", null);
        TestUsers.create(dsl, "lead", PASSWORD, Role.LEADER, null, MiniChainData.LEADER_DG);
    }

    private Map<String, Map<String, Object>> gaps(String user, String region) {
        List<Map<String, Object>> list = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/chains/MINI/gaps?region=" + region)
                .basicAuth(user, PASSWORD), Argument.listOf(Argument.mapOf(String.class, Object.class)));
        Map<String, Map<String, Object>> out = new java.util.HashMap<>();
        list.forEach(g -> out.put((String) g.get("nodeCode"), g));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> demand(Map<String, Object> gap) {
        return (Map<String, Object>) gap.get("demand");
    }

    @SuppressWarnings("unchecked")
    private static void assertWithheld(String who, Map<String, Object> gap) {
        assertThat(demand(gap)).as(who).containsEntry("withheld", true).containsEntry("annualValue", null)
                .containsEntry("note", NOTE);
        assertThat((Map<String, Object>) demand(gap).get("valueBySourcing")).as(who).isEmpty();
        assertThat((Map<String, Object>) demand(gap).get("quantityByUnit")).as(who).isEmpty();
        assertThat((Map<String, Object>) demand(gap).get("demandsBySourcing")).as(who).isEmpty();
        assertThat(gap).as(who).containsEntry("importShare", null).containsEntry("localisationRate", null);
        assertThat((Map<String, Object>) gap.get("criticality")).as(who).containsEntry("demandShare", null);
        List<String> reasons = (List<String>) gap.get("reasons");
        assertThat(reasons).as(who).contains(NOTE);
        // no share, value or quantity in any reason: 54.5% imported, 50.0% of the chain's demand, 1100 万元
        assertThat(String.join("|", reasons)).as(who).doesNotContain("54.5").doesNotContain("占本链需求金额 50.0%")
                .doesNotContain("1100").doesNotContain("9.1%");
    }

    private static void assertShown(String who, Map<String, Object> gap, double value) {
        assertThat(demand(gap)).as(who).containsEntry("withheld", false);
        assertThat(((Number) demand(gap).get("annualValue")).doubleValue()).as(who).isEqualTo(value);
        assertThat(gap.get("importShare")).as(who).isNotNull();
    }

    @Test
    @Order(1)
    void twoLeadersDemandIsWithheldFromThoseWhoMayNotSeeBoth() {
        // SPINDLE in the province: the 东莞 and the 佛山 leader
        assertShown("province", gaps("prov", "province").get("SPINDLE"), 1100);
        Map<String, Object> fs = gaps("fs", "province").get("SPINDLE");
        assertWithheld("佛山 bureau", fs);
        // the status is still the finding, with number-free reasons
        assertThat(fs.get("status")).isEqualTo("卡脖子");
        assertThat((List<String>) fs.get("reasons")).contains("进口占比（数值不公开）高于 50.0%，即判为依赖进口",
                "占本链需求金额的比例（数值不公开）达到 10.0%，即为关键环节");
        assertWithheld("东莞 bureau", gaps("dg", "province").get("SPINDLE"));
        assertWithheld("东莞 leader", gaps("lead", "province").get("SPINDLE"));
    }

    @Test
    @Order(2)
    void oneLeadersDemandIsShownToItsCityAndToItself() {
        // CNC: the 东莞 leader alone (500 万元)
        assertShown("东莞 leader, its own", gaps("lead", "province").get("CNC"), 500);
        assertShown("东莞 bureau, its city's leader", gaps("dg", "province").get("CNC"), 500);
        assertWithheld("佛山 bureau", gaps("fs", "province").get("CNC"));
        // the 东莞 view of SPINDLE has the 东莞 leader only
        assertShown("东莞 bureau in 东莞", gaps("dg", DONGGUAN).get("SPINDLE"), 1000);
        assertWithheld("佛山 bureau looking at 东莞", gaps("fs", DONGGUAN).get("SPINDLE"));
    }

    @Test
    @Order(3)
    void theNodePanelAndTheAnalysisWithholdAsWell() {
        String panel = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/chains/MINI/nodes/SPINDLE?region=province")
                .basicAuth("fs", PASSWORD));
        assertThat(panel).contains(NOTE).doesNotContain("1100").doesNotContain("54.5").doesNotContain("\"IMPORT\":600");
        String analysis = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/chains/MINI/analysis?region=province")
                .basicAuth("lead", PASSWORD));
        assertThat(analysis).contains(NOTE).doesNotContain("\"annualValue\":1100").doesNotContain("54.5%");
        assertThat(http.toBlocking().retrieve(HttpRequest.GET("/api/v1/chains/MINI/nodes/SPINDLE?region=province")
                .basicAuth("prov", PASSWORD))).doesNotContain(NOTE).contains("54.5%");
    }

    @Test
    @Order(4)
    void threeLeadersOfWhichTheReaderSeesOneAreStillWithheld() {
        // SPINDLE with a 广州 leader: 3 leaders. The 佛山 bureau sees its own leader's 100 and would subtract it from the
        // total to get the 东莞 and 广州 leaders' 1100; the 东莞 leader likewise. Counted over the leaders each cannot
        // see, it is two: withheld, with the reason saying why.
        MiniChainData.enterprise(dsl, "GZ-LEADER-00000001", "广州链主机床有限公司", MiniChainData.GZ, null, true, null, null, "LATHE");
        MiniChainData.demand(dsl, "GZ-LEADER-00000001", "SPINDLE", "10", "台", "100", "IMPORT");
        String difference = "减去您可查看的数值（您可逐家查看的链主、各市合计）后将只剩少于 3 家链主的需求，数值不公开";
        for (String who : List.of("fs", "lead")) {
            Map<String, Object> gap = gaps(who, "province").get("SPINDLE");
            assertThat(demand(gap)).as(who).containsEntry("withheld", true).containsEntry("annualValue", null)
                    .containsEntry("note", difference);
            assertThat((List<String>) gap.get("reasons")).as(who).contains(difference);
        }
        assertShown("province", gaps("prov", "province").get("SPINDLE"), 1200);
    }

    @Test
    @Order(5)
    void threeLeadersTheReaderCannotSeeMakeAnAggregateEveryoneSees() {
        MiniChainData.enterprise(dsl, "SZ-LEADER-00000001", "深圳链主机床有限公司", "440300", null, true, null, null, "LATHE");
        MiniChainData.demand(dsl, "SZ-LEADER-00000001", "SPINDLE", "10", "台", "100", "IMPORT");
        assertShown("佛山 bureau", gaps("fs", "province").get("SPINDLE"), 1300);
        assertShown("东莞 leader", gaps("lead", "province").get("SPINDLE"), 1300);
    }

    @Test
    void aProvinceFigureIsWithheldWhenShownCityFiguresWouldLeaveOneOrTwoLeaders() {
        // 3 广州 leaders (a 广州 figure any bureau elsewhere sees) and 1 深圳 leader: province − 广州 = the 深圳 leader
        assertThat(analysis.differenceLeaks(java.util.Set.of("a", "b", "c", "d"),
                Map.of("a", "440100", "b", "440100", "c", "440100", "d", "440300"))).isTrue();
        // 3 + 3: every residual is 0 or 3
        assertThat(analysis.differenceLeaks(java.util.Set.of("a", "b", "c", "d", "e", "f"), Map.of("a", "440100", "b", "440100",
                "c", "440100", "d", "440300", "e", "440300", "f", "440300"))).isFalse();
        // 3 in 广州 and two cities of one leader each (their figures are withheld): province − 广州 leaves 2 → leaks
        assertThat(analysis.differenceLeaks(java.util.Set.of("a", "b", "c", "d", "e"), Map.of("a", "440100", "b", "440100",
                "c", "440100", "d", "440300", "e", "440600"))).isTrue();
        // 4 leaders in four cities: no city figure is shown to anyone who cannot see them, nothing to subtract
        assertThat(analysis.differenceLeaks(java.util.Set.of("a", "b", "c", "d"),
                Map.of("a", "440100", "b", "440300", "c", "440600", "d", "441900"))).isFalse();
    }

    @Test
    @Order(6)
    @SuppressWarnings("unchecked")
    void theChainTotalDoesNotGiveAWithheldValueBack() {
        // with the 广州 and 深圳 leaders, SPINDLE (1300 万元 of the province's 2400) is shown to everyone. Its share used
        // to be shown too: 1300 ÷ 54.2% = 2400, less the shown SPINDLE = 1100 = the withheld BEARING + CNC + SCREW, all
        // from the 东莞 leader except 佛山's own 100 → the 东莞 leader's 1000 万元, to the 佛山 bureau. The residual rests
        // on one leader that bureau cannot see, so no share of the chain is a number for it.
        Map<String, Object> prov = gaps("prov", "province").get("SPINDLE");
        assertThat(((Number) ((Map<String, Object>) prov.get("criticality")).get("demandShare")).doubleValue())
                .isCloseTo(1300.0 / 2400, org.assertj.core.data.Offset.offset(1e-9));
        for (String who : List.of("fs", "lead", "dg")) {
            Map<String, Map<String, Object>> view = gaps(who, "province");
            assertShown(who, view.get("SPINDLE"), 1300);
            view.values().forEach(g -> assertThat((Map<String, Object>) g.get("criticality")).as(who + " " + g.get("nodeCode"))
                    .containsEntry("demandShare", null).containsEntry("demandShareWithheld", true));
            assertThat((List<String>) view.get("SPINDLE").get("reasons")).as(who)
                    .contains("占本链需求金额的比例（数值不公开）达到 10.0%，即为关键环节");
            String analysis = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/chains/MINI/analysis?region=province")
                    .basicAuth(who, PASSWORD));
            assertThat(analysis).as(who).doesNotContain("54.2").doesNotContain("0.5416");
        }
    }

    @Test
    @Order(7)
    @SuppressWarnings("unchecked")
    void theFinalEquipmentRollUpSaysWhichPartsWereWithheld() {
        // 佛山 bureau, province: LATHE's critical parts SPINDLE (3 leaders, shown), CNC (东莞 leader alone) and BEARING
        // (东莞 + 佛山) withheld, STEEL without demand; the rate rests on SPINDLE alone and must say so
        List<Map<String, Object>> autonomy = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/chains/MINI/autonomy?region=province")
                .basicAuth("fs", PASSWORD), Argument.listOf(Argument.mapOf(String.class, Object.class)));
        Map<String, Object> lathe = autonomy.stream().filter(a -> a.get("rootCode").equals("LATHE")).findFirst().orElseThrow();
        assertThat(lathe).containsEntry("criticalParts", 4).containsEntry("criticalPartsWithFigures", 1)
                .containsEntry("criticalPartsWithheld", 2);
        assertThat(String.join("|", (List<String>) lathe.get("reasons")))
                .contains("另有 2 项关键部件的需求来自少于 3 家链主、数值不公开：")
                .contains("数控系统").contains("（未计入比率，比率依据 1/4 项关键部件）");
        // the province sees every part: nothing withheld, nothing to say
        List<Map<String, Object>> province = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/chains/MINI/autonomy?region=province")
                .basicAuth("prov", PASSWORD), Argument.listOf(Argument.mapOf(String.class, Object.class)));
        Map<String, Object> all = province.stream().filter(a -> a.get("rootCode").equals("LATHE")).findFirst().orElseThrow();
        assertThat(all).containsEntry("criticalPartsWithFigures", 3).containsEntry("criticalPartsWithheld", 0);
        assertThat(String.join("|", (List<String>) all.get("reasons"))).doesNotContain("不公开");
    }
}
