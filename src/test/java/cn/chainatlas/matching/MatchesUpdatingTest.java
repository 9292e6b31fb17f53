package cn.chainatlas.matching;

import cn.chainatlas.enterprise.Classifier;
import cn.chainatlas.testing.ApiTest;
import cn.chainatlas.testing.MatchFixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Right after a write, the matches and coverage APIs may answer from the candidates read before it (db.FiguresCache,
 * stale-while-revalidate); they then say so with {@code updatingSince}, as the pages say 数据刚有更新, and stop saying
 * it once the recomputation is done. Run with no wait for the new figures, as a busy server would be.
 */
@MicronautTest
class MatchesUpdatingTest extends ApiTest {

    @Inject
    Classifier classifier;

    long demand;

    @Override
    protected String seedMode() {
        return "reference";
    }

    @Override
    protected Map<String, String> extraProperties() {
        return PREVIOUS_FIGURES_AT_ONCE;
    }

    @BeforeAll
    void registry() {
        MatchFixtures.load(dsl, classifier);
        Answer a = post("/api/v1/demands", MatchFixtures.bearingDemand(), "lead");
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(201);
        demand = ((Number) a.map().get("id")).longValue();
    }

    private Object matchesUpdating() {
        Answer a = get("/api/v1/demands/" + demand + "/matches?limit=5", "dg");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.list("matches")).isNotEmpty();
        return a.map().get("updatingSince");
    }

    private Object coverageUpdating() {
        Answer a = get("/api/v1/coverage", "prov");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.list("demands")).isNotEmpty();
        return a.map().get("updatingSince");
    }

    @Test
    void matchesAndCoverageReadBeforeTheNewCandidatesAreComputedSaySoUntilTheyAre() throws Exception {
        assertThat(matchesUpdating()).as("first read: computed, current").isNull();
        assertThat(coverageUpdating()).as("first read: computed, current").isNull();

        dsl.update(ENTERPRISE).set(ENTERPRISE.PATENTS, 99).where(ENTERPRISE.CREDIT_CODE.eq(MatchFixtures.P4_CERT)).execute();
        assertThat(matchesUpdating()).as("read right after a write, before the new pool is computed").isNotNull();
        assertThat(coverageUpdating()).as("read right after a write").isNotNull();

        boolean current = false;
        for (int i = 0; i < 200 && !current; i++) {
            Thread.sleep(50);
            current = matchesUpdating() == null && coverageUpdating() == null;
        }
        assertThat(current).as("the recomputation finished: no notice any more").isTrue();
    }
}
