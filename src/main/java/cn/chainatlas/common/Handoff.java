package cn.chainatlas.common;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The bounded queue between a producing thread and a consuming one (the import's sheet, row and writer threads; the
 * export's reader and writer): the capacity keeps what is in flight — and so memory — small, a producer waiting for
 * room gives up with {@link Cancelled} once the run is cancelled (the consumer failed or finished), and a producer's
 * failure replaces whatever is queued so the consumer sees it next.
 */
public final class Handoff {

    private final BlockingQueue<Object> queue;
    private final BooleanSupplier cancelled;

    /**
     * @param capacity  items in flight at most
     * @param cancelled whether the run was cancelled (read while a {@link #put} waits for room)
     */
    public Handoff(int capacity, BooleanSupplier cancelled) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.cancelled = cancelled;
    }

    /**
     * Waits for room and queues {@code item}.
     *
     * @throws Cancelled when the run is cancelled (or this thread interrupted) meanwhile
     */
    public void put(Object item) {
        try {
            while (!queue.offer(item, 200, TimeUnit.MILLISECONDS)) {
                if (cancelled.getAsBoolean()) {
                    throw new Cancelled();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled();
        }
    }

    /** The producer failed: what is queued is dropped and the failure is the consumer's next item. */
    public void fail(Throwable t) {
        queue.clear();
        try {
            queue.put(t);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next item, or null after {@code timeout}. */
    public Object poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    /** The next item, waiting as long as it takes. */
    public Object take() throws InterruptedException {
        return queue.take();
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Drops what is queued (the consumer stopped), so that a producer waiting for room is not left holding memory. */
    public void clear() {
        queue.clear();
    }

    /** A producer stops: the run was cancelled. Carries no stack trace (it is control flow, never reported). */
    public static final class Cancelled extends RuntimeException {
        public Cancelled() {
            super(null, null, false, false);
        }
    }
}
