package cn.chainatlas.matching;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.SHORTLIST;

/** The shortlist table (owned here): candidates a buyer keeps for a demand. */
@Singleton
class ShortlistRepository {

    record Entry(long demandId, String creditCode, String name, String addedBy, LocalDateTime addedAt, @Nullable String note) {
    }

    private final DSLContext dsl;

    ShortlistRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    List<Entry> of(long demandId) {
        return dsl.select(SHORTLIST.DEMAND_ID, SHORTLIST.CREDIT_CODE, ENTERPRISE.NAME, SHORTLIST.ADDED_BY, SHORTLIST.ADDED_AT, SHORTLIST.NOTE)
                .from(SHORTLIST).join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(SHORTLIST.CREDIT_CODE))
                .where(SHORTLIST.DEMAND_ID.eq(demandId))
                .orderBy(SHORTLIST.ADDED_AT, SHORTLIST.CREDIT_CODE)
                .fetch(r -> new Entry(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    Optional<Entry> find(DSLContext tx, long demandId, String creditCode) {
        return tx.select(SHORTLIST.DEMAND_ID, SHORTLIST.CREDIT_CODE, ENTERPRISE.NAME, SHORTLIST.ADDED_BY, SHORTLIST.ADDED_AT, SHORTLIST.NOTE)
                .from(SHORTLIST).join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(SHORTLIST.CREDIT_CODE))
                .where(SHORTLIST.DEMAND_ID.eq(demandId)).and(SHORTLIST.CREDIT_CODE.eq(creditCode))
                .fetchOptional(r -> new Entry(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    void add(DSLContext tx, long demandId, String creditCode, String by, @Nullable String note) {
        tx.insertInto(SHORTLIST)
                .set(SHORTLIST.DEMAND_ID, demandId)
                .set(SHORTLIST.CREDIT_CODE, creditCode)
                .set(SHORTLIST.ADDED_BY, by)
                .set(SHORTLIST.NOTE, note)
                .execute();
    }

    void remove(DSLContext tx, long demandId, String creditCode) {
        tx.deleteFrom(SHORTLIST).where(SHORTLIST.DEMAND_ID.eq(demandId)).and(SHORTLIST.CREDIT_CODE.eq(creditCode)).execute();
    }
}
