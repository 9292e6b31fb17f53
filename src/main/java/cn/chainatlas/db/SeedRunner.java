package cn.chainatlas.db;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;

/** Runs every {@link SeedLoader} once the context (and so the migrated database) is up. */
@Singleton
@Requires(property = "chainatlas.seed-on-start", notEquals = "false")
final class SeedRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SeedRunner.class);

    private final List<SeedLoader> loaders;
    private final SeedMode mode;

    SeedRunner(List<SeedLoader> loaders,
               @Value("${chainatlas.seed:}") String seed,
               @Value("${chainatlas.embedded:false}") boolean embedded) {
        this.loaders = loaders;
        this.mode = SeedMode.parse(seed, embedded);
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (mode == SeedMode.NONE) {
            LOG.info("Seeds: none (CHAINATLAS_SEED=none)");
            return;
        }
        long started = System.nanoTime();
        loaders.stream().sorted(Comparator.comparingInt(SeedLoader::order)).forEach(loader -> loader.load(mode));
        LOG.info("Seeds ({}) checked in {} ms", mode.name().toLowerCase(), (System.nanoTime() - started) / 1_000_000);
    }
}
