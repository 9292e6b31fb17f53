package cn.chainatlas.security;

import cn.chainatlas.web.ErrorResponses;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * An HTTP Basic try that was throttled or hit a locked name is refused with 429 Too Many Requests and a
 * Retry-After header (503 while the password checks are queued full), with a Chinese message, instead of the plain
 * 401: a script learns to wait rather than to try again at once. Unknown names get the same answers.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class LoginRefusals implements Ordered {

    static final String ATTRIBUTE = "chainatlas.login.refusal";

    private final ErrorResponses errors;

    LoginRefusals(ErrorResponses errors) {
        this.errors = errors;
    }

    @Override
    public int getOrder() {
        // outside the security filter, so the 401 it produced comes through here
        return ServerFilterPhase.SESSION.order();
    }

    @ResponseFilter
    @Nullable MutableHttpResponse<?> refuse(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.code() != HttpStatus.UNAUTHORIZED.getCode()) {
            return null;
        }
        PasswordLogin.Result result = request.getAttribute(ATTRIBUTE, PasswordLogin.Result.class).orElse(null);
        if (result == null) {
            return null;
        }
        MutableHttpResponse<?> answer = switch (result.outcome()) {
            case THROTTLED -> errors.of(request, HttpStatus.TOO_MANY_REQUESTS, "too_many_attempts",
                    "登录尝试过于频繁，请 " + result.waitSeconds() + " 秒后再试", null);
            case LOCKED -> errors.of(request, HttpStatus.TOO_MANY_REQUESTS, "locked",
                    "该账号因登录失败次数过多已被锁定，请 " + result.lockedMinutes() + " 分钟后再试，或联系平台管理员解锁", null);
            case BUSY -> errors.of(request, HttpStatus.SERVICE_UNAVAILABLE, "busy",
                    "同时登录的人较多，请 " + result.waitSeconds() + " 秒后再试", null);
            default -> null;
        };
        if (answer == null) {
            return null;
        }
        return answer.header(HttpHeaders.RETRY_AFTER, Long.toString(result.waitSeconds()));
    }
}
