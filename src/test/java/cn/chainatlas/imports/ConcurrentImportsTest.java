package cn.chainatlas.imports;

import cn.chainatlas.common.CreditCode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.IMPORT_BATCH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 20 commits at once against the real database, 8 of them sharing 60 credit codes (new and stored ones) across
 * four cities, the rest of their own (issue 13: 5 of 20 failed with a deadlock or a duplicate key as a 500). None may
 * fail: writers of one city take turns, and a transaction the database rolls back for a deadlock or a duplicate key
 * is run again.
 */
@MicronautTest
class ConcurrentImportsTest extends ImportTestSupport {

    static final String[] CITIES = {"441900", "440600", "440100", "440300"};

    @Override
    protected Map<String, String> extraProperties() {
        // every upload gets a slot: the test is about the writers meeting in the database, not about the queue
        // (each running commit holds a connection for its city lock and one for its transaction: a pool to match)
        return Map.of("chainatlas.imports.parallel", "20", "chainatlas.imports.queue", "20",
                "datasources.default.maximum-pool-size", "50");
    }

    @Test
    void twentyConcurrentCommitsAllSucceedAndWriteEachEnterpriseOnce() throws Exception {
        Random random = new Random(2020);
        List<String> shared = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            shared.add(CreditCode.random(random, "441900"));
        }
        // half the shared codes are in the registry already
        List<List<Object>> existing = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            existing.add(RegistryFixtures.row(shared.get(i), "共享" + i + "号精密有限公司", "东莞", "电主轴"));
        }
        assertThat(upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(existing)), "base.xlsx", "dryRun=false").num("inserts")).isEqualTo(30);

        List<byte[]> files = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        int own = 0;
        for (int f = 0; f < 20; f++) {
            List<List<Object>> rows = new ArrayList<>();
            String city = CITIES[f % CITIES.length];
            if (f < 8) {
                // the same codes in another order per file, each file for its own city (the province moves them)
                List<String> codes = new ArrayList<>(shared);
                java.util.Collections.shuffle(codes, new Random(f));
                for (String code : codes) {
                    rows.add(RegistryFixtures.row(code, "共享" + shared.indexOf(code) + "号精密有限公司", null, f % 2 == 0 ? "电主轴" : "滚珠丝杠"));
                }
            }
            for (int i = 0; i < 150; i++) {
                rows.add(RegistryFixtures.row(CreditCode.random(random, city), "并发" + f + "号" + i + "有限公司", null, "精密轴承"));
                own++;
            }
            files.add(RegistryFixtures.xlsx(RegistryFixtures.withHeader(rows)));
            queries.add("dryRun=false&city=" + city);
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> answers = new ArrayList<>();
        try {
            for (int f = 0; f < 20; f++) {
                int n = f;
                answers.add(pool.submit(() -> {
                    go.await();
                    return upload(files.get(n), "c" + n + ".xlsx", queries.get(n));
                }));
            }
            go.countDown();
            List<String> failed = new ArrayList<>();
            for (int f = 0; f < 20; f++) {
                Answer a = answers.get(f).get();
                if (a.status() != 200 || !"COMMITTED".equals(a.body().get("status")) || a.num("rowsRejected") != 0) {
                    failed.add(f + ": " + a.status() + " " + a.body());
                }
            }
            assertThat(failed).isEmpty();
        } finally {
            pool.shutdownNow();
        }
        // every enterprise once: 60 shared + each file's own
        assertThat(dsl.fetchCount(ENTERPRISE)).isEqualTo(60 + own);
        assertThat(dsl.fetchCount(IMPORT_BATCH, IMPORT_BATCH.STATUS.eq("COMMITTED"))).isEqualTo(21);
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("IMPORT_COMMIT"))).isEqualTo(21);
        // each shared enterprise holds what one of the files wrote, whole: its city is one the uploads named
        assertThat(dsl.selectDistinct(ENTERPRISE.CITY_CODE).from(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.in(shared))
                .fetch(ENTERPRISE.CITY_CODE)).isSubsetOf(CITIES);
    }
}
