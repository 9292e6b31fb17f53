package cn.chainatlas.excel;


/**
 * The columns of the enterprise registry template, each with the header the template writes and the variants
 * bureaus use in their own sheets. Header matching ignores spaces, full-width forms and the unit in brackets.
 */
public enum RegistryColumn implements SheetColumn {
    CREDIT_CODE("统一社会信用代码", true, 18, "信用代码", "社会信用代码", "统一信用代码", "统一社会信用代码证号", "信用代码证"),
    NAME("企业名称", true, 200, "单位名称", "公司名称", "企业全称", "名称"),
    CITY("所在地市", true, 20, "地市", "城市", "所属地市", "所在城市", "地级市", "所在市"),
    DISTRICT("区县", false, 50, "所在区县", "所属区县", "县区", "区", "区县(市、区)"),
    SIZE("企业规模", false, 4, "规模", "企业规模(大中小微)"),
    ABOVE_SCALE("是否规上", false, 10, "规上企业", "是否规模以上", "是否规上企业", "规上"),
    MAIN_PRODUCTS("主营产品", true, 2000, "主要产品", "主营业务", "产品", "主营产品/服务"),
    NODES("产业链节点", false, 1000, "链节点", "所属环节", "产业链环节", "所属产业链节点"),
    CERTIFICATIONS("资质认证", false, 500, "认证", "资质", "认证资质", "体系认证"),
    TITLES("企业称号", false, 500, "称号", "荣誉称号", "企业资质称号", "企业荣誉"),
    REVENUE("营业收入(万元)", false, 0, "营业收入", "营收", "营收(万元)", "主营业务收入(万元)", "主营业务收入", "年营业收入",
            "营业总收入", "销售收入", "年销售收入"),
    RND_SPENDING("研发投入(万元)", false, 0, "研发投入", "研发经费", "研发费用(万元)", "研发费用", "研发经费支出", "研发投入金额"),
    EMPLOYEES("从业人数", false, 0, "员工人数", "职工人数", "从业人员", "从业人员数", "员工数"),
    PATENTS("有效发明专利数", false, 0, "发明专利数", "有效发明专利", "发明专利"),
    CAPACITY("年产能", false, 40, "产能", "年生产能力"),
    TECH_PARAMS("技术参数/精度等级", false, 1000, "技术参数", "精度等级", "技术指标"),
    CONTACT_NAME("联系人", false, 50, "联系人姓名", "企业联系人"),
    CONTACT_PHONE("联系电话", false, 50, "电话", "手机", "联系方式", "手机号", "联系人手机", "联系人电话", "手机号码",
            "联系手机", "移动电话", "联系人手机号", "联系人手机号码"),
    FOUNDED_ON("成立日期", false, 0, "成立时间", "注册日期", "成立年月");

    private final ColumnNames names;
    private final int maxLength;

    RegistryColumn(String header, boolean required, int maxLength, String... variants) {
        this.names = ColumnNames.of(header, required, variants);
        this.maxLength = maxLength;
    }

    @Override
    public ColumnNames names() {
        return names;
    }

    /** 0 when the value is not text (numbers, dates) */
    public int maxLength() {
        return maxLength;
    }

    @Override
    public boolean money() {
        return this == REVENUE || this == RND_SPENDING;
    }

    @Override
    public boolean fillsDown() {
        return this == CITY || this == DISTRICT;
    }

    @Override
    public boolean identifies() {
        return this == CREDIT_CODE || this == NAME;
    }

    @Override
    public boolean headerUnitApplies() {
        return this == CAPACITY;
    }

    /** The registry template's columns for the shared reader: a header row names at least three of them. */
    public static final SheetSchema SCHEMA = SheetSchema.of("企业名录", RegistryColumn.class, 3,
            "表头行应包含“统一社会信用代码”“企业名称”“所在地市”“主营产品”等列名（可先下载模板）");

    /**
     * The column a header cell names, or null when the template does not know it. Known variants of the private
     * fields map to them (联系人手机 and 手机号码 to 联系电话, 2025年营业收入 and 营业收入（2025年） to 营业收入), so they are
     * kept as the private fields they are; a column the template does not know (电子邮箱, 利润总额 …) is kept as an
     * extra attribute, which is private as well.
     */
    public static RegistryColumn ofHeader(String cell) {
        return (RegistryColumn) SCHEMA.ofHeader(cell);
    }
}
