package cn.chainatlas.db;

import cn.chainatlas.testing.DatabaseTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Figures after a write: while the new ones are computed, readers get the previous ones within a short wait, and
 * are told since when they are superseded — never presented as current, never built into the new figures, and never
 * older than the configured bound. (The application's tests run with the wait off: they read right after writing.)
 */
@MicronautTest
class FiguresCacheTest extends DatabaseTest {

    @Inject
    DataVersion version;

    private FiguresCache cache;
    private CountDownLatch release;

    @org.junit.jupiter.api.BeforeEach
    void latch() {
        release = new CountDownLatch(1);
    }

    private FiguresCache cache(Duration freshWait, Duration maxStale) {
        cache = new FiguresCache(version, 100, Duration.ofMinutes(10), freshWait, maxStale);
        return cache;
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (cache != null) {
            cache.stop();
        }
    }

    private String slow(String value) {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return value;
    }

    @Test
    void whileTheNewFiguresAreComputedReadersGetThePreviousOnesAndAreToldSinceWhen() throws Exception {
        FiguresCache c = cache(Duration.ofMillis(100), Duration.ofMinutes(2));
        assertThat(c.tracked(() -> c.get("totals", () -> "100 家")).updating()).isFalse();

        Instant written = Instant.now();
        version.bump();
        FiguresCache.Tracked<String> during = c.tracked(() -> c.get("totals", () -> slow("130 家")));
        assertThat(during.value()).isEqualTo("100 家");
        assertThat(during.updating()).isTrue();
        assertThat(during.updatingSince()).isBetween(written.minusMillis(1), Instant.now());
        // a second reader meanwhile does not start a second computation, and is told too
        AtomicInteger computations = new AtomicInteger();
        FiguresCache.Tracked<String> again = c.tracked(() -> c.get("totals", () -> {
            computations.incrementAndGet();
            return "never";
        }));
        assertThat(again.value()).isEqualTo("100 家");
        assertThat(again.updating()).isTrue();
        assertThat(computations).hasValue(0);

        release.countDown();
        String after = null;
        for (int i = 0; i < 100 && !"130 家".equals(after); i++) {
            Thread.sleep(50);
            FiguresCache.Tracked<String> t = c.tracked(() -> c.get("totals", () -> "never"));
            after = t.value();
            assertThat(t.updating()).isEqualTo(!"130 家".equals(after));
        }
        assertThat(after).as("the background computation finished and is what every reader gets").isEqualTo("130 家");
    }

    /**
     * A computation may look at its key's previous figures to keep what is unchanged (MatchingService keeps a node's
     * unchanged candidates so): it gets the newest computed, of whatever version — and nothing before the first.
     */
    @Test
    void aComputationCanSeeTheFiguresItSupersedes() {
        FiguresCache c = cache(Duration.ofMinutes(10), Duration.ofMinutes(2));
        assertThat(c.newestComputed("pool")).isNull();
        assertThat(c.get("pool", () -> "first")).isEqualTo("first");
        version.bump();
        assertThat(c.get("pool", () -> c.newestComputed("pool").value() + " then second")).isEqualTo("first then second");
        assertThat(c.newestComputed("pool").value()).isEqualTo("first then second");
        assertThat(c.newestComputed("pool").version()).isEqualTo(version.current());
        assertThat(c.newestComputed("other")).isNull();
    }

    @Test
    void newFiguresAreNeverBuiltFromSupersededOnes() throws Exception {
        FiguresCache c = cache(Duration.ofMillis(50), Duration.ofMinutes(2));
        AtomicInteger generation = new AtomicInteger(1);
        // the chain's figures rest on a node's candidates, read through the same cache
        assertThat(c.get("chain", () -> "chain(" + c.get("node", () -> "node" + generation.get()) + ")"))
                .isEqualTo("chain(node1)");

        generation.set(2);
        version.bump();
        String during = c.get("chain", () -> "chain(" + c.get("node", () -> slow("node" + generation.get())) + ")");
        assertThat(during).isEqualTo("chain(node1)");
        release.countDown();
        String after = during;
        for (int i = 0; i < 100 && after.equals(during); i++) {
            Thread.sleep(50);
            after = c.get("chain", () -> "never");
        }
        assertThat(after).isEqualTo("chain(node2)");
    }

    @Test
    void theFirstReadAndFiguresSupersededTooLongAgoAreWaitedFor() throws Exception {
        FiguresCache c = cache(Duration.ofMillis(50), Duration.ofMillis(300));
        FiguresCache.Tracked<String> first = c.tracked(() -> c.get("totals", () -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "100 家";
        }));
        assertThat(first.value()).as("nothing older to show: the reader waits").isEqualTo("100 家");
        assertThat(first.updating()).isFalse();

        version.bump();
        c.get("other", () -> "x"); // this instance notices the write here
        Thread.sleep(400);
        release.countDown();
        FiguresCache.Tracked<String> late = c.tracked(() -> c.get("totals", () -> slow("130 家")));
        assertThat(late.value()).as("superseded longer ago than max-stale: waited for").isEqualTo("130 家");
        assertThat(late.updating()).isFalse();
    }
}
