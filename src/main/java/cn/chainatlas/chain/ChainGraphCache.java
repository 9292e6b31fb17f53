package cn.chainatlas.chain;

import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.CHAIN;
import static cn.chainatlas.db.schema.Tables.CHAIN_EDGE;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE_ALIAS;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE_SUBSTITUTE;
import static cn.chainatlas.db.schema.Tables.CHAIN_ROOT;
import static cn.chainatlas.db.schema.Tables.POLICY_PRIOR;

/**
 * The chain graph changes only when seeds are loaded, so it is read once and kept; the seed loader calls
 * {@link #invalidate()} after writing.
 */
@Singleton
public class ChainGraphCache {

    private final DSLContext dsl;
    private final cn.chainatlas.db.DataVersion version;
    private volatile ChainGraph graph;

    ChainGraphCache(DSLContext dsl, cn.chainatlas.db.DataVersion version) {
        this.dsl = dsl;
        this.version = version;
    }

    public ChainGraph get() {
        ChainGraph g = graph;
        if (g == null) {
            synchronized (this) {
                g = graph;
                if (g == null) {
                    g = load();
                    graph = g;
                }
            }
        }
        return g;
    }

    public void invalidate() {
        graph = null;
        // the seed's commit already moved the data version, before this: a figure computed in between from the old
        // graph would be kept under the new version, so move it once more now that the graph is gone
        version.bump();
    }

    private ChainGraph load() {
        Map<String, List<String>> aliases = new HashMap<>();
        dsl.select(CHAIN_NODE_ALIAS.NODE_CODE, CHAIN_NODE_ALIAS.ALIAS).from(CHAIN_NODE_ALIAS)
                .orderBy(CHAIN_NODE_ALIAS.NODE_CODE, CHAIN_NODE_ALIAS.ALIAS)
                .forEach(r -> aliases.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        Map<String, List<String>> substitutes = new HashMap<>();
        dsl.select(CHAIN_NODE_SUBSTITUTE.NODE_CODE, CHAIN_NODE_SUBSTITUTE.SUBSTITUTE_CODE).from(CHAIN_NODE_SUBSTITUTE)
                .forEach(r -> substitutes.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        Map<String, List<ChainGraph.Prior>> priors = new HashMap<>();
        dsl.selectFrom(POLICY_PRIOR).orderBy(POLICY_PRIOR.ID)
                .forEach(r -> priors.computeIfAbsent(r.getNodeCode(), k -> new ArrayList<>())
                        .add(new ChainGraph.Prior(r.getSource(), r.getSection(), r.getQuote(), PriorKind.valueOf(r.getKind()),
                                r.getScopeCityCode(), r.getChainCode(), r.getCitation(), r.getCitationShort(),
                                Boolean.TRUE.equals(r.getDraft()), r.getWeight().doubleValue(), r.getWeightNote())));
        Map<String, ChainGraph.Node> nodes = new LinkedHashMap<>();
        dsl.selectFrom(CHAIN_NODE).orderBy(CHAIN_NODE.CODE).forEach(r -> nodes.put(r.getCode(),
                new ChainGraph.Node(r.getCode(), r.getName(), r.getNameEn(), r.getLevel(),
                        List.copyOf(aliases.getOrDefault(r.getCode(), List.of())),
                        List.copyOf(substitutes.getOrDefault(r.getCode(), List.of())),
                        List.copyOf(priors.getOrDefault(r.getCode(), List.of())))));
        Map<String, List<String>> children = new HashMap<>();
        dsl.select(CHAIN_EDGE.PARENT_CODE, CHAIN_EDGE.CHILD_CODE).from(CHAIN_EDGE)
                .orderBy(CHAIN_EDGE.PARENT_CODE, CHAIN_EDGE.CHILD_CODE)
                .forEach(r -> children.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        Map<String, List<String>> roots = new HashMap<>();
        dsl.select(CHAIN_ROOT.CHAIN_CODE, CHAIN_ROOT.NODE_CODE).from(CHAIN_ROOT)
                .orderBy(CHAIN_ROOT.CHAIN_CODE, CHAIN_ROOT.NODE_CODE)
                .forEach(r -> roots.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        Map<String, ChainGraph.Chain> chains = new LinkedHashMap<>();
        dsl.selectFrom(CHAIN).orderBy(CHAIN.SORT_ORDER, CHAIN.CODE).forEach(r -> chains.put(r.getCode(),
                new ChainGraph.Chain(r.getCode(), r.getName(), r.getNameEn(),
                        List.copyOf(roots.getOrDefault(r.getCode(), List.of())))));
        return new ChainGraph(nodes, children, chains);
    }
}
