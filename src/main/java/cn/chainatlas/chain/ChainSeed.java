package cn.chainatlas.chain;

import java.util.List;
import java.util.Map;

/** The chain graph as read from the seed files, validated as a whole. */
record ChainSeed(List<Chain> chains, Map<String, Node> nodes, String sha256) {

    record Chain(String file, String code, String name, String nameEn, int sortOrder, List<String> roots) {
    }

    record Node(String file, String code, String name, String nameEn, String level, List<String> aliases,
                List<String> substitutes, List<String> parts, List<Prior> priors) {
    }

    /**
     * A cited document of {@code chains/00-sources.yaml}.
     *
     * @param scopeCity the city the document covers, null for the province
     */
    record Source(String file, String label, String scopeCity, boolean draft, String citation, String shortCitation) {
    }

    /** A prior with its document's citation resolved; the fields mean what {@link ChainGraph.Prior} says. */
    record Prior(String source, String section, String quote, PriorKind kind, String scopeCity, String chain,
                 String citation, String shortCitation, boolean draft, double weight, String weightNote) {
    }
}
