package cn.chainatlas.chain;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.List;

/**
 * The bars that turn figures into a gap status ({@code chainatlas.gaps.*}); defaults and their reasons are in
 * docs/gaps.md. Every reason string quotes the bar it was measured against.
 */
@ConfigurationProperties("chainatlas.gaps")
public class GapThresholds {

    /** tiers from best to lowest, as the registry writes them */
    public static final List<String> TIERS = List.of("单项冠军", "专精特新小巨人", "专精特新", "高新技术企业");

    private double importShare = 0.5;
    private int minSuppliers = 3;
    private String qualifiedTier = "专精特新";
    private int minQualifiedSuppliers = 1;
    private double maxHhi = 0.5;
    private int criticalFinalEquipment = 2;
    private double criticalDemandShare = 0.10;
    private boolean criticalTopQuartileBetweenness = true;
    private double minConfidence = 0.0;
    private int minDemandLeaders = 3;

    /** import-dependent when the demand-weighted import share is above this */
    public double getImportShare() {
        return importShare;
    }

    public void setImportShare(double importShare) {
        this.importShare = importShare;
    }

    /** weak when fewer local suppliers than this */
    public int getMinSuppliers() {
        return minSuppliers;
    }

    public void setMinSuppliers(int minSuppliers) {
        this.minSuppliers = minSuppliers;
    }

    /** the lowest tier that counts as a qualified supplier */
    public String getQualifiedTier() {
        return qualifiedTier;
    }

    public void setQualifiedTier(String qualifiedTier) {
        if (!TIERS.contains(qualifiedTier)) {
            throw new IllegalArgumentException("chainatlas.gaps.qualified-tier must be one of " + TIERS + ", not " + qualifiedTier);
        }
        this.qualifiedTier = qualifiedTier;
    }

    /** weak when fewer qualified (tier at or above {@link #getQualifiedTier()}) suppliers than this */
    public int getMinQualifiedSuppliers() {
        return minQualifiedSuppliers;
    }

    public void setMinQualifiedSuppliers(int minQualifiedSuppliers) {
        this.minQualifiedSuppliers = minQualifiedSuppliers;
    }

    /** weak when the suppliers' HHI over declared capacity reaches this (1.0 = single source) */
    public double getMaxHhi() {
        return maxHhi;
    }

    public void setMaxHhi(double maxHhi) {
        this.maxHhi = maxHhi;
    }

    /** critical when at least this many final-equipment nodes of the chain depend on the node */
    public int getCriticalFinalEquipment() {
        return criticalFinalEquipment;
    }

    public void setCriticalFinalEquipment(int criticalFinalEquipment) {
        this.criticalFinalEquipment = criticalFinalEquipment;
    }

    /** critical when the node's share of the chain's demand value reaches this */
    public double getCriticalDemandShare() {
        return criticalDemandShare;
    }

    public void setCriticalDemandShare(double criticalDemandShare) {
        this.criticalDemandShare = criticalDemandShare;
    }

    /** critical when the node's betweenness is positive and in the chain's top quartile */
    public boolean isCriticalTopQuartileBetweenness() {
        return criticalTopQuartileBetweenness;
    }

    public void setCriticalTopQuartileBetweenness(boolean criticalTopQuartileBetweenness) {
        this.criticalTopQuartileBetweenness = criticalTopQuartileBetweenness;
    }

    /** enterprise-node classifications below this confidence are not counted as supply */
    public double getMinConfidence() {
        return minConfidence;
    }

    public void setMinConfidence(double minConfidence) {
        this.minConfidence = minConfidence;
    }

    boolean qualified(String tier) {
        if (tier == null) {
            return false;
        }
        int rank = TIERS.indexOf(tier);
        return rank >= 0 && rank <= TIERS.indexOf(qualifiedTier);
    }

    /**
     * Demand figures of a node (value, quantity, sourcing split and the shares made of them) that come from fewer
     * leaders than this are shown only to those who may see those demands (docs/gaps.md, 需求数值的保密).
     */
    public int getMinDemandLeaders() {
        return minDemandLeaders;
    }

    public void setMinDemandLeaders(int minDemandLeaders) {
        this.minDemandLeaders = Math.max(1, minDemandLeaders);
    }
}
