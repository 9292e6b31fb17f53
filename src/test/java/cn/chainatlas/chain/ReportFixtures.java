package cn.chainatlas.chain;

import org.jooq.DSLContext;

/** The mini chain with its leaders, suppliers and demands, for tests outside the chain package (reports). */
public final class ReportFixtures {

    public static final String LEADER_DG = MiniChainData.LEADER_DG;
    public static final String LEADER_FS = MiniChainData.LEADER_FS;

    private ReportFixtures() {
    }

    /** Cities, the good fixture chains (MINI and OTHER) and MiniChainData. */
    public static void load(io.micronaut.context.ApplicationContext context) {
        GeoSeedLoader geo = context.getBean(GeoSeedLoader.class);
        ChainSeedLoader chains = context.getBean(ChainSeedLoader.class);
        DSLContext dsl = context.getBean(DSLContext.class);
        geo.load(SeedFixtures.geo("cities.yaml"), SeedFixtures.geo("cluster-ratings.yaml"));
        chains.load(SeedFixtures.chains("good/chains"));
        MiniChainData.insert(dsl);
    }
}
