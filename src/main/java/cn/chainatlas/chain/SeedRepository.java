package cn.chainatlas.chain;

import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static cn.chainatlas.db.schema.Tables.CHAIN;
import static cn.chainatlas.db.schema.Tables.CHAIN_EDGE;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE_ALIAS;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE_SUBSTITUTE;
import static cn.chainatlas.db.schema.Tables.CHAIN_ROOT;
import static cn.chainatlas.db.schema.Tables.CITY;
import static cn.chainatlas.db.schema.Tables.CLUSTER_CHAIN;
import static cn.chainatlas.db.schema.Tables.CLUSTER_RATING;
import static cn.chainatlas.db.schema.Tables.DISTRICT;
import static cn.chainatlas.db.schema.Tables.DISTRICT_INDUSTRY;
import static cn.chainatlas.db.schema.Tables.POLICY_PRIOR;
import static cn.chainatlas.db.schema.Tables.REGION;
import static cn.chainatlas.db.schema.Tables.SEED_FINGERPRINT;

/** Writes validated seeds. Each set is written in one transaction, or not at all. */
@Singleton
class SeedRepository {

    private final DSLContext dsl;

    SeedRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    String fingerprint(String name) {
        return dsl.select(SEED_FINGERPRINT.SHA256).from(SEED_FINGERPRINT)
                .where(SEED_FINGERPRINT.NAME.eq(name)).fetchOne(SEED_FINGERPRINT.SHA256);
    }

    void writeGeo(GeoSeed geo) {
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            List<Query> q = new ArrayList<>();
            for (GeoSeed.Region r : geo.regions()) {
                q.add(tx.insertInto(REGION).set(REGION.CODE, r.code()).set(REGION.NAME, r.name())
                        .onDuplicateKeyUpdate().set(REGION.NAME, r.name()));
            }
            for (GeoSeed.City c : geo.cities()) {
                q.add(tx.insertInto(CITY).set(CITY.CODE, c.code()).set(CITY.NAME, c.name()).set(CITY.NAME_EN, c.nameEn())
                        .set(CITY.REGION_CODE, c.region())
                        .onDuplicateKeyUpdate().set(CITY.NAME, c.name()).set(CITY.NAME_EN, c.nameEn())
                        .set(CITY.REGION_CODE, c.region()));
            }
            for (GeoSeed.District d : geo.districts()) {
                q.add(tx.insertInto(DISTRICT).set(DISTRICT.CODE, d.code()).set(DISTRICT.NAME, d.name())
                        .set(DISTRICT.CITY_CODE, d.city()).set(DISTRICT.ENTERPRISE_COUNT, d.enterprises())
                        .onDuplicateKeyUpdate().set(DISTRICT.NAME, d.name()).set(DISTRICT.CITY_CODE, d.city())
                        .set(DISTRICT.ENTERPRISE_COUNT, d.enterprises()));
            }
            q.add(tx.deleteFrom(DISTRICT_INDUSTRY));
            for (GeoSeed.District d : geo.districts()) {
                for (int i = 0; i < d.byIndustry().size(); i++) {
                    q.add(tx.insertInto(DISTRICT_INDUSTRY).set(DISTRICT_INDUSTRY.DISTRICT_CODE, d.code())
                            .set(DISTRICT_INDUSTRY.INDUSTRY, geo.industries().get(i))
                            .set(DISTRICT_INDUSTRY.ENTERPRISE_COUNT, d.byIndustry().get(i))
                            .set(DISTRICT_INDUSTRY.SORT_ORDER, i + 1));
                }
            }
            q.add(tx.deleteFrom(CLUSTER_RATING));
            q.add(tx.deleteFrom(CLUSTER_CHAIN));
            for (GeoSeed.Cluster cl : geo.clusters()) {
                cl.ratings().forEach((city, stars) -> q.add(tx.insertInto(CLUSTER_RATING)
                        .set(CLUSTER_RATING.CLUSTER_NO, cl.number()).set(CLUSTER_RATING.CLUSTER_NAME, cl.name())
                        .set(CLUSTER_RATING.CITY_CODE, city).set(CLUSTER_RATING.STARS, stars.byteValue())
                        .set(CLUSTER_RATING.TIER, cl.tiers().get(city))));
                for (String chain : new java.util.LinkedHashSet<>(cl.chains())) {
                    q.add(tx.insertInto(CLUSTER_CHAIN).set(CLUSTER_CHAIN.CLUSTER_NO, cl.number())
                            .set(CLUSTER_CHAIN.CHAIN_CODE, chain));
                }
            }
            q.add(fingerprintUpsert(tx, "geo", geo.sha256()));
            tx.batch(q).execute();
        });
    }

    void writeChains(ChainSeed seed) {
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            List<String> codes = new ArrayList<>(seed.nodes().keySet());
            List<String> chainCodes = seed.chains().stream().map(ChainSeed.Chain::code).toList();
            List<Query> q = new ArrayList<>();
            for (ChainSeed.Node n : seed.nodes().values()) {
                q.add(tx.insertInto(CHAIN_NODE).set(CHAIN_NODE.CODE, n.code()).set(CHAIN_NODE.NAME, n.name())
                        .set(CHAIN_NODE.NAME_EN, n.nameEn()).set(CHAIN_NODE.LEVEL, n.level())
                        .onDuplicateKeyUpdate().set(CHAIN_NODE.NAME, n.name()).set(CHAIN_NODE.NAME_EN, n.nameEn())
                        .set(CHAIN_NODE.LEVEL, n.level()));
            }
            for (ChainSeed.Chain c : seed.chains()) {
                q.add(tx.insertInto(CHAIN).set(CHAIN.CODE, c.code()).set(CHAIN.NAME, c.name())
                        .set(CHAIN.NAME_EN, c.nameEn()).set(CHAIN.SORT_ORDER, c.sortOrder())
                        .onDuplicateKeyUpdate().set(CHAIN.NAME, c.name()).set(CHAIN.NAME_EN, c.nameEn())
                        .set(CHAIN.SORT_ORDER, c.sortOrder()));
            }
            // a changed seed replaces what hangs off the seeded nodes; nodes themselves stay, since the registry
            // and demands refer to them
            q.add(tx.deleteFrom(CHAIN_NODE_ALIAS).where(CHAIN_NODE_ALIAS.NODE_CODE.in(codes)));
            q.add(tx.deleteFrom(CHAIN_EDGE).where(CHAIN_EDGE.PARENT_CODE.in(codes)));
            q.add(tx.deleteFrom(CHAIN_NODE_SUBSTITUTE).where(CHAIN_NODE_SUBSTITUTE.NODE_CODE.in(codes)));
            q.add(tx.deleteFrom(POLICY_PRIOR).where(POLICY_PRIOR.NODE_CODE.in(codes)));
            q.add(tx.deleteFrom(CHAIN_ROOT).where(CHAIN_ROOT.CHAIN_CODE.in(chainCodes)));
            for (ChainSeed.Chain c : seed.chains()) {
                for (String root : new java.util.LinkedHashSet<>(c.roots())) {
                    q.add(tx.insertInto(CHAIN_ROOT).set(CHAIN_ROOT.CHAIN_CODE, c.code()).set(CHAIN_ROOT.NODE_CODE, root));
                }
            }
            for (ChainSeed.Node n : seed.nodes().values()) {
                for (String alias : n.aliases()) {
                    q.add(tx.insertInto(CHAIN_NODE_ALIAS).set(CHAIN_NODE_ALIAS.NODE_CODE, n.code())
                            .set(CHAIN_NODE_ALIAS.ALIAS, alias).onDuplicateKeyIgnore());
                }
                for (String part : n.parts()) {
                    q.add(tx.insertInto(CHAIN_EDGE).set(CHAIN_EDGE.PARENT_CODE, n.code()).set(CHAIN_EDGE.CHILD_CODE, part));
                }
                for (String sub : n.substitutes()) {
                    q.add(tx.insertInto(CHAIN_NODE_SUBSTITUTE).set(CHAIN_NODE_SUBSTITUTE.NODE_CODE, n.code())
                            .set(CHAIN_NODE_SUBSTITUTE.SUBSTITUTE_CODE, sub));
                }
                for (ChainSeed.Prior p : n.priors()) {
                    q.add(tx.insertInto(POLICY_PRIOR).set(POLICY_PRIOR.NODE_CODE, n.code())
                            .set(POLICY_PRIOR.SOURCE, p.source()).set(POLICY_PRIOR.SECTION, p.section())
                            .set(POLICY_PRIOR.QUOTE, p.quote()).set(POLICY_PRIOR.KIND, p.kind().name())
                            .set(POLICY_PRIOR.SCOPE_CITY_CODE, p.scopeCity()).set(POLICY_PRIOR.CHAIN_CODE, p.chain())
                            .set(POLICY_PRIOR.CITATION, p.citation()).set(POLICY_PRIOR.CITATION_SHORT, p.shortCitation())
                            .set(POLICY_PRIOR.DRAFT, p.draft()).set(POLICY_PRIOR.WEIGHT, BigDecimal.valueOf(p.weight()))
                            .set(POLICY_PRIOR.WEIGHT_NOTE, p.weightNote()));
                }
            }
            q.add(fingerprintUpsert(tx, "chains", seed.sha256()));
            tx.batch(q).execute();
        });
    }

    private static Query fingerprintUpsert(DSLContext tx, String name, String sha) {
        return tx.insertInto(SEED_FINGERPRINT).set(SEED_FINGERPRINT.NAME, name).set(SEED_FINGERPRINT.SHA256, sha)
                .onDuplicateKeyUpdate().set(SEED_FINGERPRINT.SHA256, sha);
    }
}
