package cn.chainatlas.security;

import cn.chainatlas.testing.DatabaseTest;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Security headers on every kind of answer; no caching of exports; the page's inline script carries the nonce. */
@MicronautTest
class SecurityHeadersTest extends DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("micronaut.http.client.follow-redirects", "false");
    }

    private HttpResponse<byte[]> send(MutableHttpRequest<?> request) {
        try {
            return client.toBlocking().exchange(request, byte[].class);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<byte[]> response = (HttpResponse<byte[]>) e.getResponse();
            return response;
        }
    }

    static void assertSecurityHeaders(HttpResponse<?> r, String what) {
        String csp = r.header("Content-Security-Policy");
        assertThat(csp).as(what + " CSP").isNotNull().contains("frame-ancestors 'none'").contains("default-src 'self'")
                .contains("object-src 'none'").doesNotContain("'unsafe-eval'");
        assertThat(csp.replaceAll("style-src[^;]*", "")).as(what).doesNotContain("'unsafe-inline'");
        assertThat(r.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).as(what).isEqualTo("same-origin");
    }

    @Test
    void everyKindOfAnswerCarriesTheHeaders() {
        for (MutableHttpRequest<?> request : List.<MutableHttpRequest<?>>of(
                HttpRequest.GET("/login").accept(MediaType.TEXT_HTML),
                HttpRequest.GET("/").accept(MediaType.TEXT_HTML),
                HttpRequest.GET("/api/v1/users"),
                HttpRequest.GET("/api/v1/users").basicAuth("admin", ADMIN_PASSWORD),
                HttpRequest.GET("/static/app.css"),
                HttpRequest.GET("/no-such-page").accept(MediaType.TEXT_HTML).basicAuth("admin", ADMIN_PASSWORD),
                HttpRequest.GET("/health"),
                HttpRequest.POST("/login", Map.of("username", "x")).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE))) {
            HttpResponse<byte[]> r = send(request);
            assertSecurityHeaders(r, request.getMethodName() + " " + request.getPath() + " → " + r.code());
        }
    }

    @Test
    void exportsAreNeverCached() {
        for (String path : List.of("/api/v1/enterprises/export.xlsx", "/api/v1/templates/enterprise-registry.xlsx",
                "/enterprises/export.xlsx")) {
            HttpResponse<byte[]> r = send(HttpRequest.GET(path).basicAuth("admin", ADMIN_PASSWORD));
            if (r.code() == 404) {
                continue;
            }
            assertThat(r.code()).as(path).isEqualTo(200);
            assertThat(r.header(HttpHeaders.CACHE_CONTROL)).as(path).contains("no-store");
        }
        HttpResponse<byte[]> page = send(HttpRequest.GET("/reports/anything").accept(MediaType.TEXT_HTML)
                .basicAuth("admin", ADMIN_PASSWORD));
        assertThat(page.header(HttpHeaders.CACHE_CONTROL)).contains("no-store");
    }

    @Test
    void inlineScriptsCarryTheNonceOfTheirAnswer() {
        HttpResponse<byte[]> r = send(HttpRequest.GET("/admin/users").accept(MediaType.TEXT_HTML).basicAuth("admin", ADMIN_PASSWORD));
        assertThat(r.code()).isEqualTo(200);
        Matcher nonce = Pattern.compile("'nonce-([A-Za-z0-9+/=_-]+)'").matcher(r.header("Content-Security-Policy"));
        assertThat(nonce.find()).isTrue();
        String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(body);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).contains("nonce=\"" + nonce.group(1) + "\"");
        }
        assertThat(count).isPositive();
        HttpResponse<byte[]> again = send(HttpRequest.GET("/admin/users").accept(MediaType.TEXT_HTML).basicAuth("admin", ADMIN_PASSWORD));
        assertThat(again.header("Content-Security-Policy")).doesNotContain(nonce.group(1));
    }
}
