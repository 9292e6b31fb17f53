package cn.chainatlas.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code PATCH /api/v1/users/{username}}: only the fields given change. */
@Serdeable
public record UserChange(@Nullable Boolean enabled, @Nullable String password, @Nullable String displayName) {
}
