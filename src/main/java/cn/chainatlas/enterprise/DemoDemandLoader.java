package cn.chainatlas.enterprise;

import cn.chainatlas.db.SeedLoader;
import cn.chainatlas.db.SeedMode;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static cn.chainatlas.db.schema.Tables.CHAIN_EDGE;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE;
import static cn.chainatlas.db.schema.Tables.DEMAND;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;

/**
 * DEMO DATA ONLY: about 30 invented demands of the demo chain leaders (parts of the final equipment they make,
 * with made-up quantities and sourcing), so that gap analysis and matching have something to show. Runs after the
 * demo registry (order 250), only when demo seeding and the demand table is empty.
 */
@Singleton
final class DemoDemandLoader implements SeedLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DemoDemandLoader.class);
    private static final String[] SOURCING = {"IMPORT", "IMPORT", "IMPORT", "OTHER_PROVINCE", "OTHER_PROVINCE", "OTHER_PROVINCE",
            "PROVINCE", "PROVINCE", "SAME_CITY"};

    private final DSLContext dsl;

    DemoDemandLoader(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public int order() {
        return 250;
    }

    @Override
    public void load(SeedMode mode) {
        if (!mode.includesDemo() || dsl.fetchCount(DEMAND) > 0) {
            return;
        }
        List<String> leaders = dsl.select(ENTERPRISE.CREDIT_CODE).from(ENTERPRISE).where(ENTERPRISE.IS_LEADER.isTrue())
                .and(ENTERPRISE.NAME.like("%（演示）%")).orderBy(ENTERPRISE.CREDIT_CODE).fetch(ENTERPRISE.CREDIT_CODE);
        if (leaders.isEmpty()) {
            LOG.warn("No demo leaders in the registry: demo demands not created");
            return;
        }
        Random rnd = new Random(2026);
        List<String> anyPart = dsl.select(CHAIN_NODE.CODE).from(CHAIN_NODE).where(CHAIN_NODE.LEVEL.in("部件", "零件", "系统"))
                .orderBy(CHAIN_NODE.CODE).fetch(CHAIN_NODE.CODE);
        int perLeader = Math.max(1, (int) Math.ceil(30.0 / leaders.size()));
        int created = 0;
        for (String leader : leaders) {
            List<String> own = dsl.select(ENTERPRISE_NODE.NODE_CODE).from(ENTERPRISE_NODE)
                    .where(ENTERPRISE_NODE.CREDIT_CODE.eq(leader)).orderBy(ENTERPRISE_NODE.NODE_CODE).fetch(ENTERPRISE_NODE.NODE_CODE);
            Set<String> parts = new LinkedHashSet<>();
            if (!own.isEmpty()) {
                parts.addAll(dsl.select(CHAIN_EDGE.CHILD_CODE).from(CHAIN_EDGE).where(CHAIN_EDGE.PARENT_CODE.in(own))
                        .orderBy(CHAIN_EDGE.CHILD_CODE).fetch(CHAIN_EDGE.CHILD_CODE));
            }
            List<String> pool = new ArrayList<>(parts.isEmpty() ? anyPart : parts);
            if (pool.isEmpty()) {
                continue;
            }
            java.util.Collections.shuffle(pool, rnd);
            for (String node : pool.subList(0, Math.min(perLeader, pool.size()))) {
                int qty = (1 + rnd.nextInt(50)) * 100;
                dsl.insertInto(DEMAND)
                        .set(DEMAND.LEADER_CREDIT_CODE, leader)
                        .set(DEMAND.NODE_CODE, node)
                        .set(DEMAND.ANNUAL_QUANTITY, BigDecimal.valueOf(qty))
                        .set(DEMAND.QUANTITY_UNIT, rnd.nextBoolean() ? "套" : "件")
                        .set(DEMAND.ANNUAL_VALUE, BigDecimal.valueOf(qty * (2 + rnd.nextInt(40)) / 10))
                        .set(DEMAND.CURRENT_SOURCING, SOURCING[rnd.nextInt(SOURCING.length)])
                        .execute();
                created++;
            }
        }
        LOG.info("Demo demands created: {} for {} demo leaders (invented data)", created, leaders.size());
    }
}
