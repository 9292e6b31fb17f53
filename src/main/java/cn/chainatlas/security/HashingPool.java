package cn.chainatlas.security;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bcrypt runs here, on a small pool of its own ({@code chainatlas.login.hash-threads}, default half the cores, at
 * least one), not on the request threads: fifty logins at once queue for these threads instead of taking every
 * core from everyone else's API calls and pages. A login that would wait past the queue's bound is told the service
 * is busy instead of piling up.
 */
@Singleton
final class HashingPool {

    /** The pool is full: try again later. */
    static final class Busy extends RuntimeException {
        Busy() {
            super("password checks are queued full", null, false, false);
        }
    }

    private final PasswordHasher hasher;
    private final ThreadPoolExecutor pool;
    private final AtomicLong verifications = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    HashingPool(PasswordHasher hasher,
                @Value("${chainatlas.login.hash-threads:0}") int threads,
                @Value("${chainatlas.login.hash-queue:500}") int queue) {
        this.hasher = hasher;
        int n = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, "password-hash-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    boolean matches(String password, String hash) {
        verifications.incrementAndGet();
        return run(() -> hasher.matches(password, hash));
    }

    String hash(String password) {
        return run(() -> hasher.hash(password));
    }

    /** Password checks since start (tests read it to see which tries were checked at all). */
    long verifications() {
        return verifications.get();
    }

    /** The most checks that ran at the same time. */
    int mostAtOnce() {
        return mostAtOnce.get();
    }

    private <T> T run(Callable<T> work) {
        Future<T> future;
        try {
            future = pool.submit(() -> {
                int now = running.incrementAndGet();
                mostAtOnce.accumulateAndGet(now, Math::max);
                try {
                    return work.call();
                } finally {
                    running.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            throw new Busy();
        }
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new Busy();
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new Busy();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @PreDestroy
    void close() {
        pool.shutdownNow();
    }
}
