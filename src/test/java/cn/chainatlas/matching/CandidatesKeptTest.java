package cn.chainatlas.matching;

import cn.chainatlas.common.Actor;
import cn.chainatlas.enterprise.Classifier;
import cn.chainatlas.testing.ApiTest;
import cn.chainatlas.testing.MatchFixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's prepared candidates rest on the registry alone (db.DataVersion's {@code registry} topic): a leader's edit of
 * its demand or a shortlist entry keeps them — and the matches still follow the edited demand at once — while an
 * enterprise's change renews them, and the next matches show it.
 */
@MicronautTest
class CandidatesKeptTest extends ApiTest {

    @Inject
    Classifier classifier;
    @Inject
    MatchingService matching;
    @Inject
    cn.chainatlas.db.DataVersion version;

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

    private MatchingService.Pool bearingPool() {
        return matching.pools(List.of("BEARING"), Actor.SYSTEM).get("BEARING");
    }

    private Answer matches() {
        return matches(demand);
    }

    private Answer matches(long id) {
        Answer a = get("/api/v1/demands/" + id + "/matches?limit=20&includeExcluded=true", "lead");
        assertThat(a.status()).isEqualTo(200);
        return a;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDemandEditAndAShortlistKeepTheCandidatesAndAnEnterpriseChangeRenewsThem() {
        Answer before = matches();
        assertThat((List<String>) MatchingApiTest.find(before.list("excluded"), MatchFixtures.P5).orElseThrow().get("reasonCodes"))
                .containsExactly("SPEC_NOT_MET");
        MatchingService.Pool pool = bearingPool();

        // the leader lowers its grade to P5: the P5 maker now qualifies, from the same prepared candidates
        Map<String, Object> p5 = new HashMap<>(MatchFixtures.bearingDemand());
        p5.put("specFields", Map.of("precisionClass", "P5"));
        Answer edited = put("/api/v1/demands/" + demand, p5, "lead");
        assertThat(edited.status()).as(String.valueOf(edited.body())).isEqualTo(200);
        Answer after = matches();
        assertThat(MatchingApiTest.find(after.list("matches"), MatchFixtures.P5).orElseThrow()).containsEntry("band", "RECOMMENDED");
        assertThat(MatchingApiTest.find(after.list("excluded"), MatchFixtures.P5)).isEmpty();
        assertThat(bearingPool()).as("kept across the demand's edit").isSameAs(pool);

        Answer listed = post("/api/v1/demands/" + demand + "/shortlist", Map.of("creditCode", MatchFixtures.P4_CERT), "lead");
        assertThat(listed.status()).as(String.valueOf(listed.body())).isIn(200, 201);
        assertThat(MatchingApiTest.find(matches().list("matches"), MatchFixtures.P4_CERT).orElseThrow()).containsEntry("shortlisted", true);
        assertThat(bearingPool()).as("kept across a shortlist entry").isSameAs(pool);

        // the P0 maker states P4 now: a registry write, so the candidates are read again and it meets P5
        dsl.update(ENTERPRISE).set(ENTERPRISE.TECH_PARAMS, "P4级深沟球轴承")
                .where(ENTERPRISE.CREDIT_CODE.eq(MatchFixtures.P0)).execute();
        Answer renewed = matches();
        assertThat(bearingPool()).as("renewed after the enterprise's change").isNotSameAs(pool);
        assertThat(MatchingApiTest.find(renewed.list("excluded"), MatchFixtures.P0)).isEmpty();
        assertThat(MatchingApiTest.find(renewed.list("matches"), MatchFixtures.P0).orElseThrow()).containsEntry("band", "RECOMMENDED");
    }

    private static MatchRules.Prepared candidate(MatchingService.Pool pool, String creditCode) {
        return pool.list().stream().filter(p -> p.creditCode().equals(creditCode)).findFirst().orElse(null);
    }

    private static List<String> codes(MatchingService.Pool pool) {
        return pool.list().stream().map(MatchRules.Prepared::creditCode).sorted().toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBureauEditOfOneEnterpriseReReadsThatEnterpriseAloneAndAnswersAsAFullReadWould() {
        Answer created = post("/api/v1/demands", MatchFixtures.bearingDemand(), "lead");
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        long p4 = ((Number) created.map().get("id")).longValue();
        assertThat((List<String>) MatchingApiTest.find(matches(p4).list("excluded"), MatchFixtures.P5).orElseThrow().get("reasonCodes"))
                .containsExactly("SPEC_NOT_MET");
        MatchingService.Pool pool = bearingPool();
        MatchRules.Prepared p4Maker = candidate(pool, MatchFixtures.P4_CERT);

        // the province corrects the P5 maker's 技术参数 to P4: it meets the demand now
        Answer edit = put("/api/v1/enterprises/" + MatchFixtures.P5, Map.of("techParams", "P4级角接触球轴承"), "prov");
        assertThat(edit.status()).as(String.valueOf(edit.body())).isEqualTo(200);
        Answer after = matches(p4);
        MatchingService.Pool refreshed = bearingPool();
        assertThat(refreshed).as("brought up to date").isNotSameAs(pool);
        assertThat(candidate(refreshed, MatchFixtures.P4_CERT)).as("an enterprise the edit left alone is not read again")
                .isSameAs(p4Maker);
        assertThat(MatchingApiTest.find(after.list("excluded"), MatchFixtures.P5)).isEmpty();
        assertThat(MatchingApiTest.find(after.list("matches"), MatchFixtures.P5).orElseThrow()).containsEntry("band", "RECOMMENDED");

        // a full read (a write that did not say what it changed) gives the same candidates and the same answer
        version.bump();
        Answer full = matches(p4);
        assertThat(codes(bearingPool())).isEqualTo(codes(refreshed));
        assertThat(bearingPool()).isNotSameAs(refreshed);
        assertThat(full.list("matches")).isEqualTo(after.list("matches"));
        assertThat(full.list("excluded")).isEqualTo(after.list("excluded"));

        // deregistered (注销): it leaves the candidates; back in business: it returns
        Answer gone = post("/api/v1/enterprises/" + MatchFixtures.P5 + "/status", Map.of("status", "DEREGISTERED"), "prov");
        assertThat(gone.status()).as(String.valueOf(gone.body())).isEqualTo(200);
        Answer without = matches(p4);
        assertThat(candidate(bearingPool(), MatchFixtures.P5)).isNull();
        assertThat(MatchingApiTest.find(without.list("matches"), MatchFixtures.P5)).isEmpty();
        assertThat(MatchingApiTest.find(without.list("excluded"), MatchFixtures.P5)).isEmpty();
        Answer back = post("/api/v1/enterprises/" + MatchFixtures.P5 + "/status", Map.of("status", "ACTIVE"), "prov");
        assertThat(back.status()).as(String.valueOf(back.body())).isEqualTo(200);
        assertThat(MatchingApiTest.find(matches(p4).list("matches"), MatchFixtures.P5).orElseThrow()).containsEntry("band", "RECOMMENDED");
        assertThat(codes(bearingPool())).isEqualTo(codes(refreshed));
        // as the fixtures had it, for the other test of this class
        assertThat(put("/api/v1/enterprises/" + MatchFixtures.P5, Map.of("techParams", "精度等级 /P5"), "prov").status()).isEqualTo(200);
    }
}
