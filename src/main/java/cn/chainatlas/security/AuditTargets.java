package cn.chainatlas.security;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static cn.chainatlas.db.schema.Tables.CITY;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.IMPORT_BATCH;

/**
 * What a person calls the target of an audit entry: an enterprise by its name, an import batch by its city, file
 * and counts, a user and a demand in words. The stored form ({@code enterprise:9144…}) stays the filter's key;
 * this is only what the audit page and the home page's 最近的修改 show.
 */
@Singleton
public class AuditTargets {

    private final DSLContext dsl;

    AuditTargets(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Stored targets to their names; a target of an unknown kind or a deleted row keeps its stored form. */
    public Map<String, String> names(Collection<String> targets) {
        Set<String> codes = new HashSet<>();
        Set<Long> batches = new HashSet<>();
        Map<String, String> out = new HashMap<>();
        for (String t : targets) {
            if (t == null) {
                continue;
            }
            if (t.startsWith("enterprise:")) {
                codes.add(t.substring("enterprise:".length()));
            } else if (t.startsWith("import_batch:")) {
                try {
                    batches.add(Long.parseLong(t.substring("import_batch:".length())));
                } catch (NumberFormatException ignored) {
                    // not a batch number: keep it as stored
                }
            } else if (t.startsWith("user:")) {
                out.put(t, "用户 " + t.substring("user:".length()));
            } else if (t.startsWith("demand:")) {
                out.put(t, "需求 #" + t.substring("demand:".length()));
            }
        }
        if (!codes.isEmpty()) {
            dsl.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME).from(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.in(codes))
                    .forEach(r -> out.put("enterprise:" + r.value1(), r.value2()));
        }
        if (!batches.isEmpty()) {
            dsl.select(IMPORT_BATCH.ID, IMPORT_BATCH.FILE_NAME, CITY.NAME, IMPORT_BATCH.INSERTS, IMPORT_BATCH.UPDATES)
                    .from(IMPORT_BATCH).leftJoin(CITY).on(CITY.CODE.eq(IMPORT_BATCH.CITY_CODE))
                    .where(IMPORT_BATCH.ID.in(batches))
                    .forEach(r -> out.put("import_batch:" + r.value1(), (r.value3() == null ? "" : r.value3() + " ")
                            + r.value2() + "，新增 " + r.value4() + " 家、更新 " + r.value5() + " 家"));
        }
        return out;
    }

    public String name(@Nullable String target) {
        return target == null ? "" : names(java.util.List.of(target)).getOrDefault(target, target);
    }
}
