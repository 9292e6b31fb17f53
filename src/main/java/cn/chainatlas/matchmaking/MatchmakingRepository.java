package cn.chainatlas.matchmaking;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static cn.chainatlas.db.schema.Tables.DEMAND;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.MATCHMAKING_ACTIVITY;
import static cn.chainatlas.db.schema.Tables.MATCHMAKING_MOVE;
import static cn.chainatlas.db.schema.Tables.MATCHMAKING_NOTE;
import static cn.chainatlas.db.schema.Tables.MATCHMAKING_RECORD;

/**
 * The matchmaking tables (owned here, sql/V16__matchmaking.sql): records, their moves and notes, activities. Reads the
 * demand and the registry for the leader's and supplier's names and cities (who may see a record depends on them).
 */
@Singleton
class MatchmakingRepository {

    private static final cn.chainatlas.db.schema.tables.Enterprise LEADER = ENTERPRISE.as("leader");
    private static final cn.chainatlas.db.schema.tables.Enterprise SUPPLIER = ENTERPRISE.as("supplier");

    /** A record with what deciding access and showing it needs. */
    record Row(long id, long demandId, String leader, String leaderName, @Nullable String leaderCity, String supplier,
               String supplierName, @Nullable String supplierCity, String nodeCode, @Nullable String spec,
               @Nullable BigDecimal demandQuantity, @Nullable String demandUnit, @Nullable BigDecimal demandValue,
               Stage stage, @Nullable EndReason endReason, @Nullable BigDecimal supplyQuantity, @Nullable String supplyUnit,
               @Nullable BigDecimal supplyValue, @Nullable Long activityId, @Nullable String activityTitle,
               @Nullable String note, String createdBy, LocalDateTime createdAt, LocalDate lastMoveOn) {
    }

    record Move(long id, @Nullable Stage from, Stage to, @Nullable EndReason reason, @Nullable String note, LocalDate on,
                String by, LocalDateTime at, @Nullable BigDecimal quantity, @Nullable String unit, @Nullable BigDecimal valueWan,
                boolean onBehalf) {
    }

    record Note(long id, String text, String by, LocalDateTime at) {
    }

    record Activity(long id, String title, LocalDate heldOn, String place, @Nullable String cityCode, List<String> chains,
                    List<String> leaders, List<String> suppliers, @Nullable String note, String createdBy,
                    LocalDateTime createdAt) {
    }

    private final DSLContext dsl;

    MatchmakingRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    DSLContext dsl() {
        return dsl;
    }

    // ------------------------------------------------------------------------------------------ records

    private org.jooq.SelectOnConditionStep<Record> select(DSLContext ctx) {
        return ctx.select(MATCHMAKING_RECORD.fields()).select(DEMAND.LEADER_CREDIT_CODE, LEADER.NAME, LEADER.CITY_CODE,
                        SUPPLIER.NAME, SUPPLIER.CITY_CODE, DEMAND.NODE_CODE, DEMAND.SPEC, DEMAND.ANNUAL_QUANTITY,
                        DEMAND.QUANTITY_UNIT, DEMAND.ANNUAL_VALUE, MATCHMAKING_ACTIVITY.TITLE)
                .from(MATCHMAKING_RECORD)
                .join(DEMAND).on(DEMAND.ID.eq(MATCHMAKING_RECORD.DEMAND_ID))
                .join(LEADER).on(LEADER.CREDIT_CODE.eq(DEMAND.LEADER_CREDIT_CODE))
                .join(SUPPLIER).on(SUPPLIER.CREDIT_CODE.eq(MATCHMAKING_RECORD.SUPPLIER_CREDIT_CODE))
                .leftJoin(MATCHMAKING_ACTIVITY).on(MATCHMAKING_ACTIVITY.ID.eq(MATCHMAKING_RECORD.ACTIVITY_ID));
    }

    private static Row row(Record r) {
        return new Row(r.get(MATCHMAKING_RECORD.ID), r.get(MATCHMAKING_RECORD.DEMAND_ID), r.get(DEMAND.LEADER_CREDIT_CODE),
                r.get(LEADER.NAME), r.get(LEADER.CITY_CODE), r.get(MATCHMAKING_RECORD.SUPPLIER_CREDIT_CODE),
                r.get(SUPPLIER.NAME), r.get(SUPPLIER.CITY_CODE), r.get(DEMAND.NODE_CODE), r.get(DEMAND.SPEC),
                r.get(DEMAND.ANNUAL_QUANTITY), r.get(DEMAND.QUANTITY_UNIT), r.get(DEMAND.ANNUAL_VALUE),
                Stage.valueOf(r.get(MATCHMAKING_RECORD.STAGE)), EndReason.parse(r.get(MATCHMAKING_RECORD.END_REASON)),
                r.get(MATCHMAKING_RECORD.SUPPLY_QUANTITY), r.get(MATCHMAKING_RECORD.SUPPLY_UNIT),
                r.get(MATCHMAKING_RECORD.SUPPLY_VALUE), r.get(MATCHMAKING_RECORD.ACTIVITY_ID), r.get(MATCHMAKING_ACTIVITY.TITLE),
                r.get(MATCHMAKING_RECORD.NOTE), r.get(MATCHMAKING_RECORD.CREATED_BY), r.get(MATCHMAKING_RECORD.CREATED_AT),
                r.get(MATCHMAKING_RECORD.LAST_MOVE_ON));
    }

    Optional<Row> find(long id) {
        return select(dsl).where(MATCHMAKING_RECORD.ID.eq(id)).fetchOptional(MatchmakingRepository::row);
    }

    Optional<Row> find(DSLContext tx, long demandId, String supplier) {
        return select(tx).where(MATCHMAKING_RECORD.DEMAND_ID.eq(demandId)).and(MATCHMAKING_RECORD.SUPPLIER_CREDIT_CODE.eq(supplier))
                .fetchOptional(MatchmakingRepository::row);
    }

    List<Row> ofDemand(long demandId) {
        return select(dsl).where(MATCHMAKING_RECORD.DEMAND_ID.eq(demandId)).orderBy(MATCHMAKING_RECORD.CREATED_AT, MATCHMAKING_RECORD.ID)
                .fetch(MatchmakingRepository::row);
    }

    /** Filters: null means any. {@code city}: the leader's or the supplier's city. {@code scopeCity}/{@code scopeLeader} as for a reader. */
    record Filter(@Nullable Collection<String> nodes, @Nullable String city, @Nullable String leader, @Nullable Stage stage,
                  @Nullable String supplierCity, @Nullable Long activityId, @Nullable Collection<Long> ids,
                  @Nullable String scopeCity, @Nullable String scopeLeader) {
    }

    List<Row> list(Filter f) {
        Condition c = DSL.noCondition();
        if (f.nodes() != null) {
            c = c.and(DEMAND.NODE_CODE.in(f.nodes()));
        }
        if (f.city() != null) {
            c = c.and(LEADER.CITY_CODE.eq(f.city()).or(SUPPLIER.CITY_CODE.eq(f.city())));
        }
        if (f.leader() != null) {
            c = c.and(DEMAND.LEADER_CREDIT_CODE.eq(f.leader()));
        }
        if (f.stage() != null) {
            c = c.and(MATCHMAKING_RECORD.STAGE.eq(f.stage().name()));
        }
        if (f.supplierCity() != null) {
            c = c.and(SUPPLIER.CITY_CODE.eq(f.supplierCity()));
        }
        if (f.activityId() != null) {
            c = c.and(MATCHMAKING_RECORD.ACTIVITY_ID.eq(f.activityId()));
        }
        if (f.ids() != null) {
            c = c.and(MATCHMAKING_RECORD.ID.in(f.ids()));
        }
        if (f.scopeCity() != null) {
            c = c.and(LEADER.CITY_CODE.eq(f.scopeCity()).or(SUPPLIER.CITY_CODE.eq(f.scopeCity())));
        }
        if (f.scopeLeader() != null) {
            c = c.and(DEMAND.LEADER_CREDIT_CODE.eq(f.scopeLeader()));
        }
        return select(dsl).where(c).orderBy(MATCHMAKING_RECORD.LAST_MOVE_ON, MATCHMAKING_RECORD.ID).fetch(MatchmakingRepository::row);
    }

    long insert(DSLContext tx, long demandId, String supplier, String by, @Nullable String note, LocalDate on) {
        tx.insertInto(MATCHMAKING_RECORD)
                .set(MATCHMAKING_RECORD.DEMAND_ID, demandId)
                .set(MATCHMAKING_RECORD.SUPPLIER_CREDIT_CODE, supplier)
                .set(MATCHMAKING_RECORD.STAGE, Stage.SHORTLISTED.name())
                .set(MATCHMAKING_RECORD.NOTE, note)
                .set(MATCHMAKING_RECORD.CREATED_BY, by)
                .set(MATCHMAKING_RECORD.LAST_MOVE_ON, on)
                .execute();
        long id = lastId(tx);
        tx.insertInto(MATCHMAKING_MOVE)
                .set(MATCHMAKING_MOVE.RECORD_ID, id)
                .set(MATCHMAKING_MOVE.TO_STAGE, Stage.SHORTLISTED.name())
                .set(MATCHMAKING_MOVE.NOTE, note)
                .set(MATCHMAKING_MOVE.MOVED_ON, on)
                .set(MATCHMAKING_MOVE.MOVED_BY, by)
                .execute();
        return id;
    }

    void delete(DSLContext tx, long id) {
        tx.deleteFrom(MATCHMAKING_RECORD).where(MATCHMAKING_RECORD.ID.eq(id)).execute();
    }

    void setActivity(DSLContext tx, long id, @Nullable Long activityId) {
        tx.update(MATCHMAKING_RECORD).set(MATCHMAKING_RECORD.ACTIVITY_ID, activityId).where(MATCHMAKING_RECORD.ID.eq(id)).execute();
    }

    /** Locks the record for a move (two movers at once take turns). */
    void lock(DSLContext tx, long id) {
        tx.select(MATCHMAKING_RECORD.ID).from(MATCHMAKING_RECORD).where(MATCHMAKING_RECORD.ID.eq(id)).forUpdate().fetch();
    }

    void move(DSLContext tx, long id, Stage from, StageMovePolicy.Request r, String by, LocalDate on) {
        tx.insertInto(MATCHMAKING_MOVE)
                .set(MATCHMAKING_MOVE.RECORD_ID, id)
                .set(MATCHMAKING_MOVE.FROM_STAGE, from.name())
                .set(MATCHMAKING_MOVE.TO_STAGE, r.to().name())
                .set(MATCHMAKING_MOVE.REASON_CODE, r.reason() == null ? null : r.reason().name())
                .set(MATCHMAKING_MOVE.NOTE, blank(r.note()))
                .set(MATCHMAKING_MOVE.MOVED_ON, on)
                .set(MATCHMAKING_MOVE.MOVED_BY, by)
                .set(MATCHMAKING_MOVE.QUANTITY, r.quantity())
                .set(MATCHMAKING_MOVE.UNIT, blank(r.unit()))
                .set(MATCHMAKING_MOVE.VALUE_WAN, r.valueWan())
                .set(MATCHMAKING_MOVE.ON_BEHALF, r.onBehalf())
                .execute();
        var update = tx.update(MATCHMAKING_RECORD)
                .set(MATCHMAKING_RECORD.STAGE, r.to().name())
                .set(MATCHMAKING_RECORD.END_REASON, r.to() == Stage.ENDED ? r.reason().name() : null)
                .set(MATCHMAKING_RECORD.LAST_MOVE_ON, on);
        // what SUPPLYING states stays with the record only while it supplies
        if (r.to() == Stage.SUPPLYING) {
            update = update.set(MATCHMAKING_RECORD.SUPPLY_QUANTITY, r.quantity())
                    .set(MATCHMAKING_RECORD.SUPPLY_UNIT, r.quantity() == null ? null : blank(r.unit()))
                    .set(MATCHMAKING_RECORD.SUPPLY_VALUE, r.valueWan());
        } else {
            update = update.set(MATCHMAKING_RECORD.SUPPLY_QUANTITY, (BigDecimal) null)
                    .set(MATCHMAKING_RECORD.SUPPLY_UNIT, (String) null)
                    .set(MATCHMAKING_RECORD.SUPPLY_VALUE, (BigDecimal) null);
        }
        update.where(MATCHMAKING_RECORD.ID.eq(id)).execute();
    }

    List<Move> moves(long id) {
        return dsl.selectFrom(MATCHMAKING_MOVE).where(MATCHMAKING_MOVE.RECORD_ID.eq(id))
                .orderBy(MATCHMAKING_MOVE.MOVED_ON, MATCHMAKING_MOVE.ID)
                .fetch(m -> new Move(m.getId(), m.getFromStage() == null ? null : Stage.valueOf(m.getFromStage()),
                        Stage.valueOf(m.getToStage()), EndReason.parse(m.getReasonCode()), m.getNote(), m.getMovedOn(),
                        m.getMovedBy(), m.getMovedAt(), m.getQuantity(), m.getUnit(), m.getValueWan(),
                        Boolean.TRUE.equals(m.getOnBehalf())));
    }

    long addNote(DSLContext tx, long id, String text, String by) {
        tx.insertInto(MATCHMAKING_NOTE)
                .set(MATCHMAKING_NOTE.RECORD_ID, id)
                .set(MATCHMAKING_NOTE.TEXT, text)
                .set(MATCHMAKING_NOTE.WRITTEN_BY, by)
                .execute();
        return lastId(tx);
    }

    List<Note> notes(long id) {
        return dsl.selectFrom(MATCHMAKING_NOTE).where(MATCHMAKING_NOTE.RECORD_ID.eq(id))
                .orderBy(MATCHMAKING_NOTE.WRITTEN_AT, MATCHMAKING_NOTE.ID)
                .fetch(n -> new Note(n.getId(), n.getText(), n.getWrittenBy(), n.getWrittenAt()));
    }

    // ------------------------------------------------------------------------------------------ facts for matching

    /** One record as matching needs it. */
    record Fact(long id, long demandId, String leader, String node, String supplier, Stage stage, @Nullable EndReason reason,
                LocalDate lastMoveOn, @Nullable BigDecimal supplyQuantity, @Nullable String supplyUnit) {
    }

    /**
     * Every record matching learns from: those at 批量供货 (relation, confirmed capability, capacity taken) and those
     * ended for 资质 or 技术参数 (shown on the supplier in the same leader's later matches for the node). Few, so read
     * whole and kept by {@link RecordedMatchmakingFacts}.
     */
    List<Fact> facts() {
        return dsl.select(MATCHMAKING_RECORD.ID, MATCHMAKING_RECORD.DEMAND_ID, DEMAND.LEADER_CREDIT_CODE, DEMAND.NODE_CODE,
                        MATCHMAKING_RECORD.SUPPLIER_CREDIT_CODE, MATCHMAKING_RECORD.STAGE, MATCHMAKING_RECORD.END_REASON,
                        MATCHMAKING_RECORD.LAST_MOVE_ON, MATCHMAKING_RECORD.SUPPLY_QUANTITY, MATCHMAKING_RECORD.SUPPLY_UNIT)
                .from(MATCHMAKING_RECORD).join(DEMAND).on(DEMAND.ID.eq(MATCHMAKING_RECORD.DEMAND_ID))
                .where(MATCHMAKING_RECORD.STAGE.eq(Stage.SUPPLYING.name())
                        .or(MATCHMAKING_RECORD.STAGE.eq(Stage.ENDED.name())
                                .and(MATCHMAKING_RECORD.END_REASON.in(EndReason.QUALIFICATION.name(), EndReason.SPEC.name()))))
                .fetch(r -> new Fact(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), Stage.valueOf(r.value6()),
                        EndReason.parse(r.value7()), r.value8(), r.value9(), r.value10()));
    }

    /**
     * Every record at 批量供货 for a demand of one of the nodes (open or closed, any region), with the demand's figures,
     * grouped by the demand's node: allocation reduces each demand and each supplier's capacity by them. One query,
     * read fresh on each call (few rows, through the stage index) so a move shows at once.
     */
    java.util.Map<String, List<SupplyCommitments.Supply>> supplyingByNode(Collection<String> nodes) {
        java.util.Map<String, List<SupplyCommitments.Supply>> out = new java.util.HashMap<>();
        if (nodes.isEmpty()) {
            return out;
        }
        dsl.select(MATCHMAKING_RECORD.ID, MATCHMAKING_RECORD.DEMAND_ID, MATCHMAKING_RECORD.SUPPLIER_CREDIT_CODE,
                        MATCHMAKING_RECORD.SUPPLY_QUANTITY, MATCHMAKING_RECORD.SUPPLY_UNIT, MATCHMAKING_RECORD.SUPPLY_VALUE,
                        DEMAND.ANNUAL_QUANTITY, DEMAND.QUANTITY_UNIT, DEMAND.ANNUAL_VALUE, DEMAND.NODE_CODE)
                .from(MATCHMAKING_RECORD).join(DEMAND).on(DEMAND.ID.eq(MATCHMAKING_RECORD.DEMAND_ID))
                .where(MATCHMAKING_RECORD.STAGE.eq(Stage.SUPPLYING.name()))
                .and(DEMAND.NODE_CODE.in(nodes))
                .forEach(r -> out.computeIfAbsent(r.value10(), k -> new java.util.ArrayList<>()).add(new SupplyCommitments.Supply(
                        r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(), r.value8(), r.value9())));
        return out;
    }

    // ------------------------------------------------------------------------------------------ activities

    private static List<String> split(@Nullable String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.split(","));
    }

    private static Activity activity(cn.chainatlas.db.schema.tables.records.MatchmakingActivityRecord a) {
        return new Activity(a.getId(), a.getTitle(), a.getHeldOn(), a.getPlace(), a.getCityCode(), split(a.getChains()),
                split(a.getLeaders()), split(a.getSuppliers()), a.getNote(), a.getCreatedBy(), a.getCreatedAt());
    }

    List<Activity> activities(@Nullable String city) {
        return dsl.selectFrom(MATCHMAKING_ACTIVITY)
                .where(city == null ? DSL.noCondition() : MATCHMAKING_ACTIVITY.CITY_CODE.eq(city).or(MATCHMAKING_ACTIVITY.CITY_CODE.isNull()))
                .orderBy(MATCHMAKING_ACTIVITY.HELD_ON.desc(), MATCHMAKING_ACTIVITY.ID.desc())
                .fetch(MatchmakingRepository::activity);
    }

    /** credit code → name, for the enterprises among {@code codes} in the registry. */
    java.util.Map<String, String> names(Collection<String> codes) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        if (!codes.isEmpty()) {
            dsl.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME).from(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.in(codes))
                    .forEach(r -> out.put(r.value1(), r.value2()));
        }
        return out;
    }

    /** The credit codes of the enterprises registered under exactly this name (several when names repeat). */
    List<String> codesNamed(String name) {
        return dsl.select(ENTERPRISE.CREDIT_CODE).from(ENTERPRISE).where(ENTERPRISE.NAME.eq(name))
                .orderBy(ENTERPRISE.CREDIT_CODE).limit(5).fetch(ENTERPRISE.CREDIT_CODE);
    }

    Optional<Activity> activity(long id) {
        return dsl.selectFrom(MATCHMAKING_ACTIVITY).where(MATCHMAKING_ACTIVITY.ID.eq(id)).fetchOptional(MatchmakingRepository::activity);
    }

    long saveActivity(DSLContext tx, @Nullable Long id, String title, LocalDate heldOn, String place, @Nullable String city,
                      List<String> chains, List<String> leaders, List<String> suppliers, @Nullable String note, String by) {
        if (id == null) {
            tx.insertInto(MATCHMAKING_ACTIVITY)
                    .set(MATCHMAKING_ACTIVITY.TITLE, title).set(MATCHMAKING_ACTIVITY.HELD_ON, heldOn)
                    .set(MATCHMAKING_ACTIVITY.PLACE, place).set(MATCHMAKING_ACTIVITY.CITY_CODE, city)
                    .set(MATCHMAKING_ACTIVITY.CHAINS, String.join(",", chains))
                    .set(MATCHMAKING_ACTIVITY.LEADERS, String.join(",", leaders))
                    .set(MATCHMAKING_ACTIVITY.SUPPLIERS, String.join(",", suppliers))
                    .set(MATCHMAKING_ACTIVITY.NOTE, note).set(MATCHMAKING_ACTIVITY.CREATED_BY, by)
                    .execute();
            return lastId(tx);
        }
        tx.update(MATCHMAKING_ACTIVITY)
                .set(MATCHMAKING_ACTIVITY.TITLE, title).set(MATCHMAKING_ACTIVITY.HELD_ON, heldOn)
                .set(MATCHMAKING_ACTIVITY.PLACE, place)
                .set(MATCHMAKING_ACTIVITY.CHAINS, String.join(",", chains))
                .set(MATCHMAKING_ACTIVITY.LEADERS, String.join(",", leaders))
                .set(MATCHMAKING_ACTIVITY.SUPPLIERS, String.join(",", suppliers))
                .set(MATCHMAKING_ACTIVITY.NOTE, note)
                .where(MATCHMAKING_ACTIVITY.ID.eq(id)).execute();
        return id;
    }

    void deleteActivity(DSLContext tx, long id) {
        tx.deleteFrom(MATCHMAKING_ACTIVITY).where(MATCHMAKING_ACTIVITY.ID.eq(id)).execute();
    }

    // ------------------------------------------------------------------------------------------ figures

    /** A demand for the figures: its leader's city, node, value, creation month, sourcing split (percent). */
    record DemandFigure(long id, String leader, @Nullable String leaderCity, String node, @Nullable BigDecimal value,
                        LocalDateTime createdAt, String status, BigDecimal local, BigDecimal guangdong, BigDecimal other,
                        BigDecimal imported, @Nullable BigDecimal quantity, @Nullable String unit) {
    }

    List<DemandFigure> demands(Collection<String> nodes, @Nullable String leaderCity) {
        return dsl.select(DEMAND.ID, DEMAND.LEADER_CREDIT_CODE, ENTERPRISE.CITY_CODE, DEMAND.NODE_CODE, DEMAND.ANNUAL_VALUE,
                        DEMAND.CREATED_AT, DEMAND.STATUS, DEMAND.SOURCE_LOCAL, DEMAND.SOURCE_GUANGDONG,
                        DEMAND.SOURCE_OTHER_PROVINCE, DEMAND.SOURCE_IMPORT, DEMAND.ANNUAL_QUANTITY, DEMAND.QUANTITY_UNIT)
                .from(DEMAND).join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(DEMAND.LEADER_CREDIT_CODE))
                .where(DEMAND.NODE_CODE.in(nodes)).and(ENTERPRISE.CITY_CODE.isNotNull())
                .and(leaderCity == null ? DSL.noCondition() : ENTERPRISE.CITY_CODE.eq(leaderCity))
                .fetch(r -> new DemandFigure(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(),
                        r.value8(), r.value9(), r.value10(), r.value11(), r.value12(), r.value13()));
    }

    /** Every move of the records of these demands, with the record's supplier city, oldest first. */
    record MoveFigure(long recordId, long demandId, @Nullable String supplierCity, Stage to, @Nullable EndReason reason,
                      LocalDate on, @Nullable BigDecimal quantity, @Nullable String unit, @Nullable BigDecimal valueWan) {
    }

    List<MoveFigure> moveFigures(Collection<String> nodes, @Nullable String leaderCity) {
        return dsl.select(MATCHMAKING_MOVE.RECORD_ID, MATCHMAKING_RECORD.DEMAND_ID, SUPPLIER.CITY_CODE, MATCHMAKING_MOVE.TO_STAGE,
                        MATCHMAKING_MOVE.REASON_CODE, MATCHMAKING_MOVE.MOVED_ON, MATCHMAKING_MOVE.QUANTITY, MATCHMAKING_MOVE.UNIT,
                        MATCHMAKING_MOVE.VALUE_WAN)
                .from(MATCHMAKING_MOVE)
                .join(MATCHMAKING_RECORD).on(MATCHMAKING_RECORD.ID.eq(MATCHMAKING_MOVE.RECORD_ID))
                .join(DEMAND).on(DEMAND.ID.eq(MATCHMAKING_RECORD.DEMAND_ID))
                .join(LEADER).on(LEADER.CREDIT_CODE.eq(DEMAND.LEADER_CREDIT_CODE))
                .join(SUPPLIER).on(SUPPLIER.CREDIT_CODE.eq(MATCHMAKING_RECORD.SUPPLIER_CREDIT_CODE))
                .where(DEMAND.NODE_CODE.in(nodes)).and(LEADER.CITY_CODE.isNotNull())
                .and(leaderCity == null ? DSL.noCondition() : LEADER.CITY_CODE.eq(leaderCity))
                .orderBy(MATCHMAKING_MOVE.MOVED_ON, MATCHMAKING_MOVE.ID)
                .fetch(r -> new MoveFigure(r.value1(), r.value2(), r.value3(), Stage.valueOf(r.value4()), EndReason.parse(r.value5()),
                        r.value6(), r.value7(), r.value8(), r.value9()));
    }

    /** LAST_INSERT_ID() on the transaction's connection (MySQL and MariaDB alike; see db.GeneratedKeys) */
    private static long lastId(DSLContext tx) {
        return tx.lastID().longValueExact();
    }

    private static @Nullable String blank(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
