package cn.chainatlas.security;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Basic sends the password with every API call; checking bcrypt each time costs ~70 ms of CPU per call.
 * A successful check is remembered for {@code chainatlas.login.basic-cache-seconds} (30): the key is an HMAC of
 * user name and password under a random key that lives only in this process's memory, so neither the password nor
 * a hash that could be attacked offline is kept. A password change, a reset, a disable, a lock and a logout forget
 * the user's entries at once.
 */
@Singleton
final class BasicCredentialCache {

    private record Entry(String username, UserAccount account, long expiresNanos) {
    }

    private static final int MAX_ENTRIES = 10_000;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** per user name, raised by every {@link #forget}: a check that began before a forget is not remembered */
    private final Map<String, Long> generations = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final SecretKeySpec key;

    BasicCredentialCache(@Value("${chainatlas.login.basic-cache-seconds:30}") long ttlSeconds) {
        this.ttlNanos = ttlSeconds * 1_000_000_000L;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    Optional<UserAccount> find(String username, String password) {
        if (ttlNanos <= 0) {
            return Optional.empty();
        }
        String k = key(username, password);
        Entry entry = entries.get(k);
        if (entry == null) {
            return Optional.empty();
        }
        if (System.nanoTime() - entry.expiresNanos() > 0) {
            entries.remove(k, entry);
            return Optional.empty();
        }
        return Optional.of(entry.account());
    }

    /** Read before the password check whose success may be remembered. */
    long generation(String username) {
        return generations.getOrDefault(username.trim().toLowerCase(Locale.ROOT), 0L);
    }

    /**
     * Remembers a success unless the user was forgotten since {@code generation} was read: a lock, a disable or
     * a password change that happened while this check ran must not be outlived by its cache entry.
     */
    synchronized void remember(String username, String password, UserAccount account, long generation) {
        if (ttlNanos <= 0 || generation(account.username()) != generation || generation(username) != generation) {
            return;
        }
        long now = System.nanoTime();
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(e -> now - e.expiresNanos() > 0);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(key(username, password), new Entry(account.username().toLowerCase(Locale.ROOT), account, now + ttlNanos));
    }

    synchronized void forget(String username) {
        String name = username.trim().toLowerCase(Locale.ROOT);
        generations.merge(name, 1L, Long::sum);
        entries.values().removeIf(e -> e.username().equals(name));
    }

    /** The entry's key: an HMAC of the trimmed, lower-cased name and the password under this process's random key. */
    String key(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(username.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
