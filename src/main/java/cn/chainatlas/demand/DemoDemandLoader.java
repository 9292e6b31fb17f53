package cn.chainatlas.demand;

import cn.chainatlas.db.SeedFiles;
import cn.chainatlas.db.SeedLoader;
import cn.chainatlas.db.SeedMode;
import cn.chainatlas.enterprise.LeaderService;
import cn.chainatlas.common.Actor;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.DEMAND;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;

/**
 * DEMO DATA ONLY: the demo leaders' demands of seeds/demand/demo-demands.yaml, with real specs, so that a first start
 * shows real matches. After the demo registry, its suppliers and the leaders' chains (order 250); only with the demo
 * seed and an empty demand table. Written through DemandService (the same field rules as the API, audited).
 */
@Singleton
final class DemoDemandLoader implements SeedLoader {

    static final String FILE = "demand/demo-demands.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(DemoDemandLoader.class);

    private final DSLContext dsl;
    private final DemandService demands;
    private final LeaderService leaders;

    DemoDemandLoader(DSLContext dsl, DemandService demands, LeaderService leaders) {
        this.dsl = dsl;
        this.demands = demands;
        this.leaders = leaders;
    }

    @Override
    public int order() {
        return 250;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void load(SeedMode mode) {
        if (!mode.includesDemo() || dsl.fetchCount(DEMAND) > 0) {
            return;
        }
        SeedFiles.SeedFile file = SeedFiles.file(FILE);
        if (!Files.exists(file.path())) {
            return;
        }
        List<Map<String, Object>> rows;
        try (InputStream in = file.open()) {
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            rows = (List<Map<String, Object>>) root.getOrDefault("demands", List.of());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Demo demands NOT loaded from {}: {}", FILE, e.toString());
            return;
        }
        List<DemandInput> inputs = new ArrayList<>();
        int skipped = 0;
        for (Map<String, Object> r : rows) {
            String leader = leader(String.valueOf(r.get("leader")));
            if (leader == null) {
                skipped++;
                continue;
            }
            inputs.add(new DemandInput(leader, text(r.get("node")), text(r.get("quantity")), text(r.get("unit")),
                    text(r.get("valueWan")), text(r.get("spec")), strings((Map<String, Object>) r.get("specFields")),
                    list(r.get("requiredCertifications")), list(r.get("preferredRegions")), list(r.get("excludedRegions")),
                    strings((Map<String, Object>) r.get("sources")), text(r.get("neededBy")), text(r.get("note")), null));
        }
        if (inputs.isEmpty()) {
            LOG.warn("No demo leaders in the registry: demo demands not created");
            return;
        }
        List<Long> ids;
        try {
            ids = demands.createAll(Actor.SYSTEM, inputs, "演示数据：虚构的链主需求");
        } catch (cn.chainatlas.common.BadInput e) {
            LOG.warn("Demo demands NOT loaded (all or nothing): {}", e.getMessage());
            return;
        }
        LOG.info("Demo demands created: {} (invented data, seeds/{}){}", ids.size(), FILE,
                skipped > 0 ? "; " + skipped + " skipped, their leader is not in the registry" : "");
    }

    /** A credit code, or a leader's name in the registry. */
    private String leader(String value) {
        if (leaders.isLeader(value)) {
            return value;
        }
        return dsl.select(ENTERPRISE.CREDIT_CODE).from(ENTERPRISE).where(ENTERPRISE.NAME.eq(value)).and(ENTERPRISE.IS_LEADER.isTrue())
                .fetchOptional(ENTERPRISE.CREDIT_CODE).orElse(null);
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }

    private static List<String> list(Object v) {
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    private static Map<String, String> strings(Map<String, Object> m) {
        Map<String, String> out = new LinkedHashMap<>();
        if (m != null) {
            m.forEach((k, v) -> out.put(k, v == null ? null : v.toString()));
        }
        return out;
    }
}
