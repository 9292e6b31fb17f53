package cn.chainatlas.matchmaking;

import cn.chainatlas.enterprise.Classifier;
import cn.chainatlas.testing.ApiTest;
import cn.chainatlas.testing.MatchFixtures;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allocation and 补链 target API on the hand-made registry of {@link MatchFixtures} (real embedded MariaDB): the
 * Dongguan leader needs 12,000 + 15,000 套 of P4 bearings; in Dongguan only one maker passes the hard filters, with
 * 20,000 套 a year, so 7,000 套 stay uncovered there, while the province (Huizhou's and Shenzhen's makers too)
 * covers it all. A demand in 吨 is left out, never added. Leaders and other cities' bureaus get 403.
 */
@MicronautTest
class AllocationApiTest extends ApiTest {

    @Inject
    Classifier classifier;

    long first;
    long second;
    long tonnes;

    @Override
    protected String seedMode() {
        return "reference";
    }

    @BeforeAll
    void registry() {
        MatchFixtures.load(dsl, classifier);
        first = create(MatchFixtures.bearingDemand());
        Map<String, Object> more = new HashMap<>(MatchFixtures.bearingDemand());
        more.put("quantity", 15000);
        more.put("note", "第二条产线");
        second = create(more);
        Map<String, Object> weight = new HashMap<>(MatchFixtures.bearingDemand());
        weight.put("quantity", 5);
        weight.put("unit", "吨");
        tonnes = create(weight);
    }

    private long create(Map<String, Object> demand) {
        Answer a = post("/api/v1/demands", demand, "lead");
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(201);
        return ((Number) a.map().get("id")).longValue();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static long sum(List<Map<String, Object>> rows) {
        return rows.stream().mapToLong(r -> ((Number) r.get("quantity")).longValue()).sum();
    }

    @Test
    void inDongguanTheOneAbleMakerCoversWhatItCanAndTheRestSaysWhy() {
        Answer a = get("/api/v1/chains/CNC/allocation?node=BEARING", "dg");
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(200);
        assertThat(a.map()).containsEntry("region", "东莞").containsEntry("unit", "套").containsEntry("nodeName", "轴承")
                .containsEntry("demanded", 27000).containsEntry("covered", 20000);
        assertThat(((Number) a.map().get("coveredShare")).doubleValue()).isCloseTo(20000 / 27000.0, org.assertj.core.api.Assertions.within(1e-6));
        List<Map<String, Object>> assignments = a.list("assignments");
        assertThat(assignments).extracting(x -> x.get("supplierCreditCode")).containsOnly(MatchFixtures.P4_CERT);
        assertThat(assignments).allSatisfy(x -> assertThat(x).containsEntry("unit", "套").containsEntry("leaderCreditCode", MatchFixtures.LEADER));
        assertThat(sum(assignments)).isEqualTo(20000);
        List<Map<String, Object>> uncovered = a.list("uncovered");
        assertThat(sum(uncovered)).isEqualTo(7000);
        assertThat(uncovered).allSatisfy(x -> assertThat((String) x.get("why")).contains("产能不足", "缺口 7000 套").doesNotContain("Exception"));
        assertThat(a.list("leftOut")).extracting(x -> ((Number) x.get("demandId")).longValue()).containsExactly(tonnes);
        assertThat((String) a.list("leftOut").get(0).get("why")).contains("「吨」", "不同单位的数量不相加");
    }

    @Test
    void theProvinceCoversItAllWithGuangdongMakersOnlyAndNeverAnExcludedOne() {
        Answer a = get("/api/v1/chains/CNC/allocation?node=BEARING&region=province", "prov");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.map()).containsEntry("region", "广东省").containsEntry("covered", 27000).containsEntry("coveredShare", 1.0);
        assertThat(a.list("uncovered")).isEmpty();
        assertThat(a.list("assignments")).extracting(x -> x.get("supplierCreditCode"))
                .doesNotContain(MatchFixtures.P5, MatchFixtures.P0, MatchFixtures.P4_NOCERT, MatchFixtures.UNWILLING,
                        MatchFixtures.OUTSIDE, MatchFixtures.LEADER, MatchFixtures.STEEL);
        // the recommended Dongguan maker is used to its capacity before anyone else
        Map<String, Object> p4 = a.list("suppliers").stream().filter(s -> MatchFixtures.P4_CERT.equals(s.get("creditCode"))).findFirst().orElseThrow();
        assertThat(p4).containsEntry("available", 20000).containsEntry("assigned", 20000);
        // the other unit on request
        Answer t = get("/api/v1/chains/CNC/allocation?node=" + enc("轴承") + "&region=province&unit=" + enc("吨"), "prov");
        assertThat(t.map()).containsEntry("unit", "吨").containsEntry("demanded", 5).containsEntry("covered", 0);
        assertThat((String) t.list("uncovered").get(0).get("why")).contains("未申报以「吨」计的可用年产能");
    }

    @Test
    void leadersAndOtherCitiesBureausAreRefusedInChinese() {
        Answer leader = get("/api/v1/chains/CNC/allocation?node=BEARING", "lead");
        assertThat(leader.status()).isEqualTo(403);
        assertThat(leader.text("message")).contains("仅对工信部门开放");
        Answer foshan = get("/api/v1/chains/CNC/allocation?node=BEARING&region=" + enc("东莞"), "fs");
        assertThat(foshan.status()).isEqualTo(403);
        assertThat(foshan.text("message")).contains("只能查看本市（佛山");
        assertThat(get("/api/v1/chains/CNC/gap-targets?region=441900", "fs").status()).isEqualTo(403);
        assertThat(get("/api/v1/chains/CNC/gap-targets", "lead").status()).isEqualTo(403);
        assertThat(get("/api/v1/chains/CNC/gap-targets.xlsx", "lead").status()).isEqualTo(403);
        // Foshan's own view: no demand of its leaders, nothing to allocate
        Answer own = get("/api/v1/chains/CNC/allocation?node=BEARING", "fs");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.map()).containsEntry("region", "佛山").containsEntry("demands", 0).containsEntry("coveredShare", null);
        assertThat(get("/api/v1/chains/CNC/allocation?node=BEARING&region=" + enc("东莞"), "prov").status()).isEqualTo(200);
        assertThat(get("/api/v1/chains/CNC/allocation?node=BEARING&region=" + enc("东莞"), "admin").status()).isEqualTo(200);
    }

    @Test
    void badNodesAndChainsAreNamed() {
        Answer node = get("/api/v1/chains/CNC/allocation?node=NO_SUCH", "prov");
        assertThat(node.status()).isEqualTo(400);
        assertThat(node.text("message")).contains("不是产业链「高端数控机床」的环节");
        assertThat(get("/api/v1/chains/CNC/allocation", "prov").status()).isEqualTo(400);
        assertThat(get("/api/v1/chains/NOPE/allocation?node=BEARING", "prov").status()).isEqualTo(404);
    }

    @Test
    void gapTargetsNameTheUncoveredDemandItsLeadersAndTheNearestMakersOutside() {
        Answer a = get("/api/v1/chains/CNC/gap-targets", "dg");
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(200);
        assertThat(a.map()).containsEntry("region", "东莞").containsEntry("chainName", "高端数控机床");
        Map<String, Object> bearing = a.list("targets").stream().filter(t -> "BEARING".equals(t.get("nodeCode"))).findFirst().orElseThrow();
        assertThat(bearing).containsEntry("demands", 3).containsEntry("noRecommended", false);
        assertThat((List<Map<String, Object>>) bearing.get("uncovered")).anySatisfy(u ->
                assertThat(u).containsEntry("quantity", 7000).containsEntry("unit", "套"));
        assertThat((List<Map<String, Object>>) bearing.get("leaders")).extracting(l -> l.get("creditCode")).containsExactly(MatchFixtures.LEADER);
        List<Map<String, Object>> nearest = (List<Map<String, Object>>) bearing.get("nearest");
        assertThat(nearest).isNotEmpty().extracting(n -> n.get("creditCode")).doesNotContain(MatchFixtures.P4_CERT, MatchFixtures.OUTSIDE)
                .contains(MatchFixtures.SHORT);
        assertThat((List<String>) bearing.get("reasons")).anySatisfy(r -> assertThat(r).contains("7000 套 未覆盖"));

        // the province: every bearing demand is covered, so no 套 is uncovered (the 吨 demand still is)
        Answer prov = get("/api/v1/chains/CNC/gap-targets?region=province", "prov");
        Map<String, Object> pb = prov.list("targets").stream().filter(t -> "BEARING".equals(t.get("nodeCode"))).findFirst().orElseThrow();
        assertThat((List<Map<String, Object>>) pb.get("uncovered")).extracting(u -> u.get("unit")).containsExactly("吨");
    }

    private Map<String, Object> supplier(Answer a, String code) {
        return a.list("suppliers").stream().filter(x -> code.equals(x.get("creditCode"))).findFirst().orElseThrow();
    }

    /**
     * A demand's own 批量供货 record: only the rest of the demand is allocated, and the supplier's capacity is reduced
     * by what the record takes. The record is ended afterwards, so the other tests see the registry as loaded.
     */
    @Test
    void whatASupplyingRecordAlreadySuppliesIsNotAllocatedAgain() {
        Answer created = post("/api/v1/matchmaking", Map.of("demandId", first, "supplierCreditCode", MatchFixtures.P4_CERT), "lead");
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        long record = ((Number) created.map().get("id")).longValue();
        Map<String, Object> supplying = new HashMap<>();
        supplying.put("stage", "SUPPLYING");
        supplying.put("quantity", "5000");
        supplying.put("unit", "套/年");
        try {
            Answer moved = post("/api/v1/matchmaking/" + record + "/moves", supplying, "lead");
            assertThat(moved.status()).as(String.valueOf(moved.body())).isEqualTo(200);
            Answer a = get("/api/v1/chains/CNC/allocation?node=BEARING", "dg");
            assertThat(a.status()).isEqualTo(200);
            // 12,000 + 15,000 demanded, 5,000 of the first already supplied: 22,000 to allocate
            assertThat(a.map()).containsEntry("demanded", 22000).containsEntry("alreadySupplied", 5000)
                    .containsEntry("covered", 15000);
            assertThat(a.list("supplied")).singleElement().satisfies(x -> assertThat(x)
                    .containsEntry("demandId", (int) first).containsEntry("quantity", 12000).containsEntry("supplied", 5000));
            // the maker's 20,000 套 less the 5,000 its record takes
            assertThat(supplier(a, MatchFixtures.P4_CERT)).containsEntry("available", 15000).containsEntry("taken", 5000)
                    .containsEntry("assigned", 15000);
            assertThat(sum(a.list("uncovered"))).isEqualTo(7000);
            assertThat(page("/chains/CNC/allocation?node=BEARING", "dg")).contains("已由批量供货记录供应（5000 套）");
        } finally {
            Map<String, Object> end = Map.of("stage", "ENDED", "reasonCode", "PRICE");
            assertThat(post("/api/v1/matchmaking/" + record + "/moves", end, "lead").status()).isEqualTo(200);
        }
        assertThat(get("/api/v1/chains/CNC/allocation?node=BEARING", "dg").map()).containsEntry("demanded", 27000)
                .containsEntry("alreadySupplied", 0);
    }

    /**
     * A capacity stated for the node on the enterprise's profile replaces the registry's single figure in the
     * allocation, which says which one it used; who may state it, the refusals in Chinese, the audit trail.
     */
    @Test
    void aCapacityPerNodeOnTheProfileIsWhatTheAllocationUses() {
        String uri = "/api/v1/enterprises/" + MatchFixtures.P4_CERT + "/capacities/BEARING";
        Answer before = get("/api/v1/chains/CNC/allocation?node=BEARING", "dg");
        assertThat(supplier(before, MatchFixtures.P4_CERT)).containsEntry("capacitySource", "REGISTRY")
                .containsEntry("capacitySourceLabel", "名录年产能（未填环节年产能）");

        assertThat(put(uri, Map.of("quantity", "30000", "unit", "套/年"), "fs").status()).isEqualTo(403);
        Answer otherLeader = put(uri, Map.of("quantity", "30000", "unit", "套/年"), "lead");
        assertThat(otherLeader.status()).isEqualTo(403);
        assertThat(otherLeader.text("message")).contains("只能填写本企业");
        Answer notANumber = put(uri, Map.of("quantity", "三万", "unit", "套"), "dg");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.text("field")).isEqualTo("quantity");
        assertThat(notANumber.text("message")).contains("不是数字");
        Answer noUnit = put(uri, Map.of("quantity", "30000"), "dg");
        assertThat(noUnit.status()).isEqualTo(400);
        assertThat(noUnit.text("field")).isEqualTo("unit");
        Answer notItsNode = put("/api/v1/enterprises/" + MatchFixtures.P4_CERT + "/capacities/SPINDLE", Map.of("quantity", "1", "unit", "套"), "dg");
        assertThat(notItsNode.status()).isEqualTo(400);
        assertThat(notItsNode.text("message")).contains("不是该企业所属的产业链环节");

        Answer saved = put(uri, Map.of("quantity", "30000", "unit", "套/年"), "dg");
        assertThat(saved.status()).as(String.valueOf(saved.body())).isEqualTo(200);
        assertThat(saved.list("nodeCapacities")).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("nodeCode", "BEARING").containsEntry("unit", "套/年").containsEntry("updatedBy", "dg")
                .satisfies(x -> assertThat(((Number) x.get("quantity")).doubleValue()).isEqualTo(30000.0)));
        assertThat(page("/enterprises/" + MatchFixtures.P4_CERT, "dg")).contains("各环节年产能").contains("30000 套/年");
        try {
            Answer a = get("/api/v1/chains/CNC/allocation?node=BEARING", "dg");
            assertThat(a.map()).containsEntry("covered", 27000).containsEntry("coveredShare", 1.0);
            assertThat(supplier(a, MatchFixtures.P4_CERT)).containsEntry("capacitySource", "NODE")
                    .containsEntry("capacitySourceLabel", "环节年产能").containsEntry("available", 30000) // all of it, not
                    .containsEntry("assigned", 27000);                                                      // capped at the demand
            assertThat(page("/chains/CNC/allocation?node=BEARING", "dg")).contains("环节年产能：30000");
            String after = dsl.select(cn.chainatlas.db.schema.Tables.AUDIT_LOG.AFTER_STATE).from(cn.chainatlas.db.schema.Tables.AUDIT_LOG)
                    .where(cn.chainatlas.db.schema.Tables.AUDIT_LOG.ACTION.eq("ENTERPRISE_NODE_CAPACITY"))
                    .and(cn.chainatlas.db.schema.Tables.AUDIT_LOG.TARGET.eq("enterprise:" + MatchFixtures.P4_CERT))
                    .orderBy(cn.chainatlas.db.schema.Tables.AUDIT_LOG.ID.desc()).limit(1).fetchOne(cn.chainatlas.db.schema.Tables.AUDIT_LOG.AFTER_STATE);
            assertThat(after).contains("轴承").contains("30000套/年");
        } finally {
            Answer cleared = put(uri, Map.of("quantity", ""), "dg");
            assertThat(cleared.status()).isEqualTo(200);
            assertThat(cleared.list("nodeCapacities")).isEmpty();
        }
        var last = dsl.select(cn.chainatlas.db.schema.Tables.AUDIT_LOG.BEFORE_STATE, cn.chainatlas.db.schema.Tables.AUDIT_LOG.AFTER_STATE)
                .from(cn.chainatlas.db.schema.Tables.AUDIT_LOG).where(cn.chainatlas.db.schema.Tables.AUDIT_LOG.ACTION.eq("ENTERPRISE_NODE_CAPACITY"))
                .orderBy(cn.chainatlas.db.schema.Tables.AUDIT_LOG.ID.desc()).limit(1).fetchOne();
        assertThat(last.value1()).contains("30000套/年");
        assertThat(last.value2()).isNull();
        assertThat(supplier(get("/api/v1/chains/CNC/allocation?node=BEARING", "dg"), MatchFixtures.P4_CERT))
                .containsEntry("capacitySource", "REGISTRY").containsEntry("available", 20000);

        // the enterprise itself, through its own account, for one of its own nodes
        Map<String, Object> own = get("/api/v1/enterprises/" + MatchFixtures.LEADER, "lead").map();
        @SuppressWarnings("unchecked")
        String node = (String) ((List<Map<String, Object>>) own.get("nodes")).get(0).get("nodeCode");
        Answer mine = put("/api/v1/enterprises/" + MatchFixtures.LEADER + "/capacities/" + node, Map.of("quantity", "500", "unit", "台"), "lead");
        assertThat(mine.status()).as(String.valueOf(mine.body())).isEqualTo(200);
        assertThat(put("/api/v1/enterprises/" + MatchFixtures.LEADER + "/capacities/" + node, Map.of("quantity", ""), "lead").status())
                .isEqualTo(200);
    }

    private String page(String uri, String user) {
        return client.toBlocking().retrieve(HttpRequest.GET(uri).accept(io.micronaut.http.MediaType.TEXT_HTML_TYPE).basicAuth(user, PW));
    }

    @Test
    void gapTargetsAsExcel() throws Exception {
        HttpResponse<byte[]> r = client.toBlocking().exchange(HttpRequest.GET("/api/v1/chains/CNC/gap-targets.xlsx")
                .basicAuth("dg", PW), byte[].class);
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.header("Content-Disposition")).contains("filename*=UTF-8''");
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(r.body()))) {
            Sheet s = wb.getSheet("补链目标");
            assertThat(s.getRow(1).getCell(1).getStringCellValue()).isEqualTo("环节");
            boolean found = false;
            for (int i = 2; i <= s.getLastRowNum(); i++) {
                if ("轴承".equals(s.getRow(i).getCell(1).getStringCellValue())) {
                    found = true;
                    assertThat(s.getRow(i).getCell(5).getStringCellValue()).contains("7000 套");
                }
            }
            assertThat(found).isTrue();
            assertThat(wb.getSheet("方法说明")).isNotNull();
        }
    }
}
