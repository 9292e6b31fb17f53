package cn.chainatlas.security;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.List;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;

/** Reading the audit log: ADMIN only (it shows every person's changes across all cities). */
@Singleton
public final class AuditService {

    @Serdeable
    public record Page(long total, int page, int size, List<AuditEntry> items) {
        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }
    }

    private final DSLContext dsl;

    AuditService(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Page search(Actor actor, AuditQuery q) {
        actor.requireRole(Role.ADMIN);
        List<Condition> where = new ArrayList<>();
        if (notBlank(q.user())) {
            where.add(AUDIT_LOG.USERNAME.eq(q.user().trim()));
        }
        if (notBlank(q.action())) {
            // "IMPORT" finds IMPORT_COMMIT and IMPORT_ROLLBACK
            String a = q.action().trim();
            where.add(AUDIT_LOG.ACTION.eq(a).or(AUDIT_LOG.ACTION.startsWith(a + "_")).or(AUDIT_LOG.ACTION.startsWith(a + ".")));
        }
        if (notBlank(q.target())) {
            where.add(AUDIT_LOG.TARGET.contains(q.target().trim()));
        }
        if (q.from() != null) {
            where.add(AUDIT_LOG.HAPPENED_AT.ge(q.from().atStartOfDay()));
        }
        if (q.to() != null) {
            where.add(AUDIT_LOG.HAPPENED_AT.lt(q.to().plusDays(1).atStartOfDay()));
        }
        Condition condition = DSL.and(where);
        long total = dsl.fetchCount(AUDIT_LOG, condition);
        List<AuditEntry> items = dsl.selectFrom(AUDIT_LOG).where(condition)
                .orderBy(AUDIT_LOG.HAPPENED_AT.desc(), AUDIT_LOG.ID.desc())
                .limit(q.size()).offset((q.page() - 1) * q.size())
                .fetch(r -> new AuditEntry(r.getId(), r.getHappenedAt(), r.getUsername(), r.getAction(), r.getTarget(),
                        r.getBeforeState(), r.getAfterState(), r.getDetail()));
        return new Page(total, q.page(), q.size(), items);
    }

    /** The distinct action codes recorded so far, for the filter's choice list. */
    public List<String> actions(Actor actor) {
        actor.requireRole(Role.ADMIN);
        return dsl.selectDistinct(AUDIT_LOG.ACTION).from(AUDIT_LOG).orderBy(AUDIT_LOG.ACTION).fetch(AUDIT_LOG.ACTION);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
