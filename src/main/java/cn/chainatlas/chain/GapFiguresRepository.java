package cn.chainatlas.chain;

import cn.chainatlas.geo.Region;

import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import cn.chainatlas.chain.GapRules.DemandRow;
import cn.chainatlas.chain.GapRules.SupplyRow;

import static cn.chainatlas.db.schema.Tables.CITY;
import static cn.chainatlas.db.schema.Tables.DEMAND;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;
import static cn.chainatlas.db.schema.Tables.MATCHMAKING_RECORD;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.sum;

/**
 * The registry and demand figures behind the gaps, aggregated in the database: one GROUP BY per kind of figure
 * and region, never a query per node, so 100,000 enterprises cost a few scans and not thousands of round trips.
 * Reads the registry's, the demands' and matchmaking's tables; writes nothing.
 */
@Singleton
class GapFiguresRepository {

    record LeaderNode(String node, String leader) {
    }

    record Supplier(String creditCode, String name, String city, String tier, BigDecimal capacity, String capacityUnit,
                    String certifications) {
    }

    record LeaderInfo(String creditCode, String name, String city) {
    }

    private final DSLContext dsl;

    GapFiguresRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Suppliers by node, tier and capacity unit; each leader among them gets a row of its own, so the leaders
     * come in the same scan, since reading the enterprise rows is what costs (one key lookup per classification).
     */
    List<SupplyRow> supply(Region region, Collection<String> nodes, double minConfidence) {
        Field<BigDecimal> cap = ENTERPRISE.CAPACITY_VALUE;
        Field<String> leader = DSL.when(ENTERPRISE.IS_LEADER.isTrue(), ENTERPRISE.CREDIT_CODE).as("leader");
        return dsl.select(ENTERPRISE_NODE.NODE_CODE, ENTERPRISE.TIER, ENTERPRISE.CAPACITY_UNIT, count(),
                        sum(cap), sum(cap.mul(cap)), count(cap), leader)
                .from(ENTERPRISE_NODE).join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(ENTERPRISE_NODE.CREDIT_CODE))
                .where(inRegion(region)).and(nodeFilter(ENTERPRISE_NODE.NODE_CODE, nodes))
                .and(confident(minConfidence))
                .groupBy(ENTERPRISE_NODE.NODE_CODE, ENTERPRISE.TIER, ENTERPRISE.CAPACITY_UNIT, DSL.field(DSL.name("leader")))
                .fetch(r -> new SupplyRow(r.value1(), r.value2(), r.value3(), r.value4(), dbl(r.value5()),
                        dbl(r.value6()), r.value7(), r.value8()));
    }

    /**
     * Demands of the region's leaders by node, leader and unit, with their sourcing split applied to the value
     * ({@code source_*} are percent of the demand's value). Closed demands (已关闭) no longer count. The split counts
     * the matchmaking records at 批量供货 (owned by the matchmaking package, read here in the same statement): the
     * share each states moves from 省外 and 进口 to 同城 (a supplier in the leader's city) or 省内 (elsewhere in Guangdong),
     * as matchmaking.LocalSupplyRules says — see {@link #supplied}.
     */
    List<DemandRow> demand(Region region, Collection<String> nodes) {
        Field<BigDecimal> v = DEMAND.ANNUAL_VALUE;
        BigDecimal hundred = BigDecimal.valueOf(100);
        org.jooq.Table<?> s = supplied();
        Field<BigDecimal> a = DSL.coalesce(s.field("supplied_local", BigDecimal.class), BigDecimal.ZERO);
        Field<BigDecimal> b = DSL.coalesce(s.field("supplied_guangdong", BigDecimal.class), BigDecimal.ZERO);
        Field<BigDecimal> outside = DEMAND.SOURCE_OTHER_PROVINCE.add(DEMAND.SOURCE_IMPORT);
        Field<BigDecimal> a1 = DSL.least(a, outside);
        Field<BigDecimal> b1 = DSL.least(b, outside.sub(a1));
        Field<BigDecimal> keep = DSL.when(outside.gt(BigDecimal.ZERO), outside.sub(a1).sub(b1).div(outside))
                .otherwise(BigDecimal.ONE);
        List<Field<BigDecimal>> shares = List.of(DEMAND.SOURCE_LOCAL.add(a1), DEMAND.SOURCE_GUANGDONG.add(b1),
                DEMAND.SOURCE_OTHER_PROVINCE.mul(keep), DEMAND.SOURCE_IMPORT.mul(keep));
        List<Field<?>> select = new java.util.ArrayList<>(List.of(DEMAND.NODE_CODE, DEMAND.LEADER_CREDIT_CODE,
                DEMAND.QUANTITY_UNIT, count(), sum(DEMAND.ANNUAL_QUANTITY), sum(v), count(v)));
        for (Field<BigDecimal> share : shares) {
            select.add(sum(v.mul(share).div(hundred)));
            select.add(sum(share.div(hundred)));
            select.add(count().filterWhere(share.gt(BigDecimal.ZERO)));
        }
        return dsl.select(select)
                .from(DEMAND).join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(DEMAND.LEADER_CREDIT_CODE))
                .leftJoin(s).on(s.field("supplied_demand", Long.class).eq(DEMAND.ID))
                .where(inRegion(region)).and(nodeFilter(DEMAND.NODE_CODE, nodes)).and(DEMAND.STATUS.ne("CLOSED"))
                .groupBy(DEMAND.NODE_CODE, DEMAND.LEADER_CREDIT_CODE, DEMAND.QUANTITY_UNIT)
                .fetch(r -> {
                    java.util.Map<String, Double> value = new java.util.LinkedHashMap<>();
                    java.util.Map<String, Double> shared = new java.util.LinkedHashMap<>();
                    java.util.Map<String, Integer> counted = new java.util.LinkedHashMap<>();
                    for (int i = 0; i < shares.size(); i++) {
                        String key = GapRules.SOURCINGS.get(i);
                        value.put(key, dbl((BigDecimal) r.get(7 + 3 * i)));
                        shared.put(key, dbl((BigDecimal) r.get(8 + 3 * i)));
                        counted.put(key, r.get(9 + 3 * i, Integer.class));
                    }
                    return new DemandRow((String) r.get(0), (String) r.get(1), (String) r.get(2), r.get(3, Integer.class),
                            dbl((BigDecimal) r.get(4)), dbl((BigDecimal) r.get(5)), r.get(6, Integer.class), value, shared,
                            counted);
                });
    }

    private static final cn.chainatlas.db.schema.tables.Enterprise SUPPLIER = ENTERPRISE.as("mm_supplier");
    private static final cn.chainatlas.db.schema.tables.Enterprise BUYER = ENTERPRISE.as("mm_leader");
    private static final cn.chainatlas.db.schema.tables.Demand SUPPLIED_DEMAND = DEMAND.as("mm_demand");

    /**
     * Per demand, the percent of it that records at 批量供货 state is now bought from a supplier in the leader's city
     * ({@code supplied_local}) and elsewhere in Guangdong ({@code supplied_guangdong}): a record's share is its annual
     * value ÷ the demand's, or else its quantity ÷ the demand's in the same unit (台/年 = 台), at most 100.
     */
    private static org.jooq.Table<?> supplied() {
        var r = MATCHMAKING_RECORD;
        BigDecimal hundred = BigDecimal.valueOf(100);
        Field<BigDecimal> byValue = DSL.when(r.SUPPLY_VALUE.isNotNull().and(SUPPLIED_DEMAND.ANNUAL_VALUE.gt(BigDecimal.ZERO)),
                r.SUPPLY_VALUE.mul(hundred).div(SUPPLIED_DEMAND.ANNUAL_VALUE));
        Field<BigDecimal> byQuantity = DSL.when(r.SUPPLY_QUANTITY.isNotNull().and(SUPPLIED_DEMAND.ANNUAL_QUANTITY.gt(BigDecimal.ZERO))
                        .and(DSL.replace(r.SUPPLY_UNIT, "/年", "").eq(DSL.replace(SUPPLIED_DEMAND.QUANTITY_UNIT, "/年", ""))),
                r.SUPPLY_QUANTITY.mul(hundred).div(SUPPLIED_DEMAND.ANNUAL_QUANTITY));
        Field<BigDecimal> share = DSL.least(DSL.inline(hundred), DSL.coalesce(byValue, byQuantity, DSL.inline(BigDecimal.ZERO)));
        return DSL.select(r.DEMAND_ID.as("supplied_demand"),
                        sum(DSL.when(SUPPLIER.CITY_CODE.eq(BUYER.CITY_CODE), share)).as("supplied_local"),
                        sum(DSL.when(SUPPLIER.CITY_CODE.isNotNull().and(SUPPLIER.CITY_CODE.ne(BUYER.CITY_CODE)), share))
                                .as("supplied_guangdong"))
                .from(r).join(SUPPLIED_DEMAND).on(SUPPLIED_DEMAND.ID.eq(r.DEMAND_ID))
                .join(SUPPLIER).on(SUPPLIER.CREDIT_CODE.eq(r.SUPPLIER_CREDIT_CODE))
                .join(BUYER).on(BUYER.CREDIT_CODE.eq(SUPPLIED_DEMAND.LEADER_CREDIT_CODE))
                .where(r.STAGE.eq("SUPPLYING"))
                .groupBy(r.DEMAND_ID)
                .asTable("supplied");
    }

    /** A matchmaking record at 批量供货 of a demand of the region: the reason of a node's localisation says which. */
    record SupplyingRecord(String node, long id, String supplierName, String supplierCity) {
    }

    List<SupplyingRecord> supplyingRecords(Region region, Collection<String> nodes) {
        return dsl.select(DEMAND.NODE_CODE, MATCHMAKING_RECORD.ID, SUPPLIER.NAME, CITY.NAME)
                .from(MATCHMAKING_RECORD).join(DEMAND).on(DEMAND.ID.eq(MATCHMAKING_RECORD.DEMAND_ID))
                .join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(DEMAND.LEADER_CREDIT_CODE))
                .join(SUPPLIER).on(SUPPLIER.CREDIT_CODE.eq(MATCHMAKING_RECORD.SUPPLIER_CREDIT_CODE))
                .leftJoin(CITY).on(CITY.CODE.eq(SUPPLIER.CITY_CODE))
                .where(MATCHMAKING_RECORD.STAGE.eq("SUPPLYING")).and(inRegion(region)).and(nodeFilter(DEMAND.NODE_CODE, nodes))
                .and(DEMAND.STATUS.ne("CLOSED")).and(SUPPLIER.CITY_CODE.isNotNull())
                .orderBy(MATCHMAKING_RECORD.ID)
                .fetch(r -> new SupplyingRecord(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** A stated spec of one demand of the region: its node, structured fields (JSON) and spec text. */
    record DemandSpec(long id, String node, String specFields, String spec) {
    }

    /** Demands of the region that state a spec, on nodes whose kind has structured fields (SpecParser). */
    List<DemandSpec> demandSpecs(Region region, Collection<String> nodes) {
        Collection<String> specNodes = SpecParser.nodesWithFields();
        return dsl.select(DEMAND.ID, DEMAND.NODE_CODE, DEMAND.SPEC_FIELDS, DEMAND.SPEC)
                .from(DEMAND).join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(DEMAND.LEADER_CREDIT_CODE))
                .where(inRegion(region)).and(nodeFilter(DEMAND.NODE_CODE, nodes)).and(DEMAND.NODE_CODE.in(specNodes))
                .and(DEMAND.STATUS.ne("CLOSED"))
                .and(DEMAND.SPEC_FIELDS.isNotNull().or(DEMAND.SPEC.isNotNull()))
                .fetch(r -> new DemandSpec(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** What a supplier of the region says about itself, for the spec check: 技术参数 and 主营产品. */
    record SupplierSpec(String node, String creditCode, String techParams, String products) {
    }

    List<SupplierSpec> supplierSpecs(Region region, Collection<String> nodes, double minConfidence) {
        if (nodes.isEmpty()) {
            return List.of();
        }
        return dsl.select(ENTERPRISE_NODE.NODE_CODE, ENTERPRISE.CREDIT_CODE, ENTERPRISE.TECH_PARAMS, ENTERPRISE.MAIN_PRODUCTS)
                .from(ENTERPRISE_NODE).join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(ENTERPRISE_NODE.CREDIT_CODE))
                .where(inRegion(region)).and(ENTERPRISE_NODE.NODE_CODE.in(nodes)).and(confident(minConfidence))
                .fetch(r -> new SupplierSpec(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** distinct enterprises of the region classified to any of the nodes */
    int distinctSuppliers(Region region, Collection<String> nodes, double minConfidence) {
        return dsl.select(DSL.countDistinct(ENTERPRISE_NODE.CREDIT_CODE))
                .from(ENTERPRISE_NODE).join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(ENTERPRISE_NODE.CREDIT_CODE))
                .where(inRegion(region)).and(nodeFilter(ENTERPRISE_NODE.NODE_CODE, nodes)).and(confident(minConfidence))
                .fetchOne(0, int.class);
    }

    /** when the registry last changed */
    java.time.LocalDateTime registryUpdatedAt() {
        return dsl.select(DSL.max(ENTERPRISE.UPDATED_AT)).from(ENTERPRISE).fetchOne(0, java.time.LocalDateTime.class);
    }

    /** The city code of each of the given enterprises (absent: outside Guangdong or unknown). */
    java.util.Map<String, String> cityOf(Collection<String> creditCodes) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        if (!creditCodes.isEmpty()) {
            dsl.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.CITY_CODE).from(ENTERPRISE)
                    .where(ENTERPRISE.CREDIT_CODE.in(creditCodes)).and(ENTERPRISE.CITY_CODE.isNotNull())
                    .fetch().forEach(r -> out.put(r.value1(), r.value2()));
        }
        return out;
    }

    /** what the region's chain leaders make: they depend on everything below it */
    List<LeaderNode> leaderProducts(Region region, Collection<String> nodes, double minConfidence) {
        return dsl.select(ENTERPRISE_NODE.NODE_CODE, ENTERPRISE_NODE.CREDIT_CODE)
                .from(ENTERPRISE_NODE).join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(ENTERPRISE_NODE.CREDIT_CODE))
                .where(inRegion(region)).and(ENTERPRISE.IS_LEADER.isTrue())
                .and(nodeFilter(ENTERPRISE_NODE.NODE_CODE, nodes))
                .and(confident(minConfidence))
                .fetch(r -> new LeaderNode(r.value1(), r.value2()));
    }

    /** public fields only: the panel is shown to every role, so no revenue, R&D spending or contacts */
    List<Supplier> suppliers(Region region, String node, double minConfidence, int limit) {
        Field<Integer> tierRank = DSL.case_(ENTERPRISE.TIER)
                .when("单项冠军", 1).when("专精特新小巨人", 2).when("专精特新", 3).when("高新技术企业", 4).otherwise(5);
        return dsl.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, CITY.NAME, ENTERPRISE.TIER,
                        ENTERPRISE.CAPACITY_VALUE, ENTERPRISE.CAPACITY_UNIT, ENTERPRISE.CERTIFICATIONS)
                .from(ENTERPRISE_NODE).join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(ENTERPRISE_NODE.CREDIT_CODE))
                .leftJoin(CITY).on(CITY.CODE.eq(ENTERPRISE.CITY_CODE))
                .where(inRegion(region)).and(ENTERPRISE_NODE.NODE_CODE.eq(node))
                .and(confident(minConfidence))
                .orderBy(tierRank, ENTERPRISE.CAPACITY_VALUE.desc().nullsLast(), ENTERPRISE.NAME)
                .limit(limit)
                .fetch(r -> new Supplier(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7()));
    }

    Optional<LeaderInfo> enterprise(String creditCode) {
        return dsl.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, CITY.NAME).from(ENTERPRISE)
                .leftJoin(CITY).on(CITY.CODE.eq(ENTERPRISE.CITY_CODE))
                .where(ENTERPRISE.CREDIT_CODE.eq(creditCode))
                .fetchOptional(r -> new LeaderInfo(r.value1(), r.value2(), r.value3()));
    }

    List<LeaderInfo> enterprises(Collection<String> creditCodes) {
        return dsl.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, CITY.NAME).from(ENTERPRISE)
                .leftJoin(CITY).on(CITY.CODE.eq(ENTERPRISE.CITY_CODE))
                .where(ENTERPRISE.CREDIT_CODE.in(creditCodes)).orderBy(ENTERPRISE.NAME)
                .fetch(r -> new LeaderInfo(r.value1(), r.value2(), r.value3()));
    }

    /** the nodes an enterprise supplies, and whether it is a Guangdong enterprise */
    List<String> nodesOf(String creditCode, double minConfidence) {
        return dsl.select(ENTERPRISE_NODE.NODE_CODE).from(ENTERPRISE_NODE)
                .where(ENTERPRISE_NODE.CREDIT_CODE.eq(creditCode))
                .and(ENTERPRISE_NODE.CONFIDENCE.ge(BigDecimal.valueOf(minConfidence)))
                .orderBy(ENTERPRISE_NODE.NODE_CODE).fetch(ENTERPRISE_NODE.NODE_CODE);
    }

    String cityOf(String creditCode) {
        return dsl.select(ENTERPRISE.CITY_CODE).from(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(creditCode))
                .fetchOne(ENTERPRISE.CITY_CODE);
    }

    /** demands of every Guangdong leader, for what-if: leader → nodes */
    List<LeaderNode> allDemands(Region region) {
        return dsl.selectDistinct(DEMAND.NODE_CODE, DEMAND.LEADER_CREDIT_CODE)
                .from(DEMAND).join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(DEMAND.LEADER_CREDIT_CODE))
                .where(inRegion(region)).and(DEMAND.STATUS.ne("CLOSED"))
                .fetch(r -> new LeaderNode(r.value1(), r.value2()));
    }

    /** Guangdong enterprises of the region that still operate (注销 and 迁出 ones supply nothing) */
    private static Condition inRegion(Region region) {
        Condition place = region.isProvince() ? ENTERPRISE.CITY_CODE.isNotNull() : ENTERPRISE.CITY_CODE.eq(region.cityCode());
        return place.and(ENTERPRISE.STATUS.eq("ACTIVE"));
    }

    /** without a bar the node index alone answers, so the classification rows are not read at all */
    private static Condition confident(double minConfidence) {
        return minConfidence > 0 ? ENTERPRISE_NODE.CONFIDENCE.ge(BigDecimal.valueOf(minConfidence)) : DSL.noCondition();
    }

    private static Condition nodeFilter(Field<String> field, Collection<String> nodes) {
        return nodes == null ? DSL.noCondition() : field.in(nodes);
    }

    private static double dbl(BigDecimal value) {
        return value == null ? 0 : value.doubleValue();
    }
}
