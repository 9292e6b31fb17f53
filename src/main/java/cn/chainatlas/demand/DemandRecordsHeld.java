package cn.chainatlas.demand;

import org.jooq.DSLContext;

/**
 * A feature that keeps records on a demand — the 供需对接 records of package {@code matchmaking} — so that deleting a
 * demand, or rolling back the upload that created it, cannot take those records with it. The demand table's foreign
 * keys cascade (a record cannot outlive its demand), which is why the refusal has to come before the delete.
 * Implemented by the feature that owns the records; {@link DemandService} asks every implementation.
 */
public interface DemandRecordsHeld {

    /** How many of this feature's records rest on the demand, counted inside the deleting transaction {@code tx}. */
    int recordsOn(DSLContext tx, long demandId);

    /** What such a record is called in the refusal the user reads, e.g. "供需对接记录". */
    String what();
}
