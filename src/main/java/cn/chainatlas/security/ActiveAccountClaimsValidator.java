package cn.chainatlas.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A login cookie is only as good as the account behind it: once an administrator disables a user (or the user's
 * role or scope no longer matches the cookie), the cookie stops working at the next request, not 8 hours later.
 * The cookie also carries the account's token version, which a password change or reset, a logout and a disable
 * raise, so such a cookie ends too. Accounts are looked up at most every few seconds per user; a change through
 * {@link UserService} is seen at once on this instance.
 */
@Singleton
final class ActiveAccountClaimsValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {

    private static final long TTL_NANOS = 5_000_000_000L;

    private record Snapshot(Optional<UserAccount> account, long loadedAt) {
    }

    private final UserRepository users;
    private final Map<String, Snapshot> cache = new ConcurrentHashMap<>();

    ActiveAccountClaimsValidator(UserRepository users) {
        this.users = users;
    }

    @Override
    public boolean validate(Claims claims, HttpRequest<?> request) {
        Object subject = claims.get(Claims.SUBJECT);
        if (subject == null) {
            return false;
        }
        String username = subject.toString();
        long now = System.nanoTime();
        Snapshot snapshot = cache.get(username);
        if (snapshot == null || now - snapshot.loadedAt() > TTL_NANOS) {
            snapshot = new Snapshot(users.findByUsername(username), now);
            cache.put(username, snapshot);
        }
        return snapshot.account().filter(UserAccount::enabled)
                .filter(a -> a.role().name().equals(text(claims.get(Actors.ATTR_ROLE))))
                .filter(a -> Objects.equals(a.cityCode(), text(claims.get(Actors.ATTR_CITY))))
                .filter(a -> Objects.equals(a.leaderCreditCode(), text(claims.get(Actors.ATTR_LEADER))))
                // a password change or reset, a logout and a disable raise the version: older cookies end here
                .filter(a -> Integer.toString(a.tokenVersion())
                        .equals(text(claims.get(DatabaseAuthenticationProvider.ATTR_TOKEN_VERSION))))
                .isPresent();
    }

    void forget(String username) {
        cache.remove(username);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
