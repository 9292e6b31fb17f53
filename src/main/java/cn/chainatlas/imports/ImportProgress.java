package cn.chainatlas.imports;

import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Rows done of imports still running, so a page can show a progress bar and a clerk can come back to it. */
@Singleton
final class ImportProgress {

    static final class Tracker {
        volatile long rowsRead;
        volatile long rowsWritten;
        volatile long estimated = -1;
        volatile String phase = "读取文件";
    }

    private final Map<Long, Tracker> running = new ConcurrentHashMap<>();

    Tracker start(long batchId) {
        Tracker t = new Tracker();
        running.put(batchId, t);
        return t;
    }

    Tracker get(long batchId) {
        return running.get(batchId);
    }

    void end(long batchId) {
        running.remove(batchId);
    }
}
