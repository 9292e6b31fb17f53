package cn.chainatlas.enterprise;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep1;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.SelectJoinStep;
import org.jooq.Condition;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_GRAM;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_SEARCH_STALE;

/**
 * The registry's search index (V20, issue 15): the only writer of {@code enterprise_gram}, and the candidates a
 * search reads from it.
 * <p>
 * Writers of an enterprise's name or products call {@link #markStale} in their own transaction (one narrow row per
 * enterprise); {@link #refresh} turns stale enterprises into grams after the commit — in the background every few
 * seconds, or at once for the codes an edit just saved. Until then {@link #plan} adds the stale enterprises to
 * every search's candidates, so a hit is never lost while the index catches up; with many stale enterprises (just
 * after a large import) the search scans as it did before the index — once, in the table's order (see
 * EnterpriseService#list).
 */
@Singleton
public class SearchIndex {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);

    /** Enterprises refreshed per transaction. */
    static final int CHUNK = 1000;

    /**
     * Above this many stale enterprises a search scans the table instead of joining them all as candidates: a stale
     * enterprise is read by key, which costs several rows of a scan in order (measured with 30,000 stale: a rare
     * name through the index plus the stale ones 1.2–1.3 s, the scan 0.4–0.46 s, load 12).
     */
    static final int STALE_LIMIT = 5000;

    /** A bigram's entries are counted up to this many when the rarest of a query's are chosen. */
    static final int RARITY_CAP = 2000;

    /** A query that may be (the start of) a credit code: letters and digits, at least 8 of them. */
    private static final Pattern CODE_PREFIX = Pattern.compile("[0-9A-Z]{8,18}");

    private static final Field<String> HIT = DSL.field(DSL.name("hit", "credit_code"), String.class);

    private final DSLContext dsl;
    private final AtomicBoolean running = new AtomicBoolean();
    /** imports and exports running in this instance; the background round waits for them (see {@link #holdForTransfer}) */
    private final java.util.concurrent.atomic.AtomicInteger transfers = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * The round also waits this long after the last import or export ended: a clerk's next upload or download often
     * follows at once (commit, then the same file again or the export), and the gaps between them are shorter than
     * the round's interval — a round started in such a gap wrote the grams of 1,000–2,000 enterprises into the
     * re-upload right after a 100,000-row commit (2.4 database CPU s and 3.8 service CPU s more than the same
     * re-upload 20 s later; docs/benchmarks.md, issue 15).
     */
    static final long QUIET_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    /** when the last transfer ended ({@link System#nanoTime}) */
    private volatile long lastTransferEnd = System.nanoTime() - QUIET_NANOS;

    SearchIndex(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Whether an import or export runs, or one ended less than {@link #QUIET_NANOS} ago. */
    private boolean transferring() {
        return transfers.get() > 0 || System.nanoTime() - lastTransferEnd < QUIET_NANOS;
    }

    /**
     * Marks enterprises whose name or products the caller's transaction wrote (inserted, changed or deleted): the
     * next {@link #refresh} rewrites their grams. Cheap: one narrow row per code, 1,000 codes per statement.
     */
    public static void markStale(DSLContext tx, Collection<String> codes) {
        if (codes.isEmpty()) {
            return;
        }
        List<String> list = codes instanceof List<String> l ? l : new ArrayList<>(codes);
        for (int from = 0; from < list.size(); from += CHUNK) {
            InsertValuesStep1<?, String> insert = tx.insertInto(ENTERPRISE_SEARCH_STALE, ENTERPRISE_SEARCH_STALE.CREDIT_CODE);
            for (String code : list.subList(from, Math.min(list.size(), from + CHUNK))) {
                insert = insert.values(code);
            }
            insert.onDuplicateKeyIgnore().execute();
        }
    }

    /** As {@link #markStale(DSLContext, Collection)}, for the codes a query selects (a rollback's batch). */
    public static void markStale(DSLContext tx, Select<? extends Record1<String>> codes) {
        tx.insertInto(ENTERPRISE_SEARCH_STALE, ENTERPRISE_SEARCH_STALE.CREDIT_CODE).select(codes).onDuplicateKeyIgnore().execute();
    }

    /**
     * Holds the background round while an import or an export runs in this instance, until the returned hold is
     * closed: on two cores the round (grams of the enterprises an import just committed, a minute of database work
     * after 100,000 rows) took a core and the database from the upload or download a person waits for (a profile of
     * the dry run right after a commit found a fifth of the service's CPU samples in the round; docs/benchmarks.md,
     * issue 15). A round already under way stops after its current chunk; searches meanwhile add the stale
     * enterprises as before, so no hit is lost. The round stays held for {@link #QUIET_NANOS} after the hold is closed.
     */
    public Hold holdForTransfer() {
        transfers.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                lastTransferEnd = System.nanoTime();
                transfers.decrementAndGet();
            }
        };
    }

    /** An import's or export's hold on the background round; closing it (once or more) lets the round go on. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** The background round: catches up with every stale enterprise (see the class comment). */
    @Scheduled(fixedDelay = "${chainatlas.search.refresh-interval:2s}", initialDelay = "${chainatlas.search.refresh-interval:2s}")
    void periodically() {
        if (transferring() || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            int n = refresh(null, true);
            if (n >= CHUNK) {
                LOG.info("Registry search index: {} enterprises re-indexed", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("Registry search index refresh failed (retried in the next round): {}", e.toString());
        } finally {
            running.set(false);
        }
    }

    /**
     * Rewrites the grams of stale enterprises ({@code only}: of these codes only), {@value #CHUNK} per transaction,
     * until none is left that another transaction does not hold. Stale rows are taken with FOR UPDATE SKIP LOCKED,
     * so two instances (or the scheduler and an edit) never index the same enterprise at once, and a row a writer has
     * not committed yet is left for the next round.
     *
     * @return how many enterprises were re-indexed
     */
    public int refresh(@Nullable Collection<String> only) {
        return refresh(only, false);
    }

    /** As {@link #refresh(Collection)}; {@code yieldToTransfers}: stop between chunks while an import or export runs. */
    private int refresh(@Nullable Collection<String> only, boolean yieldToTransfers) {
        if (only != null && only.isEmpty()) {
            return 0;
        }
        int total = 0;
        while (true) {
            if (yieldToTransfers && transferring()) {
                return total;
            }
            int n;
            try {
                n = dsl.transactionResult(cfg -> chunk(DSL.using(cfg), only));
            } catch (DataAccessException e) {
                // a deadlock or lock wait with a writer: the rows stay stale and the next round takes them
                LOG.debug("Registry search index chunk gave way: {}", e.toString());
                return total;
            }
            total += n;
            if (n < CHUNK) {
                return total;
            }
        }
    }

    private int chunk(DSLContext tx, @Nullable Collection<String> only) {
        var select = tx.select(ENTERPRISE_SEARCH_STALE.CREDIT_CODE).from(ENTERPRISE_SEARCH_STALE)
                .where(only == null ? DSL.noCondition() : ENTERPRISE_SEARCH_STALE.CREDIT_CODE.in(only))
                .orderBy(ENTERPRISE_SEARCH_STALE.CREDIT_CODE).limit(CHUNK).forUpdate().skipLocked();
        List<String> codes = select.fetch(ENTERPRISE_SEARCH_STALE.CREDIT_CODE);
        if (codes.isEmpty()) {
            return 0;
        }
        List<Object[]> rows = new ArrayList<>(codes.size() * 40);
        for (var r : tx.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, ENTERPRISE.MAIN_PRODUCTS).from(ENTERPRISE)
                .where(ENTERPRISE.CREDIT_CODE.in(codes)).fetch()) {
            for (int gram : SearchGrams.of(r.value2(), r.value3())) {
                rows.add(new Object[]{gram, r.value1()});
            }
        }
        // in key order, so the inserts walk the primary key instead of jumping about in it
        rows.sort((a, b) -> (int) a[0] != (int) b[0] ? Integer.compare((int) a[0], (int) b[0])
                : ((String) a[1]).compareTo((String) b[1]));
        tx.deleteFrom(ENTERPRISE_GRAM).where(ENTERPRISE_GRAM.CREDIT_CODE.in(codes)).execute();
        MultiRowInsert.insert(tx, ENTERPRISE_GRAM, List.of(ENTERPRISE_GRAM.GRAM, ENTERPRISE_GRAM.CREDIT_CODE), rows);
        tx.deleteFrom(ENTERPRISE_SEARCH_STALE).where(ENTERPRISE_SEARCH_STALE.CREDIT_CODE.in(codes)).execute();
        return codes.size();
    }

    /** How many enterprises wait for {@link #refresh} (counted up to {@code cap}). */
    int stale(int cap) {
        return dsl.fetchCount(dsl.selectOne().from(ENTERPRISE_SEARCH_STALE).limit(cap));
    }

    /**
     * How a search for {@code q} reads its candidates; every way keeps the LIKE as the condition that decides.
     *
     * @param within     conditions on the enterprise (its code in the grams' lists), or null
     * @param hits       a table of candidate codes ({@code hit.credit_code}) to join instead, or null
     * @param exactGram  when the query is two Chinese characters and nothing is stale, its one bigram: then the
     *                   index alone says which enterprises contain it, and an unfiltered count reads only the index
     */
    record Plan(@Nullable Condition within, @Nullable Table<?> hits, @Nullable Integer exactGram) {
    }

    /** {@link #plan(String, String)} of a search that leaves no node's enterprises out. */
    @Nullable
    Plan plan(String q) {
        return plan(q, null);
    }

    /**
     * The plan of a search for {@code q}, or null when the index cannot narrow it (a one-character query, more than
     * {@value #STALE_LIMIT} stale enterprises, or a query whose every bigram is common — see {@link Rarest} — unless
     * {@code exceptNode} is given): then the caller scans as before.
     * <p>
     * Candidates are the enterprises having the query's rarest bigrams (up to {@link SearchGrams#QUERY_GRAMS}, each
     * counted up to {@value #RARITY_CAP} in the index first), those whose code matches {@link #byCode}, and every stale
     * enterprise. In the usual state — nothing stale and a query that cannot be a code — they are plain semi-joins, so
     * the database may either start from the rarest bigram's list or walk the listing index and probe the bigrams by
     * key, whichever its statistics favour; otherwise they are a union joined by code.
     *
     * @param exceptNode the node-first page's node (a resolved code), whose enterprises the search leaves out: for a
     *                   common phrase that is also a node's name (交流伺服电机: 13,347 hits, nearly all of them
     *                   classified to 伺服电机) the candidates are the rarest bigram's enterprises less the node's,
     *                   taken out in the index before any enterprise row is read, instead of the scan
     */
    @Nullable
    Plan plan(String q, @Nullable String exceptNode) {
        List<Integer> all = SearchGrams.query(q);
        if (all.isEmpty()) {
            return null;
        }
        int stale = stale(STALE_LIMIT + 1);
        if (stale > STALE_LIMIT) {
            return null;
        }
        String code = q.strip().toUpperCase(Locale.ROOT);
        boolean maybeCode = code.length() == 18 || CODE_PREFIX.matcher(code).matches();
        boolean exact = all.size() == 1 && SearchGrams.exact(q);
        Rarest rarest = rarest(all);
        boolean common = rarest.common() && !exact && !maybeCode;
        if (common && exceptNode == null) {
            // every bigram is in thousands of enterprises: joining them all costs more than the scan (measured:
            // 交流伺服电机, 13,347 hits, 490 ms through the index against 229 ms scanning), so scan as before
            return null;
        }
        List<Integer> grams = common ? rarest.grams().subList(0, 1) : rarest.grams();
        if (stale == 0 && !maybeCode && !common) {
            Condition within = DSL.noCondition();
            for (int gram : grams) {
                within = within.and(ENTERPRISE.CREDIT_CODE.in(DSL.select(ENTERPRISE_GRAM.CREDIT_CODE).from(ENTERPRISE_GRAM)
                        .where(ENTERPRISE_GRAM.GRAM.eq(gram))));
            }
            return new Plan(within, null, exact ? all.get(0) : null);
        }
        var g = ENTERPRISE_GRAM.as("g0");
        SelectJoinStep<Record1<String>> from = dsl.select(g.CREDIT_CODE.as("credit_code")).from(g);
        for (int i = 1; i < grams.size(); i++) {
            var gi = ENTERPRISE_GRAM.as("g" + i);
            from = from.join(gi).on(gi.GRAM.eq(grams.get(i)).and(gi.CREDIT_CODE.eq(g.CREDIT_CODE)));
        }
        Condition first = g.GRAM.eq(grams.get(0));
        if (common) {
            first = first.and(notInNode(g.CREDIT_CODE, exceptNode));
        }
        Select<Record1<String>> union = from.where(first)
                .union(dsl.select(ENTERPRISE.CREDIT_CODE).from(ENTERPRISE).where(byCode(q)));
        if (stale > 0) {
            union = union.union(dsl.select(ENTERPRISE_SEARCH_STALE.CREDIT_CODE).from(ENTERPRISE_SEARCH_STALE));
        }
        return new Plan(null, union.asTable("hit"), null);
    }

    /** The enterprise of {@code code} is not classified to {@code node} (a probe of enterprise_node's primary key). */
    private static Condition notInNode(Field<String> code, String node) {
        return DSL.notExists(DSL.selectOne().from(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.eq(code))
                .and(ENTERPRISE_NODE.NODE_CODE.eq(node)));
    }

    /**
     * Enterprises containing the bigram (exact for {@link Plan#exactGram}), less those classified to
     * {@code exceptNode} when given: index entries only, no enterprise row read.
     */
    int count(int gram, @Nullable String exceptNode) {
        Condition c = ENTERPRISE_GRAM.GRAM.eq(gram);
        if (exceptNode != null) {
            c = c.and(notInNode(ENTERPRISE_GRAM.CREDIT_CODE, exceptNode));
        }
        return dsl.fetchCount(ENTERPRISE_GRAM, c);
    }

    /** The rarest bigrams of a query; {@code common}: even the rarest is in {@value #RARITY_CAP} enterprises or more. */
    private record Rarest(List<Integer> grams, boolean common) {
    }

    /**
     * The query's rarest bigrams, at most {@link SearchGrams#QUERY_GRAMS}: each bigram's entries counted up to
     * {@value #RARITY_CAP} in one statement (a few thousand index entries at most), so a rare stretch in a long name
     * (联动机电0有限公司: 电0, 0有) leads rather than 有限 and 公司, which every name has.
     */
    private Rarest rarest(List<Integer> grams) {
        List<Integer> considered = grams.size() > 16 ? grams.subList(0, 16) : grams;
        List<Field<Integer>> counts = new ArrayList<>();
        for (int gram : considered) {
            counts.add(DSL.field(DSL.select(DSL.count()).from(DSL.select(DSL.one()).from(ENTERPRISE_GRAM)
                    .where(ENTERPRISE_GRAM.GRAM.eq(gram)).limit(RARITY_CAP).asTable("c"))).cast(Integer.class));
        }
        var row = dsl.select(counts).fetchOne();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < considered.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Integer.compare(row.get(a, Integer.class), row.get(b, Integer.class)));
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < Math.min(SearchGrams.QUERY_GRAMS, order.size()); i++) {
            out.add(considered.get(order.get(i)));
        }
        return new Rarest(out, row.get(order.get(0), Integer.class) >= RARITY_CAP);
    }

    /**
     * The credit-code part of a search: the code itself, or, for 8 to 18 letters and digits, every code starting
     * with them (a clerk types the first digits of a code; a range of the primary key).
     */
    static Condition byCode(String q) {
        String code = q.strip().toUpperCase(Locale.ROOT);
        return CODE_PREFIX.matcher(code).matches() ? ENTERPRISE.CREDIT_CODE.like(code + "%") : ENTERPRISE.CREDIT_CODE.eq(code);
    }

    /** The join condition of {@link Plan#hits} on the enterprise table. */
    static Condition joins() {
        return HIT.eq(ENTERPRISE.CREDIT_CODE);
    }
}
