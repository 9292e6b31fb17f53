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
    // futures, not values: a computation runs outside the map's own locking, so a value may be computed from other
    // entries (figures from the prepared candidates of their nodes); Caffeine's computeIfAbsent forbids that
    // ("Recursive update") as ConcurrentHashMap does. Readers of a missing key still wait for one computation.
    private final Cache<Key, java.util.concurrent.CompletableFuture<Object>> cache;

    FiguresCache(DataVersion version,
                 @Value("${chainatlas.figures-cache.entries:2000}") long entries,
                 @Value("${chainatlas.figures-cache.max-age:10m}") Duration maxAge) {
        this.version = version;
        this.cache = Caffeine.newBuilder().maximumSize(entries).expireAfterWrite(maxAge).build();
    }

    /**
     * The value for {@code key} at the current data version, computed by {@code compute} when missing. {@code compute}
     * may itself read other entries of this cache (not its own key).
     *
     * @param key     equal for equal questions (a record of the region, chain, …), never an actor
     * @param compute reads the figures; a failure is thrown to the caller and nothing is kept
     */
    public <V> V get(Object key, Supplier<V> compute) {
        DataVersion.Stamp at = version.current();
        dropOlderThan(at);
        return getAll(java.util.List.of(key), at, missing -> {
            java.util.Map<Object, V> one = new java.util.HashMap<>();
            one.put(key, compute.get());
            return one;
        }).get(key);
    }

    /**
     * The values for many keys at one data version, those missing computed together by {@code computeMissing} (one
     * query for all of them instead of one per key): e.g. the prepared candidates of every node a province-wide view
     * needs. Reading the version once also spares one primary-key read per key.
     *
     * @param at             a version from {@link #version()} (the same for every key of one answer)
     * @param computeMissing given the keys not kept at {@code at} (and not being computed by another reader), returns
     *                       a value for each of them; may read other entries of this cache
     * @return key → value for every key asked
     */
    @SuppressWarnings("unchecked")
    public <K, V> java.util.Map<K, V> getAll(java.util.Collection<K> keys, DataVersion.Stamp at,
                                            java.util.function.Function<java.util.Set<K>, java.util.Map<K, V>> computeMissing) {
        dropOlderThan(at);
        java.util.Map<K, java.util.concurrent.CompletableFuture<Object>> futures = new java.util.LinkedHashMap<>();
        java.util.Map<K, java.util.concurrent.CompletableFuture<Object>> mine = new java.util.LinkedHashMap<>();
        for (K k : keys) {
            if (futures.containsKey(k)) {
                continue;
            }
            java.util.concurrent.CompletableFuture<Object> f = new java.util.concurrent.CompletableFuture<>();
            java.util.concurrent.CompletableFuture<Object> had = cache.asMap().putIfAbsent(new Key(k, at), f);
            futures.put(k, had != null ? had : f);
            if (had == null) {
                mine.put(k, f);
            }
        }
        if (!mine.isEmpty()) {
            try {
                java.util.Map<K, V> computed = computeMissing.apply(java.util.Collections.unmodifiableSet(mine.keySet()));
                mine.forEach((k, f) -> {
                    V v = computed.get(k);
                    if (v == null) {
                        // nothing to keep (as Caffeine does with a null value): answered, not kept
                        cache.asMap().remove(new Key(k, at), f);
                    }
                    f.complete(v);
                });
            } catch (RuntimeException | Error e) {
                mine.forEach((k, f) -> {
                    cache.asMap().remove(new Key(k, at), f);
                    f.completeExceptionally(e);
                });
                throw e;
            }
        }
        java.util.Map<K, V> out = new java.util.LinkedHashMap<>();
        futures.forEach((k, f) -> {
            try {
                out.put(k, (V) f.join());
            } catch (java.util.concurrent.CompletionException e) {
                // another reader's computation failed: nothing was kept; the failure is this reader's answer too
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        });
        return out;
    }

    /** The newest version this cache has been asked at. */
    private volatile DataVersion.Stamp newest;

    /**
     * Entries of an older version are never read again (the version only goes up), yet counted against the size
     * bound until it evicts them: with large values (a node's prepared candidates, ~1 kB per candidate) a few writes
     * in a row would keep several dead copies of every node. So the first read at a newer version drops them.
     */
    private void dropOlderThan(DataVersion.Stamp at) {
        DataVersion.Stamp seen = newest;
        if (seen == null || at.database() > seen.database() || at.database() == seen.database() && at.local() > seen.local()) {
            newest = at;
            if (seen != null) {
                cache.asMap().keySet().removeIf(k -> k.version().database() < at.database()
                        || k.version().database() == at.database() && k.version().local() < at.local());
            }
        }
    }

    /** The data version now (for callers that key several reads by one version). */
    public DataVersion.Stamp version() {
        return version.current();
    }
}
