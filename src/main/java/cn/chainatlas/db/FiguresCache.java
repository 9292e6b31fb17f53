package cn.chainatlas.db;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Figures derived from the data (a region's gap figures, the home page's totals, a node's prepared candidates) kept
 * until the data they rest on changes: an entry is keyed by its own key and the {@link DataVersion} it was computed
 * at, so the first read after a committed write anywhere computes afresh and every later read until the next write
 * gets the same object. Many readers asking for one missing entry wait for one computation instead of each running
 * the same aggregate queries — what saturated the cores and the connection pool in the load test
 * (docs/benchmarks.md, issue 13).
 *
 * <p><b>While a newer value is computed, readers may get the previous one, and are told.</b> After a write, the first
 * read of a key starts its computation; a reader that does not get the new value within
 * {@code chainatlas.figures-cache.fresh-wait} (default 300 ms) gets the value computed at the previous version instead,
 * provided this instance noticed that version end at most {@code chainatlas.figures-cache.max-stale} (default 2
 * minutes) ago; the computation then finishes on a background runner. Without such a value (the first read after a
 * start, or a long-running computation) readers wait for the new one. A page or API that wants to say so reads its
 * figures inside {@link #tracked}, which returns when the oldest figure it served was superseded — "数据正在更新" with
 * that time — instead of presenting old figures as current. This is HTTP's stale-while-revalidate (RFC 5861) for
 * derived figures: after a 100,000-row import, 50 users were waiting several seconds each for one recomputation.
 * Reads made by a computation itself are never served old values: a new version's figures are never built from
 * superseded ones.
 *
 * <p>Bounds: {@code chainatlas.figures-cache.entries} (default 2,000) entries and an age of
 * {@code chainatlas.figures-cache.max-age} (default 10 minutes), the latter only to cover a version bump lost between
 * another instance's commit and its bump. Values must be immutable: every reader shares them. Values hold aggregates
 * before any reader's privacy rules are applied; callers apply those on every read.
 *
 * <p>Two of them ({@link FiguresCaches}): the default one keyed by {@link DataVersion.Topic#FIGURES} (every counted
 * write), and one named {@value #REGISTRY} keyed by {@link DataVersion.Topic#REGISTRY} for values that rest on the
 * registry alone (a node's prepared candidates), which a write to a demand or a matchmaking record leaves in place.
 */
public class FiguresCache {

    /** The name of the cache keyed by the registry's topic ({@code @Named(FiguresCache.REGISTRY)}). */
    public static final String REGISTRY = "registry";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FiguresCache.class);

    private record Key(Object key, DataVersion.Stamp version) {
    }

    /** The newest value computed for a key, whatever its version: the answer while a newer one is computed. */
    private static final class Held {
        final DataVersion.Stamp version;
        final Object value;
        /** When this instance first saw a newer version (null while this one is current). */
        volatile Instant supersededAt;

        Held(DataVersion.Stamp version, Object value) {
            this.version = version;
            this.value = value;
        }
    }

    /**
     * One computation of some keys at one version. It runs once, by whichever comes first: the reader that created it,
     * the background runner, or a reader that has to wait for it anyway — so a computation queued behind others is
     * never waited for by a thread that could run it (which, with nested reads on a bounded runner, would deadlock).
     */
    private final class Computation<K, V> implements Runnable {
        final DataVersion.Stamp at;
        final Function<Set<K>, Map<K, V>> compute;
        final Map<K, CompletableFuture<Object>> futures = new LinkedHashMap<>();
        final AtomicBoolean claimed = new AtomicBoolean();
        /** Set once every key is added: only then may anyone run it. */
        volatile boolean sealed;

        Computation(DataVersion.Stamp at, Function<Set<K>, Map<K, V>> compute) {
            this.at = at;
            this.compute = compute;
        }

        @Override
        public void run() {
            if (!sealed || !claimed.compareAndSet(false, true)) {
                return;
            }
            boolean outer = COMPUTING.get();
            DataVersion.Stamp outerAt = computingAt.get();
            COMPUTING.set(true);
            computingAt.set(at);
            try {
                Map<K, V> computed = compute.apply(Collections.unmodifiableSet(futures.keySet()));
                futures.forEach((k, f) -> {
                    V v = computed.get(k);
                    if (v == null) {
                        // nothing to keep (as Caffeine does with a null value): answered, not kept
                        cache.asMap().remove(new Key(k, at), new Slot(f, this));
                    } else {
                        hold(k, at, v);
                    }
                    f.complete(v);
                });
            } catch (RuntimeException | Error e) {
                // readers waiting get the failure; readers served the previous figures would never see it
                LOG.warn("Computing figures {} failed: {}", futures.keySet(), e.toString());
                futures.forEach((k, f) -> {
                    cache.asMap().remove(new Key(k, at), new Slot(f, this));
                    f.completeExceptionally(e);
                });
            } finally {
                COMPUTING.set(outer);
                if (outerAt == null) {
                    computingAt.remove();
                } else {
                    computingAt.set(outerAt);
                }
            }
        }
    }

    private record Slot(CompletableFuture<Object> future, Computation<?, ?> computation) {
        /** The value, running the computation here if nobody has started it. */
        Object join() {
            while (true) {
                computation.run();
                try {
                    return future.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // sealed a moment later, or running elsewhere: look again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for figures", e);
                } catch (ExecutionException e) {
                    throw rethrown(e.getCause());
                }
            }
        }
    }

    /** Whether this thread is computing an entry of either cache (its reads of both must be current). */
    private static final ThreadLocal<Boolean> COMPUTING = ThreadLocal.withInitial(() -> false);
    /**
     * The version the computation running on this thread is keyed at: what its own reads of this cache are keyed at too,
     * instead of reading the version again for each (需求覆盖 asks matchmaking's facts once per open demand: 2,000
     * round trips to the database per computation). Safe for the same reason as the class's keying: a value computed
     * from data newer than its version is kept under the older version, which later readers never ask for. Per cache:
     * the other cache's versions are of another topic.
     */
    private final ThreadLocal<DataVersion.Stamp> computingAt = new ThreadLocal<>();
    /** Inside {@link #tracked}: the earliest supersession time of a value served old on this thread. */
    private static final ThreadLocal<Instant[]> TRACKED = new ThreadLocal<>();

    private final DataVersion version;
    private final DataVersion.Topic topic;
    private final Cache<Key, Slot> cache;
    private final Cache<Object, Held> held;
    private final Duration freshWait;
    private final Duration maxStale;
    private final ExecutorService background;

    FiguresCache(DataVersion version, long entries, Duration maxAge, Duration freshWait, Duration maxStale) {
        this(version, DataVersion.Topic.FIGURES, entries, maxAge, freshWait, maxStale);
    }

    /**
     * @param topic     the version its entries are keyed by
     * @param entries   at most this many entries (and as many previous values)
     * @param maxAge    an entry's age bound (a version bump lost on another instance)
     * @param freshWait how long a reader waits for new figures before it gets the previous ones
     * @param maxStale  how long after its supersession a previous value may still be served
     */
    FiguresCache(DataVersion version, DataVersion.Topic topic, long entries, Duration maxAge, Duration freshWait,
                 Duration maxStale) {
        this.version = version;
        this.topic = topic;
        this.cache = Caffeine.newBuilder().maximumSize(entries).expireAfterWrite(maxAge).build();
        this.held = Caffeine.newBuilder().maximumSize(entries).expireAfterWrite(maxAge).build();
        this.freshWait = freshWait;
        this.maxStale = maxStale;
        AtomicInteger n = new AtomicInteger();
        // two runners: the computations are aggregate reads on a two-core machine's database; more would only queue
        // there (and take pooled connections from the requests)
        this.background = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, topic.row + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ((ThreadPoolExecutor) background).allowCoreThreadTimeOut(true);
    }

    /** Stops the background runners (the application context calls it on shutdown, {@link FiguresCaches}). */
    public void stop() {
        background.shutdownNow();
    }

    /**
     * The value for {@code key} at the current data version, computed by {@code compute} when missing (or, see the
     * class comment, the previous version's while the new one is computed). {@code compute} may itself read other
     * entries of this cache (not its own key).
     *
     * @param key     equal for equal questions (a record of the region, chain, …), never an actor
     * @param compute reads the figures; a failure is thrown to the caller and nothing is kept
     */
    public <V> V get(Object key, Supplier<V> compute) {
        DataVersion.Stamp at = version();
        return getAll(List.of(key), at, missing -> {
            Map<Object, V> one = new HashMap<>();
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
    public <K, V> Map<K, V> getAll(Collection<K> keys, DataVersion.Stamp at, Function<Set<K>, Map<K, V>> computeMissing) {
        dropOlderThan(at);
        boolean mayServeOld = !COMPUTING.get() && freshWait.compareTo(maxStale) < 0;
        Instant now = Instant.now();
        Map<K, Slot> slots = new LinkedHashMap<>();
        Computation<K, V> mine = new Computation<>(at, computeMissing);
        for (K k : keys) {
            if (slots.containsKey(k)) {
                continue;
            }
            Slot s = new Slot(new CompletableFuture<>(), mine);
            Slot had = cache.asMap().putIfAbsent(new Key(k, at), s);
            slots.put(k, had != null ? had : s);
            if (had == null) {
                mine.futures.put(k, s.future());
            }
        }
        mine.sealed = true;
        Map<K, Held> old = new HashMap<>();
        if (mayServeOld) {
            for (K k : slots.keySet()) {
                Held h = usable(k, at, now);
                if (h != null) {
                    old.put(k, h);
                }
            }
        }
        if (!mine.futures.isEmpty()) {
            if (old.keySet().containsAll(mine.futures.keySet())) {
                try {
                    background.execute(mine);
                } catch (RejectedExecutionException e) {
                    mine.run();
                }
            } else {
                mine.run();
            }
        }
        long deadline = System.nanoTime() + freshWait.toNanos();
        Map<K, V> out = new LinkedHashMap<>();
        for (Map.Entry<K, Slot> e : slots.entrySet()) {
            K k = e.getKey();
            Slot s = e.getValue();
            Held h = old.get(k);
            if (h != null && !s.future().isDone()) {
                try {
                    out.put(k, (V) s.future().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                    continue;
                } catch (TimeoutException late) {
                    out.put(k, (V) h.value);
                    servedOld(h);
                    continue;
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for figures", ie);
                } catch (ExecutionException ee) {
                    throw rethrown(ee.getCause());
                }
            }
            out.put(k, (V) s.join());
        }
        return out;
    }

    /**
     * Runs {@code work} (which reads figures through this cache on this thread) and says whether any figure it got
     * was an older version's, served while the current one was being computed.
     *
     * @return the work's value, and the earliest moment at which a figure it served was superseded (null: all current)
     */
    public <T> Tracked<T> tracked(Supplier<T> work) {
        Instant[] outer = TRACKED.get();
        Instant[] here = new Instant[1];
        TRACKED.set(here);
        try {
            return new Tracked<>(work.get(), here[0]);
        } finally {
            if (outer == null) {
                TRACKED.remove();
            } else {
                TRACKED.set(outer);
                if (here[0] != null && (outer[0] == null || here[0].isBefore(outer[0]))) {
                    outer[0] = here[0];
                }
            }
        }
    }

    /**
     * A value read with {@link #tracked}.
     *
     * @param value        what the work returned
     * @param updatingSince null when every figure was current; else when the oldest figure served was superseded by a
     *                      write (figures shown are those from before that moment, being recomputed)
     */
    public record Tracked<T>(T value, Instant updatingSince) {
        public boolean updating() {
            return updatingSince != null;
        }

        /** {@link #updatingSince} as the time of day a page shows ("14:03:27", this server's zone), or null. */
        public String updatingTime() {
            return updatingSince == null ? null
                    : java.time.LocalTime.ofInstant(updatingSince, java.time.ZoneId.systemDefault()).withNano(0).toString();
        }
    }

    /**
     * The newest value computed for {@code key}, of whatever version (null: none kept): for a computation that can
     * reuse the unchanged parts of its predecessor (each part checked against what it reads now, never trusted because
     * it is old). Not an answer to serve: {@link #getAll} decides which version a reader gets.
     */
    @io.micronaut.core.annotation.Nullable
    public Computed newestComputed(Object key) {
        Held h = held.getIfPresent(key);
        return h == null ? null : new Computed(h.version, h.value);
    }

    /**
     * A value computed earlier ({@link #newestComputed}).
     *
     * @param version the data version it was computed at
     * @param value   the value
     */
    public record Computed(DataVersion.Stamp version, Object value) {
    }

    private Held usable(Object k, DataVersion.Stamp at, Instant now) {
        Held h = held.getIfPresent(k);
        if (h == null || !older(h.version, at)) {
            return null;
        }
        Instant since = h.supersededAt;
        return since == null || Duration.between(since, now).compareTo(maxStale) <= 0 ? h : null;
    }

    private static void servedOld(Held h) {
        Instant[] t = TRACKED.get();
        Instant since = h.supersededAt == null ? Instant.now() : h.supersededAt;
        if (t != null && (t[0] == null || since.isBefore(t[0]))) {
            t[0] = since;
        }
    }

    private void hold(Object k, DataVersion.Stamp at, Object v) {
        held.asMap().merge(k, new Held(at, v), (was, now) -> older(now.version, was.version) ? was : now);
    }

    private static boolean older(DataVersion.Stamp a, DataVersion.Stamp b) {
        return a.database() < b.database() || a.database() == b.database() && a.local() < b.local();
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new CompletionException(cause);
    }

    /** The newest version this cache has been asked at. */
    private volatile DataVersion.Stamp newest;

    /**
     * Entries of an older version are never read again (the version only goes up), yet counted against the size
     * bound until it evicts them: with large values (a node's prepared candidates, ~1 kB per candidate) a few writes
     * in a row would keep several dead copies of every node. So the first read at a newer version drops them; the
     * one newest value per key stays (as {@link Held}) until its successor is computed, marked with the moment it was
     * superseded.
     */
    private void dropOlderThan(DataVersion.Stamp at) {
        DataVersion.Stamp seen = newest;
        if (seen == null || older(seen, at)) {
            newest = at;
            if (seen != null) {
                Instant now = Instant.now();
                cache.asMap().keySet().removeIf(k -> older(k.version(), at));
                held.asMap().values().forEach(h -> {
                    if (h.supersededAt == null && older(h.version, at)) {
                        h.supersededAt = now;
                    }
                });
            }
        }
    }

    /**
     * The data version now (for callers that key several reads by one version); inside a computation of this cache, the
     * version that computation is keyed at.
     */
    public DataVersion.Stamp version() {
        DataVersion.Stamp at = computingAt.get();
        return at != null ? at : version.current(topic);
    }
}
