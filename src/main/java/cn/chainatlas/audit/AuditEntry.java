package cn.chainatlas.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.LocalDateTime;

/** One line of the audit log: who did what to which target, with the state before and after (JSON). */
@Serdeable
public record AuditEntry(long id, LocalDateTime happenedAt, String username, String action, @Nullable String target,
                         @Nullable String before, @Nullable String after, @Nullable String detail) {
}
