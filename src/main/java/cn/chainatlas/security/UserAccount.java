package cn.chainatlas.security;

import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;

import io.micronaut.core.annotation.Nullable;

import java.time.LocalDateTime;

/**
 * A login of the platform.
 *
 * @param tokenVersion       signed into login cookies; raised by a password change, a logout and a disable
 * @param mustChangePassword the password was handed out (first-start admin) and must be replaced before anything else
 */
public record UserAccount(long id, String username, String passwordHash, @Nullable String displayName, Role role,
                          @Nullable String cityCode, @Nullable String leaderCreditCode, boolean enabled,
                          int failedLogins, @Nullable LocalDateTime lockedUntil, @Nullable LocalDateTime createdAt,
                          int tokenVersion, boolean mustChangePassword) {

    public UserAccount(long id, String username, String passwordHash, @Nullable String displayName, Role role,
                       @Nullable String cityCode, @Nullable String leaderCreditCode, boolean enabled,
                       int failedLogins, @Nullable LocalDateTime lockedUntil) {
        this(id, username, passwordHash, displayName, role, cityCode, leaderCreditCode, enabled, failedLogins,
                lockedUntil, null, 0, false);
    }

    public Actor actor() {
        return new Actor(username, role, cityCode, leaderCreditCode);
    }

    public boolean locked() {
        return lockedUntil != null && lockedUntil.isAfter(LocalDateTime.now());
    }
}
