package cn.chainatlas.demand;

import cn.chainatlas.enterprise.Classifier;
import cn.chainatlas.testing.ApiTest;
import cn.chainatlas.testing.MatchFixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Demands through the API: created, read, changed and deleted by the leader itself or its city's bureau, refused
 * to other leaders and other cities' bureaus, every field checked at once with Chinese messages, every write audited,
 * and the gap analysis weighting the sourcing split and counting only the suppliers that meet a demanded grade.
 */
@MicronautTest
class DemandApiTest extends ApiTest {

    @Inject
    Classifier classifier;

    @Override
    protected String seedMode() {
        return "reference";
    }

    @BeforeAll
    void registry() {
        MatchFixtures.load(dsl, classifier);
    }

    private long create(Map<String, Object> body, String user) {
        Answer a = post("/api/v1/demands", body, user);
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(201);
        return ((Number) a.map().get("id")).longValue();
    }

    @Test
    void aLeaderStatesADemandAndReadsItBack() {
        Map<String, Object> body = new LinkedHashMap<>(MatchFixtures.bearingDemand());
        body.remove("leaderCreditCode"); // a leader writes for itself
        long id = create(body, "lead");
        Answer a = get("/api/v1/demands/" + id, "lead");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.map()).containsEntry("leaderCreditCode", MatchFixtures.LEADER).containsEntry("nodeCode", "BEARING")
                .containsEntry("nodeName", "轴承").containsEntry("unit", "套").containsEntry("status", "OPEN")
                .containsEntry("statusLabel", "开放").containsEntry("specFields", Map.of("precisionClass", "P4"))
                .containsEntry("requiredCertifications", List.of("ISO 9001")).containsEntry("excludedRegions", List.of("OUTSIDE"))
                .containsEntry("neededBy", "2030-06-30").containsEntry("note", "首批 2,000 套");
        assertThat(((Number) a.map().get("quantity")).doubleValue()).isEqualTo(12000);
        @SuppressWarnings("unchecked") Map<String, Object> sources = (Map<String, Object>) a.map().get("sources");
        assertThat(((Number) sources.get("import")).doubleValue()).isEqualTo(70);
        assertThat(a.list("requirements")).containsExactly(Map.of("field", "precisionClass", "label", "精度等级", "value", "P4"));
        var audit = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("DEMAND_CREATE")).and(AUDIT_LOG.TARGET.eq("demand:" + id)).fetchOne();
        assertThat(audit.getUsername()).isEqualTo("lead");
        assertThat(audit.getAfterState()).contains("精度等级 P4").contains("进口 70%");
        assertThat(get("/api/v1/leaders/" + MatchFixtures.LEADER + "/demands", "lead").list())
                .extracting(d -> ((Number) d.get("id")).longValue()).contains(id);
    }

    @Test
    void everyBadFieldIsNamedAtOnceInChinese() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nodeCode", "不存在的零件");
        body.put("quantity", "一万");
        body.put("specFields", Map.of("precisionClass", "P3"));
        body.put("requiredCertifications", List.of("ISO 9001"));
        body.put("excludedRegions", List.of("火星"));
        body.put("sources", Map.of("local", 50, "import", 40));
        body.put("neededBy", "2026-13-45");
        body.put("status", "已过期");
        Answer a = post("/api/v1/demands", body, "lead");
        assertThat(a.status()).isEqualTo(400);
        @SuppressWarnings("unchecked") List<Map<String, Object>> fields = (List<Map<String, Object>>) a.map().get("fields");
        assertThat(fields).extracting(f -> f.get("field"))
                .contains("nodeCode", "quantity", "excludedRegions", "sources", "neededBy", "status");
        assertThat(a.text("message")).contains("不存在的零件").contains("「年需求量」的值「一万」不是数字").contains("火星")
                .contains("之和应为 100%，现为 90%").contains("2026-13-45");
        // a spec field the node's kind does not have, and a value the parser cannot read
        Map<String, Object> spec = new LinkedHashMap<>(MatchFixtures.bearingDemand());
        spec.put("specFields", Map.of("precisionClass", "P3", "maxSpeed", "24000rpm"));
        Answer s = post("/api/v1/demands", spec, "lead");
        assertThat(s.status()).isEqualTo(400);
        assertThat(s.text("message")).contains("精度等级「P3」无法识别").contains("「轴承」的结构化规格只有 精度等级（precisionClass）");
        // a placeholder date and a quantity that two decimals make 0 are named, not stored
        Map<String, Object> odd = new LinkedHashMap<>(MatchFixtures.bearingDemand());
        odd.put("neededBy", "0001-01-01");
        odd.put("quantity", "0.0000001");
        Answer o = post("/api/v1/demands", odd, "lead");
        assertThat(o.status()).isEqualTo(400);
        assertThat(o.text("message")).contains("需求日期「0001-01-01」不合常理，应在 2000 年到 2100 年之间")
                .contains("「年需求量」按两位小数计为 0（现为「0.0000001」），应至少为 0.01");
        odd.put("neededBy", "9999-12-31");
        odd.put("quantity", "0");
        Answer o2 = post("/api/v1/demands", odd, "lead");
        assertThat(o2.text("message")).contains("9999-12-31").contains("「年需求量」应大于 0");
        // one problem per fact: a unit that is too long is not also "missing"; a spec field the node's kind lacks is named
        Map<String, Object> longUnit = new LinkedHashMap<>(MatchFixtures.bearingDemand());
        longUnit.put("unit", "套".repeat(300));
        Answer u = post("/api/v1/demands", longUnit, "lead");
        assertThat(u.status()).isEqualTo(400);
        assertThat(u.text("message")).contains("「单位」超过 20 个字").doesNotContain("请同时填写单位");
        // a list may come as one text, as docs/matching.md says and the form and upload take it
        Map<String, Object> asText = new LinkedHashMap<>(MatchFixtures.bearingDemand());
        asText.put("requiredCertifications", "ISO 9001、IATF 16949");
        asText.put("excludedRegions", "省外");
        Answer t = post("/api/v1/demands", asText, "lead");
        assertThat(t.status()).as(String.valueOf(t.body())).isEqualTo(201);
        assertThat(get("/api/v1/demands/" + ((Number) t.map().get("id")).longValue(), "lead").map().get("requiredCertifications"))
                .isEqualTo(List.of("ISO 9001", "IATF 16949"));
        Map<String, Object> asObject = new LinkedHashMap<>(MatchFixtures.bearingDemand());
        asObject.put("requiredCertifications", Map.of("a", 1));
        Answer shape = post("/api/v1/demands", asObject, "lead");
        assertThat(shape.status()).isEqualTo(400);
        assertThat(shape.text("message")).as("names the field").contains("字段「requiredCertifications」")
                .doesNotContain("cn.chainatlas").doesNotContain("DemandRequest");
        // an emoji is one character, as the clerk counts and as the database stores it (was counted twice)
        Map<String, Object> emoji = new LinkedHashMap<>(MatchFixtures.bearingDemand());
        emoji.put("note", "😀".repeat(600));
        Answer e = post("/api/v1/demands", emoji, "lead");
        assertThat(e.status()).as(String.valueOf(e.body())).isEqualTo(201);
        emoji.put("note", "😀".repeat(1001));
        assertThat(post("/api/v1/demands", emoji, "lead").text("message")).contains("「备注」超过 1000 个字（现为 1001 个字）");
        Map<String, Object> magazine = new LinkedHashMap<>(MatchFixtures.bearingDemand());
        magazine.put("nodeCode", "刀库");
        magazine.put("specFields", Map.of("precisionClass", "P4"));
        Answer mg = post("/api/v1/demands", magazine, "lead");
        assertThat(mg.text("message")).contains("「刀库」没有结构化规格字段（收到「precisionClass」）");
        // no body at all: said so, not by the name of a Java parameter
        Answer empty = send(io.micronaut.http.HttpRequest.POST("/api/v1/demands", "")
                .contentType(io.micronaut.http.MediaType.APPLICATION_JSON_TYPE), "lead");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.text("message")).contains("请求内容为空").doesNotContain("body");
        // only leaders state demands
        Map<String, Object> plain = new LinkedHashMap<>(MatchFixtures.bearingDemand());
        plain.put("leaderCreditCode", MatchFixtures.NOT_LEADER);
        Answer p = post("/api/v1/demands", plain, "prov");
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.map()).containsEntry("field", "leaderCreditCode");
    }

    @Test
    void demandsAreConfidentialToTheLeaderItsCityTheProvinceAndAdministrators() {
        long id = create(MatchFixtures.bearingDemand(), "lead");
        for (String user : List.of("lead", "dg", "prov", "admin")) {
            assertThat(get("/api/v1/demands/" + id, user).status()).as(user).isEqualTo(200);
        }
        for (String user : List.of("leadfs", "fs")) {
            assertThat(get("/api/v1/demands/" + id, user).status()).as(user).isEqualTo(403);
            assertThat(get("/api/v1/demands/" + id + "/matches", user).status()).as(user).isEqualTo(403);
            assertThat(get("/api/v1/leaders/" + MatchFixtures.LEADER + "/demands", user).status()).as(user).isEqualTo(403);
            assertThat(put("/api/v1/demands/" + id, MatchFixtures.bearingDemand(), user).status()).as(user).isEqualTo(403);
            assertThat(delete("/api/v1/demands/" + id, user).status()).as(user).isEqualTo(403);
        }
        assertThat(get("/api/v1/demands/" + id, "leadfs").text("message")).contains("保密");
        // the list shows each its own scope
        assertThat(get("/api/v1/demands", "leadfs").list()).extracting(d -> d.get("leaderCreditCode")).doesNotContain(MatchFixtures.LEADER);
        assertThat(get("/api/v1/demands", "fs").list()).extracting(d -> d.get("leaderCreditCode")).doesNotContain(MatchFixtures.LEADER);
        assertThat(get("/api/v1/demands", "dg").list()).extracting(d -> d.get("leaderCreditCode")).contains(MatchFixtures.LEADER);
        assertThat(get("/api/v1/demands?city=441900", "dg").status()).isEqualTo(200);
        assertThat(get("/api/v1/demands?city=440600", "dg").status()).as("another city's: refused, not answered with its own").isEqualTo(403);
        assertThat(get("/api/v1/demands?city=xx", "dg").status()).isEqualTo(400);
        Answer batches = get("/api/v1/demands/imports", "dg");
        assertThat(batches.status()).isEqualTo(400);
        assertThat(batches.text("message")).contains("请指定要查看哪一家链主企业的需求批次");
    }

    @Test
    void aCityBureauWritesOnBehalfOfItsOwnCitysLeadersOnly() {
        create(MatchFixtures.bearingDemand(), "dg");
        Map<String, Object> foshan = new LinkedHashMap<>(MatchFixtures.bearingDemand());
        foshan.put("leaderCreditCode", MatchFixtures.LEADER_FS);
        assertThat(post("/api/v1/demands", foshan, "dg").status()).isEqualTo(403);
        create(foshan, "fs");
        // a leader cannot write for another leader
        assertThat(post("/api/v1/demands", foshan, "lead").status()).isEqualTo(403);
        // nor can the province move a demand to another leader by editing it: its records would follow it
        long id = create(MatchFixtures.bearingDemand(), "lead");
        Answer moved = put("/api/v1/demands/" + id, foshan, "prov");
        assertThat(moved.status()).isEqualTo(400);
        assertThat(String.valueOf(moved.body())).contains("leaderCreditCode").contains("需求所属的链主不能修改");
        assertThat(get("/api/v1/demands/" + id, "lead").map()).containsEntry("leaderCreditCode", MatchFixtures.LEADER);
    }

    @Test
    void statusesChangeAndAnOpenDemandPastItsDateShowsAsExpired() {
        long id = create(MatchFixtures.bearingDemand(), "lead");
        Map<String, Object> met = new LinkedHashMap<>(MatchFixtures.bearingDemand());
        met.put("status", "已满足");
        Answer a = put("/api/v1/demands/" + id, met, "lead");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.map()).containsEntry("status", "MET").containsEntry("statusLabel", "已满足");
        Map<String, Object> late = new LinkedHashMap<>(MatchFixtures.bearingDemand());
        late.put("status", "OPEN");
        late.put("neededBy", "2020-01-31");
        a = put("/api/v1/demands/" + id, late, "dg");
        assertThat(a.map()).containsEntry("status", "EXPIRED").containsEntry("statusLabel", "已过期").containsEntry("storedStatus", "OPEN");
        var audit = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("DEMAND_UPDATE")).and(AUDIT_LOG.TARGET.eq("demand:" + id))
                .and(AUDIT_LOG.USERNAME.eq("dg")).fetchOne();
        assertThat(audit.getBeforeState()).contains("已满足");
        assertThat(audit.getAfterState()).contains("2020-01-31");
        assertThat(delete("/api/v1/demands/" + id, "lead").status()).isEqualTo(204);
        assertThat(get("/api/v1/demands/" + id, "lead").status()).isEqualTo(404);
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("DEMAND_DELETE").and(AUDIT_LOG.TARGET.eq("demand:" + id)))).isEqualTo(1);
        // the page's delete form sent again: back to the list, which says the demand is gone (was a 404 page)
        String list = client.toBlocking().retrieve(io.micronaut.http.HttpRequest.POST("/demands/" + id + "/delete", Map.of("confirm", "1"))
                .contentType(io.micronaut.http.MediaType.APPLICATION_FORM_URLENCODED).accept(io.micronaut.http.MediaType.TEXT_HTML)
                .basicAuth("lead", PW));
        assertThat(list).contains("id=\"flash-error\"").contains("需求 " + id + " 已不存在");
    }

    @Test
    void theGapAnalysisCountsOnlyLocalSuppliersThatMeetADemandedGrade() {
        // P2: only the Jiangsu maker states it; Guangdong has bearing makers, none of them P2
        Map<String, Object> body = new LinkedHashMap<>(MatchFixtures.bearingDemand());
        body.put("specFields", Map.of("precisionClass", "P2"));
        body.put("sources", Map.of("local", 100));
        long id = create(body, "lead");
        try {
            List<Map<String, Object>> gaps = get("/api/v1/chains/CNC/gaps?region=province", "prov").list();
            Map<String, Object> bearing = gaps.stream().filter(g -> "BEARING".equals(g.get("nodeCode"))).findFirst().orElseThrow();
            assertThat(bearing.get("statusKey")).isNotEqualTo("COVERED").isNotEqualTo("WEAK");
            assertThat(((Number) bearing.get("localSuppliers")).intValue()).isGreaterThanOrEqualTo(6);
            @SuppressWarnings("unchecked") List<String> reasons = (List<String>) bearing.get("reasons");
            assertThat(reasons).anyMatch(r -> r.startsWith("链主需求「精度等级 P2」") && r.contains("写明满足的 0 家"));
        } finally {
            delete("/api/v1/demands/" + id, "lead");
        }
    }
}
