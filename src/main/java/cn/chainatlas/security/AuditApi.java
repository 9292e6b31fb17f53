package cn.chainatlas.security;

import cn.chainatlas.audit.AuditQuery;

import cn.chainatlas.audit.AuditService;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.time.LocalDate;

/** {@code GET /api/v1/audit?user=&action=&target=&from=2026-01-01&to=2026-12-31&page=1&size=50} (ADMIN). */
@Controller("/api/v1/audit")
@Secured(SecurityRule.IS_AUTHENTICATED)
final class AuditApi {

    private final AuditService audit;

    AuditApi(AuditService audit) {
        this.audit = audit;
    }

    @Get
    AuditService.Page search(Authentication authentication, @Nullable @QueryValue String user,
                             @Nullable @QueryValue String action, @Nullable @QueryValue String target,
                             @Nullable @QueryValue LocalDate from, @Nullable @QueryValue LocalDate to,
                             @Nullable @QueryValue Integer page, @Nullable @QueryValue Integer size) {
        return audit.search(Actors.of(authentication), new AuditQuery(user, action, target, from, to,
                page == null ? 1 : page, size == null ? 50 : size));
    }
}
