package cn.chainatlas.db;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Figures derived from the data (a region's gap figures, the home page's totals, a node's prepared candidates) kept
 * until the data they rest on changes: an entry is keyed by its own key and the {@link DataVersion} it was computed
 * at, so the first read after a committed write anywhere computes afresh and every later read until the next write
 * gets the same object. Many readers asking for one missing entry wait for one computation (Caffeine's per-key
 * loading) instead of each running the same aggregate queries — what saturated the cores and the connection pool in
 * the load test (docs/benchmarks.md, issue 13).
 *
 * <p>Bounds: {@code chainatlas.figures-cache.entries} (default 2,000) entries and an age of
 * {@code chainatlas.figures-cache.max-age} (default 10 minutes), the latter only to cover a version bump lost between
 * another instance's commit and its bump. Values must be immutable: every reader shares them. Values hold aggregates
 * before any reader's privacy rules are applied; callers apply those on every read.
 */
@Singleton
public class FiguresCache {

    private record Key(Object key, DataVersion.Stamp version) {
    }

    private final DataVersion version;
    private final Cache<Key, Object> cache;

    FiguresCache(DataVersion version,
                 @Value("${chainatlas.figures-cache.entries:2000}") long entries,
                 @Value("${chainatlas.figures-cache.max-age:10m}") Duration maxAge) {
        this.version = version;
        this.cache = Caffeine.newBuilder().maximumSize(entries).expireAfterWrite(maxAge).build();
    }

    /**
     * The value for {@code key} at the current data version, computed by {@code compute} when missing.
     *
     * @param key     equal for equal questions (a record of the region, chain, …), never an actor
     * @param compute reads the figures; a failure is thrown to the caller and nothing is kept
     */
    @SuppressWarnings("unchecked")
    public <V> V get(Object key, Supplier<V> compute) {
        return (V) cache.get(new Key(key, version.current()), k -> compute.get());
    }

    /** The data version now (for callers that key several reads by one version). */
    public DataVersion.Stamp version() {
        return version.current();
    }
}
