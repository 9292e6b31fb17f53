package cn.chainatlas.enterprise;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A chain node an enterprise supplies, with how sure the match is.
 *
 * @param source  CLASSIFIED (from the product text), EXPLICIT (the sheet's 产业链节点 column) or MANUAL (a clerk)
 * @param matched the words of the product text that matched, or the explicit value
 */
@Serdeable
public record NodeMatch(String nodeCode, String nodeName, double confidence, String matched, String source) {

    /**
     * The nodes of an enterprise's explicit list as stored ({@code explicit_nodes}: codes joined with 、), each certain.
     *
     * @param source EXPLICIT or MANUAL
     */
    public static java.util.List<NodeMatch> explicit(Classifier.Model model, String joined, String source) {
        java.util.List<NodeMatch> out = new java.util.ArrayList<>();
        for (String code : joined.split(EnterpriseData.SEPARATOR)) {
            out.add(new NodeMatch(code, model.nodeName(code), 1.0, model.nodeName(code), source));
        }
        return out;
    }
}
