package cn.chainatlas.security;

import cn.chainatlas.testing.DatabaseTest;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the running application, including routes other features add later, is asked without
 * credentials: the API must answer 401, a page must send the browser to the login page. Only the routes listed
 * in {@link #PUBLIC} may answer anything else; adding a public route means adding it there, on purpose.
 */
@MicronautTest
class RouteInventoryTest extends DatabaseTest {

    /** method + path template of routes that are public by design */
    static final Set<String> PUBLIC = Set.of("GET /login", "POST /login", "POST /logout", "GET /logout", "GET /favicon.ico",
            "GET /health",
            "GET /health/{selector}", "GET /health/liveness", "GET /health/readiness");

    @Override
    protected Map<String, String> extraProperties() {
        // a redirect to /login must be seen as such, not followed to the login page's 200
        return Map.of("micronaut.http.client.follow-redirects", "false");
    }

    @Inject
    Router router;

    @Inject
    @Client("/")
    HttpClient client;

    record Route(HttpMethod method, String template, List<MediaType> consumes) {
        String key() {
            // HEAD routes mirror GET routes
            return (method == HttpMethod.HEAD ? HttpMethod.GET : method) + " " + template;
        }

        boolean accepts(MediaType type) {
            return consumes.isEmpty() ? type.equals(MediaType.APPLICATION_JSON_TYPE)
                    : consumes.stream().anyMatch(c -> c.matches(type) || c.equals(MediaType.ALL_TYPE));
        }

        /** a concrete path: every {variable} becomes a plausible value */
        String path() {
            return template.replaceAll("\\{[^}]*}", "X1").replaceAll("\\{.*$", "");
        }
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        router.uriRoutes().forEach((UriRouteInfo<?, ?> r) ->
                routes.add(new Route(r.getHttpMethod(), r.getUriMatchTemplate().toString(), r.getConsumes())));
        return routes;
    }

    private int anonymous(Route route, boolean browser) {
        HttpResponse<?> response = anonymousResponse(route, browser);
        if (response.code() == 303 || response.code() == 302) {
            String location = response.header(HttpHeaders.LOCATION);
            return location != null && location.startsWith("/login") ? 1303 : response.code();
        }
        return response.code();
    }

    private HttpResponse<?> anonymousResponse(Route route, boolean browser) {
        MutableHttpRequest<?> request = HttpRequest.create(route.method(), route.path());
        if (browser) {
            request.header(HttpHeaders.ACCEPT, "text/html,application/xhtml+xml");
        }
        if (route.method().permitsRequestBody()) {
            // a body the route accepts, so that it is the missing login that refuses it, not the content type
            boolean multipart = route.accepts(MediaType.MULTIPART_FORM_DATA_TYPE);
            boolean form = route.accepts(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
            boolean json = route.accepts(MediaType.APPLICATION_JSON_TYPE);
            if (multipart && !form && !json) {
                request = ((MutableHttpRequest<Object>) request).body(MultipartBody.builder()
                        .addPart("file", "x.xlsx", MediaType.APPLICATION_OCTET_STREAM_TYPE, new byte[]{1, 2, 3}).build())
                        .contentType(MediaType.MULTIPART_FORM_DATA_TYPE);
            } else if (json && (route.path().startsWith("/api/") || !form)) {
                request = ((MutableHttpRequest<Object>) request).body(Map.of()).contentType(MediaType.APPLICATION_JSON_TYPE);
            } else {
                request = ((MutableHttpRequest<Object>) request).body(Map.of("x", "1")).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
            }
        }
        try {
            return client.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            return e.getResponse();
        }
    }

    @Test
    void theInventoryFindsTheRoutesOfThisFeature() {
        Set<String> keys = new TreeSet<>();
        routes().forEach(r -> keys.add(r.key()));
        assertThat(keys).contains("POST /api/v1/users", "GET /api/v1/users", "GET /api/v1/audit", "GET /admin/users",
                "GET /admin/audit", "GET /");
        // allocation of local capacity and the 补链 targets (issue 11)
        assertThat(keys).contains("GET /api/v1/chains/{code}/allocation", "GET /api/v1/chains/{code}/gap-targets",
                "GET /api/v1/chains/{code}/gap-targets.xlsx", "GET /chains/{code}/allocation", "GET /chains/{code}/gap-targets");
    }

    /** issue 10: the demand workbook's template and upload batches — closed like every other route */
    @Test
    void theInventoryFindsTheDemandUploadRoutes() {
        Set<String> keys = new TreeSet<>();
        routes().forEach(r -> keys.add(r.key()));
        assertThat(keys).contains("GET /api/v1/demands/template.xlsx", "POST /api/v1/demands/imports",
                "GET /api/v1/demands/imports", "GET /api/v1/demands/imports/{batchId}",
                "POST /api/v1/demands/imports/{batchId}/commit", "POST /api/v1/demands/imports/{batchId}/rollback",
                "GET /api/v1/demands/imports/{batchId}/errors.xlsx", "GET /demands/imports/{batchId}/done");
        assertThat(PUBLIC).noneMatch(k -> k.contains("/demands"));
    }

    /** issue 11: matchmaking records, board, figures, activities — closed like every other route */
    @Test
    void theInventoryFindsTheMatchmakingRoutes() {
        Set<String> keys = new TreeSet<>();
        routes().forEach(r -> keys.add(r.key()));
        assertThat(keys).contains("POST /api/v1/matchmaking", "GET /api/v1/matchmaking", "GET /api/v1/matchmaking/{id}",
                "POST /api/v1/matchmaking/{id}/moves", "POST /api/v1/matchmaking/{id}/notes",
                "PUT /api/v1/matchmaking/{id}/activity", "GET /api/v1/matchmaking/board", "GET /api/v1/matchmaking/figures",
                "GET /api/v1/matchmaking/figures.xlsx", "GET /api/v1/demands/{id}/matchmaking", "GET /api/v1/activities",
                "POST /api/v1/activities", "GET /api/v1/activities/{id}", "PUT /api/v1/activities/{id}",
                "DELETE /api/v1/activities/{id}", "GET /demands/{id}/matchmaking", "GET /matchmaking/{id}",
                "POST /matchmaking/{id}/move", "POST /matchmaking/{id}/note", "GET /matchmaking/board",
                "GET /matchmaking/figures", "GET /activities", "POST /activities", "POST /activities/{id}/delete");
        assertThat(PUBLIC).noneMatch(k -> k.contains("matchmaking") || k.contains("activities"));
    }

    @Test
    void everyApiRouteAnswers401WithoutCredentials() {
        List<String> wrong = new ArrayList<>();
        for (Route route : routes()) {
            if (!route.template().startsWith("/api/") || PUBLIC.contains(route.key())) {
                continue;
            }
            int code = anonymous(route, false);
            if (code != 401) {
                wrong.add(route.key() + " → " + code);
            }
        }
        assertThat(wrong).as("API routes reachable without credentials").isEmpty();
    }

    @Test
    void everyPageRouteSendsTheBrowserToTheLoginPage() {
        List<String> wrong = new ArrayList<>();
        for (Route route : routes()) {
            if (route.template().startsWith("/api/") || PUBLIC.contains(route.key())) {
                continue;
            }
            int code = anonymous(route, true);
            if (code == 406) {
                // not a page (management endpoints produce JSON only): asked as a script, it must say 401
                code = anonymous(route, false);
            }
            // 1303: a redirect to /login; 401 is fine for routes that are not pages (downloads, fragments)
            if (code != 1303 && code != 401) {
                wrong.add(route.key() + " → " + code);
            }
        }
        assertThat(wrong).as("page routes reachable without logging in").isEmpty();
    }

    /**
     * Every route, asked as a browser and as a script, answers with the security headers (whatever the status:
     * a page, a redirect to the login page, a 401, a 404), and downloads of registry data are never cached.
     */
    @Test
    void everyRouteAnswersWithTheSecurityHeaders() {
        List<String> wrong = new ArrayList<>();
        for (Route route : routes()) {
            for (boolean browser : new boolean[]{true, false}) {
                HttpResponse<?> r = anonymousResponse(route, browser);
                String where = route.key() + (browser ? " (browser)" : " (script)") + " → " + r.code();
                String csp = r.header("Content-Security-Policy");
                if (csp == null || !csp.contains("frame-ancestors 'none'") || !csp.contains("script-src 'self' 'nonce-")) {
                    wrong.add(where + ": Content-Security-Policy " + csp);
                }
                if (!"nosniff".equals(r.header("X-Content-Type-Options"))) {
                    wrong.add(where + ": X-Content-Type-Options");
                }
                if (r.header("Referrer-Policy") == null) {
                    wrong.add(where + ": Referrer-Policy");
                }
                String path = route.path();
                if ((path.endsWith(".xlsx") || path.endsWith(".docx") || path.startsWith("/reports"))
                        && !String.valueOf(r.header(HttpHeaders.CACHE_CONTROL)).contains("no-store")) {
                    wrong.add(where + ": Cache-Control no-store");
                }
            }
        }
        assertThat(wrong).as("answers without the security headers").isEmpty();
    }

    @Test
    void thePublicRoutesAreOnlyTheLoginAndHealth() {
        List<String> unexpected = new ArrayList<>();
        for (Route route : routes()) {
            if (PUBLIC.contains(route.key())) {
                continue;
            }
            // a route that answers 2xx to an anonymous browser is public whether it meant to be or not
            int code = anonymous(route, true);
            if (code >= 200 && code < 300) {
                unexpected.add(route.key());
            }
        }
        assertThat(unexpected).isEmpty();
    }
}
