package cn.chainatlas.security;

import cn.chainatlas.common.Role;

import cn.chainatlas.testing.DatabaseTest;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The login page, its cookie and the CSRF rules, as a browser meets them (without the browser). */
@MicronautTest
class LoginAndCsrfTest extends DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    org.jooq.DSLContext dsl;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("micronaut.http.client.follow-redirects", "false", "chainatlas.login.slowdown-base-ms", "5");
    }

    record Page(String csrfCookie, String token) {
    }

    private Page loginPage() {
        HttpResponse<String> page = client.toBlocking().exchange(HttpRequest.GET("/login").accept(MediaType.TEXT_HTML), String.class);
        String cookie = page.getCookie("CSRF").map(Cookie::getValue).orElseThrow();
        Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).isTrue();
        return new Page(cookie, m.group(1));
    }

    private HttpResponse<String> post(String path, Map<String, String> form, String cookies) {
        MutableHttpRequest<Map<String, String>> request = HttpRequest.POST(path, form)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE).accept(MediaType.TEXT_HTML);
        if (cookies != null) {
            request.header(HttpHeaders.COOKIE, cookies);
        }
        try {
            return client.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            return (HttpResponse<String>) e.getResponse();
        }
    }

    private String loginCookie(Page page) {
        return loginCookie(page, "admin", ADMIN_PASSWORD);
    }

    private String loginCookie(Page page, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("password", password);
        form.put("csrfToken", page.token());
        form.put("next", "/admin/users");
        HttpResponse<String> r = post("/login", form, "CSRF=" + page.csrfCookie());
        assertThat(r.code()).isEqualTo(303);
        assertThat(r.header(HttpHeaders.LOCATION)).isEqualTo("/admin/users");
        String setCookie = r.getHeaders().getAll(HttpHeaders.SET_COOKIE).stream().filter(c -> c.startsWith("JWT="))
                .findFirst().orElseThrow();
        assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Max-Age=28800");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void theLoginPageIssuesTheTokenAndTheLoginFormNeedsIt() {
        Page page = loginPage();
        assertThat(page.token()).isEqualTo(page.csrfCookie());
        Map<String, String> form = Map.of("username", "admin", "password", ADMIN_PASSWORD);
        HttpResponse<String> withoutToken = post("/login", form, "CSRF=" + page.csrfCookie());
        assertThat(withoutToken.code()).isEqualTo(403);
        assertThat(withoutToken.getBody(String.class).orElse("")).contains("CSRF");
        assertThat(withoutToken.getHeaders().getAll(HttpHeaders.SET_COOKIE)).noneMatch(c -> c.startsWith("JWT="));
    }

    @Test
    void aLoggedInFormPostNeedsTheTokenFromThePage() {
        Page page = loginPage();
        String jwt = loginCookie(page);
        String cookies = jwt + "; CSRF=" + page.csrfCookie();
        Map<String, String> user = new LinkedHashMap<>();
        user.put("username", "forged");
        user.put("password", "Kettle-Orbit-Lantern-42");
        user.put("role", "ADMIN");
        HttpResponse<String> forged = post("/admin/users", user, cookies);
        assertThat(forged.code()).isEqualTo(403);
        user.put("csrfToken", "some-other-token-of-sufficient-length");
        assertThat(post("/admin/users", user, cookies).code()).isEqualTo(403);
        user.put("csrfToken", page.token());
        HttpResponse<String> ok = post("/admin/users", user, cookies);
        assertThat(ok.code()).as(ok.getHeaders().asMap() + " " + ok.getBody(String.class).orElse("")).isEqualTo(303);
    }

    @Test
    void htmxAndFetchSendTheTokenAsAHeader() {
        Page page = loginPage();
        String cookies = loginCookie(page) + "; CSRF=" + page.csrfCookie();
        MutableHttpRequest<Map<String, Object>> request = HttpRequest.PATCH("/api/v1/users/admin", Map.<String, Object>of("displayName", "管理员"))
                .header(HttpHeaders.COOKIE, cookies);
        try {
            client.toBlocking().exchange(request, String.class);
            throw new AssertionError("a cookie request without the token must be refused");
        } catch (HttpClientResponseException e) {
            assertThat(e.code()).isEqualTo(403);
        }
        HttpResponse<String> ok = client.toBlocking().exchange(HttpRequest.PATCH("/api/v1/users/admin",
                Map.<String, Object>of("displayName", "管理员")).header(HttpHeaders.COOKIE, cookies)
                .header("X-CSRF-TOKEN", page.token()), String.class);
        assertThat(ok.code()).isEqualTo(200);
    }

    @Test
    void httpBasicNeedsNoTokenButACrossSiteBrowserRequestIsRefused() {
        HttpResponse<String> ok = client.toBlocking().exchange(HttpRequest.PATCH("/api/v1/users/admin",
                Map.<String, Object>of("displayName", "平台管理员")).basicAuth("admin", ADMIN_PASSWORD), String.class);
        assertThat(ok.code()).isEqualTo(200);
        try {
            client.toBlocking().exchange(HttpRequest.PATCH("/api/v1/users/admin", Map.<String, Object>of("displayName", "x"))
                    .basicAuth("admin", ADMIN_PASSWORD).header("Origin", "https://evil.example"), String.class);
            throw new AssertionError("cross-site request must be refused");
        } catch (HttpClientResponseException e) {
            assertThat(e.code()).isEqualTo(403);
        }
    }

    @Test
    void logoutClearsTheLoginCookie() {
        Page page = loginPage();
        String cookies = loginCookie(page) + "; CSRF=" + page.csrfCookie();
        HttpResponse<String> out = post("/logout", Map.of("csrfToken", page.token()), cookies);
        assertThat(out.code()).as(out.getBody(String.class).orElse("")).isEqualTo(303);
        assertThat(out.header(HttpHeaders.LOCATION)).isEqualTo("/login?out=1");
        assertThat(out.getHeaders().getAll(HttpHeaders.SET_COOKIE)).anyMatch(c -> c.startsWith("JWT=;") && c.contains("Max-Age=0"));
    }

    @Test
    void disablingAUserEndsTheSessionOfItsLoginCookie() {
        cn.chainatlas.testing.TestUsers.create(dsl, "soon-gone", "password-123", Role.PROVINCE, null, null);
        Page page = loginPage();
        String cookies = loginCookie(page, "soon-gone", "password-123") + "; CSRF=" + page.csrfCookie();
        HttpResponse<String> home = client.toBlocking().exchange(HttpRequest.GET("/").accept(MediaType.TEXT_HTML)
                .header(HttpHeaders.COOKIE, cookies), String.class);
        assertThat(home.code()).isEqualTo(200);
        client.toBlocking().exchange(HttpRequest.PATCH("/api/v1/users/soon-gone", Map.<String, Object>of("enabled", false))
                .basicAuth("admin", ADMIN_PASSWORD), String.class);
        HttpResponse<String> after = client.toBlocking().exchange(HttpRequest.GET("/").accept(MediaType.TEXT_HTML)
                .header(HttpHeaders.COOKIE, cookies), String.class);
        assertThat(after.code()).isEqualTo(303);
        assertThat(after.header(HttpHeaders.LOCATION)).startsWith("/login");
    }

    @Test
    void loginRedirectsOnlyToLocalPages() {
        assertThat(LoginPages.safeNext("https://evil.example/")).isEqualTo("/");
        assertThat(LoginPages.safeNext("//evil.example/")).isEqualTo("/");
        assertThat(LoginPages.safeNext("/enterprises?q=轴承")).isEqualTo("/enterprises?q=轴承");
    }
}
