package cn.chainatlas.enterprise;

import java.util.List;

/** Enterprise titles in their canonical form, and the quality tier they give. */
public final class Titles {

    /** highest first */
    public static final List<String> TIERS = List.of("单项冠军", "专精特新小巨人", "专精特新", "高新技术企业");
    public static final String LEADER = "链主";
    public static final List<String> CERTIFICATIONS = List.of("ISO 9001", "IATF 16949", "AS9100", "ISO 13485", "ISO 14001",
            "CCS", "DNV", "CRCC", "CE", "UL");

    private static final java.util.regex.Pattern QUOTES = java.util.regex.Pattern.compile("[\"'“”‘’「」]");

    private Titles() {
    }

    /** Titles as bureaus write them (专精特新“小巨人”企业, 国家高新技术企业, 链主企业) in their canonical form. */
    public static String canonical(String t) {
        String k = QUOTES.matcher(t).replaceAll("");
        if (k.contains("链主")) {
            return LEADER;
        }
        if (k.contains("单项冠军")) {
            return "单项冠军";
        }
        if (k.contains("小巨人")) {
            return "专精特新小巨人";
        }
        if (k.contains("专精特新")) {
            return "专精特新";
        }
        if (k.contains("高新技术") || k.equals("高企")) {
            return "高新技术企业";
        }
        return k;
    }

    /** The highest tier among joined canonical titles, or null. */
    public static String tier(String joined) {
        if (joined == null) {
            return null;
        }
        List<String> list = List.of(joined.split(EnterpriseData.SEPARATOR));
        for (String t : TIERS) {
            if (list.contains(t)) {
                return t;
            }
        }
        return null;
    }

    public static boolean leader(String joined) {
        return joined != null && List.of(joined.split(EnterpriseData.SEPARATOR)).contains(LEADER);
    }
}
