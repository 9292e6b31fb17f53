package cn.chainatlas.matching;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights of the match score and the bars of the bands ({@code chainatlas.matching.*}); defaults and why
 * they are what they are: docs/matching.md. The weights are points out of 100 when they sum to 100 (the defaults
 * do); each component contributes weight × value, value between 0 and 1.
 */
@ConfigurationProperties("chainatlas.matching")
public class MatchWeights {

    private double nodeFit = 20;
    private double spec = 20;
    private double certification = 10;
    private double capacity = 15;
    private double proximity = 15;
    private double tier = 10;
    private double innovation = 5;
    private double relation = 5;
    private double substituteFactor = 0.5;
    private double lowConfidence = 0.7;
    private double weakScore = 40;
    private double shortfallVerify = 0.5;

    /** component key → weight, in the order pages show them */
    public Map<String, Double> weights() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("nodeFit", nodeFit);
        m.put("spec", spec);
        m.put("certification", certification);
        m.put("capacity", capacity);
        m.put("proximity", proximity);
        m.put("tier", tier);
        m.put("innovation", innovation);
        m.put("relation", relation);
        return m;
    }

    /** 产品匹配: classified to the node (by confidence), named by a clerk, or a substitute */
    public double getNodeFit() {
        return nodeFit;
    }

    public void setNodeFit(double nodeFit) {
        this.nodeFit = nodeFit;
    }

    /** 规格符合: each stated field met or exceeded */
    public double getSpec() {
        return spec;
    }

    public void setSpec(double spec) {
        this.spec = spec;
    }

    /** 资质认证 */
    public double getCertification() {
        return certification;
    }

    public void setCertification(double certification) {
        this.certification = certification;
    }

    /** 产能: available capacity against the demanded annual quantity */
    public double getCapacity() {
        return capacity;
    }

    public void setCapacity(double capacity) {
        this.capacity = capacity;
    }

    /** 距离: same city, same region, elsewhere in Guangdong, outside */
    public double getProximity() {
        return proximity;
    }

    public void setProximity(double proximity) {
        this.proximity = proximity;
    }

    /** 企业梯队: 单项冠军 > 小巨人 > 专精特新 > 高新技术企业 */
    public double getTier() {
        return tier;
    }

    public void setTier(double tier) {
        this.tier = tier;
    }

    /** 研发与专利: R&D intensity and invention patents */
    public double getInnovation() {
        return innovation;
    }

    public void setInnovation(double innovation) {
        this.innovation = innovation;
    }

    /** 已有配套关系 (from matchmaking records) */
    public double getRelation() {
        return relation;
    }

    public void setRelation(double relation) {
        this.relation = relation;
    }

    /** a substitute node's fit counts this share of a direct fit */
    public double getSubstituteFactor() {
        return substituteFactor;
    }

    public void setSubstituteFactor(double substituteFactor) {
        this.substituteFactor = substituteFactor;
    }

    /** a classification below this confidence is a fact to verify (band 待核实 at best) */
    public double getLowConfidence() {
        return lowConfidence;
    }

    public void setLowConfidence(double lowConfidence) {
        this.lowConfidence = lowConfidence;
    }

    /** a candidate scoring below this is a weak fit (不推荐) */
    public double getWeakScore() {
        return weakScore;
    }

    public void setWeakScore(double weakScore) {
        this.weakScore = weakScore;
    }

    /** a capacity shortfall covering at least this share of the demand is 待核实, below it 不推荐 */
    public double getShortfallVerify() {
        return shortfallVerify;
    }

    public void setShortfallVerify(double shortfallVerify) {
        this.shortfallVerify = shortfallVerify;
    }
}
