package cn.chainatlas.chain;

import org.jooq.DSLContext;

import java.math.BigDecimal;

import static cn.chainatlas.db.schema.Tables.DEMAND;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;

/**
 * The hand-made data behind the gap tests: the MINI chain of the good fixture
 * (LATHE→{SPINDLE,CNC}, MILL→{SPINDLE,SCREW}, SPINDLE→BEARING, SCREW→BEARING, CNC→SOFT, BEARING→STEEL),
 * two leaders, eleven suppliers and eight demands. The expected figures are worked out in the tests' comments.
 */
final class MiniChainData {

    static final String DG = "441900";
    static final String FS = "440600";
    static final String GZ = "440100";

    static final String LEADER_DG = "DG-LEADER-00000001";
    static final String LEADER_FS = "FS-LEADER-00000001";
    static final String S1 = "DG-SPINDLE-0000001";
    static final String S2 = "DG-SPINDLE-0000002";
    static final String S3 = "FS-SPINDLE-0000003";
    static final String S4 = "DG-SCREW-000000004";
    static final String S5 = "GZ-SCREW-000000005";
    static final String S6 = "GZ-SCREW-000000006";
    static final String S7 = "DG-CNC-00000000007";
    static final String S8 = "DG-CNC-00000000008";
    static final String S9 = "DG-CNC-00000000009";
    static final String S10 = "FS-STEEL-000000010";
    static final String OUT = "JS-BEARING-0000011";

    private MiniChainData() {
    }

    static void insert(DSLContext dsl) {
        enterprise(dsl, LEADER_DG, "东莞链主机床有限公司", DG, null, true, null, null, "LATHE");
        enterprise(dsl, LEADER_FS, "佛山链主加工中心有限公司", FS, null, true, null, null, "MILL");
        enterprise(dsl, S1, "东莞主轴一厂", DG, "专精特新小巨人", false, "100", "台/年", "SPINDLE");
        enterprise(dsl, S2, "东莞主轴二厂", DG, "高新技术企业", false, "300", "台/年", "SPINDLE");
        enterprise(dsl, S3, "佛山主轴三厂", FS, null, false, "100", "台", "SPINDLE");
        enterprise(dsl, S4, "东莞丝杠四厂", DG, "专精特新", false, "50", "件/年", "SCREW");
        enterprise(dsl, S5, "广州丝杠五厂", GZ, "单项冠军", false, "150", "件/年", "SCREW");
        enterprise(dsl, S6, "广州丝杠六厂", GZ, "专精特新", false, null, null, "SCREW");
        enterprise(dsl, S7, "东莞数控七厂", DG, "高新技术企业", false, null, null, "CNC");
        enterprise(dsl, S8, "东莞数控八厂", DG, "高新技术企业", false, null, null, "CNC");
        enterprise(dsl, S9, "东莞数控九厂", DG, "高新技术企业", false, null, null, "CNC");
        enterprise(dsl, S10, "佛山特钢十厂", FS, "专精特新", false, "1000", "吨/年", "STEEL");
        enterprise(dsl, OUT, "江苏轴承厂", null, "单项冠军", false, "9999", "套/年", "BEARING");

        demand(dsl, LEADER_DG, "SPINDLE", "200", "台", "400", "SAME_CITY");
        demand(dsl, LEADER_DG, "SPINDLE", "100", "台", "600", "IMPORT");
        demand(dsl, LEADER_DG, "BEARING", "1000", "套", "300", "IMPORT");
        demand(dsl, LEADER_DG, "CNC", "50", "套", "500", "PROVINCE");
        demand(dsl, LEADER_DG, "SCREW", "80", "件", "200", "OTHER_PROVINCE");
        demand(dsl, LEADER_FS, "BEARING", "500", "套", "100", "PROVINCE");
        demand(dsl, LEADER_FS, "SPINDLE", "50", "台", "100", "SAME_CITY");
        demand(dsl, LEADER_FS, "SCREW", null, null, null, "IMPORT");
    }

    static void enterprise(DSLContext dsl, String credit, String name, String city, String tier, boolean leader,
                           String capacity, String unit, String node) {
        dsl.insertInto(ENTERPRISE)
                .set(ENTERPRISE.CREDIT_CODE, credit)
                .set(ENTERPRISE.NAME, name)
                .set(ENTERPRISE.CITY_CODE, city)
                .set(ENTERPRISE.OUTSIDE_PROVINCE, city == null ? "江苏" : null)
                .set(ENTERPRISE.MAIN_PRODUCTS, node)
                .set(ENTERPRISE.TIER, tier)
                .set(ENTERPRISE.IS_LEADER, leader)
                .set(ENTERPRISE.CAPACITY_VALUE, capacity == null ? null : new BigDecimal(capacity))
                .set(ENTERPRISE.CAPACITY_UNIT, unit)
                .set(ENTERPRISE.CERTIFICATIONS, "ISO9001")
                .set(ENTERPRISE.REVENUE, new BigDecimal("12345.67"))
                .set(ENTERPRISE.CONTACT_PHONE, "13800000000")
                .set(ENTERPRISE.IS_UNCLASSIFIED, false)
                .execute();
        dsl.insertInto(ENTERPRISE_NODE)
                .set(ENTERPRISE_NODE.CREDIT_CODE, credit)
                .set(ENTERPRISE_NODE.NODE_CODE, node)
                .set(ENTERPRISE_NODE.CONFIDENCE, BigDecimal.ONE)
                .set(ENTERPRISE_NODE.SOURCE, "TEST")
                .execute();
    }

    static void demand(DSLContext dsl, String leader, String node, String qty, String unit, String value, String sourcing) {
        dsl.insertInto(DEMAND)
                .set(DEMAND.LEADER_CREDIT_CODE, leader)
                .set(DEMAND.NODE_CODE, node)
                .set(DEMAND.ANNUAL_QUANTITY, qty == null ? null : new BigDecimal(qty))
                .set(DEMAND.QUANTITY_UNIT, unit)
                .set(DEMAND.ANNUAL_VALUE, value == null ? null : new BigDecimal(value))
                .set(DEMAND.SOURCE_LOCAL, pct(sourcing, "SAME_CITY"))
                .set(DEMAND.SOURCE_GUANGDONG, pct(sourcing, "PROVINCE"))
                .set(DEMAND.SOURCE_OTHER_PROVINCE, pct(sourcing, "OTHER_PROVINCE"))
                .set(DEMAND.SOURCE_IMPORT, pct(sourcing, "IMPORT"))
                .execute();
    }

    /** the whole demand bought from one place: 100 % there */
    private static BigDecimal pct(String sourcing, String key) {
        return sourcing.equals(key) ? BigDecimal.valueOf(100) : BigDecimal.ZERO;
    }
}
