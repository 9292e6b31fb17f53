package cn.chainatlas.security;

import cn.chainatlas.common.Role;

import cn.chainatlas.testing.DatabaseTest;
import cn.chainatlas.testing.TestUsers;
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
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A login cookie dies with a password reset, a logout or a disable; passwords meet a rule; users change their own. */
@MicronautTest
class SessionAndPasswordTest extends DatabaseTest {

    static final String PW = "Kettle-Orbit-Lantern-42";
    static final String NEW_PW = "Harbour-Violet-Compass-77";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    DSLContext dsl;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("micronaut.http.client.follow-redirects", "false");
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

    private HttpResponse<String> send(MutableHttpRequest<?> request) {
        try {
            return client.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> response = (HttpResponse<String>) e.getResponse();
            return response;
        }
    }

    private HttpResponse<String> postForm(String path, Map<String, String> form, String cookies) {
        return send(HttpRequest.POST(path, form).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                .accept(MediaType.TEXT_HTML).header(HttpHeaders.COOKIE, cookies));
    }

    /** Logs in on the page; answers "JWT=…; CSRF=…" and the page's token. */
    private String[] login(String username, String password) {
        Page page = loginPage();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("password", password);
        form.put("csrfToken", page.token());
        HttpResponse<String> r = postForm("/login", form, "CSRF=" + page.csrfCookie());
        assertThat(r.code()).as(r.getBody(String.class).orElse("")).isEqualTo(303);
        String jwt = r.getHeaders().getAll(HttpHeaders.SET_COOKIE).stream().filter(c -> c.startsWith("JWT="))
                .findFirst().orElseThrow();
        return new String[]{jwt.substring(0, jwt.indexOf(';')) + "; CSRF=" + page.csrfCookie(), page.token()};
    }

    private int home(String cookies) {
        HttpResponse<String> r = send(HttpRequest.GET("/").accept(MediaType.TEXT_HTML).header(HttpHeaders.COOKIE, cookies));
        return r.code() == 303 && r.header(HttpHeaders.LOCATION).startsWith("/login") ? 1303 : r.code();
    }

    @Test
    void aPasswordResetEndsTheLoginCookie() {
        TestUsers.create(dsl, "reset-me", PW, Role.PROVINCE, null, null);
        String cookies = login("reset-me", PW)[0];
        assertThat(home(cookies)).isEqualTo(200);
        assertThat(send(HttpRequest.PATCH("/api/v1/users/reset-me", Map.of("password", NEW_PW))
                .basicAuth("admin", ADMIN_PASSWORD)).code()).isEqualTo(200);
        assertThat(home(cookies)).isEqualTo(1303);
    }

    @Test
    void logoutEndsTheLoginCookieEvenIfItWasCopied() {
        TestUsers.create(dsl, "leaves", PW, Role.PROVINCE, null, null);
        String[] session = login("leaves", PW);
        assertThat(home(session[0])).isEqualTo(200);
        assertThat(postForm("/logout", Map.of("csrfToken", session[1]), session[0]).code()).isEqualTo(303);
        assertThat(home(session[0])).isEqualTo(1303);
    }

    @Test
    void aCookieStaysDeadAfterTheAccountIsDisabledAndEnabledAgain() {
        TestUsers.create(dsl, "paused", PW, Role.PROVINCE, null, null);
        String cookies = login("paused", PW)[0];
        send(HttpRequest.PATCH("/api/v1/users/paused", Map.of("enabled", false)).basicAuth("admin", ADMIN_PASSWORD));
        send(HttpRequest.PATCH("/api/v1/users/paused", Map.of("enabled", true)).basicAuth("admin", ADMIN_PASSWORD));
        assertThat(home(cookies)).isEqualTo(1303);
        assertThat(home(login("paused", PW)[0])).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678", "password", "password123", "1234567890", "qwertyuiop", "          ",
            "weak-user1", "aaaaaaaaaaaa", "Short-1a", "woaini1314"})
    void commonAndTrivialPasswordsAreRefused(String password) {
        Map<String, Object> body = new HashMap<>();
        body.put("username", "weak-user1");
        body.put("password", password);
        body.put("role", "PROVINCE");
        HttpResponse<String> r = send(HttpRequest.POST("/api/v1/users", body).basicAuth("admin", ADMIN_PASSWORD));
        assertThat(r.code()).as(password).isEqualTo(400);
        assertThat(r.getBody(String.class).orElse("")).contains("\"field\":\"password\"");
        body.put("password", NEW_PW);
        body.put("username", "strong-" + Math.abs(password.hashCode()));
        assertThat(send(HttpRequest.POST("/api/v1/users", body).basicAuth("admin", ADMIN_PASSWORD)).code()).isEqualTo(201);
    }

    @Test
    void aUserChangesTheirOwnPasswordOverTheApiWithTheCurrentOne() {
        TestUsers.create(dsl, "self-api", PW, Role.CITY, null, null);
        HttpResponse<String> weak = send(HttpRequest.POST("/api/v1/me/password",
                Map.of("currentPassword", PW, "newPassword", "password1")).basicAuth("self-api", PW));
        assertThat(weak.code()).isEqualTo(400);
        assertThat(weak.getBody(String.class).orElse("")).contains("newPassword");
        assertThat(send(HttpRequest.POST("/api/v1/me/password", Map.of("currentPassword", PW, "newPassword", NEW_PW))
                .basicAuth("self-api", PW)).code()).isEqualTo(204);
        assertThat(send(HttpRequest.GET("/api/v1/users").basicAuth("self-api", NEW_PW)).code()).isEqualTo(403);
        assertThat(send(HttpRequest.GET("/api/v1/users").basicAuth("self-api", PW)).code()).isEqualTo(401);
        // without the current password, no change (a wrong one counts as a failed login)
        HttpResponse<String> wrongCurrent = send(HttpRequest.POST("/api/v1/me/password",
                Map.of("currentPassword", "not-it", "newPassword", "Another-Quiet-Meadow-31")).basicAuth("self-api", NEW_PW));
        assertThat(wrongCurrent.code()).isEqualTo(400);
        assertThat(wrongCurrent.getBody(String.class).orElse("")).contains("currentPassword");
    }

    @Test
    void aUserChangesTheirOwnPasswordOnAPage() {
        TestUsers.create(dsl, "self-page", PW, Role.PROVINCE, null, null);
        String[] session = login("self-page", PW);
        HttpResponse<String> page = send(HttpRequest.GET("/me/password").accept(MediaType.TEXT_HTML)
                .header(HttpHeaders.COOKIE, session[0]));
        assertThat(page.code()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"password-form\"");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("currentPassword", PW);
        form.put("newPassword", NEW_PW);
        form.put("confirmPassword", NEW_PW);
        form.put("csrfToken", session[1]);
        HttpResponse<String> changed = postForm("/me/password", form, session[0]);
        assertThat(changed.code()).isEqualTo(303);
        // the change ends the old cookie (and every other session of the account); the new password logs in
        assertThat(home(session[0])).isEqualTo(1303);
        assertThat(home(login("self-page", NEW_PW)[0])).isEqualTo(200);
    }
}
