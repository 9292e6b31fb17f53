package cn.chainatlas.chain;

import cn.chainatlas.geo.Region;

import org.jgrapht.Graph;
import org.jgrapht.alg.scoring.BetweennessCentrality;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedAcyclicGraph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable snapshot of the chain graph (all nodes, part-of edges, chains and their roots). Built once from
 * the database and cached by {@link ChainGraphCache}; the per-chain structure (members, ancestors, betweenness)
 * is worked out on first use and kept with the snapshot, so a seed reload discards it with everything else.
 */
public final class ChainGraph {

    public record Node(String code, String name, String nameEn, String level, List<String> aliases,
                       List<String> substitutes, List<Prior> priors) {
    }

    /**
     * A policy document's statement about a node, from {@code seeds/chains/*.yaml} (docs/gaps.md, "政策先验的范围、
     * 类型与引用", says how the gap analysis applies each field).
     *
     * @param source        the document's file in the reference set: an identifier for the seeds, never shown
     * @param section       the document's own numbering, e.g. 一（二）, 5.3, 专栏11 5.
     * @param quote         the document's words, verbatim
     * @param kind          what the statement says: 依赖进口, 依赖省外, 短板 or 国产化目标
     * @param scopeCity     6-digit code of the city the statement is about (002 东莞 441900, 003 广州 440100);
     *                      null when it is about the whole province
     * @param chainCode     the chain the statement is about; null when it speaks of the node in every chain
     * @param citation      the document as it names itself: issuers, title, 文号 and date; for the drafts and the
     *                      journal paper, what they are. What pages and reports show instead of the file
     * @param shortCitation the short form for a gap's reason, e.g. 粤工信装备〔2023〕13号
     * @param draft         the document is a 征求意见稿
     * @param weight        1 = the statement counts; 0 = a draft's statement that the later, final plan no longer
     *                      makes: shown with {@code weightNote}, never a flag
     * @param weightNote    why the weight is below 1, in Chinese; null at weight 1
     */
    public record Prior(String source, String section, String quote, PriorKind kind, String scopeCity,
                        String chainCode, String citation, String shortCitation, boolean draft, double weight,
                        String weightNote) {

        /**
         * Whether the statement speaks of the node as seen in this chain and region: its chain (or any chain,
         * when it names none), and its city's own view, or any view when it is about the province. A city's
         * statement says nothing about the province as a whole or about another city.
         */
        public boolean appliesIn(String chain, Region region) {
            boolean chainFits = chainCode == null || chainCode.equals(chain);
            boolean regionFits = scopeCity == null || scopeCity.equals(region.cityCode());
            return chainFits && regionFits;
        }

        /** A weight of 0 marks a statement that is shown but never used for a status. */
        public boolean counts() {
            return weight > 0;
        }
    }

    public record Chain(String code, String name, String nameEn, List<String> roots) {
    }

    private final Map<String, Node> nodes;
    private final Map<String, List<String>> children;
    private final Map<String, Chain> chains;
    private final DirectedAcyclicGraph<String, DefaultEdge> all;
    private final Map<String, ChainView> views = new ConcurrentHashMap<>();

    ChainGraph(Map<String, Node> nodes, Map<String, List<String>> children, Map<String, Chain> chains) {
        this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        this.children = children;
        this.chains = Collections.unmodifiableMap(new LinkedHashMap<>(chains));
        this.all = new DirectedAcyclicGraph<>(DefaultEdge.class);
        nodes.keySet().forEach(all::addVertex);
        children.forEach((parent, kids) -> kids.forEach(kid -> all.addEdge(parent, kid)));
    }

    public Map<String, Node> nodes() {
        return nodes;
    }

    public Map<String, Chain> chains() {
        return chains;
    }

    public List<String> children(String code) {
        return children.getOrDefault(code, List.of());
    }

    /** Every node that contains {@code code} directly or through assemblies, in any chain. */
    public Set<String> ancestors(String code) {
        return all.containsVertex(code) ? all.getAncestors(code) : Set.of();
    }

    public ChainView view(String chainCode) {
        Chain chain = chains.get(chainCode);
        if (chain == null) {
            return null;
        }
        return views.computeIfAbsent(chainCode, c -> new ChainView(chain));
    }

    /** One chain: its roots and everything below them. */
    public final class ChainView {

        private final Chain chain;
        private final DirectedAcyclicGraph<String, DefaultEdge> dag = new DirectedAcyclicGraph<>(DefaultEdge.class);
        private final List<String> members;
        private final List<String[]> edges = new ArrayList<>();
        private final Map<String, Set<String>> ancestorsOrSelf = new HashMap<>();
        private final Map<String, Set<String>> descendants = new HashMap<>();
        private final Map<String, Double> betweenness;
        private final double betweennessQ3;

        private ChainView(Chain chain) {
            this.chain = chain;
            Set<String> seen = new LinkedHashSet<>();
            List<String> queue = new ArrayList<>(chain.roots());
            while (!queue.isEmpty()) {
                String code = queue.remove(0);
                if (seen.add(code)) {
                    dag.addVertex(code);
                    queue.addAll(children(code));
                }
            }
            for (String parent : seen) {
                for (String kid : children(parent)) {
                    dag.addEdge(parent, kid);
                    edges.add(new String[]{parent, kid});
                }
            }
            List<String> ordered = new ArrayList<>();
            dag.iterator().forEachRemaining(ordered::add);
            this.members = List.copyOf(ordered);
            for (String code : members) {
                Set<String> up = new LinkedHashSet<>(dag.getAncestors(code));
                up.add(code);
                ancestorsOrSelf.put(code, Collections.unmodifiableSet(up));
                descendants.put(code, Collections.unmodifiableSet(new LinkedHashSet<>(dag.getDescendants(code))));
            }
            this.betweenness = Map.copyOf(new BetweennessCentrality<>(dag, true).getScores());
            List<Double> sorted = new ArrayList<>(betweenness.values());
            Collections.sort(sorted);
            this.betweennessQ3 = sorted.isEmpty() ? 0 : sorted.get((int) Math.ceil(0.75 * sorted.size()) - 1);
        }

        public Chain chain() {
            return chain;
        }

        /** Members in topological order: final equipment first. */
        public List<String> members() {
            return members;
        }

        public boolean contains(String code) {
            return dag.containsVertex(code);
        }

        /** {from = assembly, to = part} pairs inside this chain. */
        public List<String[]> edges() {
            return edges;
        }

        public Set<String> ancestorsOrSelf(String code) {
            return ancestorsOrSelf.getOrDefault(code, Set.of());
        }

        public Set<String> descendants(String code) {
            return descendants.getOrDefault(code, Set.of());
        }

        /** Normalised directed betweenness of the node inside this chain (JGraphT, Brandes). */
        public double betweenness(String code) {
            return betweenness.getOrDefault(code, 0.0);
        }

        /**
         * The node's place among the chain's nodes by betweenness: 1 + the number of nodes with a strictly higher
         * value (ties share a place).
         */
        public int betweennessRank(String code) {
            double b = betweenness(code);
            int higher = 0;
            for (double v : betweenness.values()) {
                if (v > b) {
                    higher++;
                }
            }
            return higher + 1;
        }

        /** The 75th percentile (nearest rank) of the chain's betweenness values: the top-quartile bar. */
        public double betweennessQ3() {
            return betweennessQ3;
        }

        Graph<String, DefaultEdge> dag() {
            return dag;
        }
    }
}
