package cn.chainatlas.security;

import cn.chainatlas.common.Role;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.LocalDateTime;

/** A user as the API and the users page show it (never the password hash). */
@Serdeable
public record UserView(String username, @Nullable String displayName, Role role, @Nullable String city,
                       @Nullable String leaderCreditCode, boolean enabled, boolean locked,
                       @Nullable LocalDateTime createdAt) {

    static UserView of(UserAccount a) {
        return new UserView(a.username(), a.displayName(), a.role(), a.cityCode(), a.leaderCreditCode(),
                a.enabled(), a.locked(), a.createdAt());
    }
}
