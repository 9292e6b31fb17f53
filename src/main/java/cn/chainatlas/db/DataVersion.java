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
 * cache's age bound ({@link FiguresCache}); on this instance a local counter is bumped as well, so its own writes are
 * seen even if the database bump failed.
 *
 * <p>Two topics ({@link Topic}): {@code figures} moves with every counted write; {@code registry} with every counted
 * write except the demand side's (demands, shortlists, matchmaking records), so what rests on the registry alone — a
 * node's prepared candidates — survives a leader's edits of its demands (V25, issue 10).
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

    /**
     * A version as seen by this instance: the database's number and this instance's own count of bumps.
     *
     * @param database the shared number (changes with any instance's writes)
     * @param local    this instance's bumps (changes with its own writes even when the database bump failed)
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
        bump(EnumSet.allOf(Topic.class));
    }

    /**
     * Marks some topics' data as changed (as {@link #bump()}), in one statement: a reader never sees the registry's
     * version moved without the figures' one.
     */
    public void bump(Set<Topic> topics) {
        if (topics.isEmpty()) {
            return;
        }
        topics.forEach(t -> local.get(t).incrementAndGet());
        try {
            dsl.update(TABLE).set(VERSION, VERSION.plus(1))
                    .where(TOPIC.in(topics.stream().map(t -> t.row).toList())).execute();
        } catch (RuntimeException e) {
            // this instance already sees its own write (local); others see it when their cached entries age out
            LOG.warn("Could not bump the shared data version; other instances see this write within the cache's age bound: {}",
                    e.getMessage());
        }
    }
}
