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
import io.micronaut.http.cookie.Cookie;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The first-start admin password was handed out: until it is changed, the account can do nothing else. */
@MicronautTest
class FirstLoginTest extends DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("chainatlas.admin-must-change-password", "true", "micronaut.http.client.follow-redirects", "false");
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

    @Test
    void theFirstStartAdminMustChangeItsPasswordBeforeAnythingElse() {
        // the API refuses everything but the change
        HttpResponse<String> refused = send(HttpRequest.GET("/api/v1/users").basicAuth("admin", ADMIN_PASSWORD));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.body()).contains("password_change_required");
        // the login page leads to the change page, and every page goes there
        HttpResponse<String> page = send(HttpRequest.GET("/login").accept(MediaType.TEXT_HTML));
        String csrf = page.getCookie("CSRF").map(Cookie::getValue).orElseThrow();
        Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).isTrue();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", "admin");
        form.put("password", ADMIN_PASSWORD);
        form.put("csrfToken", m.group(1));
        HttpResponse<String> login = send(HttpRequest.POST("/login", form).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                .accept(MediaType.TEXT_HTML).header(HttpHeaders.COOKIE, "CSRF=" + csrf));
        assertThat(login.code()).isEqualTo(303);
        assertThat(login.header(HttpHeaders.LOCATION)).startsWith("/me/password");
        String jwt = login.getHeaders().getAll(HttpHeaders.SET_COOKIE).stream().filter(c -> c.startsWith("JWT=")).findFirst().orElseThrow();
        String cookies = jwt.substring(0, jwt.indexOf(';')) + "; CSRF=" + csrf;
        HttpResponse<String> home = send(HttpRequest.GET("/admin/users").accept(MediaType.TEXT_HTML).header(HttpHeaders.COOKIE, cookies));
        assertThat(home.code()).isEqualTo(303);
        assertThat(home.header(HttpHeaders.LOCATION)).startsWith("/me/password");
        HttpResponse<String> changePage = send(HttpRequest.GET("/me/password").accept(MediaType.TEXT_HTML).header(HttpHeaders.COOKIE, cookies));
        assertThat(changePage.body()).contains("id=\"password-required\"");
        // the handed-out password itself cannot be kept, a weak one is refused, a good one works at once
        assertThat(send(HttpRequest.POST("/api/v1/me/password", Map.of("currentPassword", ADMIN_PASSWORD,
                "newPassword", ADMIN_PASSWORD)).basicAuth("admin", ADMIN_PASSWORD)).code()).isEqualTo(400);
        assertThat(send(HttpRequest.POST("/api/v1/me/password", Map.of("currentPassword", ADMIN_PASSWORD,
                "newPassword", "admin12345")).basicAuth("admin", ADMIN_PASSWORD)).code()).isEqualTo(400);
        assertThat(send(HttpRequest.POST("/api/v1/me/password", Map.of("currentPassword", ADMIN_PASSWORD,
                "newPassword", "Quarry-Mosaic-Falcon-19")).basicAuth("admin", ADMIN_PASSWORD)).code()).isEqualTo(204);
        assertThat(send(HttpRequest.GET("/api/v1/users").basicAuth("admin", "Quarry-Mosaic-Falcon-19")).code()).isEqualTo(200);
        // the cookie from before the change is over
        HttpResponse<String> old = send(HttpRequest.GET("/").accept(MediaType.TEXT_HTML).header(HttpHeaders.COOKIE, cookies));
        assertThat(old.header(HttpHeaders.LOCATION)).startsWith("/login");
    }
}
