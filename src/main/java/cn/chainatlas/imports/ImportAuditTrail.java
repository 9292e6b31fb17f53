package cn.chainatlas.imports;

import cn.chainatlas.db.schema.tables.records.ImportBatchRecord;
import cn.chainatlas.enterprise.RegistryHistory;
import cn.chainatlas.audit.AuditEntry;
import cn.chainatlas.audit.AuditTrail;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each import batch did to one enterprise, for the audit log searched by that enterprise: a batch writes
 * one audit line (IMPORT_COMMIT on import_batch:N), and these entries come from the previous states it kept for
 * rollback. "Before" is the kept state; "after" is the next change's "before" (a later batch or an edit), the
 * state kept at its rollback, or the enterprise as it is now.
 */
@Singleton
final class ImportAuditTrail implements AuditTrail {

    private static final Pattern CREDIT_CODE = Pattern.compile("[0-9A-Z]{18}");

    private final RegistryHistory history;
    private final ImportRepository batches;
    private final JsonMapper json;

    ImportAuditTrail(RegistryHistory history, ImportRepository batches, JsonMapper json) {
        this.history = history;
        this.batches = batches;
        this.json = json;
    }

    /** A known state of the enterprise from some moment on. */
    private record Event(LocalDateTime at, @Nullable String before) {
    }

    @Override
    public List<AuditEntry> entriesFor(String target, List<AuditEntry> logged) {
        Matcher m = CREDIT_CODE.matcher(target.toUpperCase());
        if (!m.find()) {
            return List.of();
        }
        String code = m.group();
        List<RegistryHistory.Version> versions = history.versions(code);
        if (versions.isEmpty()) {
            return List.of();
        }
        Map<Long, ImportBatchRecord> byId = batches.batches(versions.stream().map(RegistryHistory.Version::batchId).toList());
        List<Event> events = new ArrayList<>();
        for (AuditEntry e : logged) {
            if (("enterprise:" + code).equals(e.target()) && e.happenedAt() != null) {
                events.add(new Event(e.happenedAt(), e.before()));
            }
        }
        for (RegistryHistory.Version v : versions) {
            ImportBatchRecord b = byId.get(v.batchId());
            if (b != null && b.getCommittedAt() != null) {
                events.add(new Event(b.getCommittedAt(), json(v.before())));
            }
        }
        List<AuditEntry> out = new ArrayList<>();
        for (RegistryHistory.Version v : versions) {
            ImportBatchRecord b = byId.get(v.batchId());
            if (b == null || b.getCommittedAt() == null) {
                continue;
            }
            String before = json(v.before());
            boolean rolledBack = b.getRolledBackAt() != null;
            String after = rolledBack ? v.undoneState() : next(events, b.getCommittedAt(), code);
            String what = v.before() == null ? "新增" : "更新";
            out.add(new AuditEntry(-b.getId(), b.getCommittedAt(), b.getUsername(), "IMPORT_COMMIT", "enterprise:" + code,
                    before, after, "导入批次 " + b.getId() + "（" + b.getFileName() + "）" + what + "了此企业；整批记录见 import_batch:" + b.getId()));
            if (rolledBack) {
                out.add(new AuditEntry(-b.getId(), b.getRolledBackAt(), b.getRolledBackBy() == null ? b.getUsername() : b.getRolledBackBy(),
                        "IMPORT_ROLLBACK", "enterprise:" + code, v.undoneState(), before,
                        "回滚导入批次 " + b.getId() + "（" + b.getFileName() + "）：" + (v.before() == null ? "删除了该批新增的此企业" : "恢复到该批导入之前")));
            }
        }
        return out;
    }

    /** The state right after {@code at}: the before of the next known change, else the enterprise as it is now. */
    private String next(List<Event> events, LocalDateTime at, String code) {
        Event next = null;
        for (Event e : events) {
            if (e.at().isAfter(at) && (next == null || e.at().isBefore(next.at()))) {
                next = e;
            }
        }
        return next != null ? next.before() : json(history.currentState(code));
    }

    private @Nullable String json(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
