package cn.chainatlas.chain;

import cn.chainatlas.geo.Cities;
import cn.chainatlas.geo.Region;

import com.fasterxml.jackson.annotation.JsonInclude;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.BadInput;
import cn.chainatlas.common.NotFound;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.util.List;

/** The chains and their graphs as the API and the pages show them. */
@Singleton
public class ChainCatalog {

    private final ChainGraphCache cache;
    private final GapAnalysis gaps;
    private final GapFiguresRepository figures;
    private final GapThresholds thresholds;

    private final Cities cities;

    ChainCatalog(ChainGraphCache cache, GapAnalysis gaps, GapFiguresRepository figures, GapThresholds thresholds,
                 Cities cities) {
        this.cities = cities;
        this.cache = cache;
        this.gaps = gaps;
        this.figures = figures;
        this.thresholds = thresholds;
    }

    @Serdeable

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ChainSummary(String code, String name, String nameEn, int nodeCount, int finalEquipmentCount) {
    }

    /**
     * A policy prior as the API shows it; {@link ChainGraph.Prior} says what each field means. {@code kindName},
     * {@code citation}, {@code scopeName} and {@code weightNote} are what a page shows; the document is named by its
     * citation, never by a file name. {@code scopeCity} null = the whole province (scopeName 全省); {@code chain}
     * null = every chain; {@code weight} 0 = shown, never used for a status.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PolicyPrior(String section, String quote, String kind, String kindName, String scopeCity,
                              String scopeName, String chain, String citation, String shortCitation, boolean draft,
                              double weight, String weightNote) {
    }

    @Serdeable

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record GraphNode(String code, String name, String nameEn, String level, List<String> aliases,
                            List<PolicyPrior> policyPriors, List<String> substitutes, boolean finalEquipment) {
    }

    /** from = the assembly, to = its part */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record GraphEdge(String from, String to) {
    }

    @Serdeable

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Graph(String code, String name, String nameEn, List<String> roots, List<GraphNode> nodes,
                        List<GraphEdge> edges) {
    }

    /** A local supplier as every role may see it: public registry fields only. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Supplier(String creditCode, String name, String city, String tier, BigDecimal capacity,
                           String capacityUnit, String certifications) {
    }

    @Serdeable

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record NodeDetail(Region region, NodeGap gap, List<PolicyPrior> policyPriors, List<Supplier> suppliers) {
    }

    public List<ChainSummary> chains(Actor actor) {
        GapAnalysis.requireReader(actor);
        ChainGraph graph = cache.get();
        return graph.chains().values().stream().map(c -> new ChainSummary(c.code(), c.name(), c.nameEn(),
                graph.view(c.code()).members().size(), c.roots().size())).toList();
    }

    public Graph graph(Actor actor, String chainCode) {
        GapAnalysis.requireReader(actor);
        ChainGraph graph = cache.get();
        ChainGraph.ChainView view = gaps.view(chainCode);
        List<GraphNode> nodes = view.members().stream().map(code -> {
            ChainGraph.Node n = graph.nodes().get(code);
            return new GraphNode(n.code(), n.name(), n.nameEn(), n.level(), n.aliases(), priors(n),
                    n.substitutes(), view.chain().roots().contains(code));
        }).toList();
        List<GraphEdge> edges = view.edges().stream().map(e -> new GraphEdge(e[0], e[1])).toList();
        ChainGraph.Chain c = view.chain();
        return new Graph(c.code(), c.name(), c.nameEn(), c.roots(), nodes, edges);
    }

    public NodeDetail node(Actor actor, String chainCode, String nodeCode, String regionKey) {
        List<NodeGap> all = gaps.gaps(actor, chainCode, regionKey);
        NodeGap gap = all.stream().filter(g -> g.nodeCode().equals(nodeCode)).findFirst()
                .orElseThrow(() -> new NotFound("产业链 " + chainCode + " 中没有节点「" + nodeCode + "」"));
        Region region = gaps.region(regionKey);
        List<Supplier> suppliers = figures.suppliers(region, nodeCode, thresholds.getMinConfidence(), 200).stream()
                .map(s -> new Supplier(s.creditCode(), s.name(), s.city(), s.tier(), s.capacity(), s.capacityUnit(),
                        s.certifications())).toList();
        return new NodeDetail(region, gap, priors(cache.get().nodes().get(nodeCode)), suppliers);
    }

    public ChainGraph.Chain chain(Actor actor, String chainCode) {
        GapAnalysis.requireReader(actor);
        return gaps.view(chainCode).chain();
    }

    private List<PolicyPrior> priors(ChainGraph.Node n) {
        return n.priors().stream().map(p -> new PolicyPrior(p.section(), p.quote(), p.kind().name(), p.kind().label(),
                p.scopeCity(), p.scopeCity() == null ? "全省" : cities.name(p.scopeCity()), p.chainCode(), p.citation(),
                p.shortCitation(), p.draft(), p.weight(), p.weightNote())).toList();
    }
}
