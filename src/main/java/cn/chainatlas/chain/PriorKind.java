package cn.chainatlas.chain;

/**
 * What a policy document says about a node (docs/gaps.md, "政策先验的范围、类型与引用"). A gap reason names the
 * kind in these words, so a statement that parts come from other provinces or abroad is never reported as an
 * import dependence.
 */
public enum PriorKind {
    /** the document says the node depends on imports (依赖进口, 国产化率较低) */
    IMPORT("依赖进口"),
    /** bought outside the province or abroad (依赖国内外配套, 依靠江苏、山东或国外, 提升…省内配套保障水平) */
    OUTSIDE_PROVINCE("依赖省外"),
    /** named as a weakness or as a 攻关 target of the document's programme; says nothing about where it is bought */
    WEAK_LINK("短板"),
    /** the document sets 国产化 of the node as a goal */
    LOCALISATION_TARGET("国产化目标");

    private final String label;

    PriorKind(String label) {
        this.label = label;
    }

    /** The Chinese term the documents and the pages use. */
    public String label() {
        return label;
    }
}
