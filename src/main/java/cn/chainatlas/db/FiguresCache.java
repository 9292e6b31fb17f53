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

    /**
     * The values for many keys at one data version, those missing computed together by {@code computeMissing} (one
     * query for all of them instead of one per key): e.g. the prepared candidates of every node a province-wide view
     * needs. Reading the version once also spares one primary-key read per key.
     *
     * @param at             a version from {@link #version()} (the same for every key of one answer)
     * @param computeMissing given the keys not kept at {@code at}, returns a value for each of them
     * @return key → value for every key asked
     */
    @SuppressWarnings("unchecked")
    public <K, V> java.util.Map<K, V> getAll(java.util.Collection<K> keys, DataVersion.Stamp at,
                                            java.util.function.Function<java.util.Set<K>, java.util.Map<K, V>> computeMissing) {
        java.util.Map<Key, K> wrapped = new java.util.LinkedHashMap<>();
        keys.forEach(k -> wrapped.put(new Key(k, at), k));
        java.util.Map<Key, Object> got = cache.getAll(wrapped.keySet(), missing -> {
            java.util.Set<K> ask = new java.util.LinkedHashSet<>();
            missing.forEach(m -> ask.add((K) m.key()));
            java.util.Map<K, V> computed = computeMissing.apply(ask);
            java.util.Map<Key, Object> out = new java.util.HashMap<>();
            computed.forEach((k, v) -> out.put(new Key(k, at), v));
            return out;
        });
        java.util.Map<K, V> out = new java.util.LinkedHashMap<>();
        got.forEach((k, v) -> out.put((K) k.key(), (V) v));
        return out;
    }

    /** The data version now (for callers that key several reads by one version). */
    public DataVersion.Stamp version() {
        return version.current();
    }
}
