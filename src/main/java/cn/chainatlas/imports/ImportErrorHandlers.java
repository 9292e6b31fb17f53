package cn.chainatlas.imports;

import cn.chainatlas.enterprise.InvalidInput;
import cn.chainatlas.excel.FileRejected;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/** How import and registry errors reach API clients: a status, a code and a Chinese message. */
final class ImportErrorHandlers {

    private ImportErrorHandlers() {
    }

    @Produces
    @Singleton
    static final class Rejected implements ExceptionHandler<FileRejected, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, FileRejected e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.code());
            body.put("code", e.code());
            body.put("message", e.getMessage());
            if (e instanceof ImportService.BatchFileRejected b) {
                body.put("batchId", b.batchId());
            }
            HttpStatus status = "FILE_TOO_LARGE".equals(e.code()) ? HttpStatus.REQUEST_ENTITY_TOO_LARGE : HttpStatus.UNPROCESSABLE_ENTITY;
            return HttpResponse.status(status).body(body);
        }
    }

    @Produces
    @Singleton
    static final class Conflict implements ExceptionHandler<ImportConflict, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, ImportConflict e) {
            return HttpResponse.status(HttpStatus.CONFLICT).body(Map.of("error", "conflict", "message", e.getMessage()));
        }
    }

    @Produces
    @Singleton
    static final class Missing implements ExceptionHandler<ImportService.NotFound, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, ImportService.NotFound e) {
            return HttpResponse.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found", "message", e.getMessage()));
        }
    }

    @Produces
    @Singleton
    static final class Invalid implements ExceptionHandler<InvalidInput, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, InvalidInput e) {
            return HttpResponse.status(HttpStatus.BAD_REQUEST).body(Map.of("error", "invalid", "message", e.getMessage()));
        }
    }
}
