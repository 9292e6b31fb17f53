package cn.chainatlas.home;

import cn.chainatlas.testing.DatabaseTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a start the home figures are computed in the background, so the first visitor after the next write (a
 * night's import) is shown the previous figures with a notice at once instead of waiting for the recomputation.
 */
@MicronautTest
class FiguresWarmUpTest extends DatabaseTest {

    @Inject
    @Client("/")
    HttpClient http;
    @Inject
    DSLContext dsl;
    @Inject
    FiguresWarmUp warmUp;

    @Override
    protected String seedMode() {
        return "reference";
    }

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = new HashMap<>(PREVIOUS_FIGURES_AT_ONCE);
        p.put("chainatlas.figures-cache.warm-up", "true");
        return p;
    }

    @Test
    void theFirstHomeViewAfterAWriteShowsTheFiguresComputedAtStartWithANotice() throws Exception {
        assertThat(warmUp.done.await(120, TimeUnit.SECONDS)).as("warm-up ran").isTrue();
        dsl.insertInto(ENTERPRISE).set(ENTERPRISE.CREDIT_CODE, "91441900WARMUP0001").set(ENTERPRISE.NAME, "东莞预热测试有限公司")
                .set(ENTERPRISE.CITY_CODE, "441900").set(ENTERPRISE.MAIN_PRODUCTS, "数控系统").execute();
        String home = http.toBlocking().retrieve(HttpRequest.GET("/").basicAuth("admin", ADMIN_PASSWORD).accept("text/html"),
                String.class);
        assertThat(home).contains("数据刚有更新");
    }
}
