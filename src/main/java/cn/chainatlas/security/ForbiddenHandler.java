package cn.chainatlas.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A service refused the actor: 403 JSON {error, message} for the API, an error page (.flash-error) for pages. */
@Produces
@Singleton
final class ForbiddenHandler implements ExceptionHandler<Forbidden, HttpResponse<?>> {

    private final ErrorResponses errors;

    ForbiddenHandler(ErrorResponses errors) {
        this.errors = errors;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, Forbidden exception) {
        return errors.of(request, HttpStatus.FORBIDDEN, "forbidden", exception.getMessage(), null);
    }
}
