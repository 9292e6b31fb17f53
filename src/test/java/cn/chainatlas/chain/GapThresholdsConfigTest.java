package cn.chainatlas.chain;

import cn.chainatlas.common.Actor;
import cn.chainatlas.testing.DatabaseTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Thresholds come from configuration ({@code chainatlas.gaps.*}) and the reasons quote them. */
@MicronautTest
class GapThresholdsConfigTest extends DatabaseTest {

    @Inject
    GapThresholds thresholds;
    @Inject
    GapAnalysis analysis;
    @Inject
    DSLContext dsl;
    @Inject
    ChainSeedLoader chains;
    @Inject
    GeoSeedLoader geo;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("chainatlas.gaps.import-share", "0.8", "chainatlas.gaps.min-suppliers", "1",
                "chainatlas.gaps.qualified-tier", "高新技术企业", "chainatlas.gaps.critical-final-equipment", "3");
    }

    @BeforeAll
    void data() {
        geo.load(SeedFixtures.geo("cities.yaml"), SeedFixtures.geo("cluster-ratings.yaml"));
        chains.load(SeedFixtures.chains("good/chains"));
        MiniChainData.insert(dsl);
    }

    @Test
    void configuredThresholdsChangeStatusesAndAreQuotedInTheReasons() {
        assertThat(thresholds.getImportShare()).isEqualTo(0.8);
        assertThat(thresholds.getMinSuppliers()).isEqualTo(1);
        assertThat(thresholds.getQualifiedTier()).isEqualTo("高新技术企业");
        assertThat(thresholds.getMaxHhi()).isEqualTo(0.5); // untouched default
        var gaps = analysis.gaps(Actor.SYSTEM, "MINI", "province");
        NodeGap spindle = gaps.stream().filter(g -> g.nodeCode().equals("SPINDLE")).findFirst().orElseThrow();
        // 54.5 % imported is no longer above the bar of 80 %; 3 suppliers ≥ 1, HHI 0.44, capacity 500 ≥ 350
        assertThat(spindle.statusKey()).isEqualTo("COVERED");
        assertThat(spindle.reasons()).containsExactly("本地供应商 3 家，不少于 1 家", "高新技术企业及以上的本地供应商 2 家，不少于 1 家",
                "进口占比 54.5%（按需求金额加权），不高于 80.0%，不判为依赖进口");
        NodeGap cnc = gaps.stream().filter(g -> g.nodeCode().equals("CNC")).findFirst().orElseThrow();
        assertThat(cnc.statusKey()).isEqualTo("COVERED"); // 高新 now qualifies
    }
}
