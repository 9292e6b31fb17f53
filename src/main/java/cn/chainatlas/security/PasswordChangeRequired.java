package cn.chainatlas.security;

import cn.chainatlas.web.ErrorResponses;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;

import java.net.URI;
import java.util.List;

/**
 * An account whose password was handed out (the first-start admin) may do nothing but change it: pages send the
 * browser to {@code /me/password}, the API answers 403 {@code password_change_required}. Logout, the login page,
 * health and static files stay open.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class PasswordChangeRequired implements Ordered {

    private static final List<String> OPEN = List.of(OwnPasswordPages.PAGE, "/api/v1/me/password", "/logout",
            "/login", "/health", "/static/", "/webjars/", "/favicon.ico");

    private final ErrorResponses errors;

    PasswordChangeRequired(ErrorResponses errors) {
        this.errors = errors;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    @Nullable HttpResponse<?> check(HttpRequest<?> request) {
        Authentication authentication = request.getUserPrincipal(Authentication.class).orElse(null);
        if (authentication == null
                || !Boolean.TRUE.equals(authentication.getAttributes().get(DatabaseAuthenticationProvider.ATTR_MUST_CHANGE))) {
            return null;
        }
        String path = request.getPath();
        if (OPEN.stream().anyMatch(p -> path.equals(p) || (p.endsWith("/") && path.startsWith(p)) || path.startsWith(p + "/"))) {
            return null;
        }
        if (request.getMethod() == HttpMethod.GET && ErrorResponses.wantsHtml(request) && !ErrorResponses.isHtmx(request)) {
            return HttpResponse.seeOther(URI.create(OwnPasswordPages.PAGE + "?required=1"));
        }
        return errors.of(request, HttpStatus.FORBIDDEN, "password_change_required",
                "请先修改初始密码（页面 /me/password，或 POST /api/v1/me/password）", null);
    }
}
