package cn.chainatlas.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Locale;

import static cn.chainatlas.db.schema.Tables.LOGIN_GUARD;

/**
 * The per-account ceiling: at most {@code chainatlas.login.account-ceiling} (20) failed logins per name within
 * {@code window-minutes} (60); the try over it locks the name for {@code lock-minutes} (15). Every try reserves a
 * failure in the name's row, under a row lock, before its password is checked: thirty tries at once are thirty
 * reservations one after the other, and those over the ceiling are refused without a check. A success gives its
 * reservation back; it does not wipe the others' failures, so the real user logging in does not reset a guessing
 * run going on beside it. Names are kept whether or not an account has them, so the answers are the same.
 */
@Singleton
final class LoginGuard {

    /** What the reservation found. */
    record Reservation(boolean admitted, int failures, long lockedSeconds, boolean lockedNow) {
    }

    private final DSLContext dsl;
    private final int ceiling;
    private final Duration window;
    private final Duration lock;

    LoginGuard(DSLContext dsl,
               @Value("${chainatlas.login.account-ceiling:20}") int ceiling,
               @Value("${chainatlas.login.window-minutes:60}") long windowMinutes,
               @Value("${chainatlas.login.lock-minutes:15}") long lockMinutes) {
        this.dsl = dsl;
        this.ceiling = ceiling;
        this.window = Duration.ofMinutes(windowMinutes);
        this.lock = Duration.ofMinutes(lockMinutes);
    }

    int ceiling() {
        return ceiling;
    }

    long lockMinutes() {
        return lock.toMinutes();
    }

    static String key(String username) {
        String k = username.toLowerCase(Locale.ROOT);
        return k.length() > 64 ? k.substring(0, 64) : k;
    }

    Reservation reserve(String username) {
        String name = key(username);
        for (int attempt = 1; ; attempt++) {
            try {
                return dsl.transactionResult(cfg -> reserve(DSL.using(cfg), name));
            } catch (DataAccessException e) {
                // thirty tries on one new name may deadlock on the row's first insert: the loser tries again
                if (attempt >= 5 || !"40001".equals(e.sqlState())) {
                    throw e;
                }
            }
        }
    }

    private Reservation reserve(DSLContext tx, String name) {
        LocalDateTime now = LocalDateTime.now();
        // an insert that meets the row locks it for update at once (no shared lock to upgrade, no deadlock)
        tx.insertInto(LOGIN_GUARD).set(LOGIN_GUARD.USERNAME, name).set(LOGIN_GUARD.WINDOW_START, now)
                .set(LOGIN_GUARD.FAILURES, 0)
                .onDuplicateKeyUpdate().set(LOGIN_GUARD.FAILURES, LOGIN_GUARD.FAILURES).execute();
        var row = tx.selectFrom(LOGIN_GUARD).where(LOGIN_GUARD.USERNAME.eq(name)).forUpdate().fetchSingle();
        if (row.getLockedUntil() != null && row.getLockedUntil().isAfter(now)) {
            return new Reservation(false, row.getFailures(), secondsUntil(now, row.getLockedUntil()), false);
        }
        if (row.getLockedUntil() != null || row.getWindowStart().isBefore(now.minus(window))) {
            // a lock that ran out, or a quiet hour, starts a fresh count
            row.setFailures(0);
            row.setWindowStart(now);
            row.setLockedUntil(null);
        }
        if (row.getFailures() >= ceiling) {
            row.setLockedUntil(now.plus(lock));
            row.store();
            return new Reservation(false, row.getFailures(), lock.toSeconds(), true);
        }
        row.setFailures(row.getFailures() + 1);
        row.store();
        return new Reservation(true, row.getFailures(), 0, false);
    }

    /** A wrong password: the reservation stays a failure; the one that reaches the ceiling locks. */
    boolean failed(String username, Reservation reservation) {
        if (reservation.failures() < ceiling) {
            return false;
        }
        LocalDateTime now = LocalDateTime.now();
        return dsl.update(LOGIN_GUARD).set(LOGIN_GUARD.LOCKED_UNTIL, now.plus(lock))
                .where(LOGIN_GUARD.USERNAME.eq(key(username)))
                .and(LOGIN_GUARD.LOCKED_UNTIL.isNull().or(LOGIN_GUARD.LOCKED_UNTIL.lt(now)))
                .execute() > 0;
    }

    /** The right password: its reservation was not a failure. */
    void succeeded(String username) {
        dsl.update(LOGIN_GUARD).set(LOGIN_GUARD.FAILURES, DSL.greatest(LOGIN_GUARD.FAILURES.minus(1), DSL.inline(0)))
                .where(LOGIN_GUARD.USERNAME.eq(key(username))).execute();
    }

    /** An administrator opens the account again. */
    void clear(String username) {
        dsl.deleteFrom(LOGIN_GUARD).where(LOGIN_GUARD.USERNAME.eq(key(username))).execute();
    }

    /** Names that have been quiet for a window and are not locked are forgotten. */
    @Scheduled(fixedDelay = "10m", initialDelay = "1m")
    void forgetQuietNames() {
        LocalDateTime now = LocalDateTime.now();
        dsl.deleteFrom(LOGIN_GUARD).where(LOGIN_GUARD.WINDOW_START.lt(now.minus(window)))
                .and(LOGIN_GUARD.LOCKED_UNTIL.isNull().or(LOGIN_GUARD.LOCKED_UNTIL.lt(now))).execute();
    }

    private static long secondsUntil(LocalDateTime now, LocalDateTime until) {
        return Math.max(1, Duration.between(now, until).toSeconds());
    }
}
