package cn.chainatlas.web;

import io.micronaut.core.io.Writable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Renders every HTML page to its bytes before the answer leaves, so that a template that fails half-way becomes
 * the styled 500 page at once.
 *
 * <p>Why: the views filter hands the answer a {@link Writable} that Thymeleaf fills only when the server writes the
 * body. An exception there is thrown on the I/O executor after the status was decided and outside every exception
 * handler: the server logs it as uncaught and never finishes the answer, and the browser waits until its own
 * timeout (about 30 s) for a page that never comes. Rendering here, inside the filter chain, puts the failure where
 * {@link ErrorHandling} answers it. Pages are small (a few hundred KB at most) and were buffered whole by the
 * server's body writer anyway; downloads are not HTML and pass untouched.
 *
 * <p>The filter sits just inside the security headers, so it also finishes the error pages that the security and
 * CSRF filters answer; it runs on the blocking executor because a template may call services (the page dialect).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class FinishedPages implements Ordered {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FinishedPages.class);

    /** the answer when even the error page cannot be rendered: plain, Chinese, nothing of the exception */
    private static final String LAST_RESORT = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            + "<title>系统出错</title></head><body><h1>系统出错</h1><p>服务器内部错误，页面未能显示。请稍后重试；"
            + "如反复出现，请告诉平台管理员（编号 %s）。</p><p><a href=\"/\">首页</a></p></body></html>";

    private final ErrorHandling.Unexpected unexpected;

    FinishedPages(ErrorHandling.Unexpected unexpected) {
        this.unexpected = unexpected;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.after();
    }

    @ResponseFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<?> finish(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!(response.body() instanceof Writable page) || !isHtml(response)) {
            return response;
        }
        try {
            return response.body(bytes(page));
        } catch (Exception | LinkageError failed) {
            MutableHttpResponse<?> error = (MutableHttpResponse<?>) unexpected.handle(request,
                    failed instanceof Exception e ? e : new IllegalStateException(failed));
            if (error.body() instanceof Writable errorPage) {
                try {
                    return error.body(bytes(errorPage));
                } catch (Exception | LinkageError alsoFailed) {
                    String incident = java.util.UUID.randomUUID().toString().substring(0, 8);
                    LOG.error("Incident {}: the error page of {} {} failed too", incident, request.getMethodName(),
                            request.getPath(), alsoFailed);
                    return HttpResponse.status(HttpStatus.INTERNAL_SERVER_ERROR)
                            .contentType(MediaType.TEXT_HTML + ";charset=utf-8")
                            .body(String.format(LAST_RESORT, incident).getBytes(StandardCharsets.UTF_8));
                }
            }
            return error;
        }
    }

    private static boolean isHtml(MutableHttpResponse<?> response) {
        return response.getContentType().map(t -> t.matches(MediaType.TEXT_HTML_TYPE)).orElse(false);
    }

    private static byte[] bytes(Writable page) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        page.writeTo(out, StandardCharsets.UTF_8);
        return out.toByteArray();
    }
}
