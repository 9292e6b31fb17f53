package cn.chainatlas.matchmaking;

import cn.chainatlas.enterprise.Classifier;
import cn.chainatlas.common.Role;
import cn.chainatlas.testing.ApiTest;
import cn.chainatlas.testing.MatchFixtures;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Matchmaking records on the hand-made registry of {@link MatchFixtures} (the Dongguan leader's P4 bearing demand, 960
 * 万元, 30 % other provinces and 70 % import): who may read, move and note a record; the shortlist is the records; a
 * move to 批量供货 changes the node's localisation rate in the gap API for the leader's city and the province, and the
 * reason names the record; the figures reconcile with the records behind them; matching learns from the records.
 */
@MicronautTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MatchmakingApiTest extends ApiTest {

    @Inject
    Classifier classifier;

    long demand;
    long p4Record;
    long shortRecord;

    @Override
    protected String seedMode() {
        return "reference";
    }

    @BeforeAll
    void registry() {
        MatchFixtures.load(dsl, classifier);
        TestUsers.create(dsl, "hz", PW, Role.CITY, "441300", null); // 惠州: the city of the SHORT supplier
        Answer a = post("/api/v1/demands", MatchFixtures.bearingDemand(), "lead");
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(201);
        demand = ((Number) a.map().get("id")).longValue();
    }

    private Answer move(long id, String user, Object... kv) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            body.put((String) kv[i], kv[i + 1]);
        }
        return post("/api/v1/matchmaking/" + id + "/moves", body, user);
    }

    private Map<String, Object> bearingGap(String region) {
        Answer a = get("/api/v1/chains/CNC/gaps?region=" + region, "prov");
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(200);
        return a.list().stream().filter(g -> "BEARING".equals(g.get("nodeCode"))).findFirst().orElseThrow();
    }

    private static double rate(Map<String, Object> gap) {
        return ((Number) gap.get("localisationRate")).doubleValue();
    }

    @Test
    @Order(1)
    void theLeaderAndItsCitysBureauShortlistAndTheShortlistIsTheRecords() {
        Answer a = post("/api/v1/matchmaking", Map.of("demandId", demand, "supplierCreditCode", MatchFixtures.P4_CERT), "lead");
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(201);
        p4Record = ((Number) a.map().get("id")).longValue();
        // the bureau of the leader's city on the leader's behalf
        Answer b = post("/api/v1/matchmaking", Map.of("demandId", demand, "supplierCreditCode", MatchFixtures.SHORT), "dg");
        assertThat(b.status()).as(String.valueOf(b.body())).isEqualTo(201);
        shortRecord = ((Number) b.map().get("id")).longValue();
        // another city's bureau may not, nor for an excluded candidate
        assertThat(post("/api/v1/matchmaking", Map.of("demandId", demand, "supplierCreditCode", MatchFixtures.UNSTATED), "fs").status())
                .isEqualTo(403);
        Answer excluded = post("/api/v1/matchmaking", Map.of("demandId", demand, "supplierCreditCode", MatchFixtures.P5), "lead");
        assertThat(excluded.status()).isEqualTo(400);
        assertThat(excluded.text("field")).as("the request's own field").isEqualTo("supplierCreditCode");
        Answer missing = post("/api/v1/matchmaking", Map.of(), "lead");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text("message")).contains("需求").contains("供应商");

        // one truth: the shortlist shows both records with their stage
        List<Map<String, Object>> list = get("/api/v1/demands/" + demand + "/shortlist", "lead").list();
        assertThat(list).extracting(e -> e.get("creditCode")).containsExactlyInAnyOrder(MatchFixtures.P4_CERT, MatchFixtures.SHORT);
        assertThat(list).allSatisfy(e -> assertThat(e).containsEntry("stage", "SHORTLISTED").containsEntry("stageLabel", "已入围"));
        Map<String, Object> rec = get("/api/v1/matchmaking/" + shortRecord, "lead").map();
        assertThat(rec).containsEntry("stage", "SHORTLISTED").containsEntry("createdBy", "dg").containsEntry("mayMove", true);
        assertThat((List<?>) rec.get("moves")).hasSize(1);
    }

    @Test
    @Order(2)
    void othersGet403AndTheSuppliersCityBureauReadsOnlyNodeSpecAndQuantity() {
        assertThat(get("/api/v1/matchmaking/" + p4Record, "leadfs").status()).isEqualTo(403);
        assertThat(get("/api/v1/matchmaking/" + p4Record, "fs").status()).isEqualTo(403);
        assertThat(get("/api/v1/matchmaking/" + p4Record, "hz").status()).isEqualTo(403); // its supplier is in Dongguan
        assertThat(get("/api/v1/matchmaking/" + p4Record, "dg").status()).isEqualTo(200);
        assertThat(get("/api/v1/matchmaking/" + p4Record, "prov").status()).isEqualTo(200);

        Answer hz = get("/api/v1/matchmaking/" + shortRecord, "hz");
        assertThat(hz.status()).isEqualTo(200);
        assertThat(hz.map()).containsEntry("restricted", true).containsEntry("demandDetail", null).containsEntry("mayMove", false)
                .containsEntry("mayNote", true);
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) hz.map().get("demand");
        assertThat(d).containsOnlyKeys("id", "nodeCode", "nodeName", "spec", "quantity", "unit");
        assertThat(d).containsEntry("nodeCode", "BEARING").containsEntry("unit", "套");
        assertThat(hz.body().toString()).doesNotContain("960").doesNotContain("首批");
        // the demand itself stays closed to it
        assertThat(get("/api/v1/demands/" + demand, "hz").status()).isEqualTo(403);
        // the list: its own city's suppliers' records only
        assertThat(get("/api/v1/matchmaking", "hz").list()).extracting(r -> ((Number) r.get("id")).longValue()).containsExactly(shortRecord);
        assertThat(get("/api/v1/matchmaking", "leadfs").list()).isEmpty();
        assertThat(get("/api/v1/matchmaking", "fs").list()).isEmpty();

        // notes: bureaus and the province; moves: the leader (the province on request)
        Answer note = post("/api/v1/matchmaking/" + shortRecord + "/notes", Map.of("text", "已联系惠州供应商，提供样品"), "hz");
        assertThat(note.status()).as(String.valueOf(note.body())).isEqualTo(200);
        assertThat((List<?>) note.map().get("notes")).hasSize(1);
        assertThat(post("/api/v1/matchmaking/" + shortRecord + "/notes", Map.of("text", "x"), "fs").status()).isEqualTo(403);
        assertThat(post("/api/v1/matchmaking/" + shortRecord + "/notes", Map.of("text", " "), "dg").text("field")).isEqualTo("text");
        assertThat(move(shortRecord, "hz", "stage", "CONTACTED").status()).isEqualTo(403);
        assertThat(move(shortRecord, "dg", "stage", "CONTACTED").status()).isEqualTo(403);
        assertThat(move(shortRecord, "leadfs", "stage", "CONTACTED").status()).isEqualTo(403);
        Answer proxy = move(shortRecord, "prov", "stage", "CONTACTED");
        assertThat(proxy.status()).isEqualTo(400);
        assertThat(proxy.text("field")).isEqualTo("note");
        assertThat(proxy.text("message")).contains("委托");
        assertThat(proxy.text("message")).startsWith("备注：").contains("受谁委托").doesNotContain("Exception");
        assertThat(get("/api/v1/matchmaking/" + shortRecord, "lead").map()).containsEntry("stage", "SHORTLISTED")
                .containsEntry("movedOnBehalf", false).containsEntry("nextStage", "CONTACTED");
        Answer done = move(shortRecord, "prov", "stage", "CONTACTED", "note", "受链主采购部委托");
        assertThat(done.status()).isEqualTo(200);
        // the record and its move say the province moved it on request; the leader's own moves do not
        Map<String, Object> rec = get("/api/v1/matchmaking/" + shortRecord, "lead").map();
        assertThat(rec).containsEntry("stage", "CONTACTED").containsEntry("movedOnBehalf", true).containsEntry("nextStage", "SAMPLING");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> moves = (List<Map<String, Object>>) rec.get("moves");
        assertThat(moves.get(moves.size() - 1)).containsEntry("onBehalf", true).containsEntry("onBehalfLabel", "省级代为操作")
                .containsEntry("note", "受链主采购部委托").containsEntry("by", "prov");
        assertThat(moves.get(0)).containsEntry("onBehalf", false).containsEntry("onBehalfLabel", null);
        String detail = dsl.select(AUDIT_LOG.DETAIL).from(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("MATCHMAKING_MOVE"))
                .and(AUDIT_LOG.TARGET.eq("matchmaking:" + shortRecord)).and(AUDIT_LOG.USERNAME.eq("prov"))
                .orderBy(AUDIT_LOG.ID.desc()).limit(1).fetchOne(AUDIT_LOG.DETAIL);
        assertThat(detail).contains("受托推进").contains("受链主采购部委托");
        // the page shows it too
        assertThat(page("/matchmaking/" + shortRecord, "lead")).contains("省级代为操作");
        // a city bureau cannot move, even with a note
        Answer city = move(shortRecord, "dg", "stage", "SAMPLING", "note", "受链主委托");
        assertThat(city.status()).isEqualTo(403);
        assertThat(city.text("message")).contains("只有链主企业本身可以推进对接");
    }

    @Test
    @Order(3)
    void movesFollowTheStageRuleAndAreAudited() {
        assertThat(move(p4Record, "lead", "stage", "SAMPLING").status()).isEqualTo(200); // skips 已联系
        Answer back = move(p4Record, "lead", "stage", "CONTACTED");
        assertThat(back.status()).isEqualTo(400);
        assertThat(back.text("message")).contains("退回");
        assertThat(move(p4Record, "lead", "stage", "CONTACTED", "note", "样品需重新报价").status()).isEqualTo(200);
        Answer bad = move(p4Record, "lead", "stage", "飞升");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text("field")).isEqualTo("stage");
        Answer supplyingWithout = move(p4Record, "lead", "stage", "SUPPLYING");
        assertThat(supplyingWithout.text("field")).isEqualTo("quantity");
        assertThat(supplyingWithout.text("message")).contains("年供货");
        assertThat(get("/api/v1/matchmaking/" + p4Record, "lead").map()).containsEntry("stage", "CONTACTED");
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("MATCHMAKING_MOVE").and(AUDIT_LOG.TARGET.eq("matchmaking:" + p4Record))))
                .isEqualTo(2);
        String after = dsl.select(AUDIT_LOG.AFTER_STATE).from(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("MATCHMAKING_MOVE"))
                .and(AUDIT_LOG.TARGET.eq("matchmaking:" + p4Record)).orderBy(AUDIT_LOG.ID.desc()).limit(1).fetchOne(AUDIT_LOG.AFTER_STATE);
        assertThat(after).contains("已联系");
        assertThat(dsl.fetchExists(AUDIT_LOG, AUDIT_LOG.ACTION.eq("MATCHMAKING_NOTE").and(AUDIT_LOG.USERNAME.eq("hz")))).isTrue();
        // a moved record cannot leave the shortlist silently
        Answer remove = delete("/api/v1/demands/" + demand + "/shortlist/" + MatchFixtures.P4_CERT, "lead");
        assertThat(remove.status()).isEqualTo(400);
        assertThat(remove.text("message")).contains("终止");
        // the page's form: the refusal comes back as an error notice, not as a success
        String page = client.toBlocking().retrieve(io.micronaut.http.HttpRequest.POST("/demands/" + demand + "/shortlist/"
                        + MatchFixtures.P4_CERT + "/remove", Map.of("confirm", "1")).contentType(io.micronaut.http.MediaType.APPLICATION_FORM_URLENCODED)
                .accept(io.micronaut.http.MediaType.TEXT_HTML).basicAuth("lead", PW));
        assertThat(page).contains("id=\"flash-error\"").doesNotContain("id=\"flash-success\"").contains("不能移出候选清单");
    }

    @Test
    @Order(4)
    void aMoveToSupplyingChangesTheLocalisationRateForTheLeadersCityAndTheProvince() {
        assertThat(rate(bearingGap("441900"))).isEqualTo(0.0);
        assertThat(rate(bearingGap("province"))).isEqualTo(0.0);
        // figures the record could not keep as typed are refused in words, naming the field, and change nothing
        Answer huge = move(p4Record, "lead", "stage", "SUPPLYING", "quantity", 99_999_999_999_999_999L, "unit", "套");
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.text("field")).isEqualTo("quantity");
        assertThat(huge.text("message")).contains("年供货数量").contains("数值过大");
        Answer fine = move(p4Record, "lead", "stage", "SUPPLYING", "valueWan", 480.125);
        assertThat(fine.text("field")).isEqualTo("valueWan");
        assertThat(fine.text("message")).contains("两位小数");
        Answer longUnit = move(p4Record, "lead", "stage", "SUPPLYING", "quantity", 6000, "unit", "套".repeat(21));
        assertThat(longUnit.text("field")).isEqualTo("unit");
        assertThat(longUnit.text("message")).contains("超过 20 个字");
        assertThat(get("/api/v1/matchmaking/" + p4Record, "lead").map()).containsEntry("stage", "CONTACTED");
        // first to 批量供货 with a quantity only, back to 试用, then on again with the value: the figures count the
        // record once, with its latest statement (theFiguresReconcileWithTheRecordsBehindThem)
        assertThat(move(p4Record, "lead", "stage", "SUPPLYING", "quantity", 100, "unit", "吨").status()).isEqualTo(200);
        assertThat(move(p4Record, "lead", "stage", "TRIAL", "note", "单位写错，重新试用").status()).isEqualTo(200);
        Answer a = move(p4Record, "lead", "stage", "SUPPLYING", "quantity", 6000, "unit", "套", "valueWan", 480);
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(200);
        assertThat(((Number) a.map().get("supplyValueWan")).doubleValue()).isEqualTo(480.0);
        // 480 of 960 万元 from a Dongguan supplier: half the demand is now bought in the leader's city
        Map<String, Object> city = bearingGap("441900");
        assertThat(rate(city)).isCloseTo(0.5, within(1e-6));
        assertThat(city.get("reasons").toString()).contains("#" + p4Record).contains("东莞精研轴承科技有限公司");
        assertThat(rate(bearingGap("province"))).isCloseTo(0.5, within(1e-6));
        // the Huizhou supplier: 1200 of 12000 套 (no value stated) = 10 %, elsewhere in Guangdong — the province's rate only
        assertThat(move(shortRecord, "lead", "stage", "SUPPLYING", "quantity", 1200, "unit", "套/年").status()).isEqualTo(200);
        assertThat(rate(bearingGap("province"))).isCloseTo(0.6, within(1e-6));
        assertThat(rate(bearingGap("441900"))).isCloseTo(0.5, within(1e-6));
    }

    @Test
    @Order(5)
    void theFiguresReconcileWithTheRecordsBehindThem() {
        Answer a = get("/api/v1/matchmaking/figures?chain=CNC&region=province", "prov");
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> months = (List<Map<String, Object>>) a.map().get("months");
        assertThat(months).hasSize(12);
        Map<String, Object> now = months.get(months.size() - 1);
        assertThat(now).containsEntry("month", YearMonth.now().toString());
        assertThat(count(now, "published")).isEqualTo(1);
        assertThat(((Number) figure(now, "published").get("valueWan")).doubleValue()).isEqualTo(960.0);
        assertThat(count(now, "withRecommended")).isEqualTo(1);
        assertThat(count(now, "started")).isEqualTo(2);
        assertThat(count(now, "samplingOrTrial")).isEqualTo(1);
        assertThat(count(now, "supplying")).isEqualTo(2);
        assertThat(((Number) figure(now, "supplying").get("valueWan")).doubleValue()).isEqualTo(480.0);
        // the ids behind a figure are the records the list gives for the same question
        List<Long> supplyingIds = ids(figure(now, "supplying"));
        List<Long> listed = get("/api/v1/matchmaking?chain=CNC&stage=SUPPLYING", "prov").list().stream()
                .map(r -> ((Number) r.get("id")).longValue()).toList();
        assertThat(supplyingIds).containsExactlyInAnyOrderElementsOf(listed).containsExactlyInAnyOrder(p4Record, shortRecord);
        assertThat(ids(figure(now, "started"))).containsExactlyInAnyOrder(p4Record, shortRecord);
        assertThat(get("/api/v1/matchmaking?ids=", "prov").list()).as("a figure of 0's records: none, not all").isEmpty();
        // a notice in a link someone else wrote is not shown (web.Flash: only this server's signed notices are)
        String forged = client.toBlocking().retrieve(io.micronaut.http.HttpRequest.GET("/matchmaking/" + p4Record
                        + "?error=%E8%B4%A6%E5%8F%B7%E5%BC%82%E5%B8%B8&sig=00").accept(io.micronaut.http.MediaType.TEXT_HTML)
                .basicAuth("prov", PW));
        assertThat(forged).contains("东莞精研轴承科技有限公司").doesNotContain("账号异常");
        // the page: a figure links to its records, a figure of 0 to nothing
        String page = client.toBlocking().retrieve(io.micronaut.http.HttpRequest.GET("/matchmaking/figures?chain=CNC&region=province")
                .accept(io.micronaut.http.MediaType.TEXT_HTML).basicAuth("prov", PW));
        assertThat(page).contains("<span data-figure=\"started\">0</span>").doesNotContain("board?ids=\"")
                .containsPattern("href=\"/matchmaking/board\\?ids=[0-9,%C]+\" data-figure=\"supplying\">2</a>");
        // 本地配套率 is the gap analysis's measure: one demand, one node
        assertThat(((Number) now.get("localRate")).doubleValue()).isCloseTo(rate(bearingGap("province")), within(1e-4));
        assertThat(((Number) now.get("sameCityRate")).doubleValue()).isCloseTo(rate(bearingGap("441900")), within(1e-4));
        // the total equals the sum of the months
        @SuppressWarnings("unchecked")
        Map<String, Object> total = (Map<String, Object>) a.map().get("total");
        assertThat(count(total, "started")).isEqualTo(months.stream().mapToInt(m -> count(m, "started")).sum());
        // a city's bureau its own city only; leaders not at all
        assertThat(get("/api/v1/matchmaking/figures?chain=CNC&region=441900", "dg").status()).isEqualTo(200);
        assertThat(get("/api/v1/matchmaking/figures?chain=CNC", "dg").map()).as("its own city by default")
                .containsEntry("region", "东莞");
        assertThat(get("/api/v1/matchmaking/figures?chain=CNC&region=province", "dg").status()).isEqualTo(403);
        assertThat(get("/api/v1/matchmaking/figures?chain=CNC", "lead").status()).isEqualTo(403);
        Answer badChain = get("/api/v1/matchmaking/figures?chain=NOPE&from=2026-13", "prov");
        assertThat(badChain.status()).isEqualTo(400);
        assertThat(badChain.text("message")).contains("产业链").contains("起始月份");
        io.micronaut.http.HttpResponse<byte[]> xlsx = client.toBlocking().exchange(io.micronaut.http.HttpRequest
                .GET("/api/v1/matchmaking/figures.xlsx?chain=CNC&region=441900&from=2026-01&to=2026-12").basicAuth("prov", PW), byte[].class);
        assertThat(xlsx.code()).isEqualTo(200);
        assertThat(java.net.URLDecoder.decode(xlsx.header("Content-Disposition"), java.nio.charset.StandardCharsets.UTF_8))
                .as("named like the gap reports: what, chain, region, period").contains("对接统计-高端数控机床-东莞-2026-01至2026-12.xlsx");
    }

    @Test
    @Order(6)
    void matchingLearnsFromTheRecords() {
        Answer created = post("/api/v1/matchmaking", Map.of("demandId", demand, "supplierCreditCode", MatchFixtures.UNSTATED), "lead");
        long id = ((Number) created.map().get("id")).longValue();
        assertThat(move(id, "lead", "stage", "ENDED", "reasonCode", "QUALIFICATION", "note", "缺少 IATF 16949").status()).isEqualTo(200);
        Answer removeEnded = delete("/api/v1/demands/" + demand + "/shortlist/" + MatchFixtures.UNSTATED, "lead");
        assertThat(removeEnded.status()).isEqualTo(400);
        assertThat(removeEnded.text("message")).contains("已终止").doesNotContain("请在对接记录中终止对接");
        List<Map<String, Object>> matches = get("/api/v1/demands/" + demand + "/matches?limit=20", "lead").list("matches");
        Map<String, Object> unstated = matches.stream().filter(m -> MatchFixtures.UNSTATED.equals(m.get("creditCode"))).findFirst().orElseThrow();
        assertThat(unstated.get("reasons").toString()).contains(YearMonth.now() + " 终止：资质");
        Map<String, Object> p4 = matches.stream().filter(m -> MatchFixtures.P4_CERT.equals(m.get("creditCode"))).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> parts = (Map<String, Map<String, Object>>) p4.get("components");
        assertThat(parts.get("relation")).containsEntry("source", "MATCHMAKING");
        assertThat(((Number) parts.get("relation").get("points")).doubleValue()).isPositive();
        // an ended record can be reopened
        assertThat(move(id, "lead", "stage", "CONTACTED").status()).isEqualTo(200);
    }

    @Test
    @Order(7)
    void bureausRunActivitiesAndRecordsNameThem() {
        Map<String, Object> body = new HashMap<>();
        body.put("title", "东莞数控机床产业链供需对接会");
        body.put("date", "2026-10-15");
        body.put("place", "东莞松山湖");
        body.put("chains", List.of("CNC"));
        body.put("leaders", List.of(MatchFixtures.LEADER));
        body.put("suppliers", List.of(MatchFixtures.P4_CERT, MatchFixtures.SHORT));
        Answer a = post("/api/v1/activities", body, "dg");
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(201);
        long activity = ((Number) a.map().get("id")).longValue();
        assertThat(post("/api/v1/activities", body, "lead").status()).isEqualTo(403);
        Map<String, Object> bad = new HashMap<>(body);
        bad.put("date", "昨天");
        bad.put("suppliers", List.of("123"));
        Answer refused = post("/api/v1/activities", bad, "dg");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("message")).contains("日期").contains("供应商");
        assertThat(put("/api/v1/matchmaking/" + p4Record + "/activity", Map.of("activityId", activity), "lead").status()).isEqualTo(200);
        assertThat(get("/api/v1/activities/" + activity, "dg").map()).containsEntry("records", 1);
        assertThat(get("/api/v1/matchmaking/board?activity=" + activity, "dg").map().get("total")).isEqualTo(1);
        assertThat(put("/api/v1/activities/" + activity, body, "fs").status()).isEqualTo(403);
        assertThat(dsl.fetchExists(AUDIT_LOG, AUDIT_LOG.ACTION.eq("ACTIVITY_CREATE"))).isTrue();
        // the record's line names the activity it joined (number and title), not a bare number, and no empty "before"
        var joined = dsl.fetchOne(AUDIT_LOG, AUDIT_LOG.ACTION.eq("MATCHMAKING_ACTIVITY").and(AUDIT_LOG.TARGET.eq("matchmaking:" + p4Record)));
        assertThat(joined.getAfterState()).contains("\"活动\":\"" + activity + " " + body.get("title") + "\"");
        assertThat(joined.getBeforeState()).doesNotContain("\"活动\":\"\"");

        // participants by name: the registry's names resolve to credit codes, unknown ones are named in the refusal
        Map<String, Object> byName = new HashMap<>(body);
        byName.put("leaders", List.of("东莞测试链主机床股份有限公司"));
        byName.put("suppliers", List.of(MatchFixtures.P4_CERT, "无此企业有限公司"));
        Answer unknown = put("/api/v1/activities/" + activity, byName, "dg");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text("message")).contains("名录中没有名为「无此企业有限公司」的企业");
        byName.put("suppliers", List.of(MatchFixtures.P4_CERT));
        byName.put("title", "东莞数控机床产业链供需对接会（第二场）");
        Answer renamed = put("/api/v1/activities/" + activity, byName, "dg");
        assertThat(renamed.status()).as(String.valueOf(renamed.body())).isEqualTo(200);
        assertThat(renamed.map()).containsEntry("leaders", List.of(MatchFixtures.LEADER))
                .containsEntry("leaderNames", List.of("东莞测试链主机床股份有限公司"))
                .containsEntry("suppliers", List.of(MatchFixtures.P4_CERT));
        assertThat(dsl.fetchExists(AUDIT_LOG, AUDIT_LOG.ACTION.eq("ACTIVITY_UPDATE").and(AUDIT_LOG.AFTER_STATE.contains("第二场")))).isTrue();

        // the edit form: filled in with the participants' names, saved through the page's form
        assertThat(page("/activities/" + activity + "/edit", "dg")).contains("东莞测试链主机床股份有限公司").contains("第二场").contains("编辑对接活动");
        Map<String, String> fields = new HashMap<>();
        fields.put("title", "东莞数控机床产业链供需对接会（第三场）");
        fields.put("date", "2026-10-16");
        fields.put("place", "东莞松山湖");
        fields.put("chains", "CNC");
        fields.put("leaders", "东莞测试链主机床股份有限公司");
        String supplierName = dsl.select(cn.chainatlas.db.schema.Tables.ENTERPRISE.NAME).from(cn.chainatlas.db.schema.Tables.ENTERPRISE)
                .where(cn.chainatlas.db.schema.Tables.ENTERPRISE.CREDIT_CODE.eq(MatchFixtures.SHORT)).fetchOne(cn.chainatlas.db.schema.Tables.ENTERPRISE.NAME);
        fields.put("suppliers", supplierName + "\n" + MatchFixtures.P4_CERT);
        client.toBlocking().exchange(io.micronaut.http.HttpRequest.POST("/activities/" + activity, fields)
                .contentType(io.micronaut.http.MediaType.APPLICATION_FORM_URLENCODED_TYPE).accept(io.micronaut.http.MediaType.TEXT_HTML_TYPE)
                .basicAuth("dg", PW), String.class);
        Map<String, Object> now = get("/api/v1/activities/" + activity, "dg").map();
        assertThat(now).containsEntry("title", "东莞数控机床产业链供需对接会（第三场）")
                .containsEntry("suppliers", List.of(MatchFixtures.SHORT, MatchFixtures.P4_CERT));
        assertThat((List<Object>) now.get("supplierNames")).contains(supplierName);
    }

    @Test
    @Order(8)
    void theBoardPutsStalledRecordsFirst() {
        dsl.update(cn.chainatlas.db.schema.Tables.MATCHMAKING_RECORD)
                .set(cn.chainatlas.db.schema.Tables.MATCHMAKING_RECORD.LAST_MOVE_ON, java.time.LocalDate.now().minusDays(45))
                .where(cn.chainatlas.db.schema.Tables.MATCHMAKING_RECORD.STAGE.eq("CONTACTED")).execute();
        Answer a = get("/api/v1/matchmaking/board?chain=CNC&city=441900", "dg");
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(200);
        assertThat(a.map()).containsEntry("stalledDays", 30);
        assertThat(a.list("stalled")).isNotEmpty().allSatisfy(r -> assertThat(r).containsEntry("stalled", true));
        assertThat(get("/api/v1/matchmaking/board", "lead").status()).isEqualTo(403);
    }

    @Test
    @Order(99)
    void aDemandWithRecordsIsNotDeletedAndTakesNoRecordWithIt() {
        Answer refused = delete("/api/v1/demands/" + demand, "lead");
        assertThat(refused.status()).as(String.valueOf(refused.body())).isEqualTo(409);
        assertThat(refused.text("message")).contains("供需对接记录").contains("已关闭").contains("不随需求删除")
                .doesNotContain("连同这些记录一起删除");
        assertThat(get("/api/v1/demands/" + demand, "lead").status()).isEqualTo(200);
        assertThat(get("/api/v1/matchmaking/" + p4Record, "lead").status()).isEqualTo(200);
        // a demand nobody has a record on is deleted as before
        Answer other = post("/api/v1/demands", MatchFixtures.bearingDemand(), "lead");
        long id = ((Number) other.map().get("id")).longValue();
        assertThat(delete("/api/v1/demands/" + id, "lead").status()).isEqualTo(204);
    }

    private String page(String uri, String user) {
        return client.toBlocking().retrieve(io.micronaut.http.HttpRequest.GET(uri).accept(io.micronaut.http.MediaType.TEXT_HTML_TYPE)
                .basicAuth(user, PW));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> figure(Map<String, Object> month, String key) {
        return (Map<String, Object>) month.get(key);
    }

    private static int count(Map<String, Object> month, String key) {
        return ((Number) figure(month, key).get("count")).intValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Long> ids(Map<String, Object> figure) {
        return ((List<Number>) figure.get("ids")).stream().map(Number::longValue).toList();
    }
}
