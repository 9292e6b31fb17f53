package cn.chainatlas.audit;

import cn.chainatlas.common.Role;

import cn.chainatlas.common.Actor;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.Comparator;
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

    /** lines read for one target when trails join the answer; an enterprise has far fewer */
    private static final int TARGET_LIMIT = 10_000;

    private final DSLContext dsl;
    private final List<AuditTrail> trails;

    AuditService(DSLContext dsl, List<AuditTrail> trails) {
        this.dsl = dsl;
        this.trails = trails;
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
        List<AuditEntry> extra = fromTrails(q);
        if (!extra.isEmpty()) {
            // the log's own lines for one target are few: merge with the trails' entries and page in memory
            List<AuditEntry> all = new ArrayList<>(dsl.selectFrom(AUDIT_LOG).where(condition).limit(TARGET_LIMIT).fetch(AuditService::entry));
            all.addAll(extra);
            all.sort(Comparator.comparing(AuditEntry::happenedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(AuditEntry::id).reversed());
            int from = (int) Math.min(all.size(), (long) (q.page() - 1) * q.size());
            return new Page(all.size(), q.page(), q.size(), List.copyOf(all.subList(from, Math.min(all.size(), from + q.size()))));
        }
        long total = dsl.fetchCount(AUDIT_LOG, condition);
        List<AuditEntry> items = dsl.selectFrom(AUDIT_LOG).where(condition)
                .orderBy(AUDIT_LOG.HAPPENED_AT.desc(), AUDIT_LOG.ID.desc())
                .limit(q.size()).offset((long) (q.page() - 1) * q.size())
                .fetch(AuditService::entry);
        return new Page(total, q.page(), q.size(), items);
    }

    private static AuditEntry entry(org.jooq.Record r) {
        return new AuditEntry(r.get(AUDIT_LOG.ID), r.get(AUDIT_LOG.HAPPENED_AT), r.get(AUDIT_LOG.USERNAME),
                r.get(AUDIT_LOG.ACTION), r.get(AUDIT_LOG.TARGET), r.get(AUDIT_LOG.BEFORE_STATE), r.get(AUDIT_LOG.AFTER_STATE),
                r.get(AUDIT_LOG.DETAIL));
    }

    /** What the trails add about the searched target, filtered like the log's own lines. */
    private List<AuditEntry> fromTrails(AuditQuery q) {
        if (!notBlank(q.target()) || trails.isEmpty()) {
            return List.of();
        }
        String target = q.target().trim();
        List<AuditEntry> logged = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.TARGET.contains(target))
                .orderBy(AUDIT_LOG.HAPPENED_AT, AUDIT_LOG.ID).limit(TARGET_LIMIT).fetch(AuditService::entry);
        List<AuditEntry> out = new ArrayList<>();
        for (AuditTrail trail : trails) {
            for (AuditEntry e : trail.entriesFor(target, logged)) {
                if (matches(e, q)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static boolean matches(AuditEntry e, AuditQuery q) {
        if (notBlank(q.user()) && !q.user().trim().equals(e.username())) {
            return false;
        }
        if (notBlank(q.action())) {
            String a = q.action().trim();
            if (!(e.action().equals(a) || e.action().startsWith(a + "_") || e.action().startsWith(a + "."))) {
                return false;
            }
        }
        if (q.from() != null && (e.happenedAt() == null || e.happenedAt().isBefore(q.from().atStartOfDay()))) {
            return false;
        }
        return q.to() == null || (e.happenedAt() != null && e.happenedAt().isBefore(q.to().plusDays(1).atStartOfDay()));
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
