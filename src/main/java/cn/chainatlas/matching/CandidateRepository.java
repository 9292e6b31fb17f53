package cn.chainatlas.matching;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.CITY;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;
import static cn.chainatlas.db.schema.Tables.REGION;

/**
 * The candidates of a node as matching needs them: every operating (在营) enterprise classified to the node, with
 * the facts the rules weigh. Reads the registry's tables, writes nothing (like the gap analysis' figures); the
 * service decides which private fields a viewer sees.
 */
@Singleton
class CandidateRepository {

    record Row(String creditCode, String name, @Nullable String cityCode, @Nullable String cityName,
               @Nullable String regionCode, @Nullable String regionName, @Nullable String outsideProvince, String node,
               String source, double confidence, @Nullable String matched, @Nullable String certifications,
               @Nullable String tier, @Nullable Integer patents, @Nullable BigDecimal revenue,
               @Nullable BigDecimal rndSpending, boolean consent, @Nullable BigDecimal capacity,
               @Nullable String capacityUnit, @Nullable String techParams, String products, boolean unwilling,
               @Nullable Long lastBatchId, @Nullable String profileEditedBy, @Nullable String contactName,
               @Nullable String contactPhone) {
    }

    private final DSLContext dsl;
    private volatile Map<String, String[]> regions;

    CandidateRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Operating enterprises classified to any of the nodes (one row per enterprise and node). */
    List<Row> candidates(Collection<String> nodes) {
        return dsl.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, ENTERPRISE.CITY_CODE, CITY.NAME, CITY.REGION_CODE,
                        REGION.NAME, ENTERPRISE.OUTSIDE_PROVINCE, ENTERPRISE_NODE.NODE_CODE, ENTERPRISE_NODE.SOURCE,
                        ENTERPRISE_NODE.CONFIDENCE, ENTERPRISE_NODE.MATCHED, ENTERPRISE.CERTIFICATIONS, ENTERPRISE.TIER,
                        ENTERPRISE.PATENTS, ENTERPRISE.REVENUE, ENTERPRISE.RND_SPENDING, ENTERPRISE.PUBLIC_CONSENT,
                        ENTERPRISE.CAPACITY_VALUE, ENTERPRISE.CAPACITY_UNIT, ENTERPRISE.TECH_PARAMS, ENTERPRISE.MAIN_PRODUCTS,
                        ENTERPRISE.UNWILLING, ENTERPRISE.LAST_BATCH_ID, ENTERPRISE.PROFILE_EDITED_BY, ENTERPRISE.CONTACT_NAME,
                        ENTERPRISE.CONTACT_PHONE)
                .from(ENTERPRISE_NODE)
                .join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(ENTERPRISE_NODE.CREDIT_CODE))
                .leftJoin(CITY).on(CITY.CODE.eq(ENTERPRISE.CITY_CODE))
                .leftJoin(REGION).on(REGION.CODE.eq(CITY.REGION_CODE))
                .where(ENTERPRISE_NODE.NODE_CODE.in(nodes))
                .and(ENTERPRISE.STATUS.eq("ACTIVE"))
                .fetch(r -> new Row(r.get(ENTERPRISE.CREDIT_CODE), r.get(ENTERPRISE.NAME), r.get(ENTERPRISE.CITY_CODE),
                        r.get(CITY.NAME), r.get(CITY.REGION_CODE), r.get(REGION.NAME), r.get(ENTERPRISE.OUTSIDE_PROVINCE),
                        r.get(ENTERPRISE_NODE.NODE_CODE), r.get(ENTERPRISE_NODE.SOURCE),
                        r.get(ENTERPRISE_NODE.CONFIDENCE).doubleValue(), r.get(ENTERPRISE_NODE.MATCHED),
                        r.get(ENTERPRISE.CERTIFICATIONS), r.get(ENTERPRISE.TIER), r.get(ENTERPRISE.PATENTS),
                        r.get(ENTERPRISE.REVENUE), r.get(ENTERPRISE.RND_SPENDING), Boolean.TRUE.equals(r.get(ENTERPRISE.PUBLIC_CONSENT)),
                        r.get(ENTERPRISE.CAPACITY_VALUE), r.get(ENTERPRISE.CAPACITY_UNIT), r.get(ENTERPRISE.TECH_PARAMS),
                        r.get(ENTERPRISE.MAIN_PRODUCTS), Boolean.TRUE.equals(r.get(ENTERPRISE.UNWILLING)),
                        r.get(ENTERPRISE.LAST_BATCH_ID), r.get(ENTERPRISE.PROFILE_EDITED_BY), r.get(ENTERPRISE.CONTACT_NAME),
                        r.get(ENTERPRISE.CONTACT_PHONE)));
    }

    /** The region (code, name) of a city: 珠三角, 沿海经济带东翼 … (geography changes only with the seeds). */
    String[] region(@Nullable String cityCode) {
        if (cityCode == null) {
            return new String[]{null, null};
        }
        Map<String, String[]> r = regions;
        if (r == null || !r.containsKey(cityCode)) {
            Map<String, String[]> m = new HashMap<>();
            dsl.select(CITY.CODE, CITY.REGION_CODE, REGION.NAME).from(CITY).leftJoin(REGION).on(REGION.CODE.eq(CITY.REGION_CODE))
                    .forEach(x -> m.put(x.value1(), new String[]{x.value2(), x.value3()}));
            regions = m;
            r = m;
        }
        return r.getOrDefault(cityCode, new String[]{null, null});
    }
}
