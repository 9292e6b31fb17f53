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

    record Prior(String source, String section, String quote) {
    }
}
