package cn.chainatlas.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.views.ViewsRenderer;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one way to answer an error: JSON {@code {error, message[, field], …details}} for the API and for scripts,
 * the styled error page (layout, Chinese title and hint per status) for a browser, and a small
 * {@code .flash-error} fragment for htmx so the message appears where the content would. The page is rendered
 * here rather than by the views filter, because errors also come from filters (CSRF, security) whose responses
 * the views filter never sees. The message is shown as it is: callers pass Chinese text meant for people.
 */
@Singleton
public final class ErrorResponses {

    private final ViewsRenderer<Map<String, Object>, HttpRequest<?>> views;

    ErrorResponses(ViewsRenderer<Map<String, Object>, HttpRequest<?>> views) {
        this.views = views;
    }

    /** API paths and requests that do not ask for HTML get JSON. */
    public static boolean wantsHtml(HttpRequest<?> request) {
        String path = request.getPath();
        if (path.startsWith("/api/")) {
            return false;
        }
        String accept = request.getHeaders().get(HttpHeaders.ACCEPT);
        return isHtmx(request) || (accept != null && accept.contains(MediaType.TEXT_HTML));
    }

    public static boolean isHtmx(HttpRequest<?> request) {
        return request.getHeaders().contains("HX-Request");
    }

    /** Statuses whose title and hint the bundle holds (error.title.N, error.hint.N). */
    static final Set<Integer> PAGE_STATUSES = Set.of(400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503);

    /**
     * The status whose title and hint the error page shows: its own when the bundle has them, else the generic
     * 400 or 500 — a status without keys (405 for a GET of a form's address, 406 …) showed the raw message key
     * ??error.title.405_en?? as the page's title.
     */
    static int pageStatus(int code) {
        return PAGE_STATUSES.contains(code) ? code : code >= 500 ? 500 : 400;
    }

    public MutableHttpResponse<?> of(HttpRequest<?> request, HttpStatus status, String error, String message,
                                     @Nullable String field) {
        return of(request, status, error, message, field, Map.of());
    }

    public MutableHttpResponse<?> of(HttpRequest<?> request, HttpStatus status, String error, String message,
                                     @Nullable String field, Map<String, Object> details) {
        if (!wantsHtml(request)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.put("message", message);
            if (field != null) {
                body.put("field", field);
            }
            details.forEach(body::putIfAbsent);
            return HttpResponse.status(status).contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("status", status.getCode());
        model.put("page", pageStatus(status.getCode()));
        model.put("error", error);
        model.put("message", message);
        model.put("field", field);
        String view = isHtmx(request) ? "error :: flash" : "error";
        return HttpResponse.status(status).contentType(MediaType.TEXT_HTML_TYPE + ";charset=utf-8")
                .body(views.render(view, model, request));
    }
}
