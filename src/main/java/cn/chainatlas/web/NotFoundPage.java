package cn.chainatlas.web;


import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/** An address that leads nowhere: a Chinese page for the browser, JSON for the API. */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
final class NotFoundPage {

    private final ErrorResponses errors;

    NotFoundPage(ErrorResponses errors) {
        this.errors = errors;
    }

    @Error(status = HttpStatus.NOT_FOUND, global = true)
    HttpResponse<?> notFound(HttpRequest<?> request) {
        return errors.of(request, HttpStatus.NOT_FOUND, "not_found", "找不到地址 " + request.getPath(), null);
    }
}
