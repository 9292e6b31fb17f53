package cn.chainatlas.db;

import cn.chainatlas.testing.DatabaseTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streamed read behind the export, the import's index and the matching candidates: every row arrives, a reader
 * that stops half-way (a download broken off) gives its statement and connection back, and inside a transaction the
 * same connection runs the next statement (Connector/J refuses one while a streamed result is still open).
 */
@MicronautTest
class StreamedQueryTest extends DatabaseTest {

    private static final org.jooq.Table<?> COLUMNS = DSL.table(DSL.name("information_schema", "COLUMNS"));

    @Inject
    DSLContext dsl;

    private int streamedCount(DSLContext d) {
        AtomicInteger n = new AtomicInteger();
        StreamedQuery.stream(d, d.select(DSL.field(DSL.name("COLUMN_NAME"))).from(COLUMNS), rows -> {
            while (rows.next()) {
                n.incrementAndGet();
            }
        });
        return n.get();
    }

    @Test
    void everyRowArrives() {
        int total = dsl.fetchCount(COLUMNS);
        assertThat(total).as("information_schema has a few hundred columns").isGreaterThan(100);
        assertThat(streamedCount(dsl)).isEqualTo(total);
    }

    @Test
    void readersThatStopHalfWayGiveTheirConnectionsBack() {
        // more stops than the pool has connections (10): one kept per stop would starve the reads after them
        for (int i = 0; i < 15; i++) {
            assertThatThrownBy(() -> StreamedQuery.stream(dsl, dsl.select(DSL.field(DSL.name("COLUMN_NAME"))).from(COLUMNS), rows -> {
                rows.next();
                rows.next();
                throw new IllegalStateException("对方已关闭连接");
            })).isInstanceOf(IllegalStateException.class).hasMessage("对方已关闭连接");
        }
        assertThat(streamedCount(dsl)).isEqualTo(dsl.fetchCount(COLUMNS));
    }

    @Test
    void insideATransactionTheConnectionRunsTheNextStatement() {
        int[] seen = new int[2];
        dsl.transaction(c -> {
            DSLContext tx = DSL.using(c);
            seen[0] = streamedCount(tx);
            seen[1] = tx.fetchCount(COLUMNS);
        });
        assertThat(seen[0]).isEqualTo(seen[1]).isGreaterThan(100);
    }
}
