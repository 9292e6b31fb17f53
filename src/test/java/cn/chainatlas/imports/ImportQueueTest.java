package cn.chainatlas.imports;

import cn.chainatlas.common.CreditCode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static cn.chainatlas.db.schema.Tables.IMPORT_BATCH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * At most N imports parse at once (here 1), the others wait in a bounded queue (here 2) with their position shown
 * in the API and on the page, and a further upload is refused with a Chinese 503 before its file is read (issue
 * 13: six hostile uploads at once ran out of memory). Old dry runs and files are cleaned up.
 */
@MicronautTest
class ImportQueueTest extends ImportTestSupport {

    @Inject
    ImportQueue queue;
    @Inject
    ImportMaintenance maintenance;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("chainatlas.imports.parallel", "1", "chainatlas.imports.queue", "2");
    }

    private byte[] file(int seed) {
        Random random = new Random(seed);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(RegistryFixtures.row(CreditCode.random(random, "441900"), "排队" + seed + "号" + i + "精密有限公司", "东莞", "电主轴"));
        }
        return RegistryFixtures.xlsx(RegistryFixtures.withHeader(rows));
    }

    private Answer batch(long id) {
        return exchange(HttpRequest.GET("/api/v1/imports/" + id).basicAuth("admin", ADMIN_PASSWORD));
    }

    @Test
    void uploadsBeyondTheSlotsWaitWithTheirPlaceAndBeyondTheQueueAreRefused() throws Exception {
        // the one slot is taken (as by a long import)
        ImportQueue.Ticket busy = queue.reserve();
        busy.assign(0);
        busy.awaitTurn();
        long first;
        long second;
        try {
            Answer a = upload(file(1), "q1.xlsx", "dryRun=true&async=true");
            Answer b = upload(file(2), "q2.xlsx", "dryRun=true&async=true");
            assertThat(a.status()).isEqualTo(202);
            assertThat(b.status()).isEqualTo(202);
            first = ((Number) a.body().get("batchId")).longValue();
            second = ((Number) b.body().get("batchId")).longValue();
            assertThat(batch(first).body()).containsEntry("status", "QUEUED").containsEntry("statusLabel", "排队中")
                    .containsEntry("queuePosition", 1);
            assertThat(batch(second).body()).containsEntry("queuePosition", 2);
            // the page shows the place too
            String page = client.toBlocking().retrieve(HttpRequest.GET("/imports").accept(MediaType.TEXT_HTML_TYPE)
                    .basicAuth("admin", ADMIN_PASSWORD));
            assertThat(page).contains("排队中，第 1 位").contains("排队中，第 2 位");
            // a third waits nowhere: refused before the file is read, in Chinese, with no batch made
            int batches = dsl.fetchCount(IMPORT_BATCH);
            Answer c = upload(file(3), "q3.xlsx", "dryRun=true&async=true");
            assertThat(c.status()).isEqualTo(503);
            assertThat(c.body()).containsEntry("error", "import_queue_full");
            assertThat((String) c.body().get("message")).contains("导入队列已满").doesNotContain("Exception");
            Answer sync = upload(file(4), "q4.xlsx", "dryRun=true");
            assertThat(sync.status()).isEqualTo(503);
            assertThat(dsl.fetchCount(IMPORT_BATCH)).isEqualTo(batches);
        } finally {
            busy.close();
        }
        // the slot freed, both run in turn
        for (long id : List.of(first, second)) {
            Answer r;
            long deadline = System.currentTimeMillis() + 60_000;
            do {
                Thread.sleep(100);
                r = batch(id);
            } while (List.of("QUEUED", "RUNNING").contains(r.body().get("status")) && System.currentTimeMillis() < deadline);
            assertThat(r.body()).containsEntry("status", "DRY_RUN").containsEntry("queuePosition", null);
            assertThat(r.num("rowsValid")).isEqualTo(20);
        }
    }

    @Test
    void oldDryRunsAndFilesAreCleanedUpAndRecentOnesKept() throws Exception {
        long oldDry = ((Number) upload(file(11), "old-dry.xlsx", "dryRun=true").body().get("batchId")).longValue();
        long oldCommitted = ((Number) upload(file(12), "old-commit.xlsx", "dryRun=false").body().get("batchId")).longValue();
        long recentDry = ((Number) upload(file(13), "recent.xlsx", "dryRun=true").body().get("batchId")).longValue();
        Path oldDryFile = Path.of(dsl.select(IMPORT_BATCH.STORED_FILE).from(IMPORT_BATCH).where(IMPORT_BATCH.ID.eq(oldDry)).fetchOne().value1());
        Path oldCommittedFile = Path.of(dsl.select(IMPORT_BATCH.STORED_FILE).from(IMPORT_BATCH).where(IMPORT_BATCH.ID.eq(oldCommitted)).fetchOne().value1());
        Path recentFile = Path.of(dsl.select(IMPORT_BATCH.STORED_FILE).from(IMPORT_BATCH).where(IMPORT_BATCH.ID.eq(recentDry)).fetchOne().value1());
        assertThat(oldDryFile).exists();
        dsl.update(IMPORT_BATCH).set(IMPORT_BATCH.STARTED_AT, LocalDateTime.now().minusDays(31))
                .where(IMPORT_BATCH.ID.in(oldDry, oldCommitted)).execute();

        assertThat(maintenance.runOnce()).isTrue();

        // the old dry run is gone with its file; the committed batch keeps its history, not its file
        assertThat(dsl.fetchCount(IMPORT_BATCH, IMPORT_BATCH.ID.eq(oldDry))).isZero();
        assertThat(oldDryFile).doesNotExist();
        assertThat(oldCommittedFile).doesNotExist();
        Answer committed = batch(oldCommitted);
        assertThat(committed.body()).containsEntry("status", "COMMITTED").containsEntry("fileKept", false);
        assertThat(recentFile).exists();
        assertThat(batch(recentDry).body()).containsEntry("status", "DRY_RUN").containsEntry("fileKept", true);
        assertThat(Files.exists(recentFile)).isTrue();
    }
}
