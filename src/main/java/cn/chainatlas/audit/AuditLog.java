package cn.chainatlas.audit;

import cn.chainatlas.common.Actor;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.io.IOException;
import java.io.UncheckedIOException;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;

/**
 * Every write is recorded here with who, what, before and after. Call it inside the same transaction as the
 * write (pass the transaction's DSLContext) so that a rolled-back change leaves no audit line behind.
 */
@Singleton
public final class AuditLog {

    private final DSLContext dsl;
    private final JsonMapper json;

    AuditLog(DSLContext dsl, JsonMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    public void record(Actor actor, String action, @Nullable String target,
                       @Nullable Object before, @Nullable Object after, @Nullable String detail) {
        record(dsl, actor, action, target, before, after, detail);
    }

    public void record(DSLContext tx, Actor actor, String action, @Nullable String target,
                       @Nullable Object before, @Nullable Object after, @Nullable String detail) {
        tx.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.USERNAME, actor.username())
                .set(AUDIT_LOG.ACTION, action)
                .set(AUDIT_LOG.TARGET, truncate(target, 300))
                .set(AUDIT_LOG.BEFORE_STATE, toJson(before))
                .set(AUDIT_LOG.AFTER_STATE, toJson(after))
                .set(AUDIT_LOG.DETAIL, truncate(detail, 2000))
                .execute();
    }

    private String toJson(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
