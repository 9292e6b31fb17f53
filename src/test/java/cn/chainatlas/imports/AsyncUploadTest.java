package cn.chainatlas.imports;

import cn.chainatlas.common.CreditCode;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The page's way: the upload answers at once with a batch id; progress and result come from polling the batch. */
@MicronautTest
class AsyncUploadTest extends ImportTestSupport {

    @Test
    void backgroundUploadReportsProgressThenItsResult() throws Exception {
        Random random = new Random(17);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rows.add(RegistryFixtures.row(CreditCode.random(random, "441900"), "异步" + i + "号精密有限公司", "东莞", "电主轴"));
        }
        String before = registrySnapshot();
        Answer a = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(rows)), "big.xlsx", "dryRun=true&async=true");
        assertThat(a.status()).isEqualTo(202);
        long id = ((Number) a.body().get("batchId")).longValue();
        Answer b;
        long deadline = System.currentTimeMillis() + 60_000;
        do {
            Thread.sleep(100);
            b = exchange(HttpRequest.GET("/api/v1/imports/" + id).basicAuth("admin", ADMIN_PASSWORD));
            if ("RUNNING".equals(b.body().get("status"))) {
                assertThat(b.body().get("progress")).isNotNull();
            }
        } while (List.of("QUEUED", "RUNNING").contains(b.body().get("status")) && System.currentTimeMillis() < deadline);
        assertThat(b.body().get("status")).isEqualTo("DRY_RUN");
        assertThat(b.num("rowsValid")).isEqualTo(3000);
        assertThat(b.num("inserts")).isEqualTo(3000);
        assertThat(registrySnapshot()).isEqualTo(before);
        // and it is listed in the history, so a clerk who left can find it again
        String history = client.toBlocking().retrieve(HttpRequest.GET("/api/v1/imports").basicAuth("admin", ADMIN_PASSWORD));
        assertThat(history).contains("\"batchId\":" + id);
    }
}
