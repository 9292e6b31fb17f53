package cn.chainatlas.enterprise;

import io.micronaut.core.annotation.Nullable;

/**
 * Which enterprises a listing or export covers. {@code city} is a 6-digit code or a city name; {@code node} a node
 * code; {@code tier} one of the tiers; {@code q} matches a stretch of the name or products, the credit code, or (8–18 letters and digits) the start of
 * the credit code; {@code unclassified} keeps
 * only enterprises without any chain node; {@code exceptNode} (a resolved node code) leaves out the enterprises
 * classified to that node, so a node-first search counts and pages its other text matches without the node's own.
 */
public record EnterpriseFilter(@Nullable String city, @Nullable String node, @Nullable String tier, @Nullable String q,
                               boolean unclassified, @Nullable String exceptNode) {

    public EnterpriseFilter(@Nullable String city, @Nullable String node, @Nullable String tier, @Nullable String q,
                            boolean unclassified) {
        this(city, node, tier, q, unclassified, null);
    }
}
