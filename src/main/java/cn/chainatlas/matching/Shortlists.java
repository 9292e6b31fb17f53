package cn.chainatlas.matching;

import io.micronaut.core.annotation.Nullable;
import org.jooq.DSLContext;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A demand's shortlist. One truth: the shortlist is the demand's matchmaking records (a shortlisted candidate is a
 * record at stage 已入围 SHORTLISTED, and stays on the list as it moves on), so the matchmaking package implements
 * this on its own tables and matching only asks. Writes take the caller's transaction.
 */
public interface Shortlists {

    /**
     * @param recordId   the matchmaking record
     * @param stage      its stage (SHORTLISTED … SUPPLYING, ENDED)
     * @param stageLabel the stage in Chinese
     */
    record Entry(long demandId, String creditCode, String name, String addedBy, LocalDateTime addedAt, @Nullable String note,
                 long recordId, String stage, String stageLabel) {
    }

    List<Entry> of(long demandId);

    Optional<Entry> find(DSLContext tx, long demandId, String creditCode);

    /** Shortlists the candidate: a new matchmaking record at SHORTLISTED; its id. */
    long add(DSLContext tx, long demandId, String creditCode, String by, @Nullable String note);

    /** Takes it off: only while its record has not moved past SHORTLISTED (else 400 saying to end the record instead). */
    void remove(DSLContext tx, long demandId, String creditCode);
}
