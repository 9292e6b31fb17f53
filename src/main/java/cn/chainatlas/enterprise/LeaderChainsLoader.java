package cn.chainatlas.enterprise;

import cn.chainatlas.db.SeedLoader;
import cn.chainatlas.db.SeedMode;
import jakarta.inject.Singleton;

/**
 * After the registry seeds (order 240): every 链主 by registry title whose chains nobody named gets the chains of the
 * final equipment it makes (LeaderService#inferChains, recorded as INFERRED and audited). Idempotent: a leader with
 * any chain is left alone.
 */
@Singleton
final class LeaderChainsLoader implements SeedLoader {

    private final LeaderService leaders;

    LeaderChainsLoader(LeaderService leaders) {
        this.leaders = leaders;
    }

    @Override
    public int order() {
        return 240;
    }

    @Override
    public void load(SeedMode mode) {
        leaders.inferChains();
    }
}
