package cn.chainatlas.db;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The two {@link FiguresCache}s, one per {@link DataVersion.Topic}, with the same bounds: the default one (injected
 * without a name) and {@link FiguresCache#REGISTRY}'s, for what rests on the registry alone.
 */
@Factory
class FiguresCaches {

    private final DataVersion version;
    private final long entries;
    private final Duration maxAge;
    private final Duration freshWait;
    private final Duration maxStale;

    FiguresCaches(DataVersion version,
                  @Value("${chainatlas.figures-cache.entries:2000}") long entries,
                  @Value("${chainatlas.figures-cache.max-age:10m}") Duration maxAge,
                  @Value("${chainatlas.figures-cache.fresh-wait:300ms}") Duration freshWait,
                  @Value("${chainatlas.figures-cache.max-stale:2m}") Duration maxStale) {
        this.version = version;
        this.entries = entries;
        this.maxAge = maxAge;
        this.freshWait = freshWait;
        this.maxStale = maxStale;
    }

    @Singleton
    @Primary
    @Bean(preDestroy = "stop")
    FiguresCache figures() {
        return new FiguresCache(version, DataVersion.Topic.FIGURES, entries, maxAge, freshWait, maxStale);
    }

    @Singleton
    @Named(FiguresCache.REGISTRY)
    @Bean(preDestroy = "stop")
    FiguresCache registry() {
        return new FiguresCache(version, DataVersion.Topic.REGISTRY, entries, maxAge, freshWait, maxStale);
    }
}
