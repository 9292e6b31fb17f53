package cn.chainatlas.testing;

import cn.chainatlas.common.CreditCode;
import cn.chainatlas.enterprise.Classifier;
import cn.chainatlas.enterprise.NodeMatch;
import cn.chainatlas.common.Role;
import org.jooq.DSLContext;

import java.math.BigDecimal;
import java.util.List;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_LEADER;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;

/**
 * A small hand-made registry on the real seeds (seed mode {@code reference}): a Dongguan machine-tool leader that
 * needs precision bearings, a Foshan leader, and the bearing makers a buyer would sort by hand. Each supplier's
 * products are classified by the real classifier, so a 轴承钢 maker lands on 轴承钢, not on 轴承.
 *
 * <pre>
 *  P4_CERT     东莞  P4 + ISO 9001, 20000 套, 专精特新        → the only 推荐: rank 1
 *  P4_NOCERT   中山  P4, only ISO 14001                      → excluded: missing certification
 *  P5          佛山  P5 + ISO 9001                           → excluded: grade
 *  P0          广州  P0 (普通级) + ISO 9001                   → excluded: grade
 *  UNSTATED    深圳  no grade stated, ISO 9001, 单项冠军, consented → 待核实 (grade not stated)
 *  SHORT       惠州  P4 + ISO 9001, 8000 套 of the 12000     → 待核实, capacity shortfall visible
 *  UNWILLING   东莞  P4 + ISO 9001, declared unwilling         → excluded: unwilling
 *  OUTSIDE     江苏  P2 + ISO 9001                           → excluded: 省外 excluded by the demand
 *  STEEL       广州  高碳铬轴承钢                               → not a bearing candidate at all
 *  the leader itself also makes 主轴轴承                         → excluded: itself
 * </pre>
 */
public final class MatchFixtures {

    public static final String LEADER = code("91441900MA5TLEAD0");
    public static final String LEADER_FS = code("91440600MA5TLEAD0");
    public static final String NOT_LEADER = code("91441900MA5TPLAN1");
    public static final String P4_CERT = code("91441900MA5TBRG01");
    public static final String P4_NOCERT = code("91442000MA5TBRG02");
    public static final String P5 = code("91440600MA5TBRG03");
    public static final String P0 = code("91440100MA5TBRG04");
    public static final String UNSTATED = code("91440300MA5TBRG05");
    public static final String SHORT = code("91441300MA5TBRG06");
    public static final String UNWILLING = code("91441900MA5TBRG07");
    public static final String OUTSIDE = code("91320000MA5TBRG08");
    public static final String STEEL = code("91440100MA5TGCR15");

    private MatchFixtures() {
    }

    public static String code(String first17) {
        return first17 + CreditCode.checkChar(first17);
    }

    /** The registry above, the two leaders leading CNC, and users: lead (Dongguan leader), leadfs, dg, fs, prov. */
    public static void load(DSLContext dsl, Classifier classifier) {
        classifier.invalidate();
        enterprise(dsl, classifier, LEADER, "东莞测试链主机床股份有限公司", "441900", null, "五轴联动加工中心、主轴轴承",
                null, "ISO 9001", "链主、单项冠军", null, null, false, false);
        enterprise(dsl, classifier, LEADER_FS, "佛山测试链主加工中心有限公司", "440600", null, "数控加工中心",
                null, "ISO 9001", "链主", null, null, false, false);
        enterprise(dsl, classifier, NOT_LEADER, "东莞测试普通机械有限公司", "441900", null, "数控加工中心",
                null, null, null, null, null, false, false);
        dsl.update(ENTERPRISE).set(ENTERPRISE.IS_LEADER, true).where(ENTERPRISE.CREDIT_CODE.in(LEADER, LEADER_FS)).execute();
        for (String l : List.of(LEADER, LEADER_FS)) {
            dsl.insertInto(ENTERPRISE_LEADER).set(ENTERPRISE_LEADER.CREDIT_CODE, l).set(ENTERPRISE_LEADER.CHAIN_CODE, "CNC")
                    .set(ENTERPRISE_LEADER.SOURCE, "MANUAL").set(ENTERPRISE_LEADER.DECLARED_BY, "test").execute();
        }
        enterprise(dsl, classifier, P4_CERT, "东莞精研轴承科技有限公司", "441900", null, "精密角接触球轴承、机床主轴轴承",
                "P4级角接触球轴承，dmN 180万", "ISO 9001、IATF 16949", "专精特新", "20000", "套/年", false, false);
        enterprise(dsl, classifier, P4_NOCERT, "中山精工轴承有限公司", "442000", null, "精密轴承",
                "P4级", "ISO 14001", null, "30000", "套", false, false);
        enterprise(dsl, classifier, P5, "佛山华轴精密轴承有限公司", "440600", null, "角接触球轴承",
                "精度等级 /P5", "ISO 9001", "专精特新小巨人", "50000", "套", false, false);
        enterprise(dsl, classifier, P0, "广州普通轴承制造有限公司", "440100", null, "深沟球轴承",
                "普通级（P0）", "ISO 9001", "高新技术企业", "900000", "套", false, false);
        enterprise(dsl, classifier, UNSTATED, "深圳冠军轴承股份有限公司", "440300", null, "机床主轴轴承、机器人轴承",
                null, "ISO 9001", "单项冠军", "100000", "套", true, false);
        enterprise(dsl, classifier, SHORT, "惠州精密轴承有限公司", "441300", null, "主轴轴承",
                "P4级主轴轴承", "ISO 9001", null, "8000", "套", false, false);
        enterprise(dsl, classifier, UNWILLING, "东莞自有品牌轴承有限公司", "441900", null, "精密轴承",
                "P4", "ISO 9001", "专精特新", "40000", "套", false, true);
        enterprise(dsl, classifier, OUTSIDE, "江苏超精轴承有限公司", null, "江苏", "超精密轴承",
                "P2级", "ISO 9001", "单项冠军", "60000", "套", false, false);
        enterprise(dsl, classifier, STEEL, "广州特钢轴承钢有限公司", "440100", null, "高碳铬轴承钢、GCr15 棒材",
                "P4级用钢", "ISO 9001", "专精特新", "50000", "吨", false, false);
        TestUsers.create(dsl, "lead", ApiTest.PW, Role.LEADER, null, LEADER);
        TestUsers.create(dsl, "leadfs", ApiTest.PW, Role.LEADER, null, LEADER_FS);
        TestUsers.create(dsl, "dg", ApiTest.PW, Role.CITY, "441900", null);
        TestUsers.create(dsl, "fs", ApiTest.PW, Role.CITY, "440600", null);
        TestUsers.create(dsl, "prov", ApiTest.PW, Role.PROVINCE, null, null);
    }

    /** The bearing demand of the Dongguan leader: 12,000 套 of P4 bearings, ISO 9001, no supplier outside Guangdong. */
    public static java.util.Map<String, Object> bearingDemand() {
        java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("leaderCreditCode", LEADER);
        d.put("nodeCode", "BEARING");
        d.put("quantity", 12000);
        d.put("unit", "套");
        d.put("valueWan", 960);
        d.put("spec", "机床主轴用角接触球轴承");
        d.put("specFields", java.util.Map.of("precisionClass", "P4"));
        d.put("requiredCertifications", List.of("ISO 9001"));
        d.put("excludedRegions", List.of("省外"));
        d.put("sources", java.util.Map.of("local", 0, "guangdong", 0, "otherProvince", 30, "import", 70));
        d.put("neededBy", "2030-06-30");
        d.put("note", "首批 2,000 套");
        return d;
    }

    public static void enterprise(DSLContext dsl, Classifier classifier, String code, String name, String city,
                                  String outside, String products, String tech, String certs, String titles,
                                  String capacity, String unit, boolean consent, boolean unwilling) {
        String tier = titles == null ? null : List.of("单项冠军", "专精特新小巨人", "专精特新", "高新技术企业").stream()
                .filter(titles::contains).findFirst().orElse(null);
        dsl.insertInto(ENTERPRISE)
                .set(ENTERPRISE.CREDIT_CODE, code)
                .set(ENTERPRISE.NAME, name)
                .set(ENTERPRISE.CITY_CODE, city)
                .set(ENTERPRISE.OUTSIDE_PROVINCE, outside)
                .set(ENTERPRISE.MAIN_PRODUCTS, products)
                .set(ENTERPRISE.TECH_PARAMS, tech)
                .set(ENTERPRISE.CERTIFICATIONS, certs)
                .set(ENTERPRISE.TITLES, titles)
                .set(ENTERPRISE.TIER, tier)
                .set(ENTERPRISE.CAPACITY_VALUE, capacity == null ? null : new BigDecimal(capacity))
                .set(ENTERPRISE.CAPACITY_UNIT, unit)
                .set(ENTERPRISE.REVENUE, new BigDecimal("20000"))
                .set(ENTERPRISE.RND_SPENDING, new BigDecimal("1200"))
                .set(ENTERPRISE.PATENTS, 8)
                .set(ENTERPRISE.CONTACT_NAME, "王工")
                .set(ENTERPRISE.CONTACT_PHONE, "13800000000")
                .set(ENTERPRISE.PUBLIC_CONSENT, consent)
                .set(ENTERPRISE.UNWILLING, unwilling)
                .set(ENTERPRISE.IS_UNCLASSIFIED, classifier.classify(products).isEmpty())
                .execute();
        for (NodeMatch n : classifier.classify(products)) {
            dsl.insertInto(ENTERPRISE_NODE).set(ENTERPRISE_NODE.CREDIT_CODE, code).set(ENTERPRISE_NODE.NODE_CODE, n.nodeCode())
                    .set(ENTERPRISE_NODE.CONFIDENCE, BigDecimal.valueOf(n.confidence())).set(ENTERPRISE_NODE.SOURCE, n.source())
                    .set(ENTERPRISE_NODE.MATCHED, n.matched()).execute();
        }
    }
}
