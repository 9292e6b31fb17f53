package cn.chainatlas.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.Map;

@Produces
@Singleton
final class ForbiddenHandler implements ExceptionHandler<Forbidden, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, Forbidden exception) {
        return HttpResponse.status(io.micronaut.http.HttpStatus.FORBIDDEN)
                .body(Map.of("error", "forbidden", "message", exception.getMessage()));
    }
}
