package cn.chainatlas.chain;

import cn.chainatlas.db.SeedFiles;
import cn.chainatlas.db.SeedFiles.SeedFile;
import cn.chainatlas.db.SeedLoader;
import cn.chainatlas.db.SeedMode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;

/** Regions, cities, Guangzhou's districts and the cluster ratings of 004 — before the chains and the registry. */
@Singleton
final class GeoSeedLoader implements SeedLoader {

    private static final Logger LOG = LoggerFactory.getLogger(GeoSeedLoader.class);

    private final SeedRepository repository;

    GeoSeedLoader(SeedRepository repository) {
        this.repository = repository;
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public void load(SeedMode mode) {
        if (!mode.includesReference()) {
            return;
        }
        SeedFile cities = SeedFiles.file("geo/cities.yaml");
        SeedFile ratings = SeedFiles.file("geo/cluster-ratings.yaml");
        if (!Files.exists(cities.path())) {
            LOG.warn("Seeds: {} not found, no geography loaded", cities.name());
            return;
        }
        load(cities, Files.exists(ratings.path()) ? ratings : null);
    }

    /** @return true when something was written, false when the files were already loaded unchanged */
    boolean load(SeedFile cities, SeedFile ratings) {
        GeoSeed geo = GeoSeedParser.parse(cities, ratings);
        if (geo.sha256().equals(repository.fingerprint("geo"))) {
            LOG.info("Seeds: geography unchanged");
            return false;
        }
        repository.writeGeo(geo);
        LOG.info("Seeds: {} regions, {} cities, {} districts, {} cluster ratings loaded", geo.regions().size(),
                geo.cities().size(), geo.districts().size(), geo.clusters().size());
        return true;
    }
}
