package cn.chainatlas.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** 400 for {@link BadInput}, 404 for {@link NotFound}: JSON for the API, a page or fragment for the browser. */
final class ErrorHandlers {

    private ErrorHandlers() {
    }

    @Produces
    @Singleton
    static final class BadInputHandler implements ExceptionHandler<BadInput, HttpResponse<?>> {
        private final ErrorResponses errors;

        BadInputHandler(ErrorResponses errors) {
            this.errors = errors;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, BadInput e) {
            return errors.of(request, HttpStatus.BAD_REQUEST, "invalid", e.getMessage(), e.field());
        }
    }

    @Produces
    @Singleton
    static final class NotFoundHandler implements ExceptionHandler<NotFound, HttpResponse<?>> {
        private final ErrorResponses errors;

        NotFoundHandler(ErrorResponses errors) {
            this.errors = errors;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, NotFound e) {
            return errors.of(request, HttpStatus.NOT_FOUND, "not_found", e.getMessage(), null);
        }
    }
}
