package cn.chainatlas.security;

import cn.chainatlas.common.Actor;

import cn.chainatlas.audit.AuditLog;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The one place that decides whether a username and password may log in, shared by the login page, HTTP Basic and
 * the own-password change. In this order, each step refusing before the next costs anything:
 * <ol>
 *   <li>{@link LoginThrottle}: this name from this address must wait its growing pause (capped at 30 s);</li>
 *   <li>{@link LoginGuard}: a failure is reserved for the name, atomically, before the hash is checked; over the
 *       per-account ceiling (20 an hour) the name is locked for 15 minutes, logged and audited;</li>
 *   <li>the bcrypt check on the {@link HashingPool}, against a dummy hash for a name without an account.</li>
 * </ol>
 * A name without an account goes through the same steps, the same database work and the same hash check, so its
 * answers and their time cannot tell it from a real one.
 */
@Singleton
public final class PasswordLogin {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordLogin.class);

    public enum Outcome { SUCCESS, BAD_CREDENTIALS, THROTTLED, LOCKED, DISABLED, BUSY }

    /**
     * @param remainingAttempts failures left before the ceiling locks the name (BAD_CREDENTIALS)
     * @param waitSeconds       seconds until the next try may be made (THROTTLED, LOCKED)
     */
    public record Result(Outcome outcome, Optional<UserAccount> user, int remainingAttempts, long waitSeconds) {
        public boolean ok() {
            return outcome == Outcome.SUCCESS;
        }

        /** Minutes until a LOCKED name opens again, rounded up. */
        public long lockedMinutes() {
            return Math.max(1, (waitSeconds + 59) / 60);
        }
    }

    private final UserRepository users;
    private final HashingPool hashing;
    private final AuditLog audit;
    private final LoginThrottle throttle;
    private final LoginGuard guard;
    private final BasicCredentialCache basicCache;

    PasswordLogin(UserRepository users, HashingPool hashing, AuditLog audit, LoginThrottle throttle, LoginGuard guard,
                  BasicCredentialCache basicCache) {
        this.users = users;
        this.hashing = hashing;
        this.audit = audit;
        this.throttle = throttle;
        this.guard = guard;
        this.basicCache = basicCache;
    }

    public Result check(String rawUsername, String password, String address) {
        String username = rawUsername == null ? "" : rawUsername.trim();
        String secret = password == null ? "" : password;
        long wait = throttle.enter(username, address);
        if (wait > 0) {
            return new Result(Outcome.THROTTLED, Optional.empty(), 0, (wait + 999) / 1000);
        }
        LoginGuard.Reservation reservation = guard.reserve(username);
        if (!reservation.admitted()) {
            if (reservation.lockedNow()) {
                locked(username, reservation.failures());
            }
            return new Result(Outcome.LOCKED, Optional.empty(), 0, reservation.lockedSeconds());
        }
        Optional<UserAccount> account = username.isEmpty() ? Optional.empty() : users.findByUsername(username);
        boolean matches;
        try {
            matches = hashing.matches(secret, account.map(UserAccount::passwordHash).orElse(null));
        } catch (HashingPool.Busy e) {
            guard.succeeded(username);
            throttle.succeeded(username, address);
            return new Result(Outcome.BUSY, Optional.empty(), 0, 5);
        }
        if (matches && account.isPresent()) {
            guard.succeeded(username);
            throttle.succeeded(username, address);
            return account.get().enabled()
                    ? new Result(Outcome.SUCCESS, account, guard.ceiling(), 0)
                    : new Result(Outcome.DISABLED, account, 0, 0);
        }
        if (guard.failed(username, reservation)) {
            locked(username, reservation.failures());
            return new Result(Outcome.LOCKED, Optional.empty(), 0, guard.lockMinutes() * 60);
        }
        return new Result(Outcome.BAD_CREDENTIALS, Optional.empty(), guard.ceiling() - reservation.failures(), 0);
    }

    private void locked(String username, int failures) {
        String detail = "1 小时内 " + failures + " 次登录失败，锁定 " + guard.lockMinutes() + " 分钟";
        LOG.warn("Login name '{}' locked for {} minutes after {} failed logins within the hour",
                username.replaceAll("\\p{Cntrl}", "?"), guard.lockMinutes(), failures);
        users.findByUsername(username).ifPresent(account -> {
            users.recordLock(account.username(), failures,
                    java.time.LocalDateTime.now().plusMinutes(guard.lockMinutes()));
            basicCache.forget(account.username());
            audit.record(Actor.SYSTEM, "USER_LOCKED", "user:" + account.username(), null, null, detail);
        });
    }

    /** An administrator opened the account again. */
    void unlock(String username) {
        guard.clear(username);
        throttle.forget(username);
    }
}
