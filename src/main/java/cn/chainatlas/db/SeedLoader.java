package cn.chainatlas.db;

/**
 * One feature's seed data. Loaders run at start-up in ascending {@link #order()}; each must be idempotent
 * (a second start with the same seeds changes nothing) and must load nothing of a file it rejects.
 */
public interface SeedLoader {

    /** geography and chains first (100s), registry after (200s), demo accounts last (900s) */
    int order();

    void load(SeedMode mode);
}
