package cn.chainatlas.security;

import cn.chainatlas.common.Role;

import cn.chainatlas.db.GeneratedKeys;
import cn.chainatlas.db.schema.tables.records.AppUserRecord;
import org.jooq.DSLContext;
import jakarta.inject.Singleton;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static cn.chainatlas.db.schema.Tables.APP_USER;

@Singleton
class UserRepository {

    private final DSLContext dsl;

    UserRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<UserAccount> findByUsername(String username) {
        return dsl.selectFrom(APP_USER).where(APP_USER.USERNAME.eq(username)).fetchOptional(UserRepository::toAccount);
    }

    List<UserAccount> findAll() {
        return dsl.selectFrom(APP_USER).orderBy(APP_USER.ROLE, APP_USER.USERNAME).fetch(UserRepository::toAccount);
    }

    boolean exists(String username) {
        return dsl.fetchExists(APP_USER, APP_USER.USERNAME.eq(username));
    }

    long insert(String username, String passwordHash, String displayName, Role role, String cityCode, String leaderCreditCode) {
        return insert(username, passwordHash, displayName, role, cityCode, leaderCreditCode, false);
    }

    long insert(String username, String passwordHash, String displayName, Role role, String cityCode,
                String leaderCreditCode, boolean mustChangePassword) {
        return GeneratedKeys.insert(dsl, tx -> tx.insertInto(APP_USER)
                .set(APP_USER.USERNAME, username)
                .set(APP_USER.MUST_CHANGE_PASSWORD, mustChangePassword)
                .set(APP_USER.PASSWORD_HASH, passwordHash)
                .set(APP_USER.DISPLAY_NAME, displayName)
                .set(APP_USER.ROLE, role.name())
                .set(APP_USER.CITY_CODE, cityCode)
                .set(APP_USER.LEADER_CREDIT_CODE, leaderCreditCode));
    }

    void setEnabled(DSLContext tx, String username, boolean enabled) {
        var update = tx.update(APP_USER).set(APP_USER.ENABLED, enabled);
        if (!enabled) {
            // a disable ends every login cookie of the account for good, also after a later enable
            update = update.set(APP_USER.TOKEN_VERSION, APP_USER.TOKEN_VERSION.plus(1));
        }
        if (enabled) {
            // enabling is also how an administrator opens a locked account
            update = update.set(APP_USER.FAILED_LOGINS, 0).setNull(APP_USER.LOCKED_UNTIL);
        }
        update.where(APP_USER.USERNAME.eq(username)).execute();
    }

    /** A new password ends every login cookie of the account (token version + 1). */
    void setPassword(DSLContext tx, String username, String passwordHash, boolean mustChange) {
        tx.update(APP_USER).set(APP_USER.PASSWORD_HASH, passwordHash).set(APP_USER.FAILED_LOGINS, 0)
                .setNull(APP_USER.LOCKED_UNTIL).set(APP_USER.MUST_CHANGE_PASSWORD, mustChange)
                .set(APP_USER.TOKEN_VERSION, APP_USER.TOKEN_VERSION.plus(1))
                .where(APP_USER.USERNAME.eq(username)).execute();
    }

    /** Ends every login cookie of the account (logout). */
    void bumpTokenVersion(String username) {
        dsl.update(APP_USER).set(APP_USER.TOKEN_VERSION, APP_USER.TOKEN_VERSION.plus(1))
                .where(APP_USER.USERNAME.eq(username)).execute();
    }

    void setDisplayName(DSLContext tx, String username, String displayName) {
        tx.update(APP_USER).set(APP_USER.DISPLAY_NAME, displayName).where(APP_USER.USERNAME.eq(username)).execute();
    }

    /** Mirrors a lock of {@link LoginGuard} on the account, so the users page shows it. */
    void recordLock(String username, int failures, LocalDateTime lockedUntil) {
        dsl.update(APP_USER).set(APP_USER.FAILED_LOGINS, failures).set(APP_USER.LOCKED_UNTIL, lockedUntil)
                .where(APP_USER.USERNAME.eq(username)).execute();
    }

    /** Geography is the chain package's table; a user's city is checked against it read-only. */
    private static UserAccount toAccount(AppUserRecord r) {
        return new UserAccount(r.getId(), r.getUsername(), r.getPasswordHash(), r.getDisplayName(),
                Role.valueOf(r.getRole()), r.getCityCode(), r.getLeaderCreditCode(), r.getEnabled(),
                r.getFailedLogins(), r.getLockedUntil(), r.getCreatedAt(), r.getTokenVersion(),
                Boolean.TRUE.equals(r.getMustChangePassword()));
    }
}
