package cn.chainatlas.security;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Security headers on every answer (pages, API, errors, static files), set by the outermost filter:
 * <ul>
 *   <li>Content-Security-Policy: scripts only from this origin or inline with this answer's nonce (every
 *       {@code <script>} of a template gets it from {@link CspNonceDialect}), nothing may frame the pages
 *       ({@code frame-ancestors 'none'}), no plugins, forms and fetches only to this origin. Styles allow inline
 *       {@code style} attributes: chain.js colours badges through them and htmx adds its indicator style; a style
 *       cannot run script.</li>
 *   <li>{@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: same-origin}.</li>
 *   <li>{@code Cache-Control: no-store} on downloads of registry data and reports (paths ending in .xlsx or .docx,
 *       and {@code /reports/…}): they hold contacts and revenue and must not stay in shared or browser caches.</li>
 * </ul>
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class SecurityHeaders implements Ordered {

    /** request attribute holding the answer's script nonce */
    static final String NONCE = "chainatlas.cspNonce";

    private final SecureRandom random = new SecureRandom();

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }

    @RequestFilter
    void nonce(HttpRequest<?> request) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        request.setAttribute(NONCE, Base64.getEncoder().encodeToString(bytes));
    }

    @ResponseFilter
    void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String nonce = request.getAttribute(NONCE, String.class).orElse("none");
        response.header("Content-Security-Policy", policy(nonce));
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "same-origin");
        if (noStore(request.getPath())) {
            response.header(HttpHeaders.CACHE_CONTROL, "no-store");
            response.header("Pragma", "no-cache");
        }
    }

    static String policy(String nonce) {
        return "default-src 'self'; script-src 'self' 'nonce-" + nonce + "'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                + "form-action 'self'; frame-ancestors 'none'";
    }

    static boolean noStore(String path) {
        String p = path.toLowerCase(java.util.Locale.ROOT);
        return p.endsWith(".xlsx") || p.endsWith(".docx") || p.equals("/reports") || p.startsWith("/reports/")
                || p.startsWith("/api/v1/reports");
    }
}
