package cn.chainatlas.imports;

import cn.chainatlas.common.TooBusy;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * At most {@code chainatlas.imports.parallel} (2) imports of this instance read and write at once; the others wait
 * their turn in batch order, at most {@code chainatlas.imports.queue} (10) of them: a further upload is refused
 * (503, 导入队列已满) before its file is read, so a burst of hostile or huge files cannot exhaust memory. A waiting
 * batch is QUEUED (排队中) in the database, and its place is what the API and the page show as {@code queuePosition}.
 */
@Singleton
final class ImportQueue {

    private final int parallel;
    private final int maxWaiting;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Long> waiting = new PriorityQueue<>();
    private int reserved;
    private int running;

    ImportQueue(@Value("${chainatlas.imports.parallel:2}") int parallel, @Value("${chainatlas.imports.queue:10}") int maxWaiting) {
        this.parallel = Math.max(1, parallel);
        this.maxWaiting = Math.max(0, maxWaiting);
    }

    /** A place in the queue, then a turn to run; closing it gives both back. */
    final class Ticket implements AutoCloseable {
        private Long batchId;
        private boolean turn;
        private boolean closed;

        /** The batch this place is for (the place was reserved before the batch existed). */
        void assign(long id) {
            lock.lock();
            try {
                batchId = id;
                reserved--;
                waiting.add(id);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Blocks until this batch is first in line and a slot is free; then it holds the slot. */
        void awaitTurn() throws InterruptedException {
            lock.lock();
            try {
                while (!(running < parallel && batchId.equals(waiting.peek()))) {
                    changed.await(5, TimeUnit.SECONDS);
                }
                waiting.remove(batchId);
                running++;
                turn = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                if (turn) {
                    running--;
                } else if (batchId != null) {
                    waiting.remove(batchId);
                } else {
                    reserved--;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Reserves a place, or refuses when {@code queue} uploads already wait (or, with no queue allowed, when every
     * slot is busy).
     */
    Ticket reserve() {
        lock.lock();
        try {
            int queued = waiting.size() + reserved;
            if (running + queued >= parallel + maxWaiting) {
                throw new TooBusy("import_queue_full", "导入队列已满：正在处理 " + running + " 个文件，另有 " + queued
                        + " 个在排队（上限 " + maxWaiting + " 个）。请稍后再上传", 30);
            }
            reserved++;
            return new Ticket();
        } finally {
            lock.unlock();
        }
    }

    /** 1 for the next batch to run, or null when the batch does not wait here. */
    Integer position(long batchId) {
        lock.lock();
        try {
            if (!waiting.contains(batchId)) {
                return null;
            }
            int before = 0;
            for (Long id : waiting) {
                if (id < batchId) {
                    before++;
                }
            }
            return before + 1;
        } finally {
            lock.unlock();
        }
    }

    int parallel() {
        return parallel;
    }

    int maxWaiting() {
        return maxWaiting;
    }
}
