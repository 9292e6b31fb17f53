package cn.chainatlas.matching;

import cn.chainatlas.chain.ChainGraph;
import cn.chainatlas.chain.ChainGraphCache;
import cn.chainatlas.chain.SpecParser;
import cn.chainatlas.common.BadInput;
import cn.chainatlas.common.Forbidden;
import cn.chainatlas.demand.Demand;
import cn.chainatlas.demand.DemandService;
import cn.chainatlas.geo.Cities;
import cn.chainatlas.common.Actor;
import cn.chainatlas.audit.AuditLog;
import cn.chainatlas.common.Role;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Local suppliers ranked for a demand, with every reason: reads the demand (DemandService decides who may: the
 * leader, its city's bureau, the province, administrators), its node's candidates and their substitutes from the
 * registry, what matchmaking knows ({@link MatchmakingFacts}), and lets {@link MatchRules} rank them. Suppliers'
 * revenue, R&amp;D spending and contacts follow the registry's rule (EnterpriseService#seesPrivate): the province and
 * administrators see them, a city bureau its own city's, a LEADER its own, anyone a consenting supplier's (the
 * components resting on hidden values show their points, not the value). Also: side-by-side comparison, the
 * shortlist (audited), the bureaus' 需求覆盖 view, and the matches as Excel.
 */
@Singleton
public class MatchingService {

    private final DemandService demands;
    private final CandidateRepository candidates;
    private final Shortlists shortlists;
    private final MatchmakingFacts matchmaking;
    private final MatchWeights weights;
    private final MatchRules rules;
    private final ChainGraphCache graphs;
    private final AuditLog audit;
    private final DSLContext dsl;
    private final Cities cities;
    private final cn.chainatlas.db.FiguresCache figures;
    /** Where pools are kept: by the registry's version, so a write to a demand or a matchmaking record keeps them. */
    private final cn.chainatlas.db.FiguresCache registry;
    private final cn.chainatlas.enterprise.LeaderService leaders;
    /** Which enterprises changed between two registry versions: what a kept pool re-reads ({@link #pools}). */
    private final cn.chainatlas.db.DataVersion versions;

    MatchingService(DemandService demands, CandidateRepository candidates, Shortlists shortlists,
                    MatchmakingFacts matchmaking, MatchWeights weights, ChainGraphCache graphs, AuditLog audit,
                    DSLContext dsl, Cities cities, cn.chainatlas.db.FiguresCache figures,
                    @jakarta.inject.Named(cn.chainatlas.db.FiguresCache.REGISTRY) cn.chainatlas.db.FiguresCache registry,
                    cn.chainatlas.enterprise.LeaderService leaders, cn.chainatlas.db.DataVersion versions) {
        this.versions = versions;
        this.figures = figures;
        this.registry = registry;
        this.leaders = leaders;
        this.demands = demands;
        this.candidates = candidates;
        this.shortlists = shortlists;
        this.matchmaking = matchmaking;
        this.weights = weights;
        this.rules = new MatchRules(weights);
        this.graphs = graphs;
        this.audit = audit;
        this.dsl = dsl;
        this.cities = cities;
    }

    /** A demand with its ranking, for one viewer. */
    record Computed(Demand demand, MatchRules.Ranking ranking) {
    }

    // ------------------------------------------------------------------------------------------ matches

    /**
     * The ranked candidates of one demand: the first {@code limit} matches (counts cover all of them), and the
     * excluded with their reasons when {@code includeExcluded}.
     */
    public MatchViews.MatchList matches(Actor actor, long demandId, int limit, boolean includeExcluded) {
        if (limit < 1 || limit > 500) {
            throw new BadInput("limit", "显示条数（limit）应为 1 到 500 之间的整数，现为 " + limit);
        }
        int n = limit;
        Demand d = demands.get(actor, demandId);
        Computed c = new Computed(d, rank(actor, d, n, includeExcluded, Set.of()));
        Set<String> listed = new HashSet<>();
        shortlists.of(demandId).forEach(e -> listed.add(e.creditCode()));
        List<MatchViews.MatchView> views = new ArrayList<>();
        List<MatchRules.Match> matches = c.ranking().matches();
        for (int i = 0; i < matches.size() && i < n; i++) {
            views.add(view(i + 1, matches.get(i), listed.contains(matches.get(i).candidate().creditCode())));
        }
        List<MatchViews.ExcludedView> excluded = includeExcluded
                ? c.ranking().excluded().stream().map(MatchingService::excluded).toList() : List.of();
        return new MatchViews.MatchList(summary(c.demand()), counts(c.ranking()), weights.weights(), views, excluded);
    }

    /** A demand's ranking; the matches in {@code explain} and the excluded (when asked) carry their reasons in words. */
    Computed compute(Actor actor, long demandId, Set<String> explain, boolean explainExcluded) {
        Demand d = demands.get(actor, demandId);
        return new Computed(d, rank(actor, d, 0, explainExcluded, explain));
    }

    /** The demand's node first, then its substitutes (seeds: chain_node_substitute). */
    List<String> nodesFor(String node) {
        List<String> out = new ArrayList<>();
        out.add(node);
        ChainGraph.Node n = graphs.get().nodes().get(node);
        if (n != null) {
            n.substitutes().stream().filter(s -> !s.equals(node)).forEach(out::add);
        }
        return out;
    }

    /**
     * One demand ranked over the lean pool of its node; the matches shown ({@code explainTop} best and those in
     * {@code alsoExplain}) are then explained in words with their details (匹配词, 技术参数, contacts, consent, who edited
     * the profile), read for those few rows only. Bands, scores and order rest on the pool alone.
     *
     * @param explainTop how many of the best matches get their reasons in words (the others: band, score, points)
     */
    MatchRules.Ranking rank(Actor actor, Demand d, int explainTop, boolean explainExcluded, Set<String> alsoExplain) {
        Prep prep = new Prep(actor, pools(List.of(d.nodeCode()), actor));
        List<MatchRules.Prepared> list = prep.candidates(d);
        MatchRules.DemandFacts facts = facts(d);
        java.util.function.Function<String, MatchRules.Matchmaking> mm = matchmaking(d, list);
        java.util.function.Function<String, Map<SpecParser.Field, List<SpecParser.Value>>> stated = prep.stated(d);
        MatchRules.Ranking ranking = rules.rank(facts, list, mm, 0, explainExcluded, Set.of(), stated);
        List<MatchRules.Match> matches = ranking.matches();
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < matches.size(); i++) {
            if (i < explainTop || alsoExplain.contains(matches.get(i).candidate().creditCode())) {
                shown.add(i);
            }
        }
        if (shown.isEmpty()) {
            return ranking;
        }
        List<String[]> keys = new ArrayList<>(shown.size());
        shown.forEach(i -> keys.add(new String[]{matches.get(i).candidate().creditCode(), matches.get(i).candidate().node()}));
        Map<String, CandidateRepository.Details> details = candidates.details(keys);
        List<MatchRules.Match> out = new ArrayList<>(matches);
        for (int i : shown) {
            MatchRules.CandidateFacts c = matches.get(i).candidate();
            MatchRules.CandidateFacts full = withDetails(c, details.get(c.creditCode() + '|' + c.node()), actor);
            out.set(i, rules.explain(facts, MatchRules.prepare(full), mm.apply(full.creditCode()), stated));
        }
        return new MatchRules.Ranking(out, ranking.excluded());
    }

    /**
     * A pooled candidate with its details, as the reader may see it — the registry's rule: revenue, R&amp;D spending
     * and contacts visible to the province and administrators, to a city bureau for its own city's suppliers, to a
     * LEADER for its own enterprise, and to everyone where the supplier consented.
     */
    private static MatchRules.CandidateFacts withDetails(MatchRules.CandidateFacts c, @Nullable CandidateRepository.Details x,
                                                        Actor actor) {
        boolean visible = cn.chainatlas.enterprise.EnterpriseService.seesPrivate(actor, c.creditCode(), c.cityCode(),
                x != null && x.consent());
        if (x == null) {
            // changed since the pool was read (the next read sees a new data version): words from the pool's facts
            return new MatchRules.CandidateFacts(c.creditCode(), c.name(), c.cityCode(), c.cityName(), c.regionCode(),
                    c.regionName(), c.outsideProvince(), c.node(), c.nodeName(), c.substitute(), c.fit(), c.confidence(),
                    c.matched(), c.certifications(), c.tier(), c.patents(), c.revenue(), c.rndSpending(), visible,
                    c.capacity(), c.capacityUnit(), c.techParams(), c.products(), c.unwilling(), c.profileSource(), null, null);
        }
        return new MatchRules.CandidateFacts(c.creditCode(), c.name(), c.cityCode(), c.cityName(), c.regionCode(),
                c.regionName(), c.outsideProvince(), c.node(), c.nodeName(), c.substitute(), c.fit(), c.confidence(),
                x.matched(), c.certifications(), c.tier(), c.patents(), c.revenue(), c.rndSpending(), visible, c.capacity(),
                c.capacityUnit(), x.techParams(), x.products(), c.unwilling(),
                x.lastBatchId() != null || x.profileEditedBy() == null ? "REGISTRY" : x.profileEditedBy(),
                x.contactName(), x.contactPhone());
    }

    private java.util.function.Function<String, MatchRules.Matchmaking> matchmaking(Demand d, List<MatchRules.Prepared> list) {
        if (list.isEmpty()) {
            return MatchRules.NO_MATCHMAKING;
        }
        // a view, not a copy: 需求覆盖 asks for every open demand, thousands of candidates each
        List<String> codes = new java.util.AbstractList<>() {
            @Override
            public String get(int i) {
                return list.get(i).creditCode();
            }

            @Override
            public int size() {
                return list.size();
            }
        };
        Map<String, MatchRules.Matchmaking> mm = matchmaking.about(d.id(), d.leaderCreditCode(), d.nodeCode(), d.unit(), codes);
        return mm.isEmpty() ? MatchRules.NO_MATCHMAKING : code -> mm.getOrDefault(code, MatchRules.Matchmaking.NONE);
    }

    /**
     * The candidates of one demanded node, prepared for the rules: one per operating enterprise classified to the node
     * or to one of its substitutes (its own node before a substitute, then the higher confidence), as the rules' facts,
     * with their stated specs for the node's kind parsed. Kept in the {@link cn.chainatlas.db.FiguresCache#REGISTRY}
     * cache per version of the registry's data, so the registry rows of a node are read and prepared once per change of
     * the registry however many demands, pages, reports and figures ask, and a demand's edit, a shortlist or a
     * matchmaking move (which a pool does not read) keeps them; what depends on the demand (the assessment, matchmaking facts such as this
     * leader's ended records) is done per request. Immutable: shared by every reader.
     *
     * <p>Lean: only what bands, scores and order rest on (plus name and place, which lists show). 匹配词, 技术参数 and
     * products, contacts, consent and the profile's source are not kept; {@link #rank} reads them for the matches it
     * shows. The same pool serves every reader: private fields only change words, which are built per reader.
     *
     * @param list           prepared candidates in the order of the read (after a refresh the re-read ones come last;
     *                       no answer depends on the order: ranks and lists sort by band, score, name and code)
     * @param parsed         each candidate's stated spec for the node's kind by credit code, for kinds with fields
     * @param capacityOfNode {@code creditCode|node} of candidates whose capacity is the one stated for that node
     */
    record Pool(List<MatchRules.Prepared> list, Map<String, Map<SpecParser.Field, List<SpecParser.Value>>> parsed,
                Set<String> capacityOfNode) {
    }

    /** The cache key of a {@link Pool}: the demanded node (never an actor: the pool holds no reader's view). */
    private record PoolKey(String node) {
    }

    /**
     * The pools of these demanded nodes. Those not kept at this data version are read in one query — or, where a pool
     * of an earlier version is kept and the writes since said which enterprises they changed (an enterprise's edit, its
     * classification, its capacity per node: db.DataVersion#enterprisesChanged), brought up to date by re-reading
     * those enterprises only: after a clerk's edit of one enterprise, the bearing demand's first read re-read its ~4,000
     * candidates (p95 98–165 ms on 100,000 enterprises, docs/benchmarks.md) where one row now does.
     */
    Map<String, Pool> pools(java.util.Collection<String> demandNodes, Actor actor) {
        if (demandNodes.isEmpty()) {
            return Map.of();
        }
        List<PoolKey> keys = demandNodes.stream().distinct().map(PoolKey::new).toList();
        Map<PoolKey, Pool> got = registry.getAll(keys, registry.version(), asked -> {
            Map<PoolKey, Pool> out = new HashMap<>(refreshed(asked));
            Set<PoolKey> missing = new LinkedHashSet<>(asked);
            missing.removeAll(out.keySet());
            if (missing.isEmpty()) {
                return out;
            }
            Set<String> read = new LinkedHashSet<>();
            Set<String> withTexts = new LinkedHashSet<>();
            missing.forEach(k -> {
                read.addAll(nodesFor(k.node()));
                if (SpecParser.nodesWithFields().contains(k.node())) {
                    withTexts.addAll(nodesFor(k.node()));
                }
            });
            // grouped by position, not by row: 需求覆盖's ~125,000 rows are built one at a time as each pool takes them
            // (CandidateRepository#scanned keeps columns), never all held at once
            List<CandidateRepository.Row> all = candidates.candidates(read, withTexts);
            Map<String, int[]> byNode = new HashMap<>();
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < all.size(); i++) {
                counts.merge(CandidateRepository.node(all, i), 1, Integer::sum);
            }
            counts.forEach((n, c) -> byNode.put(n, new int[c + 1]));
            for (int i = 0; i < all.size(); i++) {
                int[] at = byNode.get(CandidateRepository.node(all, i));
                at[++at[0]] = i;
            }
            // the pools of 需求覆盖's ~300 nodes are prepared on both cores: each from its own rows, with its own Preparer
            // (not shared between threads); the certification lists are shared, one per distinct text
            List<PoolKey> keysMissing = new ArrayList<>(missing);
            Pool[] built = new Pool[keysMissing.size()];
            Map<String, List<String>> certLists = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.stream.IntStream range = java.util.stream.IntStream.range(0, built.length);
            (built.length > 1 ? range.parallel() : range).forEach(i -> {
                String node = keysMissing.get(i).node();
                List<CandidateRepository.Row> rows = rowsOf(all, nodesFor(node).stream().map(byNode::get).toList());
                cn.chainatlas.db.FiguresCache.Computed kept = registry.newestComputed(keysMissing.get(i));
                Pool previous = kept != null && kept.value() instanceof Pool p ? p : null;
                built[i] = pool(node, rows, certLists, new MatchRules.Preparer(), previous);
            });
            for (int i = 0; i < built.length; i++) {
                out.put(keysMissing.get(i), built[i]);
            }
            return out;
        });
        Map<String, Pool> out = new HashMap<>();
        got.forEach((k, v) -> out.put(k.node(), v));
        return out;
    }

    /**
     * The pools of these keys that can be brought up to date from a kept one (see {@link #pools}): the enterprises
     * changed since each was computed are known and few, and are re-read — one query for all of them — and prepared
     * again; every other candidate of the kept pool stays as it was (its rows have not changed). Keys not answered
     * here are read in full.
     */
    private Map<PoolKey, Pool> refreshed(Set<PoolKey> asked) {
        cn.chainatlas.db.DataVersion.Stamp at = registry.version();
        Map<cn.chainatlas.db.DataVersion.Stamp, java.util.Optional<Set<String>>> since = new HashMap<>();
        Map<PoolKey, Pool> kept = new LinkedHashMap<>();
        Set<String> changed = new HashSet<>();
        for (PoolKey k : asked) {
            cn.chainatlas.db.FiguresCache.Computed c = registry.newestComputed(k);
            if (c != null && c.value() instanceof Pool p) {
                java.util.Optional<Set<String>> codes = since.computeIfAbsent(c.version(), v -> versions.enterprisesChanged(v, at));
                if (codes.isPresent()) {
                    kept.put(k, p);
                    changed.addAll(codes.get());
                }
            }
        }
        if (kept.isEmpty() || changed.size() > cn.chainatlas.db.DataVersion.MOST_ITEMISED) {
            return Map.of();
        }
        Set<String> read = new LinkedHashSet<>();
        Set<String> withTexts = new LinkedHashSet<>();
        kept.keySet().forEach(k -> {
            read.addAll(nodesFor(k.node()));
            if (SpecParser.nodesWithFields().contains(k.node())) {
                withTexts.addAll(nodesFor(k.node()));
            }
        });
        // the changed enterprises' rows are re-read for every kept pool, also those computed after some of the changes:
        // reading an enterprise again is always right, missing one never
        List<CandidateRepository.Row> rows = changed.isEmpty() ? List.of() : candidates.of(read, withTexts, changed);
        Map<String, List<CandidateRepository.Row>> byNode = new HashMap<>();
        rows.forEach(r -> byNode.computeIfAbsent(r.node(), n -> new ArrayList<>()).add(r));
        Map<String, List<String>> certLists = new HashMap<>();
        Map<PoolKey, Pool> out = new HashMap<>();
        kept.forEach((k, p) -> {
            if (changed.isEmpty()) {
                out.put(k, p);
                return;
            }
            List<CandidateRepository.Row> own = new ArrayList<>();
            nodesFor(k.node()).forEach(n -> own.addAll(byNode.getOrDefault(n, List.of())));
            Pool fresh = pool(k.node(), own, certLists, new MatchRules.Preparer(), null);
            out.put(k, merged(p, fresh, changed));
        });
        return out;
    }

    /** {@code kept} without the {@code changed} enterprises, then {@code fresh} (their candidates as they are now). */
    private static Pool merged(Pool kept, Pool fresh, Set<String> changed) {
        List<MatchRules.Prepared> list = new ArrayList<>(kept.list().size() + fresh.list().size());
        for (MatchRules.Prepared p : kept.list()) {
            if (!changed.contains(p.creditCode())) {
                list.add(p);
            }
        }
        list.addAll(fresh.list());
        Map<String, Map<SpecParser.Field, List<SpecParser.Value>>> parsed = new HashMap<>(kept.parsed());
        parsed.keySet().removeAll(changed);
        parsed.putAll(fresh.parsed());
        Set<String> ofNode = new HashSet<>();
        for (String key : kept.capacityOfNode()) {
            if (!changed.contains(key.substring(0, key.indexOf('|')))) {
                ofNode.add(key);
            }
        }
        ofNode.addAll(fresh.capacityOfNode());
        return new Pool(List.copyOf(list), java.util.Collections.unmodifiableMap(parsed), Set.copyOf(ofNode));
    }

    /**
     * The rows at these positions of {@code all}, in their order, each built when asked (see {@link #pools}).
     *
     * @param positions per node: a count, then that many positions (null: none)
     */
    private static List<CandidateRepository.Row> rowsOf(List<CandidateRepository.Row> all, List<int[]> positions) {
        int n = 0;
        for (int[] p : positions) {
            n += p == null ? 0 : p[0];
        }
        int[] at = new int[n];
        int k = 0;
        for (int[] p : positions) {
            if (p != null) {
                System.arraycopy(p, 1, at, k, p[0]);
                k += p[0];
            }
        }
        return new Picked(all, at);
    }

    /** Some rows of a read, by position; each built when asked. */
    private static final class Picked extends java.util.AbstractList<CandidateRepository.Row> implements java.util.RandomAccess {
        private final List<CandidateRepository.Row> all;
        private final int[] at;

        Picked(List<CandidateRepository.Row> all, int[] at) {
            this.all = all;
            this.at = at;
        }

        @Override
        public CandidateRepository.Row get(int i) {
            return all.get(at[i]);
        }

        @Override
        public int size() {
            return at.length;
        }

        /** As {@code get(i).node()}, without building the row. */
        static String node(List<CandidateRepository.Row> rows, int i) {
            return rows instanceof Picked p ? CandidateRepository.node(p.all, p.at[i]) : rows.get(i).node();
        }
    }

    /**
     * @param previous the pool of this node at an earlier data version (null: none kept): its candidates pooled from
     *                 the same facts as now are kept, not built again (a cold read after a write that left most of the
     *                 registry alone: the objects kept are already in the old generation, where building ~125,000 new
     *                 ones for 需求覆盖 cost young collections that copied them; docs/benchmarks.md, issue 10)
     */
    private Pool pool(String node, List<CandidateRepository.Row> rows, Map<String, List<String>> certLists,
                      MatchRules.Preparer preparer, @io.micronaut.core.annotation.Nullable Pool previous) {
        // the node's own rows come first (one per enterprise: enterprise_node's key); only where a substitute's rows
        // follow is each enterprise's best row chosen by its code (looking up every code cost more than preparing it)
        int own = 0;
        while (own < rows.size() && Picked.node(rows, own).equals(node)) {
            own++;
        }
        java.util.Collection<CandidateRepository.Row> chosen = rows;
        if (own < rows.size()) {
            Map<String, CandidateRepository.Row> best = new LinkedHashMap<>();
            for (CandidateRepository.Row r : rows) {
                CandidateRepository.Row have = best.get(r.creditCode());
                boolean direct = r.node().equals(node);
                if (have == null || direct && !have.node().equals(node)
                        || direct == have.node().equals(node) && r.confidence() > have.confidence()) {
                    best.put(r.creditCode(), r);
                }
            }
            chosen = best.values();
        }
        ChainGraph graph = graphs.get();
        Map<String, String> nodeNames = new HashMap<>();
        boolean hasFields = SpecParser.nodesWithFields().contains(node);
        List<MatchRules.Prepared> list = new ArrayList<>(chosen.size());
        Map<String, Map<SpecParser.Field, List<SpecParser.Value>>> parsed = new HashMap<>();
        Set<String> ofNode = new HashSet<>();
        Previous before = new Previous(previous == null ? List.of() : previous.list());
        for (CandidateRepository.Row r : chosen) {
            String nodeName = nodeNames.computeIfAbsent(r.node(), k -> graph.nodes().containsKey(k) ? graph.nodes().get(k).name() : k);
            List<String> certs = r.certifications() == null ? List.of()
                    : certLists.computeIfAbsent(r.certifications(), t -> List.copyOf(split(t)));
            // prepared without building its facts (MatchRules.Prepared#candidate rebuilds them when asked): the pool
            // keeps one object per candidate (docs/benchmarks.md, cov3)
            list.add(preparer.pooled(r.creditCode(), r.name(), r.cityCode(), r.cityName(), r.regionCode(), r.regionName(),
                    r.outsideProvince(), r.node(), nodeName, !r.node().equals(node), r.source(), r.confidence(), certs,
                    r.tier(), r.patents(), r.revenue(), r.rndSpending(), r.oddMoney(),
                    r.capacity() == null ? Double.NaN : r.capacity().doubleValue(), r.capacityUnit(), r.unwilling(),
                    before.find(r.creditCode())));
            if (hasFields) {
                Map<SpecParser.Field, List<SpecParser.Value>> spec = parsedSpec(node, r.techParams(), r.products() == null ? "" : r.products());
                if (!spec.isEmpty()) {
                    parsed.put(r.creditCode(), spec);
                }
            }
            if (r.capacityOfNode()) {
                ofNode.add(r.creditCode() + '|' + r.node());
            }
        }
        return new Pool(List.copyOf(list), java.util.Collections.unmodifiableMap(parsed), Set.copyOf(ofNode));
    }

    /**
     * The candidates of a node's previous pool by credit code, for {@link #pool}: its rows come in the order the previous
     * pool's did (the read's order), so each is found by stepping along the previous list; by a map once they part.
     */
    private static final class Previous {
        private final List<MatchRules.Prepared> list;
        private int at;
        private Map<String, MatchRules.Prepared> byCode;

        Previous(List<MatchRules.Prepared> list) {
            this.list = list;
        }

        @io.micronaut.core.annotation.Nullable
        MatchRules.Prepared find(String creditCode) {
            if (list.isEmpty()) {
                return null;
            }
            if (byCode == null) {
                if (at < list.size() && list.get(at).creditCode().equals(creditCode)) {
                    return list.get(at++);
                }
                byCode = new HashMap<>(list.size() * 2);
                list.forEach(p -> byCode.put(p.creditCode(), p));
            }
            return byCode.get(creditCode);
        }
    }

    /** One request's view of the shared pools (the pools hold no reader's view, so every candidate is the shared one). */
    final class Prep {
        private final Map<String, Pool> pools;

        Prep(Actor actor, Map<String, Pool> pools) {
            this.pools = pools;
        }

        /** The candidates of the demand's node (and its substitutes). */
        List<MatchRules.Prepared> candidates(Demand d) {
            Pool p = pools.get(d.nodeCode());
            return p == null ? List.of() : p.list();
        }

        /** Whether the candidate's capacity is the one stated for its node (not the registry's single 年产能). */
        boolean capacityOfNode(Demand d, MatchRules.Prepared c) {
            Pool p = pools.get(d.nodeCode());
            return p != null && p.capacityOfNode().contains(c.creditCode() + '|' + c.node());
        }

        /**
         * The suppliers' stated specs for the demand's node kind by credit code: parsed with the pool (also for a
         * candidate rebuilt with its details), none where nothing was stated.
         */
        java.util.function.Function<String, Map<SpecParser.Field, List<SpecParser.Value>>> stated(Demand d) {
            Pool p = pools.get(d.nodeCode());
            Map<String, Map<SpecParser.Field, List<SpecParser.Value>>> parsed = p == null ? Map.of() : p.parsed();
            return code -> parsed.getOrDefault(code, Map.of());
        }
    }

    /** The texts a supplier's stated spec is parsed from, for one node kind. */
    private record SpecText(String node, String techParams, String products) {
    }

    /** Most distinct texts kept; beyond it the memo starts afresh (a registry has far fewer spec-bearing rows). */
    static final int SPEC_MEMO_LIMIT = 50_000;

    /**
     * Parsed specs by their texts, across requests: SpecParser.stated is a function of the texts alone, so a
     * supplier's 技术参数 is parsed once however often it is ranked, and an edited text is simply a new key.
     */
    private static final Map<SpecText, Map<SpecParser.Field, List<SpecParser.Value>>> SPEC_MEMO =
            new java.util.concurrent.ConcurrentHashMap<>();

    static Map<SpecParser.Field, List<SpecParser.Value>> parsedSpec(String node, @Nullable String techParams, @Nullable String products) {
        SpecText key = new SpecText(node, techParams, products);
        Map<SpecParser.Field, List<SpecParser.Value>> parsed = SPEC_MEMO.get(key);
        if (parsed == null) {
            parsed = java.util.Collections.unmodifiableMap(SpecParser.stated(node, techParams, products));
            if (SPEC_MEMO.size() >= SPEC_MEMO_LIMIT) {
                SPEC_MEMO.clear();
            }
            SPEC_MEMO.put(key, parsed);
        }
        return parsed;
    }

    MatchRules.DemandFacts facts(Demand d) {
        Map<SpecParser.Field, SpecParser.Value> req = SpecParser.requirements(d.nodeCode(), d.specFields(), d.spec());
        String[] region = candidates.region(d.cityCode());
        return new MatchRules.DemandFacts(d.id(), d.leaderCreditCode(), d.cityCode(), d.cityName(), region[0], d.nodeCode(),
                d.nodeName(), d.quantity() == null ? null : d.quantity().doubleValue(), d.unit(), req,
                d.requiredCertifications(), new HashSet<>(d.preferredRegions()), new HashSet<>(d.excludedRegions()));
    }

    // ------------------------------------------------------------------------------------------ compare

    /** Two to four candidates of a demand side by side, with the score broken down (excluded ones say why). */
    public MatchViews.Comparison compare(Actor actor, long demandId, List<String> creditCodes) {
        List<String> codes = new ArrayList<>(new LinkedHashSet<>(normalise(creditCodes)));
        codes.removeIf(String::isBlank);
        if (codes.size() < 2 || codes.size() > 4) {
            throw new BadInput("c", "请选择 2 至 4 家候选企业进行比较（当前 " + codes.size() + " 家）");
        }
        Computed c = compute(actor, demandId, new HashSet<>(codes), true);
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < c.ranking().matches().size(); i++) {
            rank.put(c.ranking().matches().get(i).candidate().creditCode(), i + 1);
        }
        List<MatchViews.Column> columns = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String code : codes) {
            MatchRules.Match m = c.ranking().matches().stream().filter(x -> x.candidate().creditCode().equals(code)).findFirst().orElse(null);
            if (m != null) {
                columns.add(new MatchViews.Column(code, m.candidate().name(), place(m.candidate()), view(rank.get(code), m, false), List.of()));
                continue;
            }
            MatchRules.Excluded e = c.ranking().excluded().stream().filter(x -> x.candidate().creditCode().equals(code)).findFirst().orElse(null);
            if (e != null) {
                columns.add(new MatchViews.Column(code, e.candidate().name(), place(e.candidate()), null, e.reasons()));
            } else {
                unknown.add(code);
            }
        }
        if (!unknown.isEmpty()) {
            throw new BadInput("c", "以下企业不是该需求的候选企业：" + String.join("、", unknown));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        weights.weights().keySet().forEach(k -> labels.put(k, MatchReasons.text("match.component." + k)));
        return new MatchViews.Comparison(summary(c.demand()), labels, columns);
    }

    // ------------------------------------------------------------------------------------------ shortlist

    /** The shortlist of a demand, each entry with its current band, score and rank. */
    public List<MatchViews.ShortlistEntry> shortlist(Actor actor, long demandId) {
        Computed c = compute(actor, demandId, Set.of(), false);
        Map<String, Object[]> now = new HashMap<>();
        List<MatchRules.Match> matches = c.ranking().matches();
        for (int i = 0; i < matches.size(); i++) {
            MatchRules.Match m = matches.get(i);
            now.put(m.candidate().creditCode(), new Object[]{m.band(), m.score(), i + 1});
        }
        return shortlists.of(demandId).stream().map(e -> {
            Object[] x = now.get(e.creditCode());
            MatchRules.Band band = x == null ? null : (MatchRules.Band) x[0];
            return new MatchViews.ShortlistEntry(e.creditCode(), e.name(), e.addedBy(), e.addedAt(), e.note(),
                    band == null ? null : band.name(), band == null ? "已不在候选中" : band.label(),
                    x == null ? null : (Double) x[1], x == null ? null : (Integer) x[2], e.recordId(), e.stage(), e.stageLabel());
        }).toList();
    }

    /** Keeps a candidate (not an excluded one) for the demand; audited as SHORTLIST_ADD. Adding twice changes nothing. */
    public List<MatchViews.ShortlistEntry> addToShortlist(Actor actor, long demandId, String creditCode, @Nullable String note) {
        Computed c = compute(actor, demandId, Set.of(), true);
        if (creditCode == null || creditCode.isBlank()) {
            throw new BadInput("creditCode", "请写明要加入候选清单的企业（统一社会信用代码 creditCode）");
        }
        String code = normalise(List.of(creditCode == null ? "" : creditCode)).get(0);
        MatchRules.Match m = c.ranking().matches().stream().filter(x -> x.candidate().creditCode().equals(code)).findFirst().orElse(null);
        if (m == null) {
            MatchRules.Excluded e = c.ranking().excluded().stream().filter(x -> x.candidate().creditCode().equals(code)).findFirst().orElse(null);
            throw new BadInput("creditCode", e != null
                    ? "「" + e.candidate().name() + "」已被排除，不能加入候选清单：" + String.join("；", e.reasons())
                    : "「" + code + "」不是该需求的候选企业");
        }
        String text = note == null || note.isBlank() ? null : note.strip();
        if (text != null && text.length() > 500) {
            throw new BadInput("note", "备注超过 500 个字");
        }
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            if (shortlists.find(tx, demandId, code).isPresent()) {
                return;
            }
            shortlists.add(tx, demandId, code, actor.username(), text);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("需求", demandId + " " + c.demand().nodeName());
            after.put("候选企业", m.candidate().name() + "（" + code + "）");
            after.put("档次", m.band().label());
            after.put("得分", m.score());
            after.put("备注", text);
            audit.record(tx, actor, "SHORTLIST_ADD", "demand:" + demandId, null, after, null);
        });
        return shortlist(actor, demandId);
    }

    /** Drops a candidate from the shortlist; audited as SHORTLIST_REMOVE. */
    public List<MatchViews.ShortlistEntry> removeFromShortlist(Actor actor, long demandId, String creditCode) {
        Demand d = demands.get(actor, demandId);
        String code = normalise(List.of(creditCode == null ? "" : creditCode)).get(0);
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Shortlists.Entry e = shortlists.find(tx, demandId, code)
                    .orElseThrow(() -> new BadInput("creditCode", "「" + code + "」不在该需求的候选清单中"));
            shortlists.remove(tx, demandId, code);
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("需求", demandId + " " + d.nodeName());
            before.put("候选企业", e.name() + "（" + code + "）");
            before.put("备注", e.note());
            audit.record(tx, actor, "SHORTLIST_REMOVE", "demand:" + demandId, before, null, null);
        });
        return shortlist(actor, demandId);
    }

    // ------------------------------------------------------------------------------------------ coverage

    /**
     * 需求覆盖 for bureaus and the province: every open demand in scope with its count of 推荐 candidates (those in
     * Guangdong; for a city's view, those in the city decide a 补链 target), none-recommended first, grouped by chain
     * and city. The candidates of every node involved come from the shared pools ({@link Pool}: one read for those not
     * kept since the last write); each demand ranked by the same rules.
     */
    public MatchViews.Coverage coverage(Actor actor, @Nullable String chain, @Nullable String city) {
        // the reader's checks run on every read; the answer is the scope's (counts, leaders' names, no supplier's
        // private field), the same for every bureau allowed to read that scope, so it is kept per data version
        requireBureau(actor);
        actor.requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY);
        if (actor.is(Role.CITY) && city != null && !city.isBlank()
                && (city.strip().equalsIgnoreCase("province") || !actor.cityCode().equals(cities.parse(city).cityCode()))) {
            // refused, as the allocation view refuses it: answering the city's own coverage instead would pass it off
            // as the city asked for
            throw new Forbidden("市工信局只能查看本市（" + cities.name(actor.cityCode()) + "）的需求覆盖");
        }
        String scope = actor.is(Role.CITY) ? "city:" + actor.cityCode() : "asked:" + (city == null ? "" : city.strip());
        return figures.get(new CoverageKey(chain == null ? "" : chain.strip().toUpperCase(Locale.ROOT), scope),
                () -> computeCoverage(actor, chain, city));
    }

    /** The key of a kept coverage: the chain asked ("" for all) and the scope (a CITY bureau's city, else the city asked). */
    private record CoverageKey(String chain, String scope) {
    }

    private MatchViews.Coverage computeCoverage(Actor actor, @Nullable String chain, @Nullable String city) {
        ChainGraph graph = graphs.get();
        List<String> chainNodes = null;
        String chainAsked = null;
        if (chain != null && !chain.isBlank()) {
            chainAsked = chain.strip().toUpperCase(Locale.ROOT);
            ChainGraph.ChainView view = graph.view(chainAsked);
            if (view == null) {
                throw new BadInput("chain", "未知产业链「" + chain + "」");
            }
            chainNodes = view.members();
        }
        // a demand belongs to the chains its leader leads that hold its node, not to every chain that uses the part
        // (a CNC maker's bearings are not a satellite demand); a leader whose chains hold none of them (a 链主 by title
        // with no chain named yet) keeps the node's chains, so its demand is not lost from the chain view
        Map<Long, List<String>> chainsOfDemand = new HashMap<>();
        List<Demand> open = new ArrayList<>();
        {
            List<Demand> all = demands.openForCoverage(actor, city, chainNodes);
            Map<String, cn.chainatlas.enterprise.LeaderService.Leader> leading =
                    leaders.find(all.stream().map(Demand::leaderCreditCode).collect(java.util.stream.Collectors.toSet()));
            Map<String, List<String>> nodeChains = new HashMap<>();
            for (Demand d : all) {
                List<String> ofNode = nodeChains.computeIfAbsent(d.nodeCode(), n -> graph.chains().values().stream()
                        .map(ChainGraph.Chain::code).filter(c -> graph.view(c).contains(n)).toList());
                cn.chainatlas.enterprise.LeaderService.Leader l = leading.get(d.leaderCreditCode());
                List<String> own = l == null ? List.of() : ofNode.stream().filter(l.chainCodes()::contains).toList();
                List<String> codes = own.isEmpty() ? ofNode : own;
                if (chainAsked == null || codes.contains(chainAsked)) {
                    open.add(d);
                    chainsOfDemand.put(d.id(), codes.stream().map(c -> graph.chains().get(c).name()).toList());
                }
            }
        }
        String regionCity = actor.is(Role.CITY) ? actor.cityCode()
                : city == null || city.isBlank() || city.equalsIgnoreCase("province") ? null : cities.parse(city).cityCode();
        // demands already ranked in this request (shareRankings) are counted from that ranking, not ranked again
        Map<Long, List<Eligible>> shared = SHARED.get();
        Prep prep = new Prep(actor, pools(unranked(open, shared), actor));
        // the bands only (the same assessment as the matches page), each candidate prepared once for all demands: what
        // a demand's bands rest on is gathered here, on the computing thread (matchmaking's facts are read through the
        // figures cache, which keys them by this computation's version), then banded on both cores
        MatchRules.DemandFacts[] factsOf = new MatchRules.DemandFacts[open.size()];
        List<List<MatchRules.Prepared>> candidatesOf = new ArrayList<>(open.size());
        List<java.util.function.Function<String, MatchRules.Matchmaking>> matchmakingOf = new ArrayList<>(open.size());
        List<java.util.function.Function<String, Map<SpecParser.Field, List<SpecParser.Value>>>> statedOf =
                new ArrayList<>(open.size());
        for (int k = 0; k < open.size(); k++) {
            Demand d = open.get(k);
            boolean ranked = shared != null && shared.containsKey(d.id());
            List<MatchRules.Prepared> list = ranked ? List.of() : prep.candidates(d);
            factsOf[k] = ranked ? null : facts(d);
            candidatesOf.add(list);
            matchmakingOf.add(ranked ? MatchRules.NO_MATCHMAKING : matchmaking(d, list));
            statedOf.add(ranked ? null : prep.stated(d));
        }
        int[][] counted = new int[open.size()][];
        java.util.stream.IntStream.range(0, open.size()).parallel().forEach(k -> {
            if (factsOf[k] != null) {
                counted[k] = count(rules.bands(factsOf[k], candidatesOf.get(k), matchmakingOf.get(k), statedOf.get(k)),
                        candidatesOf.get(k), regionCity);
            }
        });
        List<MatchViews.CoverageRow> rows = new ArrayList<>();
        for (int k = 0; k < open.size(); k++) {
            Demand d = open.get(k);
            int recommended = 0;
            int inRegion = 0;
            int verify = 0;
            int matched = 0;
            List<Eligible> ranked = shared == null ? null : shared.get(d.id());
            if (ranked != null) {
                for (Eligible e : ranked) {
                    matched++;
                    String c = e.cityCode();
                    if (MatchRules.Band.RECOMMENDED.name().equals(e.band()) && c != null) {
                        recommended++;
                        if (regionCity == null || regionCity.equals(c)) {
                            inRegion++;
                        }
                    } else if (MatchRules.Band.VERIFY.name().equals(e.band()) && c != null) {
                        verify++;
                    }
                }
            } else {
                recommended = counted[k][0];
                inRegion = counted[k][1];
                verify = counted[k][2];
                matched = counted[k][3];
            }
            List<String> chains = chainsOfDemand.get(d.id());
            rows.add(new MatchViews.CoverageRow(d.id(), d.leaderCreditCode(), d.leaderName(), d.cityCode(), d.cityName(),
                    d.nodeCode(), d.nodeName(), chains, recommended, inRegion, verify, matched, inRegion == 0));
        }
        rows.sort(Comparator.comparing((MatchViews.CoverageRow x) -> !x.target())
                .thenComparing(x -> x.chains().isEmpty() ? "" : x.chains().get(0))
                .thenComparing(x -> x.cityCode() == null ? "" : x.cityCode())
                .thenComparing(MatchViews.CoverageRow::recommendedInRegion)
                .thenComparing(MatchViews.CoverageRow::nodeName));
        Map<String, int[]> chainCounts = new LinkedHashMap<>();
        graph.chains().values().forEach(ch -> chainCounts.put(ch.name(), new int[2]));
        Map<String, int[]> cityCounts = new LinkedHashMap<>();
        cities.names().values().forEach(n -> cityCounts.put(n, new int[2]));
        Map<String, Object[]> targets = new LinkedHashMap<>();
        for (MatchViews.CoverageRow x : rows) {
            for (String ch : x.chains()) {
                int[] cc = chainCounts.computeIfAbsent(ch, k -> new int[2]);
                cc[0]++;
                cc[1] += x.target() ? 1 : 0;
            }
            int[] cc = cityCounts.computeIfAbsent(x.cityName() == null ? "省外" : x.cityName(), k -> new int[2]);
            cc[0]++;
            cc[1] += x.target() ? 1 : 0;
            if (x.target()) {
                Object[] t = targets.computeIfAbsent(x.nodeCode(), k -> new Object[]{x.nodeName(), 0, new HashSet<String>()});
                t[1] = (Integer) t[1] + 1;
                @SuppressWarnings("unchecked")
                Set<String> leaders = (Set<String>) t[2];
                leaders.add(x.leaderCreditCode());
            }
        }
        List<MatchViews.CoverageGroup> byChain = groups(chainCounts);
        List<MatchViews.CoverageGroup> byCity = groups(cityCounts);
        List<MatchViews.Target> targetList = new ArrayList<>();
        targets.forEach((code, t) -> targetList.add(new MatchViews.Target(code, (String) t[0], (Integer) t[1], ((Set<?>) t[2]).size())));
        targetList.sort(Comparator.comparing(MatchViews.Target::demands).reversed().thenComparing(MatchViews.Target::nodeName));
        return new MatchViews.Coverage(regionCity == null ? "广东省" : cities.name(regionCity), List.copyOf(rows),
                List.copyOf(byChain), List.copyOf(byCity), List.copyOf(targetList));
    }

    /**
     * Of one demand's bands: {推荐 in Guangdong, 推荐 in the region (the city asked, or Guangdong), 待核实 in Guangdong,
     * candidates passing the hard filters}.
     */
    private static int[] count(List<MatchRules.Band> bands, List<MatchRules.Prepared> candidates, @Nullable String regionCity) {
        int[] out = new int[4];
        for (int i = 0; i < bands.size(); i++) {
            MatchRules.Band band = bands.get(i);
            if (band == null) {
                continue;
            }
            out[3]++;
            String c = candidates.get(i).cityCode();
            if (band == MatchRules.Band.RECOMMENDED && c != null) {
                out[0]++;
                if (regionCity == null || regionCity.equals(c)) {
                    out[1]++;
                }
            } else if (band == MatchRules.Band.VERIFY && c != null) {
                out[2]++;
            }
        }
        return out;
    }

    private static List<MatchViews.CoverageGroup> groups(Map<String, int[]> counts) {
        List<MatchViews.CoverageGroup> out = new ArrayList<>();
        counts.forEach((name, c) -> {
            if (c[0] > 0) {
                out.add(new MatchViews.CoverageGroup(name, name, c[0], c[1]));
            }
        });
        return out;
    }

    // ------------------------------------------------------------------------------------------ shapes

    MatchViews.DemandSummary summary(Demand d) {
        List<String> preferred = d.preferredRegions().stream().map(c -> d.regionNames().getOrDefault(c, c)).toList();
        List<String> excluded = d.excludedRegions().stream().map(c -> d.regionNames().getOrDefault(c, c)).toList();
        return new MatchViews.DemandSummary(d.id(), d.leaderCreditCode(), d.leaderName(), d.cityName(), d.nodeCode(),
                d.nodeName(), d.quantity(), d.unit(), d.requirements(), d.requiredCertifications(), preferred, excluded,
                d.status(), d.statusLabel());
    }

    static MatchViews.Counts counts(MatchRules.Ranking r) {
        int[] bands = new int[3];
        r.matches().forEach(m -> bands[m.band().ordinal()]++);
        return new MatchViews.Counts(r.matches().size() + r.excluded().size(), bands[0], bands[1], bands[2], r.excluded().size());
    }

    static MatchViews.MatchView view(int rank, MatchRules.Match m, boolean shortlisted) {
        MatchRules.CandidateFacts c = m.candidate();
        Map<String, MatchViews.ComponentView> components = new LinkedHashMap<>();
        m.components().forEach((k, p) -> components.put(k, new MatchViews.ComponentView(p.label(), p.weight(), p.value(),
                p.points(), p.detail(), p.source().name(), p.source().label())));
        Map<String, String> sources = new LinkedHashMap<>();
        m.sources().forEach((k, s) -> sources.put(k, s.name()));
        boolean visible = c.privateVisible();
        return new MatchViews.MatchView(rank, c.creditCode(), c.name(), place(c), m.band().name(), m.band().label(), m.score(),
                components, m.reasons(), sources, c.substitute(), c.node(), c.nodeName(), c.tier(), c.certifications(),
                c.capacity() == null ? null : java.math.BigDecimal.valueOf(c.capacity()), c.capacityUnit(), c.techParams(),
                visible ? c.revenue() : null, visible ? c.rndSpending() : null, visible ? c.contactName() : null,
                visible ? c.contactPhone() : null, !visible, shortlisted);
    }

    static MatchViews.ExcludedView excluded(MatchRules.Excluded e) {
        return new MatchViews.ExcludedView(e.candidate().creditCode(), e.candidate().name(), place(e.candidate()),
                e.reasonCodes(), e.reasons());
    }

    static String place(MatchRules.CandidateFacts c) {
        return c.cityCode() != null ? c.cityName() : "省外" + (c.outsideProvince() == null ? "" : "-" + c.outsideProvince());
    }

    static List<String> split(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split("、"));
    }

    private static List<String> normalise(List<String> codes) {
        List<String> out = new ArrayList<>();
        for (String c : codes == null ? List.<String>of() : codes) {
            for (String part : (c == null ? "" : c).split("[,，\\s]+")) {
                if (!part.isBlank()) {
                    out.add(part.strip().toUpperCase(Locale.ROOT));
                }
            }
        }
        return out.isEmpty() ? List.of("") : out;
    }

    // ------------------------------------------------------------------------------------------ for allocation

    /**
     * A candidate that passes every hard filter of a demand, as the allocation of local capacity needs it
     * (cn.chainatlas.matchmaking): where it is, its band and score for the demand, its declared capacity.
     *
     * @param capacity       declared annual capacity in {@code capacityUnit}: the one stated for the candidate's node on
     *                       the enterprise's profile when {@code capacityOfNode}, else the registry's single 年产能; null
     *                       when neither is declared
     * @param capacityOfNode the capacity is the one stated for the node (not the registry's fallback)
     */
    public record Eligible(String creditCode, String name, @Nullable String cityCode, @Nullable String cityName,
                           @Nullable String regionCode, @Nullable String outsideProvince, boolean substitute,
                           String band, String bandLabel, double score, @Nullable java.math.BigDecimal capacity,
                           @Nullable String capacityUnit, boolean capacityOfNode) {
    }

    /** An open demand with its eligible candidates, best first (the matches page's order). */
    public record DemandCandidates(Demand demand, List<Eligible> candidates) {
    }

    /**
     * Every open demand in scope for the given nodes (as 需求覆盖: bureaus and the province; a CITY bureau its own
     * city's; LEADER 403) with the candidates that pass the hard filters, ranked by the same rules as the matches
     * page. The candidates come from the shared pools ({@link Pool}).
     */
    public List<DemandCandidates> eligibleForOpenDemands(Actor actor, @Nullable String city, List<String> nodes) {
        List<Demand> open = demands.openForCoverage(actor, city, nodes);
        Map<Long, List<Eligible>> shared = SHARED.get();
        Prep prep = new Prep(actor, pools(unranked(open, shared), actor));
        List<DemandCandidates> out = new ArrayList<>(open.size());
        for (Demand d : open) {
            List<Eligible> eligible = shared == null ? null : shared.get(d.id());
            if (eligible == null) {
                List<MatchRules.Prepared> list = prep.candidates(d);
                // band and score only: the same assessment and order as the matches page, without its words
                List<MatchRules.Scored> scored = rules.scores(facts(d), list, matchmaking(d, list), prep.stated(d));
                eligible = new ArrayList<>(scored.size());
                for (MatchRules.Scored m : scored) {
                    MatchRules.Prepared c = m.prepared();
                    eligible.add(new Eligible(c.creditCode(), c.name(), c.cityCode(), c.cityName(), c.regionCode(),
                            c.outsideProvince(), c.substitute(), m.band().name(), m.band().label(), m.score(),
                            c.capacity() == null ? null : java.math.BigDecimal.valueOf(c.capacity()), c.capacityUnit(),
                            prep.capacityOfNode(d, c)));
                }
                eligible = List.copyOf(eligible);
                if (shared != null) {
                    shared.put(d.id(), eligible);
                }
            }
            out.add(new DemandCandidates(d, eligible));
        }
        return out;
    }

    /**
     * The open demands of these nodes in scope (as {@link #coverage}: bureaus and the province, a CITY bureau its own
     * city's; LEADER 403), created on or after {@code createdFrom} and before {@code createdBefore} (either may be null),
     * that have at least one 推荐 candidate in Guangdong — the ids only. The same bands as 需求覆盖, but it reads the
     * Guangdong candidates only (from the shared pools, {@link Pool}) and stops at a demand's first 推荐 one instead of banding every candidate.
     */
    public Set<Long> withRecommended(Actor actor, @Nullable String city, List<String> nodes,
                                     @Nullable java.time.LocalDateTime createdFrom, @Nullable java.time.LocalDateTime createdBefore) {
        List<Demand> open = demands.openForCoverage(actor, city, nodes).stream()
                .filter(d -> d.createdAt() == null || (createdFrom == null || !d.createdAt().isBefore(createdFrom))
                        && (createdBefore == null || d.createdAt().isBefore(createdBefore)))
                .toList();
        Map<Long, List<Eligible>> shared = SHARED.get();
        Prep prep = new Prep(actor, pools(unranked(open, shared), actor));
        Set<Long> out = new HashSet<>();
        for (Demand d : open) {
            List<Eligible> ranked = shared == null ? null : shared.get(d.id());
            if (ranked != null) {
                // already ranked in this request (a gap report): the same bands, read instead of assessed again
                if (ranked.stream().anyMatch(e -> e.cityCode() != null && "RECOMMENDED".equals(e.band()))) {
                    out.add(d.id());
                }
                continue;
            }
            List<MatchRules.Prepared> list = prep.candidates(d);
            if (rules.anyRecommended(facts(d), list, c -> c.cityCode() != null, matchmaking(d, list), prep.stated(d))) {
                out.add(d.id());
            }
        }
        return out;
    }

    /** The demanded nodes of the demands not yet ranked in this request (a demand ranked earlier needs no candidates). */
    private static Set<String> unranked(List<Demand> open, @Nullable Map<Long, List<Eligible>> shared) {
        Set<String> nodes = new LinkedHashSet<>();
        open.forEach(d -> {
            if (shared == null || !shared.containsKey(d.id())) {
                nodes.add(d.nodeCode());
            }
        });
        return nodes;
    }

    /** Rankings of open demands kept while a {@link SharedRankings} is open on this thread (demand id → eligible). */
    private static final ThreadLocal<Map<Long, List<Eligible>>> SHARED = new ThreadLocal<>();

    /**
     * While open on this thread, each open demand is ranked at most once: {@link #eligibleForOpenDemands} keeps its
     * ranking and {@link #coverage} (which the matchmaking figures ask) counts its 推荐 candidates from it instead of
     * ranking the demand again. For one request that needs both — a gap report lists each gap's candidates and quotes
     * the figures' count of demands with a 推荐 candidate. The rankings do not depend on the reader (private fields
     * change words, never bands or scores). Nested opens share the outer one; close it in the same request.
     */
    public SharedRankings shareRankings() {
        if (SHARED.get() != null) {
            return () -> {
            };
        }
        SHARED.set(new HashMap<>());
        return SHARED::remove;
    }

    /** An open {@link #shareRankings()}; closing it forgets the rankings. */
    @FunctionalInterface
    public interface SharedRankings extends AutoCloseable {
        @Override
        void close();
    }

    /** Refuses leaders on views that span leaders (the coverage page uses it before rendering). */
    static void requireBureau(Actor actor) {
        if (actor.is(Role.LEADER)) {
            throw new Forbidden("需求覆盖汇总各链主的需求，仅对工信部门开放");
        }
    }
}
