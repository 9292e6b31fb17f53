package cn.chainatlas.demand;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectJoinStep;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import static cn.chainatlas.db.schema.Tables.CHAIN_NODE;
import static cn.chainatlas.db.schema.Tables.DEMAND;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;

/** The demand table (owned here); a demand's city is its leader's city in the registry. */
@Singleton
class DemandRepository {

    /** A stored demand with its leader's name and city and its node's name. */
    record Row(long id, String leader, String leaderName, @Nullable String cityCode, String node, String nodeName,
               @Nullable BigDecimal quantity, @Nullable String unit, @Nullable BigDecimal value, @Nullable String spec,
               @Nullable String specFields, @Nullable String certifications, @Nullable String preferred,
               @Nullable String excluded, BigDecimal local, BigDecimal guangdong, BigDecimal otherProvince,
               BigDecimal imported, @Nullable LocalDate neededBy, @Nullable String note, String status,
               @Nullable String createdBy, @Nullable LocalDateTime createdAt, @Nullable LocalDateTime updatedAt) {
    }

    private final DSLContext dsl;

    DemandRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    private SelectJoinStep<Record> select(DSLContext ctx) {
        return ctx.select(DEMAND.fields()).select(ENTERPRISE.NAME, ENTERPRISE.CITY_CODE, CHAIN_NODE.NAME)
                .from(DEMAND)
                .join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(DEMAND.LEADER_CREDIT_CODE))
                .join(CHAIN_NODE).on(CHAIN_NODE.CODE.eq(DEMAND.NODE_CODE));
    }

    private static Row row(Record r) {
        return new Row(r.get(DEMAND.ID), r.get(DEMAND.LEADER_CREDIT_CODE), r.get(ENTERPRISE.NAME), r.get(ENTERPRISE.CITY_CODE),
                r.get(DEMAND.NODE_CODE), r.get(CHAIN_NODE.NAME), r.get(DEMAND.ANNUAL_QUANTITY), r.get(DEMAND.QUANTITY_UNIT),
                r.get(DEMAND.ANNUAL_VALUE), r.get(DEMAND.SPEC), r.get(DEMAND.SPEC_FIELDS), r.get(DEMAND.REQUIRED_CERTIFICATIONS),
                r.get(DEMAND.PREFERRED_REGIONS), r.get(DEMAND.EXCLUDED_REGIONS), r.get(DEMAND.SOURCE_LOCAL),
                r.get(DEMAND.SOURCE_GUANGDONG), r.get(DEMAND.SOURCE_OTHER_PROVINCE), r.get(DEMAND.SOURCE_IMPORT),
                r.get(DEMAND.NEEDED_BY), r.get(DEMAND.NOTE), r.get(DEMAND.STATUS), r.get(DEMAND.CREATED_BY),
                r.get(DEMAND.CREATED_AT), r.get(DEMAND.UPDATED_AT));
    }

    Optional<Row> find(long id) {
        return select(dsl).where(DEMAND.ID.eq(id)).fetchOptional(DemandRepository::row);
    }

    Optional<Row> find(DSLContext tx, long id) {
        return select(tx).where(DEMAND.ID.eq(id)).fetchOptional(DemandRepository::row);
    }

    /**
     * Demands by scope, newest first: {@code city} (the leaders' city, null = every city), {@code leader} (null =
     * every leader), {@code openOnly} (stored OPEN and not past its needed-by date), {@code node}.
     */
    List<Row> list(@Nullable String city, @Nullable String leader, boolean openOnly, @Nullable String node,
                   @Nullable List<String> nodes) {
        Condition c = DSL.noCondition();
        if (city != null) {
            c = c.and(ENTERPRISE.CITY_CODE.eq(city));
        }
        if (leader != null) {
            c = c.and(DEMAND.LEADER_CREDIT_CODE.eq(leader));
        }
        if (openOnly) {
            c = c.and(DEMAND.STATUS.eq(DemandStatus.OPEN.name()))
                    .and(DEMAND.NEEDED_BY.isNull().or(DEMAND.NEEDED_BY.ge(LocalDate.now())));
        }
        if (node != null) {
            c = c.and(DEMAND.NODE_CODE.eq(node));
        }
        if (nodes != null) {
            c = c.and(DEMAND.NODE_CODE.in(nodes));
        }
        return select(dsl).where(c).orderBy(DEMAND.ID.desc()).fetch(DemandRepository::row);
    }

    long insert(DSLContext tx, DemandFields.DemandData d, String by, String specFieldsJson) {
        var insert = tx.insertInto(DEMAND)
                .set(DEMAND.LEADER_CREDIT_CODE, d.leaderCreditCode())
                .set(DEMAND.NODE_CODE, d.nodeCode())
                .set(DEMAND.STATUS, d.status() == null ? DemandStatus.OPEN.name() : d.status().name())
                .set(DEMAND.CREATED_BY, by);
        // inside the caller's transaction: LAST_INSERT_ID() of the same connection (see GeneratedKeys)
        setFields(insert, d, specFieldsJson).execute();
        return tx.lastID().longValueExact();
    }

    void update(DSLContext tx, long id, DemandFields.DemandData d, String status, String specFieldsJson) {
        tx.update(DEMAND)
                .set(DEMAND.LEADER_CREDIT_CODE, d.leaderCreditCode())
                .set(DEMAND.NODE_CODE, d.nodeCode())
                .set(DEMAND.ANNUAL_QUANTITY, d.quantity())
                .set(DEMAND.QUANTITY_UNIT, d.unit())
                .set(DEMAND.ANNUAL_VALUE, d.valueWan())
                .set(DEMAND.SPEC, d.spec())
                .set(DEMAND.SPEC_FIELDS, specFieldsJson)
                .set(DEMAND.REQUIRED_CERTIFICATIONS, joined(d.requiredCertifications()))
                .set(DEMAND.PREFERRED_REGIONS, joined(d.preferredRegions()))
                .set(DEMAND.EXCLUDED_REGIONS, joined(d.excludedRegions()))
                .set(DEMAND.SOURCE_LOCAL, d.sources().get("local"))
                .set(DEMAND.SOURCE_GUANGDONG, d.sources().get("guangdong"))
                .set(DEMAND.SOURCE_OTHER_PROVINCE, d.sources().get("otherProvince"))
                .set(DEMAND.SOURCE_IMPORT, d.sources().get("import"))
                .set(DEMAND.NEEDED_BY, d.neededBy())
                .set(DEMAND.NOTE, d.note())
                .set(DEMAND.STATUS, status)
                .set(DEMAND.UPDATED_AT, LocalDateTime.now())
                .where(DEMAND.ID.eq(id))
                .execute();
    }

    void delete(DSLContext tx, long id) {
        tx.deleteFrom(DEMAND).where(DEMAND.ID.eq(id)).execute();
    }

    private static org.jooq.InsertSetMoreStep<cn.chainatlas.db.schema.tables.records.DemandRecord> setFields(
            org.jooq.InsertSetMoreStep<cn.chainatlas.db.schema.tables.records.DemandRecord> s, DemandFields.DemandData d,
            String specFieldsJson) {
        return s.set(DEMAND.ANNUAL_QUANTITY, d.quantity())
                .set(DEMAND.QUANTITY_UNIT, d.unit())
                .set(DEMAND.ANNUAL_VALUE, d.valueWan())
                .set(DEMAND.SPEC, d.spec())
                .set(DEMAND.SPEC_FIELDS, specFieldsJson)
                .set(DEMAND.REQUIRED_CERTIFICATIONS, joined(d.requiredCertifications()))
                .set(DEMAND.PREFERRED_REGIONS, joined(d.preferredRegions()))
                .set(DEMAND.EXCLUDED_REGIONS, joined(d.excludedRegions()))
                .set(DEMAND.SOURCE_LOCAL, d.sources().get("local"))
                .set(DEMAND.SOURCE_GUANGDONG, d.sources().get("guangdong"))
                .set(DEMAND.SOURCE_OTHER_PROVINCE, d.sources().get("otherProvince"))
                .set(DEMAND.SOURCE_IMPORT, d.sources().get("import"))
                .set(DEMAND.NEEDED_BY, d.neededBy())
                .set(DEMAND.NOTE, d.note());
    }

    static String joined(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join("、", values);
    }

    static List<String> split(String joined) {
        return joined == null || joined.isBlank() ? List.of() : List.of(joined.split("、"));
    }
}
