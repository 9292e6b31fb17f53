package cn.chainatlas.matching;

import cn.chainatlas.enterprise.Classifier;
import cn.chainatlas.testing.ApiTest;
import cn.chainatlas.testing.MatchFixtures;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ranking a buyer would agree with, on the hand-made registry of {@link MatchFixtures}: the only supplier
 * with P4 bearings and the required certification ranks first; one lacking the certification is excluded and says
 * why; P5 and P0 makers are excluded for grade; the 轴承钢 maker is no bearing candidate; a capacity shortfall is
 * visible. Also: public fields only for a leader, 403 for other leaders, compare, shortlist, coverage, Excel.
 */
@MicronautTest
class MatchingApiTest extends ApiTest {

    @Inject
    Classifier classifier;

    @Inject
    CandidateRepository candidateRepository;

    long demand;

    @Override
    protected String seedMode() {
        return "reference";
    }

    @BeforeAll
    void registry() {
        MatchFixtures.load(dsl, classifier);
        Answer a = post("/api/v1/demands", MatchFixtures.bearingDemand(), "lead");
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(201);
        demand = ((Number) a.map().get("id")).longValue();
    }

    private Answer matches(String user, boolean excluded) {
        return get("/api/v1/demands/" + demand + "/matches?limit=20&includeExcluded=" + excluded, user);
    }

    /** The match or exclusion of this credit code in an answer's list (CandidatesKeptTest uses it too). */
    static Optional<Map<String, Object>> find(List<Map<String, Object>> list, String code) {
        return list.stream().filter(m -> code.equals(m.get("creditCode"))).findFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> components(Map<String, Object> match) {
        return (Map<String, Map<String, Object>>) match.get("components");
    }

    @Test
    void theOnlyP4MakerWithTheRequiredCertificationRanksFirstAndAlone() {
        Answer a = matches("lead", true);
        assertThat(a.status()).isEqualTo(200);
        List<Map<String, Object>> matches = a.list("matches");
        Map<String, Object> first = matches.get(0);
        assertThat(first).containsEntry("rank", 1).containsEntry("creditCode", MatchFixtures.P4_CERT)
                .containsEntry("band", "RECOMMENDED").containsEntry("bandLabel", "推荐");
        assertThat(matches.stream().filter(m -> "RECOMMENDED".equals(m.get("band")))).hasSize(1);
        assertThat((List<String>) first.get("reasons")).first().isEqualTo("满足需求写明的全部要求");
        // every component with its weight, value, points, the fact and its source; the score is their sum
        Map<String, Map<String, Object>> parts = components(first);
        assertThat(parts).containsOnlyKeys("nodeFit", "spec", "certification", "capacity", "proximity", "tier", "innovation", "relation");
        double sum = parts.values().stream().mapToDouble(p -> ((Number) p.get("points")).doubleValue()).sum();
        assertThat(((Number) first.get("score")).doubleValue()).isCloseTo(sum, org.assertj.core.api.Assertions.within(0.2));
        assertThat(parts.get("spec")).containsEntry("weight", 20.0).containsEntry("value", 1.0).containsEntry("points", 20.0);
        assertThat((String) parts.get("spec").get("detail")).isEqualTo("精度等级：需求 P4，企业写明 P4，满足");
        assertThat((String) parts.get("proximity").get("detail")).isEqualTo("与链主同在东莞");
        assertThat(parts.get("relation")).containsEntry("points", 0.0).containsEntry("source", "NONE");
        assertThat(parts.get("spec")).containsEntry("source", "REGISTRY").containsEntry("sourceLabel", "名录申报");
        assertThat((Map<String, Object>) first.get("sources")).containsEntry("nodeFit", "REGISTRY");
        Map<String, Object> counts = (Map<String, Object>) a.map().get("counts");
        assertThat(counts).containsEntry("recommended", 1);
    }

    @Test
    void theExcludedSayWhyAndTheSteelMakerIsNoCandidate() {
        Answer a = matches("lead", true);
        List<Map<String, Object>> excluded = a.list("excluded");
        Map<String, Object> noCert = find(excluded, MatchFixtures.P4_NOCERT).orElseThrow();
        assertThat((List<String>) noCert.get("reasonCodes")).containsExactly("MISSING_CERTIFICATION");
        assertThat((List<String>) noCert.get("reasons")).containsExactly("缺少必备资质认证：ISO 9001（企业写明的认证：ISO 14001）");
        Map<String, Object> p5 = find(excluded, MatchFixtures.P5).orElseThrow();
        assertThat((List<String>) p5.get("reasonCodes")).containsExactly("SPEC_NOT_MET");
        assertThat((List<String>) p5.get("reasons")).containsExactly("规格不符：精度等级：需求 P4，企业写明 P5，未达到");
        Map<String, Object> p0 = find(excluded, MatchFixtures.P0).orElseThrow();
        assertThat((List<String>) p0.get("reasons")).containsExactly("规格不符：精度等级：需求 P4，企业写明 P0，未达到");
        assertThat((List<String>) find(excluded, MatchFixtures.LEADER).orElseThrow().get("reasonCodes")).containsExactly("SELF");
        assertThat((List<String>) find(excluded, MatchFixtures.UNWILLING).orElseThrow().get("reasonCodes")).containsExactly("UNWILLING");
        assertThat((List<String>) find(excluded, MatchFixtures.OUTSIDE).orElseThrow().get("reasons"))
                .containsExactly("位于需求排除的地区（省外-江苏）");
        // 轴承钢 is a material of the bearing, not a bearing: neither a match nor an exclusion
        assertThat(find(a.list("matches"), MatchFixtures.STEEL)).isEmpty();
        assertThat(find(excluded, MatchFixtures.STEEL)).isEmpty();
        // excluded only on request
        assertThat(matches("lead", false).list("excluded")).isEmpty();
    }

    @Test
    void aCapacityShortfallAndAnUnstatedGradeAreToVerify() {
        List<Map<String, Object>> matches = matches("lead", false).list("matches");
        Map<String, Object> shortOne = find(matches, MatchFixtures.SHORT).orElseThrow();
        assertThat(shortOne).containsEntry("band", "VERIFY");
        assertThat((String) components(shortOne).get("capacity").get("detail"))
                .isEqualTo("产能不足：可用年产能 8000 套，低于需求 12000 套（可满足 67%，缺口 4000 套）");
        assertThat((List<String>) shortOne.get("reasons")).contains("待核实：产能只能满足需求的 67%");
        Map<String, Object> unstated = find(matches, MatchFixtures.UNSTATED).orElseThrow();
        assertThat(unstated).containsEntry("band", "VERIFY");
        assertThat((List<String>) unstated.get("reasons")).first().isEqualTo("待核实：企业未写明精度等级");
        // the recommended one stays first although the unstated maker is a 单项冠军
        assertThat(matches.indexOf(unstated)).isGreaterThan(0);
    }

    @Test
    void aLeaderSeesSuppliersPublicFieldsOnlyUnlessTheyConsented() {
        Map<String, Object> p4 = find(matches("lead", false).list("matches"), MatchFixtures.P4_CERT).orElseThrow();
        assertThat(p4).containsEntry("revenue", null).containsEntry("contactName", null).containsEntry("contactPhone", null)
                .containsEntry("restricted", true);
        assertThat((String) components(p4).get("innovation").get("detail")).contains("未同意公开").doesNotContain("6.0%");
        assertThat(((Number) components(p4).get("innovation").get("points")).doubleValue()).isPositive();
        Map<String, Object> consenting = find(matches("lead", false).list("matches"), MatchFixtures.UNSTATED).orElseThrow();
        assertThat(((Number) consenting.get("revenue")).doubleValue()).isEqualTo(20000);
        assertThat(consenting).containsEntry("contactName", "王工");
        Map<String, Object> forBureau = find(matches("dg", false).list("matches"), MatchFixtures.P4_CERT).orElseThrow();
        assertThat(forBureau).containsEntry("contactName", "王工").containsEntry("restricted", false);
        assertThat((String) components(forBureau).get("innovation").get("detail")).contains("研发投入强度 6.0%");
        // the Dongguan bureau reads another city's supplier as the registry shows it to it: public fields only
        // (惠州, no consent) — in the matches and the comparison alike; the province sees everything
        Map<String, Object> otherCity = find(matches("dg", false).list("matches"), MatchFixtures.SHORT).orElseThrow();
        assertThat(otherCity).containsEntry("revenue", null).containsEntry("rndSpending", null)
                .containsEntry("contactName", null).containsEntry("contactPhone", null).containsEntry("restricted", true);
        assertThat((String) components(otherCity).get("innovation").get("detail")).contains("未同意公开");
        assertThat(get("/api/v1/enterprises/" + MatchFixtures.SHORT, "dg").map()).containsEntry("restricted", true);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> columns = (List<Map<String, Object>>) get("/api/v1/demands/" + demand + "/compare?c="
                + MatchFixtures.P4_CERT + "&c=" + MatchFixtures.SHORT, "dg").map().get("columns");
        @SuppressWarnings("unchecked")
        Map<String, Object> comparedOther = (Map<String, Object>) columns.get(1).get("match");
        assertThat(comparedOther).containsEntry("revenue", null).containsEntry("contactName", null).containsEntry("restricted", true);
        Map<String, Object> forProvince = find(matches("prov", false).list("matches"), MatchFixtures.SHORT).orElseThrow();
        assertThat(forProvince).containsEntry("restricted", false);
        assertThat(((Number) forProvince.get("revenue")).doubleValue()).isEqualTo(20000);
    }

    @Test
    void anotherLeaderAndAnotherCitysBureauGet403() {
        assertThat(matches("leadfs", false).status()).isEqualTo(403);
        assertThat(matches("fs", true).status()).isEqualTo(403);
        assertThat(get("/api/v1/demands/" + demand + "/compare?c=" + MatchFixtures.P4_CERT + "&c=" + MatchFixtures.SHORT, "leadfs").status())
                .isEqualTo(403);
        assertThat(get("/api/v1/demands/" + demand + "/shortlist", "leadfs").status()).isEqualTo(403);
        assertThat(get("/api/v1/demands/" + demand + "/matches.xlsx", "leadfs").status()).isEqualTo(403);
        assertThat(matches("prov", false).status()).isEqualTo(200);
    }

    @Test
    void twoToFourCandidatesSideBySide() {
        Answer a = get("/api/v1/demands/" + demand + "/compare?c=" + MatchFixtures.P4_CERT + "&c=" + MatchFixtures.SHORT
                + "&c=" + MatchFixtures.P5, "lead");
        assertThat(a.status()).isEqualTo(200);
        List<Map<String, Object>> columns = a.list("columns");
        assertThat(columns).extracting(c -> c.get("creditCode")).containsExactly(MatchFixtures.P4_CERT, MatchFixtures.SHORT, MatchFixtures.P5);
        assertThat((Map<String, Object>) columns.get(0).get("match")).containsEntry("rank", 1);
        assertThat(columns.get(2).get("match")).isNull();
        assertThat((List<String>) columns.get(2).get("excludedReasons")).first().asString().contains("P5");
        assertThat(get("/api/v1/demands/" + demand + "/compare?c=" + MatchFixtures.P4_CERT, "lead").status()).isEqualTo(400);
        assertThat(get("/api/v1/demands/" + demand + "/compare?c=" + MatchFixtures.P4_CERT + "," + MatchFixtures.STEEL, "lead").status())
                .isEqualTo(400);
    }

    @Test
    void theShortlistKeepsCandidatesNotExclusionsAndIsAudited() {
        Answer added = post("/api/v1/demands/" + demand + "/shortlist", Map.of("creditCode", MatchFixtures.SHORT, "note", "可作第二供应商"), "lead");
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.list()).extracting(e -> e.get("creditCode")).containsExactly(MatchFixtures.SHORT);
        assertThat(added.list().get(0)).containsEntry("bandLabel", "待核实").containsEntry("note", "可作第二供应商");
        Answer refused = post("/api/v1/demands/" + demand + "/shortlist", Map.of("creditCode", MatchFixtures.P5), "lead");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("message")).contains("已被排除");
        Answer nobody = post("/api/v1/demands/" + demand + "/shortlist", Map.of(), "lead");
        assertThat(nobody.status()).isEqualTo(400);
        assertThat(nobody.text("message")).contains("请写明要加入候选清单的企业").doesNotContain("「」");
        assertThat(find(matches("lead", false).list("matches"), MatchFixtures.SHORT).orElseThrow()).containsEntry("shortlisted", true);
        Answer removed = send(HttpRequest.DELETE("/api/v1/demands/" + demand + "/shortlist/" + MatchFixtures.SHORT), "dg");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.list()).isEmpty();
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.in("SHORTLIST_ADD", "SHORTLIST_REMOVE")
                .and(AUDIT_LOG.TARGET.eq("demand:" + demand)))).isEqualTo(2);
    }

    @Test
    void aLimitOutsideOneTo500IsRefusedByName() {
        for (String limit : List.of("0", "-1", "501")) {
            Answer a = get("/api/v1/demands/" + demand + "/matches?limit=" + limit, "lead");
            assertThat(a.status()).as(limit).isEqualTo(400);
            assertThat(a.map().get("message").toString()).contains("limit").contains("1 到 500").contains("现为 " + limit);
        }
        assertThat(get("/api/v1/demands/" + demand + "/matches?limit=500", "lead").status()).isEqualTo(200);
    }

    @Test
    void coverageShowsEveryOpenDemandInScopeWithItsRecommendedCount() {
        Answer prov = get("/api/v1/coverage", "prov");
        assertThat(prov.status()).isEqualTo(200);
        Map<String, Object> row = prov.list("demands").stream()
                .filter(d -> ((Number) d.get("demandId")).longValue() == demand).findFirst().orElse(null);
        assertThat(row).isNotNull().containsEntry("recommended", 1).containsEntry("target", false)
                .containsEntry("nodeName", "轴承");
        // under the chain its leader leads, not under every chain that uses bearings (aviation, rail, robots…)
        assertThat((List<String>) row.get("chains")).containsExactly("高端数控机床");
        assertThat(get("/api/v1/coverage?chain=CNC", "prov").list("demands"))
                .extracting(d -> ((Number) d.get("demandId")).longValue()).contains(demand);
        Answer aviation = get("/api/v1/coverage?chain=AVIATION", "prov");
        assertThat(aviation.status()).isEqualTo(200);
        assertThat(aviation.list("demands")).extracting(d -> ((Number) d.get("demandId")).longValue()).doesNotContain(demand);
        assertThat(prov.map()).containsEntry("region", "广东省");
        // the Dongguan bureau sees its city's demands; in Dongguan itself there is a 推荐 candidate
        Answer dg = get("/api/v1/coverage", "dg");
        assertThat(dg.map()).containsEntry("region", "东莞");
        assertThat(dg.list("demands")).extracting(d -> ((Number) d.get("demandId")).longValue()).contains(demand);
        assertThat(get("/api/v1/coverage", "fs").list("demands")).extracting(d -> ((Number) d.get("demandId")).longValue())
                .doesNotContain(demand);
        assertThat(get("/api/v1/coverage", "lead").status()).isEqualTo(403);
        // a city bureau asking for another city (or the province) is refused, not answered with its own city as if asked
        Answer other = get("/api/v1/coverage?city=" + java.net.URLEncoder.encode("佛山", java.nio.charset.StandardCharsets.UTF_8), "dg");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.map().get("message").toString()).contains("只能查看本市（东莞）");
        assertThat(get("/api/v1/coverage?city=province", "dg").status()).isEqualTo(403);
        assertThat(get("/api/v1/coverage?city=441900", "dg").map()).containsEntry("region", "东莞");
    }

    @Test
    void theMatchesExportToExcelWithTheSameFieldRule() throws Exception {
        var response = client.toBlocking().exchange(HttpRequest.GET("/api/v1/demands/" + demand + "/matches.xlsx").basicAuth("lead", PW), byte[].class);
        assertThat(response.code()).isEqualTo(200);
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(response.body()))) {
            Sheet matches = wb.getSheet("匹配结果");
            assertThat(matches.getRow(1).getCell(1).getStringCellValue()).isEqualTo("东莞精研轴承科技有限公司");
            assertThat(matches.getRow(1).getCell(4).getStringCellValue()).isEqualTo("推荐");
            int contact = matches.getRow(0).getLastCellNum() - 2;
            assertThat(matches.getRow(0).getCell(contact).getStringCellValue()).isEqualTo("联系人");
            assertThat(matches.getRow(1).getCell(contact).getStringCellValue()).isEmpty();
            Sheet excluded = wb.getSheet("已排除");
            StringBuilder all = new StringBuilder();
            excluded.forEach(r -> r.forEach(c -> all.append(c.toString()).append('|')));
            assertThat(all.toString()).contains("缺少必备资质认证：ISO 9001");
            // Chinese only: no column of machine codes a buyer cannot read
            assertThat(all.toString()).doesNotContain("MISSING_CERTIFICATION").doesNotContain("原因代码");
        }
    }

    /**
     * The candidates of a node are prepared once per change of the data and shared (db.FiguresCache): the next read
     * after a write must show it. Both views are read first (the leader's, the province's coverage) so that the
     * answers after the write could only be right if the kept candidates followed it.
     */
    @Test
    void aNewSupplierAndADeregisteredOneShowInTheNextMatchesAndCoverage() {
        String fresh = MatchFixtures.code("91441900MA5TBRG09");
        assertThat(find(matches("lead", false).list("matches"), fresh)).isEmpty();
        assertThat(recommended(get("/api/v1/coverage", "prov"))).isEqualTo(1);
        MatchFixtures.enterprise(dsl, classifier, fresh, "东莞新晋精密轴承有限公司", "441900", null, "精密角接触球轴承",
                "精度等级 P4", "ISO 9001", null, "30000", "套", false, false);
        try {
            Map<String, Object> m = find(matches("lead", false).list("matches"), fresh).orElseThrow();
            assertThat(m).containsEntry("band", "RECOMMENDED").containsEntry("revenue", null).containsEntry("contactName", null);
            assertThat(find(matches("dg", false).list("matches"), fresh).orElseThrow()).containsEntry("contactName", "王工");
            assertThat(recommended(get("/api/v1/coverage", "prov"))).isEqualTo(2);
            // a supplier marked 注销 by the province is no candidate in the next answer
            assertThat(post("/api/v1/enterprises/" + fresh + "/status", Map.of("status", "DEREGISTERED", "note", "测试"), "prov").status())
                    .isEqualTo(200);
            assertThat(find(matches("lead", false).list("matches"), fresh)).isEmpty();
            assertThat(recommended(get("/api/v1/coverage", "prov"))).isEqualTo(1);
        } finally {
            dsl.deleteFrom(cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE).where(cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE.CREDIT_CODE.eq(fresh)).execute();
            dsl.deleteFrom(cn.chainatlas.db.schema.Tables.ENTERPRISE).where(cn.chainatlas.db.schema.Tables.ENTERPRISE.CREDIT_CODE.eq(fresh)).execute();
        }
        assertThat(find(matches("lead", true).list("excluded"), fresh)).isEmpty();
    }

    /**
     * A read after a write keeps the previous candidate objects of enterprises whose facts did not change
     * (MatchingService#pool): one whose certifications were dropped must be judged on the new facts, in its matches and
     * in 需求覆盖 alike, and again on the restored ones.
     */
    @Test
    void aSupplierWhoseFactsChangedIsJudgedOnTheNewOnesInTheNextAnswers() {
        var e = cn.chainatlas.db.schema.Tables.ENTERPRISE;
        assertThat(find(matches("lead", false).list("matches"), MatchFixtures.P4_CERT).orElseThrow()).containsEntry("band", "RECOMMENDED");
        assertThat(recommended(get("/api/v1/coverage", "prov"))).isEqualTo(1);
        String certifications = dsl.select(e.CERTIFICATIONS).from(e).where(e.CREDIT_CODE.eq(MatchFixtures.P4_CERT)).fetchOne(e.CERTIFICATIONS);
        dsl.update(e).setNull(e.CERTIFICATIONS).where(e.CREDIT_CODE.eq(MatchFixtures.P4_CERT)).execute();
        try {
            assertThat(find(matches("lead", false).list("matches"), MatchFixtures.P4_CERT)).isEmpty();
            assertThat(find(matches("lead", true).list("excluded"), MatchFixtures.P4_CERT)).isPresent();
            assertThat(recommended(get("/api/v1/coverage", "prov"))).isZero();
        } finally {
            dsl.update(e).set(e.CERTIFICATIONS, certifications).where(e.CREDIT_CODE.eq(MatchFixtures.P4_CERT)).execute();
        }
        assertThat(find(matches("lead", false).list("matches"), MatchFixtures.P4_CERT).orElseThrow()).containsEntry("band", "RECOMMENDED");
        assertThat(recommended(get("/api/v1/coverage", "prov"))).isEqualTo(1);
    }

    private int recommended(Answer coverage) {
        return coverage.list("demands").stream().filter(d -> ((Number) d.get("demandId")).longValue() == demand)
                .map(d -> ((Number) d.get("recommended")).intValue()).findFirst().orElseThrow();
    }

    @Test
    void candidatesOfManyNodesReadByScanAreTheSameAsReadByKey() {
        // 需求覆盖 of the province reads nearly every node by two scans joined in Java, a demand's few nodes by the
        // server's join: both must give the same candidates — closed enterprises left out, a capacity stated for the
        // node preferred to the registry's, 技术参数 and products only for the nodes whose specs are parsed
        List<String> nodes = dsl.selectDistinct(cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE.NODE_CODE)
                .from(cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE).fetch(cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE.NODE_CODE);
        var capacity = cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE_CAPACITY;
        var enterprise = cn.chainatlas.db.schema.Tables.ENTERPRISE;
        dsl.insertInto(capacity, capacity.CREDIT_CODE, capacity.NODE_CODE, capacity.QUANTITY, capacity.UNIT, capacity.UPDATED_BY)
                .values(MatchFixtures.P4_CERT, "BEARING", new java.math.BigDecimal("1234.00"), "套/年", "test").execute();
        dsl.update(enterprise).set(enterprise.STATUS, "CLOSED").where(enterprise.CREDIT_CODE.eq(MatchFixtures.P0)).execute();
        try {
            java.util.Comparator<CandidateRepository.Row> order = java.util.Comparator.comparing(CandidateRepository.Row::node)
                    .thenComparing(CandidateRepository.Row::creditCode);
            List<CandidateRepository.Row> joined = candidateRepository.joined(nodes, List.of("BEARING")).stream().sorted(order).toList();
            List<CandidateRepository.Row> scanned = candidateRepository.scanned(nodes, List.of("BEARING")).stream().sorted(order).toList();
            assertThat(scanned).isEqualTo(joined);
            assertThat(scanned).anyMatch(r -> r.creditCode().equals(MatchFixtures.P4_CERT) && r.capacityOfNode()
                    && r.capacity().compareTo(new java.math.BigDecimal("1234")) == 0 && r.techParams() != null);
            assertThat(scanned).noneMatch(r -> r.creditCode().equals(MatchFixtures.P0));
            assertThat(scanned).anyMatch(r -> !r.node().equals("BEARING") && r.techParams() == null);
        } finally {
            dsl.deleteFrom(capacity).where(capacity.CREDIT_CODE.eq(MatchFixtures.P4_CERT)).execute();
            dsl.update(enterprise).set(enterprise.STATUS, "ACTIVE").where(enterprise.CREDIT_CODE.eq(MatchFixtures.P0)).execute();
        }
    }

    @Test
    void candidatesReadFromTheColumnsBytesAreWhatTheDriverReads() {
        // the candidate reads decode repeated texts once and decimals from their digits (docs/benchmarks.md, issue 10):
        // every value must be the one the driver's own getters give — signs, fractions, zeros, nulls, Chinese texts
        var enterprise = cn.chainatlas.db.schema.Tables.ENTERPRISE;
        var node = cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;
        List<String> nodes = dsl.selectDistinct(node.NODE_CODE).from(node).fetch(node.NODE_CODE);
        var saved = dsl.select(enterprise.CREDIT_CODE, enterprise.REVENUE, enterprise.RND_SPENDING, enterprise.CAPACITY_VALUE)
                .from(enterprise).where(enterprise.CREDIT_CODE.in(MatchFixtures.P4_CERT, MatchFixtures.P5)).fetch();
        dsl.update(enterprise).set(enterprise.REVENUE, new java.math.BigDecimal("-12.5000"))
                .set(enterprise.RND_SPENDING, new java.math.BigDecimal("0.0000"))
                .set(enterprise.CAPACITY_VALUE, new java.math.BigDecimal("0.05"))
                .where(enterprise.CREDIT_CODE.eq(MatchFixtures.P4_CERT)).execute();
        dsl.update(enterprise).set(enterprise.REVENUE, new java.math.BigDecimal("99999999999999.9999"))
                .set(enterprise.RND_SPENDING, (java.math.BigDecimal) null)
                .where(enterprise.CREDIT_CODE.eq(MatchFixtures.P5)).execute();
        try {
            for (List<CandidateRepository.Row> rows : List.of(candidateRepository.joined(nodes, List.of("BEARING")),
                    candidateRepository.scanned(nodes, List.of("BEARING")))) {
                assertThat(rows).isNotEmpty();
                Map<String, org.jooq.Record> byKey = new java.util.HashMap<>();
                dsl.select(enterprise.CREDIT_CODE, node.NODE_CODE, enterprise.NAME, enterprise.CITY_CODE, enterprise.OUTSIDE_PROVINCE,
                                node.SOURCE, node.CONFIDENCE, enterprise.CERTIFICATIONS, enterprise.TIER, enterprise.REVENUE,
                                enterprise.RND_SPENDING, enterprise.CAPACITY_VALUE, enterprise.CAPACITY_UNIT, enterprise.TECH_PARAMS,
                                enterprise.MAIN_PRODUCTS, enterprise.PATENTS, enterprise.UNWILLING)
                        .from(node).join(enterprise).on(enterprise.CREDIT_CODE.eq(node.CREDIT_CODE))
                        .forEach(r -> byKey.put(r.get(enterprise.CREDIT_CODE) + "|" + r.get(node.NODE_CODE), r));
                for (CandidateRepository.Row row : rows) {
                    org.jooq.Record x = byKey.get(row.creditCode() + "|" + row.node());
                    assertThat(x).as(row.creditCode()).isNotNull();
                    assertThat(row.name()).isEqualTo(x.get(enterprise.NAME));
                    assertThat(row.cityCode()).isEqualTo(x.get(enterprise.CITY_CODE));
                    assertThat(row.outsideProvince()).isEqualTo(x.get(enterprise.OUTSIDE_PROVINCE));
                    assertThat(row.source()).isEqualTo(x.get(node.SOURCE));
                    assertThat(row.confidence()).isEqualTo(x.get(node.CONFIDENCE) == null ? 0 : x.get(node.CONFIDENCE).doubleValue());
                    assertThat(row.certifications()).isEqualTo(x.get(enterprise.CERTIFICATIONS));
                    assertThat(row.tier()).isEqualTo(x.get(enterprise.TIER));
                    // packed in the row (MatchRules.Decimals), the same value and scale back
                    assertThat(MatchRules.Decimals.unpack(row.revenue(), row.oddMoney(), 0)).isEqualTo(x.get(enterprise.REVENUE));
                    assertThat(MatchRules.Decimals.unpack(row.rndSpending(), row.oddMoney(), 1)).isEqualTo(x.get(enterprise.RND_SPENDING));
                    assertThat(row.patents()).isEqualTo(x.get(enterprise.PATENTS));
                    assertThat(row.unwilling()).isEqualTo(Boolean.TRUE.equals(x.get(enterprise.UNWILLING)));
                    if (!row.capacityOfNode()) {
                        assertThat(row.capacity()).isEqualTo(x.get(enterprise.CAPACITY_VALUE));
                        assertThat(row.capacityUnit()).isEqualTo(x.get(enterprise.CAPACITY_UNIT));
                    }
                    if (row.node().equals("BEARING")) {
                        assertThat(row.techParams()).isEqualTo(x.get(enterprise.TECH_PARAMS));
                        assertThat(row.products()).isEqualTo(x.get(enterprise.MAIN_PRODUCTS));
                    }
                }
                assertThat(rows).anyMatch(r -> r.creditCode().equals(MatchFixtures.P4_CERT)
                        && new java.math.BigDecimal("-12.5000").equals(MatchRules.Decimals.unpack(r.revenue(), r.oddMoney(), 0)));
                assertThat(rows).anyMatch(r -> r.creditCode().equals(MatchFixtures.P5) && r.revenue() == MatchRules.Decimals.UNPACKED
                        && new java.math.BigDecimal("99999999999999.9999").equals(MatchRules.Decimals.unpack(r.revenue(), r.oddMoney(), 0)));
            }
        } finally {
            saved.forEach(r -> dsl.update(enterprise).set(enterprise.REVENUE, r.value2()).set(enterprise.RND_SPENDING, r.value3())
                    .set(enterprise.CAPACITY_VALUE, r.value4()).where(enterprise.CREDIT_CODE.eq(r.value1())).execute());
        }
    }
}
