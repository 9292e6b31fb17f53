package cn.chainatlas.chain;

import cn.chainatlas.common.Role;
import cn.chainatlas.testing.DatabaseTest;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a write, figures being recomputed are shown with a notice, never as current (db.FiguresCache's
 * stale-while-revalidate, issue 13's load test): the chain analysis API carries {@code updatingSince}, the pages say
 * 数据刚有更新; once recomputed, both are gone. Run with no wait for the new figures, as a busy server would be.
 */
@MicronautTest
class FiguresUpdatingTest extends DatabaseTest {

    static final String PASSWORD = "chain-test-pw";

    @Inject
    @Client("/")
    HttpClient http;
    @Inject
    DSLContext dsl;
    @Inject
    ChainSeedLoader chains;
    @Inject
    GeoSeedLoader geo;

    @Override
    protected Map<String, String> extraProperties() {
        return PREVIOUS_FIGURES_AT_ONCE;
    }

    @BeforeAll
    void data() {
        geo.load(SeedFixtures.geo("cities.yaml"), SeedFixtures.geo("cluster-ratings.yaml"));
        chains.load(SeedFixtures.chains("good/chains"));
        MiniChainData.insert(dsl);
        TestUsers.create(dsl, "prov", PASSWORD, Role.PROVINCE, null, null);
    }

    private MutableHttpRequest<?> get(String url) {
        return HttpRequest.GET(url).basicAuth("prov", PASSWORD);
    }

    private Object updatingSince() {
        return http.toBlocking().retrieve(get("/api/v1/chains/MINI/analysis?region=province"),
                Argument.mapOf(String.class, Object.class)).get("updatingSince");
    }

    private boolean homeSaysUpdating() {
        return http.toBlocking().retrieve(get("/").accept("text/html"), String.class).contains("数据刚有更新");
    }

    @Test
    void figuresBeingRecomputedAfterAWriteSaySoUntilTheNewOnesAreThere() throws Exception {
        assertThat(updatingSince()).as("first read: computed, current").isNull();
        assertThat(homeSaysUpdating()).isFalse();

        dsl.update(ENTERPRISE).set(ENTERPRISE.NAME, "东莞精密主轴有限公司（更名）")
                .where(ENTERPRISE.CREDIT_CODE.eq(MiniChainData.S1)).execute();
        assertThat(updatingSince()).as("read right after a write, before the new figures are computed").isNotNull();
        assertThat(homeSaysUpdating()).isTrue();

        boolean current = false;
        for (int i = 0; i < 200 && !current; i++) {
            Thread.sleep(50);
            current = updatingSince() == null && !homeSaysUpdating();
        }
        assertThat(current).as("the recomputation finished: no notice any more").isTrue();
    }
}
