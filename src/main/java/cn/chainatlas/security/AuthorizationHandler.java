package cn.chainatlas.security;

import cn.chainatlas.web.ErrorResponses;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Not logged in: a browser opening a page goes to the login page (and back afterwards), htmx is told to go
 * there, the API answers 401 with a Basic challenge. Logged in but the route's role does not fit: 403.
 */
@Produces
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
final class AuthorizationHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    private final ErrorResponses errors;

    AuthorizationHandler(ErrorResponses errors) {
        this.errors = errors;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        if (exception.isForbidden()) {
            return errors.of(request, HttpStatus.FORBIDDEN, "forbidden", "当前账号的角色无权访问此页面或接口", null);
        }
        if (!ErrorResponses.wantsHtml(request)) {
            return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"ChainAtlas\", charset=\"UTF-8\"")
                    .body(Map.of("error", "unauthorized", "message", "需要登录：API 请使用 HTTP Basic 用户名和密码"));
        }
        String login = "/login";
        if ("GET".equals(request.getMethodName()) && !"/".equals(request.getPath())) {
            String target = request.getUri().getRawPath()
                    + (request.getUri().getRawQuery() == null ? "" : "?" + request.getUri().getRawQuery());
            login += "?next=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
        }
        if (ErrorResponses.isHtmx(request)) {
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).header("HX-Redirect", login);
        }
        return HttpResponse.seeOther(URI.create(login));
    }
}
