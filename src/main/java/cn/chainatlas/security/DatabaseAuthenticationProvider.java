package cn.chainatlas.security;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Singleton;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a username and password against {@code app_user}. After {@value #LOCK_AFTER} failures in a row the
 * account is locked for {@value #LOCK_MINUTES} minutes; bcrypt's cost already slows guessing per try.
 * Runs on the blocking executor because it queries the database.
 */
@Singleton
final class DatabaseAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {

    static final int LOCK_AFTER = 5;
    static final int LOCK_MINUTES = 15;

    private final UserRepository users;
    private final PasswordHasher hasher;

    DatabaseAuthenticationProvider(UserRepository users, PasswordHasher hasher) {
        this.users = users;
        this.hasher = hasher;
    }

    @Override
    public @NonNull AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                                        @NonNull AuthenticationRequest<String, String> auth) {
        String username = auth.getIdentity() == null ? "" : auth.getIdentity().trim();
        var account = users.findByUsername(username);
        if (account.isEmpty()) {
            hasher.matches(auth.getSecret(), null);
            return AuthenticationResponse.failure(AuthenticationFailureReason.USER_NOT_FOUND);
        }
        UserAccount user = account.get();
        if (!user.enabled()) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.USER_DISABLED);
        }
        if (user.lockedUntil() != null && user.lockedUntil().isAfter(LocalDateTime.now())) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.ACCOUNT_LOCKED);
        }
        if (!hasher.matches(auth.getSecret(), user.passwordHash())) {
            int failures = user.failedLogins() + 1;
            users.recordFailure(username, failures,
                    failures >= LOCK_AFTER ? LocalDateTime.now().plusMinutes(LOCK_MINUTES) : null);
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        if (user.failedLogins() > 0) {
            users.recordSuccess(username);
        }
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(Actor.ATTR_ROLE, user.role().name());
        if (user.cityCode() != null) {
            attributes.put(Actor.ATTR_CITY, user.cityCode());
        }
        if (user.leaderCreditCode() != null) {
            attributes.put(Actor.ATTR_LEADER, user.leaderCreditCode());
        }
        return AuthenticationResponse.success(user.username(), List.of(user.role().name()), attributes);
    }
}
