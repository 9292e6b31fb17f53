package cn.chainatlas.db;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.jooq.ExecuteType;
import org.jooq.TransactionContext;
import org.jooq.TransactionListener;
import org.jooq.TransactionListenerProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.jooq.impl.DefaultTransactionListenerProvider;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Notices every write that derived figures depend on and bumps {@link DataVersion} once it is committed: an
 * auto-committed statement at once, a transaction's writes after its outermost commit (nothing for a rollback). Every
 * jOOQ statement passes here, so a new writer cannot forget the bump; writes bound through plain JDBC on a jOOQ
 * connection (the registry's multi-row inserts) report themselves through {@link #wroteThroughJdbc}.
 *
 * <p>A write counts unless its table is one of the bookkeeping tables listed in {@link #UNRELATED} (audit log, users,
 * login throttling, import batches and their rollback states, report downloads, settings, the registry's search index,
 * whose background indexer writes every few seconds after an import and changes no figure): a statement whose table
 * cannot be read from its SQL counts, so a mistake here costs a recomputation, never a stale figure. A counted write
 * moves both topics of {@link DataVersion.Topic} unless its table is on the demand side ({@link #DEMAND_SIDE}), which
 * moves {@code figures} only; a transaction bumps once, the topics of all its writes together. A transaction whose
 * registry writes all went to tables of single enterprises ({@link #ITEMISED}) and which said which enterprises
 * ({@link #changedEnterprises}) has them recorded with the move ({@link DataVersion#enterprisesChanged}).
 *
 * <p>Registered with micronaut-jooq's configuration factory, which takes listener providers named after the data
 * source ({@code default}).
 */
@Factory
public class DataVersionListeners {

    /** Tables whose writes never change a derived figure. */
    static final Set<String> UNRELATED = Set.of("audit_log", "app_user", "login_guard", "import_batch", "import_error",
            "import_previous", "import_previous_node", "import_duplicate", "import_review", "import_unclassified",
            "demand_import_previous", "report_download", "app_setting", "data_version", "seed_fingerprint",
            "flyway_schema_history", "enterprise_gram", "enterprise_search_stale", "registry_change");

    /**
     * Counted tables that no registry-only value reads (a node's prepared candidates: enterprise, enterprise_node,
     * enterprise_node_capacity, city, region and the chain seeds, matching.CandidateRepository): their writes move
     * {@link DataVersion.Topic#FIGURES} and leave {@link DataVersion.Topic#REGISTRY}. A table missing here only costs a
     * recomputation of the candidates.
     */
    static final Set<String> DEMAND_SIDE = Set.of("demand", "matchmaking_record", "matchmaking_move",
            "matchmaking_note", "matchmaking_activity");

    /**
     * Tables whose every row belongs to one enterprise (by its credit code): a transaction that wrote only these (of the
     * registry's tables) and said which enterprises it changed ({@link #changedEnterprises}) moves
     * {@link DataVersion.Topic#REGISTRY} with those codes recorded; any other registry write, or one not itemised, is
     * recorded as "anything may have changed".
     */
    static final Set<String> ITEMISED = Set.of("enterprise", "enterprise_node", "enterprise_node_capacity",
            "enterprise_leader");

    /** Topic bits: {@link DataVersion.Topic#FIGURES}, {@link DataVersion.Topic#REGISTRY}, both. */
    static final int FIGURES = 1;
    static final int REGISTRY = 2;
    static final int ALL = FIGURES | REGISTRY;

    private static final Pattern WRITTEN_TABLE = Pattern.compile(
            "^\\s*(?:insert\\s+(?:ignore\\s+)?into|replace\\s+into|update(?:\\s+ignore)?|delete\\s+from)\\s+"
                    + "((?:`[^`]+`|\\w+)(?:\\s*\\.\\s*(?:`[^`]+`|\\w+))?)",
            Pattern.CASE_INSENSITIVE);

    /** What one open transaction wrote: topic bits, and which enterprises, when that is known. */
    private static final class Wrote {
        int topics;
        /** a registry write not covered by {@link #codes}: a table outside {@link #ITEMISED}, or codes not declared */
        boolean unitemised;
        final Set<String> codes = new java.util.LinkedHashSet<>();

        void add(int bits, boolean itemisable) {
            topics |= bits;
            if ((bits & REGISTRY) != 0 && !itemisable) {
                unitemised = true;
            }
        }

        void merge(Wrote inner) {
            topics |= inner.topics;
            unitemised |= inner.unitemised;
            codes.addAll(inner.codes);
        }

        /** The enterprises to record with the registry's move; null: not itemised. */
        Set<String> changed() {
            return unitemised || codes.isEmpty() || (topics & REGISTRY) == 0 ? null : codes;
        }
    }

    /** Per thread, one entry per open transaction (innermost last): what it wrote. */
    private static final ThreadLocal<Deque<Wrote>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    /**
     * A counted write seen on a connection that was inside a transaction this thread did not open (work handed to
     * another thread): it was bumped at once, and the next outermost commit on any thread bumps again, so the entry
     * a reader may have cached between that bump and the real commit dies with it.
     */
    private final AtomicBoolean foreignPending = new AtomicBoolean();

    /** Notices the writes of one context's statements; each context bumps its own database's version. */
    private static final class OnWrite implements ExecuteListener {
        final Provider<DataVersion> version;
        final AtomicBoolean foreignPending;

        OnWrite(Provider<DataVersion> version, AtomicBoolean foreignPending) {
            this.version = version;
            this.foreignPending = foreignPending;
        }

        @Override
        public void executeEnd(ExecuteContext ctx) {
            int topics = ctx.type() == ExecuteType.READ ? 0 : topics(ctx);
            if (topics == 0) {
                return;
            }
            written(autoCommit(ctx), topics, itemisable(ctx), version, foreignPending);
        }
    }

    @Singleton
    @Named("default")
    ExecuteListenerProvider dataVersionExecuteListener(Provider<DataVersion> dataVersion) {
        return new DefaultExecuteListenerProvider(new OnWrite(dataVersion, foreignPending));
    }

    @Singleton
    @Named("default")
    TransactionListenerProvider dataVersionTransactionListener(Provider<DataVersion> dataVersion) {
        return new DefaultTransactionListenerProvider(new TransactionListener() {
            @Override
            public void beginEnd(TransactionContext ctx) {
                OPEN.get().addLast(new Wrote());
            }

            @Override
            public void commitEnd(TransactionContext ctx) {
                Deque<Wrote> open = OPEN.get();
                Wrote tx = open.pollLast();
                if (tx == null) {
                    tx = new Wrote();
                }
                if (!open.isEmpty()) {
                    open.peekLast().merge(tx);
                    return;
                }
                OPEN.remove();
                // a foreign write's topics were not kept: both move again, and nothing is known of what it changed
                if (foreignPending.getAndSet(false)) {
                    bump(dataVersion, ALL, null);
                } else {
                    bump(dataVersion, tx.topics, tx.changed());
                }
            }

            @Override
            public void rollbackEnd(TransactionContext ctx) {
                Deque<Wrote> open = OPEN.get();
                open.pollLast();
                if (open.isEmpty()) {
                    OPEN.remove();
                }
            }
        });
    }

    /**
     * For writes bound through plain JDBC on a connection jOOQ handed out (inside this thread's transaction).
     *
     * @param dsl        the context the connection came from (its data version is bumped)
     * @param connection the connection written on
     * @param table      the written table's name (without schema), so that bookkeeping tables do not count here either
     */
    public static void wroteThroughJdbc(org.jooq.DSLContext dsl, java.sql.Connection connection, String table) {
        String name = table.toLowerCase(Locale.ROOT);
        int topics = topicsOf(name);
        if (topics == 0) {
            return;
        }
        Boolean autoCommit;
        try {
            autoCommit = connection.getAutoCommit();
        } catch (SQLException e) {
            autoCommit = null;
        }
        for (ExecuteListenerProvider p : dsl.configuration().executeListenerProviders()) {
            if (p.provide() instanceof OnWrite w) {
                written(autoCommit, topics, ITEMISED.contains(name), w.version, w.foreignPending);
                return;
            }
        }
    }

    /**
     * @param autoCommit whether the statement's connection commits by itself; null when unknown
     * @param topics     the topic bits the statement moves
     * @param to         the data version of the database the statement wrote (its context's own, so that two
     *                   contexts in one JVM on different schemas — tests, a second instance — each bump their own)
     */
    private static void written(Boolean autoCommit, int topics, boolean itemisable, Provider<DataVersion> to,
                                AtomicBoolean pending) {
        Deque<Wrote> open = OPEN.get();
        if (!open.isEmpty()) {
            open.peekLast().add(topics, itemisable);
            return;
        }
        OPEN.remove();
        if (!Boolean.TRUE.equals(autoCommit)) {
            pending.set(true);
        }
        // outside a transaction nobody can have said which enterprises the statement changed
        bump(to, topics, null);
    }

    /**
     * Says which enterprises the transaction open on this thread changes in the {@link #ITEMISED} tables (their
     * registry rows, classifications, capacities per node, leaderships): recorded with the registry's move after the
     * commit, so that values prepared per enterprise (a node's candidates) re-read only these. Call it for every
     * enterprise the transaction writes; a transaction that writes an itemised table without calling it, or that also
     * writes any other registry table, is recorded as not itemised (everything re-read). Outside a transaction it does
     * nothing (an auto-committed write is never itemised).
     *
     * @param creditCodes the enterprises' 统一社会信用代码
     */
    public static void changedEnterprises(java.util.Collection<String> creditCodes) {
        Deque<Wrote> open = OPEN.get();
        if (open.isEmpty()) {
            OPEN.remove();
            return;
        }
        open.peekLast().codes.addAll(creditCodes);
    }

    private static Boolean autoCommit(ExecuteContext ctx) {
        try {
            return ctx.connection() == null ? null : ctx.connection().getAutoCommit();
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    private static void bump(Provider<DataVersion> v, int topics, Set<String> changed) {
        // always on a pooled connection of its own: the statement's connection may still be busy (a streaming read
        // open on it, a multi-row insert's prepared statement), where a second statement fails
        if (v == null || topics == 0) {
            return;
        }
        java.util.EnumSet<DataVersion.Topic> t = java.util.EnumSet.noneOf(DataVersion.Topic.class);
        if ((topics & FIGURES) != 0) {
            t.add(DataVersion.Topic.FIGURES);
        }
        if ((topics & REGISTRY) != 0) {
            t.add(DataVersion.Topic.REGISTRY);
        }
        v.get().bump(t, changed);
    }

    /** Whether every table the statement writes is one of {@link #ITEMISED} (false when a table cannot be read). */
    static boolean itemisable(ExecuteContext ctx) {
        String[] batch = ctx.batchSQL();
        if (batch != null && batch.length > 0 && ctx.type() == ExecuteType.BATCH) {
            for (String sql : batch) {
                if (!itemisable(sql)) {
                    return false;
                }
            }
            return true;
        }
        return itemisable(ctx.sql());
    }

    static boolean itemisable(String sql) {
        String table = sql == null ? null : writtenTable(sql);
        return table != null && ITEMISED.contains(table);
    }

    /** The table a write's SQL names, lower case without schema; null when it cannot be read. */
    private static String writtenTable(String sql) {
        Matcher m = WRITTEN_TABLE.matcher(sql);
        if (!m.find()) {
            return null;
        }
        String name = m.group(1);
        int dot = name.lastIndexOf('.');
        return (dot < 0 ? name : name.substring(dot + 1)).replace("`", "").trim().toLowerCase(Locale.ROOT);
    }

    static int topics(ExecuteContext ctx) {
        String[] batch = ctx.batchSQL();
        if (batch != null && batch.length > 0 && ctx.type() == ExecuteType.BATCH) {
            int out = 0;
            for (String sql : batch) {
                out |= topics(sql);
            }
            return out;
        }
        return topics(ctx.sql());
    }

    /** Whether a statement's SQL writes a table that figures rest on; true whenever the table cannot be read. */
    static boolean counts(String sql) {
        return topics(sql) != 0;
    }

    /**
     * The topic bits a statement moves: none for a read or a bookkeeping table, {@link #FIGURES} for the demand side,
     * both for any other table and whenever the table cannot be read.
     */
    static int topics(String sql) {
        if (sql == null) {
            return ALL;
        }
        String table = writtenTable(sql);
        if (table == null) {
            return sql.stripLeading().toLowerCase(Locale.ROOT).startsWith("select") ? 0 : ALL;
        }
        return topicsOf(table);
    }

    private static int topicsOf(String table) {
        return UNRELATED.contains(table) ? 0 : DEMAND_SIDE.contains(table) ? FIGURES : ALL;
    }
}
