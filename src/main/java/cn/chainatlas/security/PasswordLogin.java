package cn.chainatlas.security;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * The one place that decides whether a username and password may log in, shared by the login page and HTTP
 * Basic. After {@value #LOCK_AFTER} wrong passwords in a row the account is locked for {@value #LOCK_MINUTES}
 * minutes; before that each wrong password costs a growing pause (doubling, capped) so that guessing is slow
 * even from many connections, while a person who mistyped once waits less than a second.
 */
@Singleton
public final class PasswordLogin {

    static final int LOCK_AFTER = 5;
    static final int LOCK_MINUTES = 15;

    private static final Logger LOG = LoggerFactory.getLogger(PasswordLogin.class);

    public enum Outcome { SUCCESS, BAD_CREDENTIALS, LOCKED, DISABLED }

    /**
     * @param remainingAttempts wrong passwords left before the account locks (BAD_CREDENTIALS of a known user)
     * @param lockedMinutes     minutes until a LOCKED account opens again
     */
    public record Result(Outcome outcome, Optional<UserAccount> user, int remainingAttempts, long lockedMinutes) {
        public boolean ok() {
            return outcome == Outcome.SUCCESS;
        }
    }

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final long slowdownBaseMs;
    private final long slowdownMaxMs;

    PasswordLogin(UserRepository users, PasswordHasher hasher, AuditLog audit,
                  @Value("${chainatlas.login.slowdown-base-ms:400}") long slowdownBaseMs,
                  @Value("${chainatlas.login.slowdown-max-ms:6400}") long slowdownMaxMs) {
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
        this.slowdownBaseMs = slowdownBaseMs;
        this.slowdownMaxMs = slowdownMaxMs;
    }

    public Result check(String rawUsername, String password) {
        String username = rawUsername == null ? "" : rawUsername.trim();
        String secret = password == null ? "" : password;
        Optional<UserAccount> account = username.isEmpty() ? Optional.empty() : users.findByUsername(username);
        if (account.isEmpty()) {
            hasher.matches(secret, null);
            pause(1);
            return new Result(Outcome.BAD_CREDENTIALS, Optional.empty(), LOCK_AFTER, 0);
        }
        UserAccount user = account.get();
        LocalDateTime now = LocalDateTime.now();
        if (user.lockedUntil() != null && user.lockedUntil().isAfter(now)) {
            long minutes = Math.max(1, Duration.between(now, user.lockedUntil()).toSeconds() / 60 + 1);
            return new Result(Outcome.LOCKED, account, 0, Math.min(minutes, LOCK_MINUTES));
        }
        // a lock that has run out starts a fresh count, otherwise one more typo would lock again at once
        int previousFailures = user.lockedUntil() != null ? 0 : user.failedLogins();
        if (!hasher.matches(secret, user.passwordHash())) {
            int failures = previousFailures + 1;
            boolean lock = failures >= LOCK_AFTER;
            users.recordFailure(user.username(), failures, lock ? now.plusMinutes(LOCK_MINUTES) : null);
            if (lock) {
                LOG.warn("Account '{}' locked for {} minutes after {} wrong passwords", user.username(), LOCK_MINUTES, failures);
                audit.record(Actor.SYSTEM, "USER_LOCKED", "user:" + user.username(), null, null,
                        "连续 " + failures + " 次密码错误，锁定 " + LOCK_MINUTES + " 分钟");
                pause(failures);
                return new Result(Outcome.LOCKED, account, 0, LOCK_MINUTES);
            }
            pause(failures);
            return new Result(Outcome.BAD_CREDENTIALS, account, LOCK_AFTER - failures, 0);
        }
        if (!user.enabled()) {
            return new Result(Outcome.DISABLED, account, 0, 0);
        }
        if (user.failedLogins() > 0 || user.lockedUntil() != null) {
            users.recordSuccess(user.username());
        }
        return new Result(Outcome.SUCCESS, account, LOCK_AFTER, 0);
    }

    /** base, 2×base, 4×base … up to the cap, for the n-th wrong password in a row. */
    long delayMillis(int failures) {
        long delay = slowdownBaseMs;
        for (int i = 1; i < failures && delay < slowdownMaxMs; i++) {
            delay *= 2;
        }
        return Math.min(delay, slowdownMaxMs);
    }

    private void pause(int failures) {
        long millis = delayMillis(failures);
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
