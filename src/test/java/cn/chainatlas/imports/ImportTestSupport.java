package cn.chainatlas.imports;

import cn.chainatlas.testing.DatabaseTest;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;

/** Uploads through the real API against the real database. */
public abstract class ImportTestSupport extends DatabaseTest {

    @Inject
    @Client("/")
    protected HttpClient client;

    @Inject
    protected DSLContext dsl;

    @Inject
    io.micronaut.security.csrf.generator.CsrfTokenGenerator<HttpRequest<?>> csrf;

    /** A random port: application.yml fixes 8080, which other checkouts on this machine may be using. */
    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new java.util.HashMap<>(super.getProperties());
        p.putIfAbsent("micronaut.server.port", "-1");
        p.putIfAbsent("chainatlas.imports.dir", java.nio.file.Path.of("target", "test-imports").toAbsolutePath().toString());
        return p;
    }

    @BeforeAll
    void fixtures() {
        RegistryFixtures.load(dsl);
    }

    public record Answer(int status, Map<String, Object> body) {
        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> errors() {
            return (List<Map<String, Object>>) body.get("errors");
        }

        public int num(String key) {
            return ((Number) body.get(key)).intValue();
        }
    }

    protected Answer upload(byte[] content, String fileName, String query) {
        return upload(content, fileName, query, "admin", ADMIN_PASSWORD);
    }

    protected Answer upload(byte[] content, String fileName, String query, String user, String password) {
        MultipartBody body = MultipartBody.builder()
                .addPart("file", fileName, MediaType.APPLICATION_OCTET_STREAM_TYPE, content).build();
        HttpRequest<?> request = HttpRequest.POST("/api/v1/imports" + (query == null ? "" : "?" + query), body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE);
        if (user != null) {
            request = ((io.micronaut.http.MutableHttpRequest<?>) request).basicAuth(user, password);
        }
        return exchange(request);
    }

    protected Answer post(String uri, String user, String password) {
        var request = HttpRequest.POST(uri, "");
        if (user != null) {
            request = request.basicAuth(user, password);
        }
        return exchange(request);
    }

    /** Adds a CSRF token as the page would (double-submit cookie and header), for whichever requests the filter checks. */
    protected <T> io.micronaut.http.MutableHttpRequest<T> withCsrf(io.micronaut.http.MutableHttpRequest<T> request) {
        String token = csrf.generateCsrfToken(request);
        return request.cookie(io.micronaut.http.cookie.Cookie.of("__Host-csrfToken", token)).header("X-CSRF-TOKEN", token);
    }

    protected Answer exchange(HttpRequest<?> request) {
        if (request instanceof io.micronaut.http.MutableHttpRequest<?> m && !"GET".equals(request.getMethodName())) {
            request = withCsrf(m);
        }
        try {
            HttpResponse<Map<String, Object>> r = client.toBlocking().exchange(request, Argument.mapOf(String.class, Object.class));
            return new Answer(r.code(), r.body());
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            Map<String, Object> b = e.getResponse().getBody(Map.class).orElse(Map.of());
            return new Answer(e.getStatus().getCode(), b);
        }
    }

    /** Everything stored in the registry, as text, to compare before and after. */
    protected String registrySnapshot() {
        return dsl.selectFrom(ENTERPRISE).orderBy(ENTERPRISE.CREDIT_CODE).fetch().formatCSV()
                + dsl.selectFrom(ENTERPRISE_NODE).orderBy(ENTERPRISE_NODE.CREDIT_CODE, ENTERPRISE_NODE.NODE_CODE).fetch().formatCSV();
    }

    protected int enterpriseCount() {
        return dsl.fetchCount(ENTERPRISE);
    }
}
