package cn.chainatlas.home;

import cn.chainatlas.chain.GapAnalysis;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
import cn.chainatlas.geo.Region;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the home pages' figures once after start, in the background: the province's and each city's (gap
 * figures of every chain, totals, the demand coverage with its prepared candidates), and each chain page's analysis
 * for the province. The first visitor after a
 * restart then does not wait for them (seconds at 100,000 enterprises), and after the next write there are previous
 * figures to show while the new ones are computed (db.FiguresCache). Reads only; off with
 * {@code chainatlas.figures-cache.warm-up=false} (the tests, which read right after their own writes).
 */
@Singleton
class FiguresWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(FiguresWarmUp.class);

    private final HomePages pages;
    private final GapAnalysis gaps;
    private final HomeQueries queries;
    private final boolean enabled;
    /** Counted down when the warm-up has run (or failed): tests wait on it. */
    final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

    FiguresWarmUp(HomePages pages, GapAnalysis gaps, HomeQueries queries,
                  @Value("${chainatlas.figures-cache.warm-up:true}") boolean enabled) {
        this.queries = queries;
        this.pages = pages;
        this.gaps = gaps;
        this.enabled = enabled;
    }

    @EventListener
    void onStart(ServerStartupEvent event) {
        if (!enabled) {
            return;
        }
        Thread t = new Thread(this::warm, "figures-warm-up");
        t.setDaemon(true);
        t.start();
    }

    void warm() {
        long started = System.nanoTime();
        try {
            pages.home(Actor.SYSTEM);
            // each chain page's analysis for the province (its figures are read per chain, not with the home's)
            for (String chain : queries.chainNames().keySet()) {
                gaps.analysis(Actor.SYSTEM, chain, Region.PROVINCE.key());
            }
            for (Region r : gaps.regions()) {
                if (r.cityCode() != null) {
                    pages.home(new Actor(Actor.SYSTEM.username(), Role.CITY, r.cityCode(), null));
                }
            }
            LOG.info("Home figures computed after start in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            // the first visitor computes them instead
            LOG.warn("Computing the home figures after start failed: {}", e.toString());
        } finally {
            done.countDown();
        }
    }
}
