package cn.chainatlas.enterprise;

import cn.chainatlas.testing.ApiTest;
import cn.chainatlas.testing.MatchFixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_LEADER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chain leaders: the province and a city's own bureau declare and revoke 链主 per chain, audited, with is_leader and
 * the title following; a LEADER account must belong to a leader enterprise; a leader edits its own profile only.
 */
@MicronautTest
class LeaderApiTest extends ApiTest {

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

    private boolean isLeader(String code) {
        return Boolean.TRUE.equals(dsl.select(ENTERPRISE.IS_LEADER).from(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(code))
                .fetchOne(ENTERPRISE.IS_LEADER));
    }

    @Test
    void aDeclarationIsTheBureausAndNamesOnlyTheChainsAskedFor() {
        // a chain inferred from the registry's title, declared again by the bureau: now the bureau's declaration
        String inferred = MatchFixtures.P4_NOCERT;
        dsl.update(ENTERPRISE).set(ENTERPRISE.IS_LEADER, true).where(ENTERPRISE.CREDIT_CODE.eq(inferred)).execute();
        dsl.insertInto(ENTERPRISE_LEADER).set(ENTERPRISE_LEADER.CREDIT_CODE, inferred).set(ENTERPRISE_LEADER.CHAIN_CODE, "CNC")
                .set(ENTERPRISE_LEADER.SOURCE, "INFERRED").set(ENTERPRISE_LEADER.DECLARED_BY, "system").execute();
        Answer again = post("/api/v1/leaders", Map.of("creditCode", inferred, "chainCodes", List.of("CNC")), "prov");
        assertThat(again.status()).as(String.valueOf(again.body())).isEqualTo(200);
        assertThat(again.list("chains")).singleElement().satisfies(c -> assertThat(c).containsEntry("source", "MANUAL")
                .containsEntry("declaredBy", "prov"));

        // chains left from before the enterprise stopped being 链主 do not come back with a new declaration
        String lapsed = MatchFixtures.SHORT;
        dsl.insertInto(ENTERPRISE_LEADER).set(ENTERPRISE_LEADER.CREDIT_CODE, lapsed).set(ENTERPRISE_LEADER.CHAIN_CODE, "ROBOT")
                .set(ENTERPRISE_LEADER.SOURCE, "MANUAL").set(ENTERPRISE_LEADER.DECLARED_BY, "earlier").execute();
        Answer fresh = post("/api/v1/leaders", Map.of("creditCode", lapsed, "chainCodes", List.of("CNC")), "prov");
        assertThat(fresh.status()).as(String.valueOf(fresh.body())).isEqualTo(200);
        assertThat(fresh.list("chains")).extracting(c -> c.get("code")).containsExactly("CNC");
    }

    @Test
    void theProvinceDeclaresAndRevokesALeaderPerChainAndBothAreAudited() {
        String code = MatchFixtures.P5; // a Foshan bearing maker
        Answer declared = post("/api/v1/leaders", Map.of("creditCode", code, "chainCodes", List.of("CNC", "智能机器人")), "prov");
        assertThat(declared.status()).isEqualTo(200);
        assertThat(declared.list("chains")).extracting(c -> c.get("code")).containsExactlyInAnyOrder("CNC", "ROBOT");
        assertThat(isLeader(code)).isTrue();
        assertThat(dsl.select(ENTERPRISE.TITLES).from(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(code)).fetchOne(ENTERPRISE.TITLES))
                .contains("链主");
        assertThat(get("/api/v1/leaders?chain=ROBOT", "lead").list()).extracting(l -> l.get("creditCode")).containsExactly(code);
        assertThat(get("/api/v1/leaders?chain=" + java.net.URLEncoder.encode("智能机器人", java.nio.charset.StandardCharsets.UTF_8), "lead")
                .list()).as("by the chain's name, as declaring takes it").extracting(l -> l.get("creditCode")).containsExactly(code);
        Answer noCode = post("/api/v1/leaders", Map.of("chainCodes", List.of("CNC")), "prov");
        assertThat(noCode.status()).isEqualTo(400);
        assertThat(noCode.text("message")).contains("请填写链主企业的统一社会信用代码").doesNotContain("null");
        assertThat(get("/api/v1/leaders?city=440600", "dg").list()).extracting(l -> l.get("creditCode"))
                .contains(code, MatchFixtures.LEADER_FS).doesNotContain(MatchFixtures.LEADER);
        var audit = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("LEADER_DECLARE")).and(AUDIT_LOG.TARGET.eq("enterprise:" + code)).fetchOne();
        assertThat(audit.getUsername()).isEqualTo("prov");
        assertThat(audit.getBeforeState()).contains("\"链主\":\"否\"");
        assertThat(audit.getAfterState()).contains("\"链主\":\"是\"").contains("高端数控机床");

        Answer one = delete("/api/v1/leaders/" + code + "?chain=ROBOT", "prov");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.map()).containsEntry("leader", true);
        Answer all = delete("/api/v1/leaders/" + code, "prov");
        assertThat(all.map()).containsEntry("leader", false);
        assertThat(isLeader(code)).isFalse();
        assertThat(dsl.fetchCount(ENTERPRISE_LEADER, ENTERPRISE_LEADER.CREDIT_CODE.eq(code))).isZero();
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("LEADER_REVOKE").and(AUDIT_LOG.TARGET.eq("enterprise:" + code)))).isEqualTo(2);
    }

    @Test
    void aCityBureauDeclaresItsOwnCitysEnterprisesOnlyAndLeadersNone() {
        Answer foshan = post("/api/v1/leaders", Map.of("creditCode", MatchFixtures.P5, "chainCodes", List.of("CNC")), "dg");
        assertThat(foshan.status()).isEqualTo(403);
        assertThat(foshan.text("message")).contains("佛山");
        Answer leader = post("/api/v1/leaders", Map.of("creditCode", MatchFixtures.P4_CERT, "chainCodes", List.of("CNC")), "lead");
        assertThat(leader.status()).isEqualTo(403);
        Answer own = post("/api/v1/leaders", Map.of("creditCode", MatchFixtures.NOT_LEADER, "chainCodes", List.of("CNC")), "dg");
        assertThat(own.status()).isEqualTo(200);
        delete("/api/v1/leaders/" + MatchFixtures.NOT_LEADER, "dg");
        assertThat(isLeader(MatchFixtures.NOT_LEADER)).isFalse();
    }

    @Test
    void badDeclarationsNameTheirField() {
        Answer unknown = post("/api/v1/leaders", Map.of("creditCode", MatchFixtures.P0, "chainCodes", List.of("NOPE")), "prov");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.map()).containsEntry("field", "chainCodes");
        assertThat(unknown.text("message")).contains("NOPE");
        Answer none = post("/api/v1/leaders", Map.of("creditCode", MatchFixtures.P0, "chainCodes", List.of()), "prov");
        assertThat(none.status()).isEqualTo(400);
        Answer outside = post("/api/v1/leaders", Map.of("creditCode", MatchFixtures.OUTSIDE, "chainCodes", List.of("CNC")), "prov");
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.text("message")).contains("广东省内");
        assertThat(post("/api/v1/leaders", Map.of("creditCode", "91440000MA5XXXXXX1", "chainCodes", List.of("CNC")), "prov").status())
                .isEqualTo(404);
    }

    /** New accounts must pass the password rule (README), so the one for accounts created here is a strong one. */
    private static final String ACCOUNT_PASSWORD = "Kettle-Orbit-Lantern-42";

    @Test
    void aLeaderAccountMustBelongToALeaderEnterpriseOfTheRegistry() {
        Answer notLeader = post("/api/v1/users", Map.of("username", "plain-lead", "password", ACCOUNT_PASSWORD, "role", "LEADER",
                "leaderCreditCode", MatchFixtures.NOT_LEADER), "admin");
        assertThat(notLeader.status()).isEqualTo(400);
        assertThat(notLeader.map()).containsEntry("field", "leaderCreditCode");
        assertThat(notLeader.text("message")).contains("不是链主企业");
        Answer missing = post("/api/v1/users", Map.of("username", "ghost-lead", "password", ACCOUNT_PASSWORD, "role", "LEADER",
                "leaderCreditCode", MatchFixtures.code("91440000MA5GHQ000")), "admin");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text("message")).contains("企业名录中没有");
        Answer ok = post("/api/v1/users", Map.of("username", "fs-lead", "password", ACCOUNT_PASSWORD, "role", "LEADER",
                "leaderCreditCode", MatchFixtures.LEADER_FS), "admin");
        assertThat(ok.status()).isEqualTo(201);
    }

    @Test
    void aLeaderEditsItsOwnProfileWithConsentAndNothingElse() {
        Answer saved = put("/api/v1/enterprises/" + MatchFixtures.LEADER, Map.of("techParams", "五轴联动，定位精度 0.005mm",
                "capacityValue", 800, "capacityUnit", "台", "contactName", "李经理", "publicConsent", true), "lead");
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.map()).containsEntry("techParams", "五轴联动，定位精度 0.005mm").containsEntry("publicConsent", true)
                .containsEntry("profileSource", "ENTERPRISE");
        var audit = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("ENTERPRISE_PROFILE"))
                .and(AUDIT_LOG.TARGET.eq("enterprise:" + MatchFixtures.LEADER)).fetchOne();
        assertThat(audit.getUsername()).isEqualTo("lead");
        assertThat(audit.getAfterState()).contains("李经理");
        // consent is on record, before and after: it decides who sees revenue, R&D spending and contacts
        assertThat(audit.getBeforeState()).contains("\"公开授权\":\"不公开\"");
        assertThat(audit.getAfterState()).contains("\"公开授权\":\"同意向链主公开\"");
        // the same again changes nothing and records nothing
        Answer same = put("/api/v1/enterprises/" + MatchFixtures.LEADER, Map.of("contactName", "李经理", "publicConsent", true), "lead");
        assertThat(same.status()).isEqualTo(200);
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("ENTERPRISE_PROFILE")
                .and(AUDIT_LOG.TARGET.eq("enterprise:" + MatchFixtures.LEADER)))).isEqualTo(1);
        Answer name = put("/api/v1/enterprises/" + MatchFixtures.LEADER, Map.of("name", "改名"), "lead");
        assertThat(name.status()).isEqualTo(403);
        assertThat(name.text("message")).contains("企业名称");
        Answer other = put("/api/v1/enterprises/" + MatchFixtures.P4_CERT, Map.of("techParams", "P2"), "lead");
        assertThat(other.status()).isEqualTo(403);
        Answer old = put("/api/v1/enterprises/" + MatchFixtures.P4_CERT, Map.of("foundedOn", "1800-01-01"), "admin");
        assertThat(old.status()).isEqualTo(400);
        assertThat(old.map()).containsEntry("field", "foundedOn");
        assertThat(old.text("message")).contains("早于 1900 年");
        Answer nul = put("/api/v1/enterprises/" + MatchFixtures.P4_CERT, Map.of("name", "东莞精研\u0000轴承科技有限公司"), "admin");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.text("message")).contains("控制字符").contains("U+0000");
        // a yes/no field takes 是/否 as such, and refuses what it cannot read (any text was read as false)
        Answer yes = put("/api/v1/enterprises/" + MatchFixtures.LEADER, Map.of("publicConsent", "否"), "lead");
        assertThat(yes.status()).isEqualTo(200);
        assertThat(yes.map()).containsEntry("publicConsent", false);
        Answer bad = put("/api/v1/enterprises/" + MatchFixtures.LEADER, Map.of("publicConsent", "maybe"), "lead");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text("message")).contains("publicConsent");
    }

    @Inject
    LeaderService leaders;

    @Test
    void aLeaderByRegistryTitleLeadsTheChainsOfTheFinalEquipmentItMakes() {
        String code = MatchFixtures.code("91441900MA5TTTLE1");
        MatchFixtures.enterprise(dsl, classifier, code, "东莞称号链主机床有限公司", "441900", null, "五轴联动加工中心", null,
                null, "链主", null, null, false, false);
        dsl.update(ENTERPRISE).set(ENTERPRISE.IS_LEADER, true).where(ENTERPRISE.CREDIT_CODE.eq(code)).execute();
        leaders.inferChains();
        assertThat(dsl.select(ENTERPRISE_LEADER.CHAIN_CODE, ENTERPRISE_LEADER.SOURCE).from(ENTERPRISE_LEADER)
                .where(ENTERPRISE_LEADER.CREDIT_CODE.eq(code)).fetch().intoMap(ENTERPRISE_LEADER.CHAIN_CODE, ENTERPRISE_LEADER.SOURCE))
                .containsEntry("CNC", "INFERRED");
        // declared leaders keep their chains: a second run changes nothing
        int rows = dsl.fetchCount(ENTERPRISE_LEADER);
        leaders.inferChains();
        assertThat(dsl.fetchCount(ENTERPRISE_LEADER)).isEqualTo(rows);
    }
}
