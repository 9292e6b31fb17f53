package cn.chainatlas.db;

import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The version of the data that derived figures (gap analysis, home totals, candidates) rest on. It goes up after every
 * committed write to those tables — {@link DataVersionListeners} notices the writes and bumps after the outermost
 * commit, so no writer has to remember to — and it lives in the database (table {@code data_version}, V22), so a write
 * on one instance is seen by the next read on every other instance sharing the database (README, two instances).
 *
 * <p>Bumping after the commit, never before, is what makes a cache keyed by this version safe: a reader that read the
 * old version may have computed from either state, but its entry is keyed by the old version, which is dead from the
 * moment of the bump. A bump lost between commit and bump (a killed process, a broken connection) is covered by the
 * cache's age bound ({@link FiguresCache}); on this instance a failed bump moves a local counter instead, so its own
 * writes are seen even then.
 *
 * <p>Two topics ({@link Topic}): {@code figures} moves with every counted write; {@code registry} with every counted
 * write except the demand side's (demands, shortlists, matchmaking records), so what rests on the registry alone — a
 * node's prepared candidates — survives a leader's edits of its demands (V25, issue 10). Each move of {@code registry}
 * also records which enterprises it changed where the write said so ({@code registry_change}, V26;
 * {@link #enterprisesChanged}), so that those values can be brought up to date by re-reading a few enterprises.
 */
@Singleton
public class DataVersion {

    private static final Logger LOG = LoggerFactory.getLogger(DataVersion.class);

    /** What a cached value rests on; each topic is one row of {@code data_version}. */
    public enum Topic {
        /** Everything derived figures read: moves after every counted write ({@link DataVersionListeners}). */
        FIGURES("figures"),
        /**
         * The registry's side only — enterprises, classifications, capacities, leaders, cities, the chain seeds: moves
         * after every counted write except to the demand side's tables ({@link DataVersionListeners#DEMAND_SIDE}).
         */
        REGISTRY("registry");

        final String row;

        Topic(String row) {
            this.row = row;
        }
    }

    private static final Table<?> TABLE = DSL.table(DSL.name("data_version"));
    private static final Field<String> TOPIC = DSL.field(DSL.name("topic"), String.class);
    private static final Field<Long> VERSION = DSL.field(DSL.name("version"), Long.class);
    private static final Table<?> CHANGES = DSL.table(DSL.name("registry_change"));
    private static final Field<Long> CHANGE_VERSION = DSL.field(DSL.name("registry_change", "version"), Long.class);
    private static final Field<String> CHANGE_CODE = DSL.field(DSL.name("registry_change", "credit_code"), String.class);

    /** How many of the newest registry versions keep their rows in {@code registry_change} (V26). */
    static final long KEPT_VERSIONS = 10_000;
    /**
     * Most enterprises one move itemises; a write that changed more (an import) is recorded as not itemised, so that
     * whoever refreshes from it reads everything once instead of a long list of codes.
     */
    public static final int MOST_ITEMISED = 1_000;

    /**
     * A version as seen by this instance: the database's number and this instance's own count of bumps that did not
     * reach the database.
     *
     * @param database the shared number (changes with any instance's writes)
     * @param local    this instance's failed bumps (changes with its own writes when the database bump failed)
     */
    public record Stamp(long database, long local) {
    }

    private final DSLContext dsl;
    private final Map<Topic, AtomicLong> local = new EnumMap<>(Topic.class);

    DataVersion(DSLContext dsl) {
        this.dsl = dsl;
        for (Topic t : Topic.values()) {
            local.put(t, new AtomicLong());
        }
    }

    /** The current version of {@link Topic#FIGURES}. */
    public Stamp current() {
        return current(Topic.FIGURES);
    }

    /** The current version of one topic: one primary-key read of its shared row. */
    public Stamp current(Topic topic) {
        long l = local.get(topic).get();
        Long db = dsl.select(VERSION).from(TABLE).where(TOPIC.eq(topic.row)).fetchOne(VERSION);
        return new Stamp(db == null ? 0 : db, l);
    }

    /**
     * Marks the figures' data as changed. Called after a commit (or an auto-committed write); never inside the
     * transaction that wrote, where it would hold the row's lock until that transaction ends and make every writer
     * wait for the longest one (an import holds its transaction for seconds).
     */
    public void bump() {
        bump(EnumSet.allOf(Topic.class), null);
    }

    /**
     * Marks some topics' data as changed (as {@link #bump()}), in one transaction of its own: a reader never sees the
     * registry's version moved without the figures' one, nor without the row saying what the move changed.
     *
     * @param changed the enterprises the write changed, when it said so and {@code topics} holds
     *                {@link Topic#REGISTRY} (recorded for {@link #enterprisesChanged}); null: not itemised
     */
    public void bump(Set<Topic> topics, @io.micronaut.core.annotation.Nullable Set<String> changed) {
        if (topics.isEmpty()) {
            return;
        }
        try {
            // on a pooled connection of its own and without this context's listeners (a write here is not a write
            // figures rest on, and must not start another bump)
            dsl.connection(c -> {
                boolean auto = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    DSLContext own = DSL.using(c, dsl.dialect(), dsl.settings());
                    own.update(TABLE).set(VERSION, VERSION.plus(1))
                            .where(TOPIC.in(topics.stream().map(t -> t.row).toList())).execute();
                    if (topics.contains(Topic.REGISTRY)) {
                        // the row is locked by the update until the commit: the number read is the one this move made
                        long v = own.select(VERSION).from(TABLE).where(TOPIC.eq(Topic.REGISTRY.row)).fetchOne(VERSION);
                        boolean itemised = changed != null && !changed.isEmpty() && changed.size() <= MOST_ITEMISED;
                        var insert = own.insertInto(CHANGES, CHANGE_VERSION, CHANGE_CODE);
                        if (itemised) {
                            for (String code : changed) {
                                insert = insert.values(v, code);
                            }
                        } else {
                            insert = insert.values(v, (String) null);
                        }
                        insert.execute();
                        if (v % 100 == 0) {
                            own.deleteFrom(CHANGES).where(CHANGE_VERSION.le(v - KEPT_VERSIONS)).execute();
                        }
                    }
                    c.commit();
                } catch (java.sql.SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(auto);
                }
            });
        } catch (RuntimeException e) {
            // this instance sees its own write through its count of failed bumps; others see it when their cached
            // entries age out
            topics.forEach(t -> local.get(t).incrementAndGet());
            LOG.warn("Could not bump the shared data version; other instances see this write within the cache's age bound: {}",
                    e.getMessage());
        }
    }

    /**
     * The enterprises whose registry rows changed after {@code from} up to {@code to} (versions of
     * {@link Topic#REGISTRY}): what a value computed at {@code from} must re-read to be as good as one computed at
     * {@code to}. Empty when that is not known — a move in between was not itemised (an import, a seed) or its rows
     * are gone, a bump failed on this instance — and the value must be computed afresh.
     *
     * @return the credit codes (possibly none: nothing changed), or empty: unknown
     */
    public java.util.Optional<Set<String>> enterprisesChanged(Stamp from, Stamp to) {
        if (from.local() != to.local() || from.database() > to.database()) {
            return java.util.Optional.empty();
        }
        if (from.database() == to.database()) {
            return java.util.Optional.of(Set.of());
        }
        Set<String> codes = new java.util.HashSet<>();
        Set<Long> versions = new java.util.HashSet<>();
        boolean[] unknown = {false};
        dsl.select(CHANGE_VERSION, CHANGE_CODE).from(CHANGES)
                .where(CHANGE_VERSION.gt(from.database())).and(CHANGE_VERSION.le(to.database()))
                .fetch().forEach(r -> {
                    versions.add(r.value1());
                    if (r.value2() == null) {
                        unknown[0] = true;
                    } else {
                        codes.add(r.value2());
                    }
                });
        if (unknown[0] || versions.size() != to.database() - from.database()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(codes);
    }
}
