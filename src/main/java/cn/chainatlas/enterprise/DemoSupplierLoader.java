package cn.chainatlas.enterprise;

import cn.chainatlas.common.CreditCode;
import cn.chainatlas.db.SeedFiles;
import cn.chainatlas.db.SeedLoader;
import cn.chainatlas.db.SeedMode;
import cn.chainatlas.db.schema.tables.records.EnterpriseRecord;
import cn.chainatlas.excel.RegistryColumn;
import cn.chainatlas.geo.Cities;
import cn.chainatlas.common.Actor;
import cn.chainatlas.audit.AuditLog;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;

/**
 * DEMO DATA ONLY: the invented suppliers of seeds/registry/demo-suppliers.yaml, added after the demo registry (order
 * 220) so that the demo leaders' demands show real matches on a first start. Only with the demo seed, only when the
 * demo registry is there, each supplier once (an existing credit code is left alone). Every field goes through the
 * registry's field rules and the classifier, like an edit; each one is audited as DEMO_SEED.
 */
@Singleton
final class DemoSupplierLoader implements SeedLoader {

    static final String FILE = "registry/demo-suppliers.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(DemoSupplierLoader.class);

    private final DSLContext dsl;
    private final Classifier classifier;
    private final Cities cities;
    private final AuditLog audit;
    private final EnterpriseState states;

    DemoSupplierLoader(DSLContext dsl, Classifier classifier, Cities cities, AuditLog audit, EnterpriseState states) {
        this.dsl = dsl;
        this.classifier = classifier;
        this.cities = cities;
        this.audit = audit;
        this.states = states;
    }

    @Override
    public int order() {
        return 220;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void load(SeedMode mode) {
        if (!mode.includesDemo() || dsl.fetchCount(ENTERPRISE, ENTERPRISE.NAME.like("%（演示）%")) == 0) {
            return;
        }
        SeedFiles.SeedFile file = SeedFiles.file(FILE);
        if (!Files.exists(file.path())) {
            return;
        }
        List<Map<String, Object>> suppliers;
        try (InputStream in = file.open()) {
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            suppliers = (List<Map<String, Object>>) root.getOrDefault("suppliers", List.of());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Demo suppliers NOT loaded from {}: {}", FILE, e.toString());
            return;
        }
        classifier.invalidate();
        int added = 0;
        for (Map<String, Object> s : suppliers) {
            String first17 = text(s, "code17");
            String code = first17 + CreditCode.checkChar(first17);
            if (dsl.fetchExists(ENTERPRISE, ENTERPRISE.CREDIT_CODE.eq(code))) {
                continue;
            }
            String city = cities.parse(text(s, "city")).cityCode();
            if (city == null) {
                LOG.warn("Demo supplier {} skipped: unknown city {}", code, s.get("city"));
                continue;
            }
            EnterpriseRecord r = dsl.newRecord(ENTERPRISE);
            r.setCreditCode(code);
            r.setName(text(s, "name"));
            r.setCityCode(city);
            r.setDistrict(text(s, "district"));
            r.setSizeClass("中");
            r.setAboveScale(true);
            r.setMainProducts(EnterpriseFields.text(text(s, "products"), RegistryColumn.MAIN_PRODUCTS, true, false));
            r.setTechParams(text(s, "techParams"));
            r.setCertifications(EnterpriseFields.list(text(s, "certifications"), RegistryColumn.CERTIFICATIONS));
            String titles = EnterpriseFields.list(text(s, "titles"), RegistryColumn.TITLES);
            r.setTitles(titles);
            r.setTier(Titles.tier(titles));
            r.setIsLeader(Titles.leader(titles));
            r.setRevenue(decimal(s, "revenue"));
            r.setRndSpending(decimal(s, "rnd"));
            r.setPatents(s.get("patents") == null ? null : ((Number) s.get("patents")).intValue());
            r.setEmployees(s.get("employees") == null ? null : ((Number) s.get("employees")).intValue());
            EnterpriseFields.Capacity capacity = EnterpriseFields.capacity(text(s, "capacity"));
            r.setCapacityValue(capacity == null ? null : capacity.value());
            r.setCapacityUnit(capacity == null ? null : capacity.unit());
            r.setContactName(text(s, "contact"));
            r.setContactPhone(text(s, "phone"));
            r.setPublicConsent(Boolean.TRUE.equals(s.get("consent")));
            List<NodeMatch> nodes = classifier.classify(r.getMainProducts());
            r.setContentHash(EnterpriseService.data(r).contentHash(nodes));
            r.setNameKey(EnterpriseNames.key(r.getName()));
            r.setIsUnclassified(nodes.isEmpty());
            dsl.transaction(cfg -> {
                DSLContext tx = DSL.using(cfg);
                tx.executeInsert(r);
                SearchIndex.markStale(tx, List.of(code));
                for (NodeMatch n : nodes) {
                    tx.insertInto(ENTERPRISE_NODE).set(ENTERPRISE_NODE.CREDIT_CODE, code).set(ENTERPRISE_NODE.NODE_CODE, n.nodeCode())
                            .set(ENTERPRISE_NODE.CONFIDENCE, BigDecimal.valueOf(n.confidence())).set(ENTERPRISE_NODE.SOURCE, n.source())
                            .set(ENTERPRISE_NODE.MATCHED, n.matched()).execute();
                }
                audit.record(tx, Actor.SYSTEM, "DEMO_SEED", "enterprise:" + code, null,
                        states.of(EnterpriseService.data(r), nodes.stream().map(NodeMatch::nodeCode).toList(), "ACTIVE"),
                        "演示数据：虚构的配套企业");
            });
            added++;
        }
        if (added > 0) {
            LOG.info("Demo suppliers added: {} (invented data, seeds/{})", added, FILE);
        }
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    private static BigDecimal decimal(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : new BigDecimal(v.toString());
    }
}
