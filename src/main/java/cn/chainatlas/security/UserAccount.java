package cn.chainatlas.security;

import io.micronaut.core.annotation.Nullable;

import java.time.LocalDateTime;

/** A login of the platform. */
public record UserAccount(long id, String username, String passwordHash, @Nullable String displayName, Role role,
                          @Nullable String cityCode, @Nullable String leaderCreditCode, boolean enabled,
                          int failedLogins, @Nullable LocalDateTime lockedUntil, @Nullable LocalDateTime createdAt) {

    public UserAccount(long id, String username, String passwordHash, @Nullable String displayName, Role role,
                       @Nullable String cityCode, @Nullable String leaderCreditCode, boolean enabled,
                       int failedLogins, @Nullable LocalDateTime lockedUntil) {
        this(id, username, passwordHash, displayName, role, cityCode, leaderCreditCode, enabled, failedLogins,
                lockedUntil, null);
    }

    public Actor actor() {
        return new Actor(username, role, cityCode, leaderCreditCode);
    }

    public boolean locked() {
        return lockedUntil != null && lockedUntil.isAfter(LocalDateTime.now());
    }
}
