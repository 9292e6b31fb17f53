package cn.chainatlas.security;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows guessing down per user name and client address: each try from an address reserves the next slot there
 * ({@code base × 2^(n-1)} after the n-th try in a row that was not a success, capped at 30 s), and a try before its
 * slot is refused at once, without checking the password. Only that name from that address waits: the real user
 * from elsewhere, and colleagues behind the same NAT address with their own accounts, do not. A success clears it.
 * Kept in memory (per instance): it only has to outlast a guessing run; the account ceiling is in the database.
 */
@Singleton
final class LoginThrottle {

    private record Slot(int tries, long nextAllowedNanos, long touchedNanos) {
    }

    private static final long IDLE_NANOS = 3_600_000_000_000L;
    private static final int MAX_ENTRIES = 100_000;

    private final long baseMillis;
    private final long maxMillis;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    LoginThrottle(@Value("${chainatlas.login.slowdown-base-ms:400}") long baseMillis,
                  @Value("${chainatlas.login.slowdown-max-ms:30000}") long maxMillis) {
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
    }

    /** Reserves this try: 0 if it may go ahead, else the milliseconds until it may. */
    long enter(String username, String address) {
        long now = System.nanoTime();
        if (slots.size() > MAX_ENTRIES) {
            slots.values().removeIf(s -> now - s.touchedNanos() > IDLE_NANOS);
            if (slots.size() > MAX_ENTRIES) {
                // many names tried at once (a spray): keep only the slots that still hold someone back
                slots.values().removeIf(s -> now >= s.nextAllowedNanos());
            }
        }
        long[] wait = {0};
        slots.compute(key(username, address), (k, slot) -> {
            if (slot != null && now - slot.touchedNanos() > IDLE_NANOS) {
                slot = null;
            }
            if (slot != null && now < slot.nextAllowedNanos()) {
                wait[0] = Math.max(1, (slot.nextAllowedNanos() - now) / 1_000_000);
                return slot;
            }
            int tries = slot == null ? 1 : slot.tries() + 1;
            return new Slot(tries, now + delayMillis(tries) * 1_000_000, now);
        });
        return wait[0];
    }

    void succeeded(String username, String address) {
        slots.remove(key(username, address));
    }

    void forget(String username) {
        String prefix = username.toLowerCase(Locale.ROOT) + "\u0000";
        slots.keySet().removeIf(k -> k.startsWith(prefix));
    }

    /** The pause before the try after the n-th: base, 2×base, 4×base … up to the cap. */
    long delayMillis(int tries) {
        long delay = baseMillis;
        for (int i = 1; i < tries && delay < maxMillis; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxMillis);
    }

    private static String key(String username, String address) {
        return username.toLowerCase(Locale.ROOT) + "\u0000" + address;
    }
}
