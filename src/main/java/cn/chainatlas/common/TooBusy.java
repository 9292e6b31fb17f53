package cn.chainatlas.common;

import java.util.Map;

/**
 * The service is at its limit for this kind of work right now (the import queue is full, the upload store is
 * full): 503 with a Chinese message and, when known, how many seconds to wait before trying again
 * ({@code retryAfter}, also sent as the Retry-After header).
 */
public class TooBusy extends DomainError {

    private final int retryAfterSeconds;

    public TooBusy(String code, String message, int retryAfterSeconds) {
        super(503, code, message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public Map<String, Object> details() {
        return retryAfterSeconds > 0 ? Map.of("retryAfter", retryAfterSeconds) : Map.of();
    }
}
