package cn.chainatlas.audit;

import io.micronaut.core.annotation.Nullable;

import java.time.LocalDate;

/** Filters of the audit page and {@code GET /api/v1/audit}; all optional, combined with AND. */
public record AuditQuery(@Nullable String user, @Nullable String action, @Nullable String target,
                         @Nullable LocalDate from, @Nullable LocalDate to, int page, int size) {

    public AuditQuery {
        page = Math.max(page, 1);
        size = size <= 0 ? 50 : Math.min(size, 500);
    }
}
