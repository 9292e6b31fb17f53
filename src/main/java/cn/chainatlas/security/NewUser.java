package cn.chainatlas.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code POST /api/v1/users} and the users page's form; checked by {@link UserService}, not by annotations,
 *  so that every mistake gets a Chinese message that names its field. */
@Serdeable
public record NewUser(@Nullable String username, @Nullable String password, @Nullable String role,
                      @Nullable String city, @Nullable String leaderCreditCode, @Nullable String displayName) {
}
