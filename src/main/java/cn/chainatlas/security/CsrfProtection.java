package cn.chainatlas.security;

import cn.chainatlas.web.ErrorResponses;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.filter.FilterBodyParser;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.token.cookie.AccessTokenCookieConfiguration;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Double-submit-cookie CSRF protection. Every browser gets a random token in an HttpOnly cookie; pages carry the
 * same token (hidden field {@code csrfToken}, {@code <meta name="csrf-token">} for htmx and fetch, which send it
 * as {@code X-CSRF-TOKEN}); a state-changing request that rides on the login cookie — or is the login form
 * itself — must present both, and they must match. A forging site can make the browser send the cookie but
 * cannot read it to put it in the form.
 *
 * <p>Why not micronaut-security-csrf 4.15.2: its token is an HMAC bound to the JWT's {@code jti}, which our cookie
 * tokens do not carry; its cookie is {@code __Host-} and Secure by default (an intranet over plain HTTP loses it);
 * it is only set at login (so the login form itself is unprotected); and it cannot tell an HTTP Basic API upload
 * (multipart, no cookie, nothing to forge) from a browser form, so it would reject the API's imports.
 *
 * <p>Requests without the login cookie (HTTP Basic clients) need no token, unless a browser says it comes from
 * another site ({@code Sec-Fetch-Site: cross-site} or a foreign {@code Origin}): browsers can replay Basic
 * credentials they cached, scripts and curl send neither header.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class CsrfProtection implements Ordered {

    public static final String COOKIE = "CSRF";
    /** the cookie's name over HTTPS: a __Host- cookie is Secure, Path=/ and without Domain, so no sibling host or
     *  plain-HTTP page can plant or overwrite it */
    public static final String SECURE_COOKIE = "__Host-CSRF";
    public static final String FIELD = "csrfToken";
    public static final String HEADER = "X-CSRF-TOKEN";
    /** request attribute holding this request's token, read by the page model */
    public static final String ATTRIBUTE = "chainatlas.csrfToken";
    private static final String NEW_TOKEN = "chainatlas.csrfToken.new";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);

    private final SecureRandom random = new SecureRandom();
    private final FilterBodyParser bodyParser;
    private final String jwtCookie;
    private final long maxAgeSeconds;

    private final ErrorResponses errors;

    CsrfProtection(FilterBodyParser bodyParser, AccessTokenCookieConfiguration cookieConfiguration, ErrorResponses errors,
                   @Value("${micronaut.security.token.generator.access-token.expiration:28800}") long maxAgeSeconds) {
        this.bodyParser = bodyParser;
        this.errors = errors;
        this.jwtCookie = cookieConfiguration.getCookieName();
        this.maxAgeSeconds = maxAgeSeconds;
    }

    @Override
    public int getOrder() {
        // before the security filter: a forged request is refused before anything else looks at it
        return ServerFilterPhase.SECURITY.before();
    }

    /**
     * Runs on the blocking pool and waits for the form body there: returning an unfinished future from the
     * filter made Netty answer an occasional empty 503 when the body arrived after the headers.
     */
    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable HttpResponse<?> check(HttpRequest<?> request) {
        return decide(request).join();
    }

    private CompletableFuture<@Nullable HttpResponse<?>> decide(HttpRequest<?> request) {
        String cookieToken = request.getCookies().findCookie(cookieName(request.isSecure())).map(Cookie::getValue)
                .filter(v -> v.length() >= 20).orElse(null);
        if (cookieToken == null) {
            String fresh = newToken();
            request.setAttribute(ATTRIBUTE, fresh);
            request.setAttribute(NEW_TOKEN, fresh);
        } else {
            request.setAttribute(ATTRIBUTE, cookieToken);
        }
        if (SAFE.contains(request.getMethod())) {
            return CompletableFuture.completedFuture(null);
        }
        boolean cookieSession = request.getCookies().findCookie(jwtCookie).isPresent();
        boolean loginForm = "/login".equals(request.getPath());
        if (!cookieSession && !loginForm) {
            return CompletableFuture.completedFuture(crossSite(request) ? refuse(request) : null);
        }
        if (cookieToken == null) {
            return CompletableFuture.completedFuture(refuse(request));
        }
        String header = request.getHeaders().get(HEADER);
        if (header != null) {
            return CompletableFuture.completedFuture(same(header, cookieToken) ? null : refuse(request));
        }
        MediaType type = request.getContentType().orElse(null);
        if (type != null && type.matches(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            return bodyParser.parseBody(request).thenApply(body -> {
                Object field = body.get(FIELD);
                return field != null && same(field.toString(), cookieToken) ? null : refuse(request);
            });
        }
        // a plain multipart form cannot set a header and its body is not readable in a filter:
        // the layout's script appends the token to the form's action instead
        String query = request.getParameters().get(FIELD);
        return CompletableFuture.completedFuture(query != null && same(query, cookieToken) ? null : refuse(request));
    }

    @ResponseFilter
    void issue(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(NEW_TOKEN, String.class).ifPresent(token ->
                response.cookie(cookie(token, request.isSecure(), maxAgeSeconds)));
    }

    static String cookieName(boolean secure) {
        return secure ? SECURE_COOKIE : COOKIE;
    }

    /** Over HTTPS the cookie is {@code __Host-CSRF} (Secure, Path=/, no Domain); over plain HTTP (an intranet) CSRF. */
    static Cookie cookie(String token, boolean secure, long maxAgeSeconds) {
        return Cookie.of(cookieName(secure), token).path("/").httpOnly(true).sameSite(SameSite.Strict).secure(secure)
                .maxAge(Duration.ofSeconds(Math.max(maxAgeSeconds, 3600)));
    }

    private static boolean crossSite(HttpRequest<?> request) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null && site.equalsIgnoreCase("cross-site")) {
            return true;
        }
        String origin = request.getHeaders().get("Origin");
        if (origin == null || origin.equals("null")) {
            return origin != null;
        }
        String host = request.getHeaders().get("Host");
        try {
            URI uri = URI.create(origin);
            String originHost = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host == null || !host.equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private MutableHttpResponse<?> refuse(HttpRequest<?> request) {
        return errors.of(request, HttpStatus.FORBIDDEN, "csrf",
                "表单已过期或来源不明（CSRF 校验未通过），请刷新页面后重试", null);
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
