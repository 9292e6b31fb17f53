package cn.chainatlas.matchmaking;

import cn.chainatlas.demand.DemandRecordsHeld;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import static cn.chainatlas.db.schema.Tables.MATCHMAKING_RECORD;

/** Tells the demand package that a demand carries 供需对接 records, so they are never deleted with it. */
@Singleton
class MatchmakingRecordsOnDemand implements DemandRecordsHeld {

    @Override
    public int recordsOn(DSLContext tx, long demandId) {
        return tx.fetchCount(MATCHMAKING_RECORD, MATCHMAKING_RECORD.DEMAND_ID.eq(demandId));
    }

    @Override
    public String what() {
        return "供需对接记录";
    }
}
