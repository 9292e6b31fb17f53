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
}
