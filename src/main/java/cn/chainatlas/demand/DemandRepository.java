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
import java.util.Map;
import java.util.Optional;

import static cn.chainatlas.db.schema.Tables.CHAIN_NODE;
import static cn.chainatlas.db.schema.Tables.DEMAND;
import static cn.chainatlas.db.schema.Tables.DEMAND_IMPORT_PREVIOUS;
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
        insert.set(fields(d, specFieldsJson)).execute();
        return tx.lastID().longValueExact();
    }

    void update(DSLContext tx, long id, DemandFields.DemandData d, String status, String specFieldsJson) {
        tx.update(DEMAND)
                .set(DEMAND.LEADER_CREDIT_CODE, d.leaderCreditCode())
                .set(DEMAND.NODE_CODE, d.nodeCode())
                .set(fields(d, specFieldsJson))
                .set(DEMAND.STATUS, status)
                .set(DEMAND.UPDATED_AT, LocalDateTime.now())
                .where(DEMAND.ID.eq(id))
                .execute();
    }

    void delete(DSLContext tx, long id) {
        tx.deleteFrom(DEMAND).where(DEMAND.ID.eq(id)).execute();
    }

    /** The columns a demand's fields fill, the same for a new demand and a changed one. */
    private static Map<org.jooq.Field<?>, Object> fields(DemandFields.DemandData d, String specFieldsJson) {
        Map<org.jooq.Field<?>, Object> m = new java.util.LinkedHashMap<>();
        m.put(DEMAND.ANNUAL_QUANTITY, d.quantity());
        m.put(DEMAND.QUANTITY_UNIT, d.unit());
        m.put(DEMAND.ANNUAL_VALUE, d.valueWan());
        m.put(DEMAND.SPEC, d.spec());
        m.put(DEMAND.SPEC_FIELDS, specFieldsJson);
        m.put(DEMAND.REQUIRED_CERTIFICATIONS, joined(d.requiredCertifications()));
        m.put(DEMAND.PREFERRED_REGIONS, joined(d.preferredRegions()));
        m.put(DEMAND.EXCLUDED_REGIONS, joined(d.excludedRegions()));
        m.put(DEMAND.SOURCE_LOCAL, d.sources().get("local"));
        m.put(DEMAND.SOURCE_GUANGDONG, d.sources().get("guangdong"));
        m.put(DEMAND.SOURCE_OTHER_PROVINCE, d.sources().get("otherProvince"));
        m.put(DEMAND.SOURCE_IMPORT, d.sources().get("import"));
        m.put(DEMAND.NEEDED_BY, d.neededBy());
        m.put(DEMAND.NOTE, d.note());
        return m;
    }

    // ------------------------------------------------------------------------------------------ uploads (V17)

    /** The demand's updated_at as stored now (what an upload left, for its rollback's "edited since" check). */
    LocalDateTime updatedAt(DSLContext tx, long id) {
        return tx.select(DEMAND.UPDATED_AT).from(DEMAND).where(DEMAND.ID.eq(id)).fetchOne(DEMAND.UPDATED_AT);
    }

    /** Keeps a demand's fields before an upload changes them (action UPDATE) or that the upload created it (INSERT). */
    void keepPrevious(DSLContext tx, long batchId, long demandId, String action) {
        if ("INSERT".equals(action)) {
            tx.insertInto(DEMAND_IMPORT_PREVIOUS).set(DEMAND_IMPORT_PREVIOUS.BATCH_ID, batchId)
                    .set(DEMAND_IMPORT_PREVIOUS.DEMAND_ID, demandId).set(DEMAND_IMPORT_PREVIOUS.ACTION, action).execute();
            return;
        }
        tx.insertInto(DEMAND_IMPORT_PREVIOUS, DEMAND_IMPORT_PREVIOUS.BATCH_ID, DEMAND_IMPORT_PREVIOUS.DEMAND_ID,
                        DEMAND_IMPORT_PREVIOUS.ACTION, DEMAND_IMPORT_PREVIOUS.NODE_CODE, DEMAND_IMPORT_PREVIOUS.ANNUAL_QUANTITY,
                        DEMAND_IMPORT_PREVIOUS.QUANTITY_UNIT, DEMAND_IMPORT_PREVIOUS.ANNUAL_VALUE, DEMAND_IMPORT_PREVIOUS.SPEC,
                        DEMAND_IMPORT_PREVIOUS.SPEC_FIELDS, DEMAND_IMPORT_PREVIOUS.REQUIRED_CERTIFICATIONS,
                        DEMAND_IMPORT_PREVIOUS.PREFERRED_REGIONS, DEMAND_IMPORT_PREVIOUS.EXCLUDED_REGIONS,
                        DEMAND_IMPORT_PREVIOUS.SOURCE_LOCAL, DEMAND_IMPORT_PREVIOUS.SOURCE_GUANGDONG,
                        DEMAND_IMPORT_PREVIOUS.SOURCE_OTHER_PROVINCE, DEMAND_IMPORT_PREVIOUS.SOURCE_IMPORT,
                        DEMAND_IMPORT_PREVIOUS.NEEDED_BY, DEMAND_IMPORT_PREVIOUS.NOTE, DEMAND_IMPORT_PREVIOUS.STATUS,
                        DEMAND_IMPORT_PREVIOUS.UPDATED_AT)
                .select(tx.select(DSL.val(batchId), DEMAND.ID, DSL.val(action), DEMAND.NODE_CODE, DEMAND.ANNUAL_QUANTITY,
                                DEMAND.QUANTITY_UNIT, DEMAND.ANNUAL_VALUE, DEMAND.SPEC, DEMAND.SPEC_FIELDS,
                                DEMAND.REQUIRED_CERTIFICATIONS, DEMAND.PREFERRED_REGIONS, DEMAND.EXCLUDED_REGIONS,
                                DEMAND.SOURCE_LOCAL, DEMAND.SOURCE_GUANGDONG, DEMAND.SOURCE_OTHER_PROVINCE, DEMAND.SOURCE_IMPORT,
                                DEMAND.NEEDED_BY, DEMAND.NOTE, DEMAND.STATUS, DEMAND.UPDATED_AT)
                        .from(DEMAND).where(DEMAND.ID.eq(demandId)))
                .execute();
    }

    /** After the upload wrote the demand: its updated_at as written. */
    void written(DSLContext tx, long batchId, long demandId) {
        tx.update(DEMAND_IMPORT_PREVIOUS).set(DEMAND_IMPORT_PREVIOUS.WRITTEN_AT, updatedAt(tx, demandId))
                .where(DEMAND_IMPORT_PREVIOUS.BATCH_ID.eq(batchId)).and(DEMAND_IMPORT_PREVIOUS.DEMAND_ID.eq(demandId))
                .execute();
    }

    /** What a batch changed, in the order it wrote. */
    List<cn.chainatlas.db.schema.tables.records.DemandImportPreviousRecord> previous(DSLContext tx, long batchId) {
        return tx.selectFrom(DEMAND_IMPORT_PREVIOUS).where(DEMAND_IMPORT_PREVIOUS.BATCH_ID.eq(batchId))
                .orderBy(DEMAND_IMPORT_PREVIOUS.DEMAND_ID).fetch();
    }

    /** Writes a kept state back (the batch's rollback of an UPDATE). */
    void restore(DSLContext tx, cn.chainatlas.db.schema.tables.records.DemandImportPreviousRecord p) {
        tx.update(DEMAND)
                .set(DEMAND.NODE_CODE, p.getNodeCode())
                .set(DEMAND.ANNUAL_QUANTITY, p.getAnnualQuantity())
                .set(DEMAND.QUANTITY_UNIT, p.getQuantityUnit())
                .set(DEMAND.ANNUAL_VALUE, p.getAnnualValue())
                .set(DEMAND.SPEC, p.getSpec())
                .set(DEMAND.SPEC_FIELDS, p.getSpecFields())
                .set(DEMAND.REQUIRED_CERTIFICATIONS, p.getRequiredCertifications())
                .set(DEMAND.PREFERRED_REGIONS, p.getPreferredRegions())
                .set(DEMAND.EXCLUDED_REGIONS, p.getExcludedRegions())
                .set(DEMAND.SOURCE_LOCAL, p.getSourceLocal())
                .set(DEMAND.SOURCE_GUANGDONG, p.getSourceGuangdong())
                .set(DEMAND.SOURCE_OTHER_PROVINCE, p.getSourceOtherProvince())
                .set(DEMAND.SOURCE_IMPORT, p.getSourceImport())
                .set(DEMAND.NEEDED_BY, p.getNeededBy())
                .set(DEMAND.NOTE, p.getNote())
                .set(DEMAND.STATUS, p.getStatus())
                .set(DEMAND.UPDATED_AT, p.getUpdatedAt())
                .where(DEMAND.ID.eq(p.getDemandId()))
                .execute();
    }

    static String joined(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join("、", values);
    }

    static List<String> split(String joined) {
        return joined == null || joined.isBlank() ? List.of() : List.of(joined.split("、"));
    }
}
