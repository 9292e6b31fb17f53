package cn.chainatlas.security;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP Basic for the API: the same checks, slow-down and lockout as the login page ({@link PasswordLogin}).
 * Runs on the blocking executor because it queries the database.
 */
@Singleton
final class DatabaseAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {

    private final PasswordLogin login;

    DatabaseAuthenticationProvider(PasswordLogin login) {
        this.login = login;
    }

    @Override
    public @NonNull AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                                        @NonNull AuthenticationRequest<String, String> auth) {
        PasswordLogin.Result result = login.check(auth.getIdentity(), auth.getSecret());
        return switch (result.outcome()) {
            case SUCCESS -> success(result.user().orElseThrow());
            case LOCKED -> AuthenticationResponse.failure(AuthenticationFailureReason.ACCOUNT_LOCKED);
            case DISABLED -> AuthenticationResponse.failure(AuthenticationFailureReason.USER_DISABLED);
            case BAD_CREDENTIALS -> AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        };
    }

    static AuthenticationResponse success(UserAccount user) {
        return AuthenticationResponse.success(user.username(), List.of(user.role().name()), attributes(user));
    }

    static Map<String, Object> attributes(UserAccount user) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(Actor.ATTR_ROLE, user.role().name());
        if (user.cityCode() != null) {
            attributes.put(Actor.ATTR_CITY, user.cityCode());
        }
        if (user.leaderCreditCode() != null) {
            attributes.put(Actor.ATTR_LEADER, user.leaderCreditCode());
        }
        return attributes;
    }
}
