package cn.chainatlas.web;

import cn.chainatlas.common.DomainError;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;

import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * Every error the server answers goes through here or {@link ErrorResponses}: a {@link DomainError} with its own
 * status and Chinese message; anything unexpected as a 500 whose body names an incident number (the log has the
 * stack trace under it) and nothing else; and the framework's own refusals (a parameter that is not a number, a
 * missing parameter, a wrong method or media type) in Chinese, without the framework's English text, which can
 * name classes.
 */
final class ErrorHandling {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

    private ErrorHandling() {
    }

    @Produces
    @Singleton
    static final class DomainErrors implements ExceptionHandler<DomainError, HttpResponse<?>> {
        private final ErrorResponses errors;

        DomainErrors(ErrorResponses errors) {
            this.errors = errors;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, DomainError e) {
            MutableHttpResponse<?> answer = errors.of(request, HttpStatus.valueOf(e.status()), e.code(), e.getMessage(), e.field(), e.details());
            if (e instanceof cn.chainatlas.common.TooBusy busy && busy.retryAfterSeconds() > 0) {
                answer.header(io.micronaut.http.HttpHeaders.RETRY_AFTER, Integer.toString(busy.retryAfterSeconds()));
            }
            return answer;
        }
    }

    /** The last resort: nothing of the exception reaches the answer but an incident number to quote. */
    @Produces
    @Singleton
    static final class Unexpected implements ExceptionHandler<Exception, HttpResponse<?>> {
        private final ErrorResponses errors;

        Unexpected(ErrorResponses errors) {
            this.errors = errors;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, Exception e) {
            String incident = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Incident {}: {} {} failed", incident, request.getMethodName(), request.getPath(), e);
            return errors.of(request, HttpStatus.INTERNAL_SERVER_ERROR, "server_error",
                    "服务器内部错误，操作未完成。请稍后重试；如反复出现，请把编号 " + incident + " 告诉平台管理员。", null);
        }
    }

    /**
     * The framework's own error answers (conversion errors, missing parameters, 405, 415, 413 …) in our shape and
     * in Chinese; its default text is English and may quote the Java types involved.
     */
    @Singleton
    @Replaces(ErrorResponseProcessor.class)
    @io.micronaut.context.annotation.Primary
    static final class FrameworkErrors implements ErrorResponseProcessor<Object> {
        private final ErrorResponses errors;

        FrameworkErrors(ErrorResponses errors) {
            this.errors = errors;
        }

        @Override
        @SuppressWarnings("unchecked")
        public MutableHttpResponse<Object> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
            HttpStatus status = response.status();
            String message = message(context, status);
            MutableHttpResponse<?> answer = errors.of(context.getRequest(), status, code(status), message, null);
            answer.getHeaders().forEach((name, values) -> values.forEach(v -> response.getHeaders().add(name, v)));
            return ((MutableHttpResponse<Object>) response).body(answer.body()).contentType(answer.getContentType().orElse(null));
        }

        private static String message(ErrorContext context, HttpStatus status) {
            Throwable cause = context.getRootCause().orElse(null);
            String syntax = jsonSyntax(cause);
            if (syntax != null) {
                return syntax;
            }
            if (cause instanceof ConversionErrorException c) {
                if (c.getArgument().getAnnotationMetadata().hasAnnotation(io.micronaut.http.annotation.Body.class)) {
                    // the argument is the Java parameter the JSON binds to (edit, input …), a name the caller never
                    // wrote: name the JSON field the decoder stopped at, when it says which
                    String field = bodyField(c);
                    return field != null ? "字段「" + field + "」的值无法识别，请检查它的格式（如数字、日期 2026-01-31）"
                            : "请求内容（JSON）中有字段的值无法识别，请检查各字段的格式（如数字、日期 2026-01-31）";
                }
                return "参数「" + c.getArgument().getName() + "」的值无法识别，请检查它的格式（如数字、日期 2026-01-31）";
            }
            if (cause instanceof UnsatisfiedRouteException u) {
                // a missing body is named as such: its Java parameter's name ("body", "input") is not the caller's word
                return u.getArgument().getAnnotationMetadata().hasAnnotation(io.micronaut.http.annotation.Body.class)
                        ? "请求内容为空：请按接口说明以 JSON 发送（Content-Type: application/json）"
                        : "缺少必填参数「" + u.getArgument().getName() + "」";
            }
            return switch (status.getCode()) {
                case 400 -> "请求有误，无法处理";
                case 401 -> "需要登录";
                case 403 -> "无权执行此操作";
                case 404 -> "找不到所请求的内容";
                case 405 -> "不支持这种请求方式（" + context.getRequest().getMethodName() + "）";
                case 406 -> "无法按所要求的格式回答";
                // a GET has no upload: its address was too long (a search word of thousands of characters)
                case 413 -> "GET".equals(context.getRequest().getMethodName()) ? "请求的地址过长（如搜索词太长），请缩短后重试"
                        : "上传的内容超过大小上限";
                case 415 -> "不支持这种内容格式，请按接口说明发送（如 JSON 或 multipart 文件上传）";
                default -> status.getCode() >= 500 ? "服务器内部错误，操作未完成，请稍后重试" : "请求无法处理（" + status.getCode() + "）";
            };
        }

        /**
         * A body that is not JSON at all (a missing quote or comma), where the parser says where it stopped: 「请求内容不是
         * 有效的 JSON：第 1 行第 12 列附近有误」; null for any other failure.
         */
        static String jsonSyntax(Throwable cause) {
            com.fasterxml.jackson.core.JsonParseException p = cause(cause, com.fasterxml.jackson.core.JsonParseException.class);
            if (p == null) {
                return null;
            }
            com.fasterxml.jackson.core.JsonLocation at = p.getLocation();
            return "请求内容不是有效的 JSON" + (at != null && at.getLineNr() > 0
                    ? "：第 " + at.getLineNr() + " 行第 " + at.getColumnNr() + " 列附近有误" : "") + "，请检查引号、逗号和括号";
        }

        /** The first throwable of this type in the chain (at most 8 deep), or null. */
        private static <T extends Throwable> T cause(Throwable from, Class<T> type) {
            Throwable t = from;
            for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
                if (type.isInstance(t)) {
                    return type.cast(t);
                }
            }
            return null;
        }

        /** A property in serde's path ({@code Type["field"]}). */
        private static final java.util.regex.Pattern PATH_PROPERTY = java.util.regex.Pattern.compile("\\[\"([^\"]+)\"\\]");

        /** The JSON field a body's decoding failed at (micronaut-serde names it on the cause); null when none says. */
        static String bodyField(ConversionErrorException c) {
            Throwable t = c;
            for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
                if (t instanceof io.micronaut.serde.exceptions.InvalidPropertyFormatException p && p.getArgument() != null) {
                    return p.getArgument().getName();
                }
                if (t instanceof io.micronaut.serde.exceptions.SerdeException s && !s.getPath().isEmpty()) {
                    // a value of the wrong shape (a text where a list is expected …): serde names the path it was at
                    // the path names the Java type too (Type["field"]): only the JSON field's name is said
                    java.util.regex.Matcher m = PATH_PROPERTY.matcher(String.valueOf(s.getPathAsString()));
                    String field = null;
                    while (m.find()) {
                        field = m.group(1);
                    }
                    if (field != null) {
                        return field;
                    }
                }
            }
            return null;
        }

        private static String code(HttpStatus status) {
            return switch (status.getCode()) {
                case 400 -> "invalid";
                case 401 -> "unauthorized";
                case 403 -> "forbidden";
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 413 -> "too_large";
                case 415 -> "unsupported_media_type";
                default -> status.getCode() >= 500 ? "server_error" : "error";
            };
        }
    }
}
