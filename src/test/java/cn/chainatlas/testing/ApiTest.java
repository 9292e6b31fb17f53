package cn.chainatlas.testing;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.inject.Inject;
import org.jooq.DSLContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of JSON API tests: the real server on a random port, HTTP Basic as a script would call it, answers as
 * status and parsed body (a map, a list, or nothing).
 */
public abstract class ApiTest extends DatabaseTest {

    /** The password of the users tests create with {@link TestUsers}. */
    public static final String PW = "password-123";

    @Inject
    @Client("/")
    protected HttpClient client;

    @Inject
    protected DSLContext dsl;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(super.getProperties());
        p.putIfAbsent("micronaut.server.port", "-1");
        return p;
    }

    /** An answer: the status and the JSON body. */
    public record Answer(int status, Object body) {
        @SuppressWarnings("unchecked")
        public Map<String, Object> map() {
            return (Map<String, Object>) body;
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> list() {
            return (List<Map<String, Object>>) body;
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> list(String key) {
            return (List<Map<String, Object>>) map().get(key);
        }

        public String text(String key) {
            Object v = map().get(key);
            return v == null ? null : v.toString();
        }
    }

    protected Answer get(String uri, String user) {
        return send(HttpRequest.GET(uri), user);
    }

    protected Answer post(String uri, Object body, String user) {
        return send(HttpRequest.POST(uri, body), user);
    }

    protected Answer put(String uri, Object body, String user) {
        return send(HttpRequest.PUT(uri, body), user);
    }

    protected Answer delete(String uri, String user) {
        return send(HttpRequest.DELETE(uri), user);
    }

    protected Answer send(MutableHttpRequest<?> request, String user) {
        if (user != null) {
            request.basicAuth(user, "admin".equals(user) ? ADMIN_PASSWORD : PW);
        }
        try {
            HttpResponse<Object> r = client.toBlocking().exchange(request, Argument.OBJECT_ARGUMENT);
            return new Answer(r.code(), r.getBody().orElse(null));
        } catch (HttpClientResponseException e) {
            return new Answer(e.getStatus().getCode(), e.getResponse().getBody(Map.class).orElse(null));
        }
    }
}
