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
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE_CAPACITY;
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
               @Nullable String contactPhone, boolean capacityOfNode) {
    }

    private final DSLContext dsl;
    private volatile Map<String, String[]> regions;

    CandidateRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Operating enterprises classified to any of the nodes (one row per enterprise and node), with every fact. The
     * capacity of a row is the one the enterprise states for that node (enterprise_node_capacity,
     * {@code capacityOfNode} true) where there is one, else the registry's single 年产能. Cities' names and regions come
     * from the geography in memory, not from a join, and the columns are read by position. The service keeps what it
     * prepares from these rows per data version (MatchingService.Pool), so this runs once per node and change of data.
     */
    List<Row> candidates(Collection<String> nodes) {
        Map<String, String[]> geo = geography();
        return dsl.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, ENTERPRISE.CITY_CODE, ENTERPRISE.OUTSIDE_PROVINCE,
                        ENTERPRISE_NODE.NODE_CODE, ENTERPRISE_NODE.SOURCE, ENTERPRISE_NODE.CONFIDENCE,
                        ENTERPRISE_NODE.MATCHED, ENTERPRISE.CERTIFICATIONS, ENTERPRISE.TIER, ENTERPRISE.PATENTS,
                        ENTERPRISE.REVENUE, ENTERPRISE.RND_SPENDING, ENTERPRISE.PUBLIC_CONSENT, ENTERPRISE.CAPACITY_VALUE,
                        ENTERPRISE.CAPACITY_UNIT, ENTERPRISE.TECH_PARAMS, ENTERPRISE.MAIN_PRODUCTS, ENTERPRISE.UNWILLING, ENTERPRISE.LAST_BATCH_ID,
                        ENTERPRISE.PROFILE_EDITED_BY, ENTERPRISE.CONTACT_NAME, ENTERPRISE.CONTACT_PHONE,
                        ENTERPRISE_NODE_CAPACITY.QUANTITY, ENTERPRISE_NODE_CAPACITY.UNIT)
                .from(ENTERPRISE_NODE)
                .join(ENTERPRISE).on(ENTERPRISE.CREDIT_CODE.eq(ENTERPRISE_NODE.CREDIT_CODE))
                .leftJoin(ENTERPRISE_NODE_CAPACITY).on(ENTERPRISE_NODE_CAPACITY.CREDIT_CODE.eq(ENTERPRISE_NODE.CREDIT_CODE))
                .and(ENTERPRISE_NODE_CAPACITY.NODE_CODE.eq(ENTERPRISE_NODE.NODE_CODE))
                .where(ENTERPRISE_NODE.NODE_CODE.in(nodes))
                .and(ENTERPRISE.STATUS.eq("ACTIVE"))
                .fetch(r -> {
                    String city = r.get(2, String.class);
                    String[] g = city == null ? NO_PLACE : geo.getOrDefault(city, NO_PLACE);
                    BigDecimal confidence = r.get(6, BigDecimal.class);
                    BigDecimal ofNode = r.get(23, BigDecimal.class);
                    return new Row(r.get(0, String.class), r.get(1, String.class), city, g[2], g[0], g[1], r.get(3, String.class),
                            r.get(4, String.class), r.get(5, String.class), confidence == null ? 0 : confidence.doubleValue(),
                            r.get(7, String.class), r.get(8, String.class), r.get(9, String.class), r.get(10, Integer.class),
                            r.get(11, BigDecimal.class), r.get(12, BigDecimal.class), Boolean.TRUE.equals(r.get(13, Boolean.class)),
                            ofNode != null ? ofNode : r.get(14, BigDecimal.class), ofNode != null ? r.get(24, String.class) : r.get(15, String.class),
                            r.get(16, String.class),
                            r.get(17, String.class) == null ? "" : r.get(17, String.class), Boolean.TRUE.equals(r.get(18, Boolean.class)),
                            r.get(19, Long.class), r.get(20, String.class), r.get(21, String.class), r.get(22, String.class),
                            ofNode != null);
                });
    }

    private static final String[] NO_PLACE = {null, null, null};

    /** The region (code, name) of a city: 珠三角, 沿海经济带东翼 … (geography changes only with the seeds). */
    String[] region(@Nullable String cityCode) {
        if (cityCode == null) {
            return new String[]{null, null};
        }
        String[] g = geography().getOrDefault(cityCode, NO_PLACE);
        return new String[]{g[0], g[1]};
    }

    /** city code → {region code, region name, city name}; read once (and again when a city is missing). */
    private Map<String, String[]> geography() {
        Map<String, String[]> r = regions;
        if (r == null || r.isEmpty()) {
            Map<String, String[]> m = new HashMap<>();
            dsl.select(CITY.CODE, CITY.REGION_CODE, REGION.NAME, CITY.NAME).from(CITY).leftJoin(REGION).on(REGION.CODE.eq(CITY.REGION_CODE))
                    .forEach(x -> m.put(x.value1(), new String[]{x.value2(), x.value3(), x.value4()}));
            regions = m;
            r = m;
        }
        return r;
    }
}
