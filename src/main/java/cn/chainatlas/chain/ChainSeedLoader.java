package cn.chainatlas.chain;

import cn.chainatlas.db.SeedFiles;
import cn.chainatlas.db.SeedFiles.SeedFile;
import cn.chainatlas.db.SeedLoader;
import cn.chainatlas.db.SeedMode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Loads {@code seeds/chains/*.yaml}. All files are validated together before anything is written; a rejected
 * set stops start-up with a message naming each file and node at fault, because a service running on a
 * half-known chain graph would report wrong gaps without anyone noticing.
 */
@Singleton
final class ChainSeedLoader implements SeedLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ChainSeedLoader.class);

    private final SeedRepository repository;
    private final ChainGraphCache cache;

    ChainSeedLoader(SeedRepository repository, ChainGraphCache cache) {
        this.repository = repository;
        this.cache = cache;
    }

    @Override
    public int order() {
        return 110;
    }

    @Override
    public void load(SeedMode mode) {
        if (!mode.includesReference()) {
            return;
        }
        List<SeedFile> files = SeedFiles.list("chains", ".yaml");
        if (files.isEmpty()) {
            LOG.warn("Seeds: no chain files in seeds/chains, no chains loaded");
            return;
        }
        load(files);
    }

    /** @return true when something was written, false when the same files were loaded before */
    boolean load(List<SeedFile> files) {
        ChainSeed seed;
        try {
            seed = ChainSeedParser.parse(files);
        } catch (ChainSeedRejected e) {
            LOG.error(e.getMessage());
            throw e;
        }
        if (seed.sha256().equals(repository.fingerprint("chains"))) {
            LOG.info("Seeds: chains unchanged ({} files)", files.size());
            return false;
        }
        repository.writeChains(seed);
        cache.invalidate();
        LOG.info("Seeds: {} chains, {} nodes loaded from {} files", seed.chains().size(), seed.nodes().size(), files.size());
        return true;
    }
}
