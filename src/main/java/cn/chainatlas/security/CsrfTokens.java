package cn.chainatlas.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.csrf.generator.CsrfTokenGenerator;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The CSRF token of a request as {@link CsrfProtection} issued it, under micronaut-security-csrf's generator
 * interface (whose own beans are switched off), so code written against that interface keeps working: for a
 * request that passed the filter it is the token the page carries; for a request built by a client (tests),
 * a fresh random token, which only matters if the request also carries the login cookie.
 */
@Singleton
public final class CsrfTokens implements CsrfTokenGenerator<HttpRequest<?>> {

    private final SecureRandom random = new SecureRandom();

    @Override
    public String generateCsrfToken(HttpRequest<?> request) {
        return request.getAttribute(CsrfProtection.ATTRIBUTE, String.class).orElseGet(() -> {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        });
    }
}
