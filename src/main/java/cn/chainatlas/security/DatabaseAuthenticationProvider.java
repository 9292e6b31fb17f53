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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Basic for the API: the same throttling, ceiling and checks as the login page ({@link PasswordLogin}), from
 * the client's address ({@link ClientAddresses}). A success is remembered briefly ({@link BasicCredentialCache}), so
 * a script's API calls do not each pay for bcrypt. A throttled or locked try is marked on the request, and
 * {@link LoginRefusals} answers it with 429 and Retry-After instead of a plain 401. Runs on the blocking executor
 * because it queries the database.
 */
@Singleton
final class DatabaseAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {

    /** Claim of the account's token version in a login cookie. */
    static final String ATTR_TOKEN_VERSION = "tv";
    /** Claim present (true) while the account must change its password before anything else. */
    static final String ATTR_MUST_CHANGE = "pwc";

    private final PasswordLogin login;
    private final BasicCredentialCache cache;
    private final ClientAddresses addresses;
    /** checks under way, by {@link BasicCredentialCache#key}: calls with the same credentials wait for that answer */
    private final Map<String, CompletableFuture<PasswordLogin.Result>> checking = new ConcurrentHashMap<>();

    DatabaseAuthenticationProvider(PasswordLogin login, BasicCredentialCache cache, ClientAddresses addresses) {
        this.login = login;
        this.cache = cache;
        this.addresses = addresses;
    }

    @Override
    public @NonNull AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                                        @NonNull AuthenticationRequest<String, String> auth) {
        String username = auth.getIdentity() == null ? "" : auth.getIdentity();
        String password = auth.getSecret() == null ? "" : auth.getSecret();
        var cached = cache.find(username, password);
        if (cached.isPresent()) {
            return success(cached.get());
        }
        PasswordLogin.Result result = checkOnce(username, password, request);
        if (request != null && result.waitSeconds() > 0) {
            request.setAttribute(LoginRefusals.ATTRIBUTE, result);
        }
        return switch (result.outcome()) {
            case SUCCESS -> success(result.user().orElseThrow());
            case LOCKED, THROTTLED, BUSY -> AuthenticationResponse.failure(AuthenticationFailureReason.ACCOUNT_LOCKED);
            case DISABLED -> AuthenticationResponse.failure(AuthenticationFailureReason.USER_DISABLED);
            case BAD_CREDENTIALS -> AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        };
    }

    /**
     * Checks the password, or waits for the check of the same name and password already under way and takes its
     * answer. A script's parallel API calls carry the same credentials; each check reserves the address's next try
     * ({@link LoginThrottle}), so without this all but the first of them were refused with 429 until the first
     * success was remembered. Calls with the same credentials are not new guesses: sharing the answer gives a guesser
     * nothing it did not send, and different passwords never share a check.
     */
    private PasswordLogin.Result checkOnce(String username, String password, @Nullable HttpRequest<B> request) {
        String key = cache.key(username, password);
        CompletableFuture<PasswordLogin.Result> mine = new CompletableFuture<>();
        CompletableFuture<PasswordLogin.Result> running = checking.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                // that check failed (the database, say): this call makes its own
                return login.check(username, password, addresses.of(request));
            }
        }
        try {
            long generation = cache.generation(username);
            PasswordLogin.Result result = login.check(username, password, addresses.of(request));
            if (result.outcome() == PasswordLogin.Outcome.SUCCESS) {
                cache.remember(username, password, result.user().orElseThrow(), generation);
            }
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(key, mine);
        }
    }

    static AuthenticationResponse success(UserAccount user) {
        return AuthenticationResponse.success(user.username(), List.of(user.role().name()), attributes(user));
    }

    static Map<String, Object> attributes(UserAccount user) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(Actors.ATTR_ROLE, user.role().name());
        if (user.cityCode() != null) {
            attributes.put(Actors.ATTR_CITY, user.cityCode());
        }
        if (user.leaderCreditCode() != null) {
            attributes.put(Actors.ATTR_LEADER, user.leaderCreditCode());
        }
        attributes.put(ATTR_TOKEN_VERSION, user.tokenVersion());
        if (user.mustChangePassword()) {
            attributes.put(ATTR_MUST_CHANGE, true);
        }
        return attributes;
    }
}
