package cn.chainatlas.enterprise;

import cn.chainatlas.geo.Cities;
import cn.chainatlas.common.CreditCode;
import cn.chainatlas.excel.CellKind;
import cn.chainatlas.excel.HeaderLayout;
import cn.chainatlas.excel.RegistryColumn;
import cn.chainatlas.excel.RowError;
import cn.chainatlas.common.Text;
import org.apache.poi.ss.usermodel.DateUtil;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one row's cells into {@link EnterpriseData} by the registry's field rules ({@link EnterpriseFields}):
 * every cell normalised to what the clerk sees (invisible characters, full-width forms, text-forcing marks, a
 * trailing 市), money converted from the header's unit to 万元, then validated, each problem with a code and a
 * message naming the column. A cell's {@link CellKind} matters: a credit code or phone number stored as a
 * number has lost digits and is refused, never guessed at.
 */
public final class RegistryRowParser {


    private final HeaderLayout layout;
    private final Cities cities;
    private final Classifier.Model model;
    /** rows without a city take this one; rows of another city are refused (null: any city) */
    private final String scopeCity;
    private final boolean scopeFromActor;
    /**
     * Product text → the nodes it classifies to, for texts the file repeats: a registry lists the same few products
     * for many enterprises (the 100,000-row bench file has about 5,000 distinct texts besides codes and names), and
     * the classification was a quarter of the row thread's time in a profile of the dry run (issue 15). Bounded; a
     * parser serves one sheet of one upload on one thread.
     */
    private final Map<String, List<NodeMatch>> classified = new java.util.HashMap<>();
    static final int MAX_CLASSIFIED = 20_000;

    /** The template's columns this sheet does not have (every one optional: a required one missing refuses the sheet). */
    private final Set<RegistryColumn> absent;
    /** whether the sheet has columns the template does not know (kept as extra attributes) */
    private final boolean hasExtras;

    public RegistryRowParser(HeaderLayout layout, Cities cities, Classifier.Model model, String scopeCity, boolean scopeFromActor) {
        this.layout = layout;
        this.cities = cities;
        this.model = model;
        this.scopeCity = scopeCity;
        this.scopeFromActor = scopeFromActor;
        Set<RegistryColumn> missing = java.util.EnumSet.noneOf(RegistryColumn.class);
        for (RegistryColumn col : RegistryColumn.values()) {
            if (!layout.index.containsKey(col)) {
                missing.add(col);
            }
        }
        this.absent = java.util.Collections.unmodifiableSet(missing);
        boolean extras = false;
        for (int i = 0; i < layout.columns.length; i++) {
            extras |= layout.columns[i] == null && layout.headers[i] != null && !layout.headers[i].isBlank();
        }
        this.hasExtras = extras;
    }

    /**
     * The template's columns the sheet lacks, as the clerk knows them (their template headers): what an update keeps
     * from the registry ({@link #keepAbsent}). Empty when the sheet has them all.
     */
    public List<String> absentHeaders() {
        return absent.stream().map(c -> c.names().header()).toList();
    }

    /** The 企业称号 column's header as the sheet writes it (the template's when the sheet has none). */
    public String titlesHeader() {
        String h = layout.index.containsKey(RegistryColumn.TITLES) ? layout.header(RegistryColumn.TITLES) : null;
        return h == null ? RegistryColumn.TITLES.names().header() : h;
    }

    /**
     * Whether a row of this sheet that updates an enterprise must take some fields from the registry: the sheet lacks
     * a template column. (A sheet with every template column and no extra one replaces the extra attributes, as the
     * registry's own export carries them as extra columns.)
     */
    public boolean partial() {
        return !absent.isEmpty();
    }

    /**
     * A valid row of this sheet that updates {@code stored}, with the fields of the columns the sheet lacks taken
     * from {@code stored} instead of left empty: a file of 统一社会信用代码, 企业名称, 所在地市 and 主营产品 updates those and
     * leaves contacts, 技术参数, 企业称号 (and so 链主), a clerk's assigned nodes and the rest as the registry holds them
     * (fresh-eyes pass #14: such a file emptied them all, silently revoking 链主). An empty cell of a column the sheet
     * has still empties its field. Digest and nodes are computed again, so a row that changes nothing stays unchanged.
     */
    public void keepAbsent(ParsedRegistryRow row, EnterpriseData stored) {
        EnterpriseData d = row.data;
        boolean titlesKept = absent.contains(RegistryColumn.TITLES);
        boolean capacityKept = absent.contains(RegistryColumn.CAPACITY);
        boolean nodesKept = absent.contains(RegistryColumn.NODES);
        EnterpriseData merged = new EnterpriseData(d.creditCode(), d.name(), d.cityCode(), d.outsideProvince(),
                kept(RegistryColumn.DISTRICT, d.district(), stored.district()),
                kept(RegistryColumn.SIZE, d.sizeClass(), stored.sizeClass()),
                kept(RegistryColumn.ABOVE_SCALE, d.aboveScale(), stored.aboveScale()),
                d.mainProducts(),
                kept(RegistryColumn.CERTIFICATIONS, d.certifications(), stored.certifications()),
                titlesKept ? stored.titles() : d.titles(), titlesKept ? stored.tier() : d.tier(),
                titlesKept ? stored.leader() : d.leader(),
                kept(RegistryColumn.REVENUE, d.revenue(), stored.revenue()),
                kept(RegistryColumn.RND_SPENDING, d.rndSpending(), stored.rndSpending()),
                kept(RegistryColumn.EMPLOYEES, d.employees(), stored.employees()),
                kept(RegistryColumn.PATENTS, d.patents(), stored.patents()),
                capacityKept ? stored.capacityValue() : d.capacityValue(), capacityKept ? stored.capacityUnit() : d.capacityUnit(),
                kept(RegistryColumn.TECH_PARAMS, d.techParams(), stored.techParams()),
                kept(RegistryColumn.CONTACT_NAME, d.contactName(), stored.contactName()),
                kept(RegistryColumn.CONTACT_PHONE, d.contactPhone(), stored.contactPhone()),
                kept(RegistryColumn.FOUNDED_ON, d.foundedOn(), stored.foundedOn()),
                nodesKept ? stored.explicitNodes() : d.explicitNodes(),
                hasExtras ? d.extraAttributes() : stored.extraAttributes());
        List<NodeMatch> nodes = nodesKept && stored.explicitNodes() != null
                ? NodeMatch.explicit(model, stored.explicitNodes(), "EXPLICIT") : row.nodes;
        row.data = merged;
        row.nodes = nodes;
        row.hash = merged.contentHash(nodes);
    }

    private <T> T kept(RegistryColumn col, T fromFile, T stored) {
        return absent.contains(col) ? stored : fromFile;
    }

    /** Whether the row holds anything in a registry column (a 序号 or a note column alone does not make a row). */
    public boolean isBlank(String[] cells) {
        return layout.isBlank(cells);
    }

    public ParsedRegistryRow parse(String sheet, int rowNo, String[] cells, byte[] kinds) {
        ParsedRegistryRow row = new ParsedRegistryRow(sheet, rowNo);
        row.parser = this;
        row.codeHeader = layout.header(RegistryColumn.CREDIT_CODE);
        Ctx c = new Ctx(sheet, rowNo, cells, kinds);

        String codeRaw = c.raw(RegistryColumn.CREDIT_CODE);
        String code = CreditCode.normalise(codeRaw);
        int control = Text.firstControl(codeRaw);
        if (code == null || code.isEmpty()) {
            c.error(RegistryColumn.CREDIT_CODE, "REQUIRED", "必填项「统一社会信用代码」为空");
            code = null;
        } else if (c.kind(RegistryColumn.CREDIT_CODE) == CellKind.NUMBER || CreditCode.scientific(codeRaw)) {
            // Excel keeps 15 significant digits of a number: the code's last digits are gone, and the rounded
            // code may even pass the check; it must not become (or overwrite) anybody
            c.error(RegistryColumn.CREDIT_CODE, "CODE_STORED_AS_NUMBER", "统一社会信用代码「" + Text.clean(codeRaw)
                    + "」是数字格式的单元格：Excel 的数字只保留 15 位有效数字，18 位代码的最后几位已经丢失，无法知道原来的代码。"
                    + "请把这一列的单元格格式设为“文本”，重新输入完整的代码后再上传");
            code = null;
        } else if (control >= 0) {
            c.error(RegistryColumn.CREDIT_CODE, "BAD_CHARACTER", "统一社会信用代码含有不可见的字符 " + Text.describe(control)
                    + "，请删除该单元格内容后重新输入");
            code = null;
        } else {
            CreditCode.Problem p = CreditCode.check(code);
            if (p == CreditCode.Problem.FORMAT) {
                c.error(RegistryColumn.CREDIT_CODE, "CREDIT_CODE_FORMAT", "统一社会信用代码「" + code
                        + "」格式不对：应为 18 位，由数字和大写字母组成（不含 I、O、S、V、Z），第 3-8 位为行政区划代码");
            } else if (p == CreditCode.Problem.CHECK && CreditCode.fifteenDigitsKept(code)) {
                // a text of a number's 15 digits and 000 (a CSV or a TEXT() formula of a number cell): the lost
                // digits cannot be put back, and "correcting" the check character would make a wrong code pass
                c.error(RegistryColumn.CREDIT_CODE, "CODE_STORED_AS_NUMBER", "统一社会信用代码「" + code
                        + "」全是数字且以 000 结尾，校验位也不对：这是 Excel 把代码当作数字保存的结果，只保留了前 15 位，最后几位已经丢失，"
                        + "无法知道原来的代码。请把这一列的单元格格式设为“文本”，重新输入完整的代码后再上传");
            } else if (p == CreditCode.Problem.CHECK) {
                c.error(RegistryColumn.CREDIT_CODE, "CREDIT_CODE_CHECK", "统一社会信用代码「" + code
                        + "」的校验位（第 18 位）不对，按 GB 32100-2015 应为「" + CreditCode.checkChar(code.substring(0, 17)) + "」，请核对是否抄错");
            } else if (CreditCode.fifteenDigitsKept(code)) {
                // the same 15 digits and 000 as above, but the check character happens to be right (about one code
                // in 31 that lost its digits does): a real code can end so, so it is not refused, but a number cell
                // saved to CSV (or copied as text) leaves exactly this of another enterprise's code — the clerk checks
                row.warning = new RowError(sheet, rowNo, layout.header(RegistryColumn.CREDIT_CODE), "CODE_MAY_HAVE_LOST_DIGITS",
                        "统一社会信用代码「" + code + "」全是数字且以 000 结尾：这可能是 Excel 把代码当作数字保存的结果（数字只保留 15 位有效数字），"
                                + "最后几位已经丢失、碰巧仍能通过校验。请对照营业执照核对这个代码");
            }
        }
        String name = c.field(RegistryColumn.NAME, () -> EnterpriseFields.name(c.raw(RegistryColumn.NAME), RegistryColumn.NAME, true));
        String mainProducts = c.text(RegistryColumn.MAIN_PRODUCTS, true, false);

        String cityCode = null;
        String outside = null;
        String cityRaw = c.raw(RegistryColumn.CITY);
        if (Text.clean(cityRaw) == null) {
            if (scopeCity != null) {
                cityCode = scopeCity;
            } else {
                c.error(RegistryColumn.CITY, "REQUIRED", "必填项「所在地市」为空");
            }
        } else {
            Cities.Place place = cities.parse(cityRaw);
            if (!place.known()) {
                c.error(RegistryColumn.CITY, "UNKNOWN_CITY", "所在地市「" + Text.clean(cityRaw)
                        + "」不是广东省 21 个地市之一；省外企业请填写“省外-省份”，如“省外-江苏”");
            } else {
                cityCode = place.cityCode();
                outside = place.outsideProvince();
                if (scopeCity != null && !scopeCity.equals(cityCode)) {
                    String where = cityCode != null ? cities.name(cityCode) : "省外-" + outside;
                    if (scopeFromActor) {
                        c.error(RegistryColumn.CITY, "CITY_NOT_ALLOWED", "本账号只能导入" + cities.name(scopeCity)
                                + "的企业，此行为" + where);
                    } else {
                        c.error(RegistryColumn.CITY, "CITY_MISMATCH", "本次导入指定为" + cities.name(scopeCity)
                                + "，此行为" + where);
                    }
                }
            }
        }

        String district = c.text(RegistryColumn.DISTRICT, false, true);
        String size = c.field(RegistryColumn.SIZE, () -> EnterpriseFields.sizeClass(c.raw(RegistryColumn.SIZE)));
        Boolean aboveScale = c.field(RegistryColumn.ABOVE_SCALE, () -> EnterpriseFields.aboveScale(c.raw(RegistryColumn.ABOVE_SCALE)));
        String certs = c.field(RegistryColumn.CERTIFICATIONS, () -> EnterpriseFields.list(c.raw(RegistryColumn.CERTIFICATIONS), RegistryColumn.CERTIFICATIONS));
        String titles = c.field(RegistryColumn.TITLES, () -> EnterpriseFields.list(c.raw(RegistryColumn.TITLES), RegistryColumn.TITLES));
        String tier = Titles.tier(titles);
        boolean leader = Titles.leader(titles);
        BigDecimal revenue = c.money(RegistryColumn.REVENUE);
        BigDecimal rnd = c.money(RegistryColumn.RND_SPENDING);
        Integer employees = c.field(RegistryColumn.EMPLOYEES, () -> EnterpriseFields.count(
                EnterpriseFields.number(c.raw(RegistryColumn.EMPLOYEES), RegistryColumn.EMPLOYEES, "人"), RegistryColumn.EMPLOYEES));
        Integer patents = c.field(RegistryColumn.PATENTS, () -> EnterpriseFields.count(
                EnterpriseFields.number(c.raw(RegistryColumn.PATENTS), RegistryColumn.PATENTS, "件"), RegistryColumn.PATENTS));
        EnterpriseFields.Capacity capacity = c.field(RegistryColumn.CAPACITY,
                () -> EnterpriseFields.capacity(c.raw(RegistryColumn.CAPACITY), layout.unit(RegistryColumn.CAPACITY)));
        BigDecimal capValue = capacity == null ? null : capacity.value();
        String capUnit = capacity == null ? null : capacity.unit();
        String tech = c.text(RegistryColumn.TECH_PARAMS, false, false);
        String contact = c.field(RegistryColumn.CONTACT_NAME, () -> EnterpriseFields.name(c.raw(RegistryColumn.CONTACT_NAME), RegistryColumn.CONTACT_NAME, false));
        String phone = c.field(RegistryColumn.CONTACT_PHONE, () -> EnterpriseFields.phone(c.raw(RegistryColumn.CONTACT_PHONE),
                c.kind(RegistryColumn.CONTACT_PHONE) == CellKind.NUMBER));
        LocalDate founded = c.field(RegistryColumn.FOUNDED_ON, () -> EnterpriseFields.date(c.raw(RegistryColumn.FOUNDED_ON),
                c.kind(RegistryColumn.FOUNDED_ON)));

        List<NodeMatch> nodes;
        String explicit = null;
        String nodesRaw = c.raw(RegistryColumn.NODES);
        if (Text.clean(nodesRaw) != null) {
            Set<String> codes = new LinkedHashSet<>();
            List<NodeMatch> list = new ArrayList<>();
            for (String token : EnterpriseFields.LIST_SEPARATORS.split(nodesRaw)) {
                String t = Text.clean(token);
                if (t == null) {
                    continue;
                }
                String node = model.resolve(t);
                if (node == null) {
                    c.error(RegistryColumn.NODES, "UNKNOWN_NODE", "产业链节点「" + t + "」不是已知的链节点（可填节点名称、别名或代码）");
                } else if (codes.add(node)) {
                    list.add(new NodeMatch(node, model.nodeName(node), 1.0, t, "EXPLICIT"));
                }
            }
            explicit = codes.isEmpty() ? null : String.join(EnterpriseData.SEPARATOR, codes);
            nodes = list;
        } else {
            nodes = classify(mainProducts);
        }

        String extras = c.extras();
        if (c.errors != null) {
            row.errors = c.errors;
            if (code != null) {
                row.data = new EnterpriseData(code, name, null, null, null, null, null, null, null, null, null, false,
                        null, null, null, null, null, null, null, null, null, null, null, null);
            }
            return row;
        }
        EnterpriseData data = new EnterpriseData(code, name, cityCode, outside, district, size, aboveScale, mainProducts,
                certs, titles, tier, leader, revenue, rnd, employees, patents, capValue, capUnit, tech, contact, phone,
                founded, explicit, extras);
        row.data = data;
        row.nodes = nodes;
        row.hash = data.contentHash(nodes);
        row.nameKey = EnterpriseNames.key(name);
        return row;
    }

    /** The model's classification of a product text, kept for the next row that gives the same text. */
    private List<NodeMatch> classify(String mainProducts) {
        if (mainProducts == null) {
            return model.classify(null);
        }
        List<NodeMatch> nodes = classified.get(mainProducts);
        if (nodes == null) {
            nodes = List.copyOf(model.classify(mainProducts));
            if (classified.size() < MAX_CLASSIFIED) {
                classified.put(mainProducts, nodes);
            }
        }
        return nodes;
    }

    /** Per-row access to cells by field, collecting errors. */
    private final class Ctx {
        final String sheet;
        final int rowNo;
        final String[] cells;
        final byte[] kinds;
        final HeaderLayout layout = RegistryRowParser.this.layout;
        List<RowError> errors;

        Ctx(String sheet, int rowNo, String[] cells, byte[] kinds) {
            this.sheet = sheet;
            this.rowNo = rowNo;
            this.cells = cells;
            this.kinds = kinds;
        }

        byte kind(RegistryColumn col) {
            Integer i = layout.index.get(col);
            return i == null || kinds == null || i >= kinds.length ? CellKind.TEXT : kinds[i];
        }

        /** An amount of money in the header's unit (元, 千元, 万元, 亿元; 万元 when none), kept in 万元. */
        BigDecimal money(RegistryColumn col) {
            return field(col, () -> {
                BigDecimal v = EnterpriseFields.number(raw(col), col, "万元");
                if (v == null) {
                    return null;
                }
                String unit = layout.unit(col);
                BigDecimal factor = EnterpriseFields.moneyFactor(unit);
                if (factor == null) {
                    throw new EnterpriseFields.Invalid("UNKNOWN_UNIT", "「" + layout.header(col) + "」的单位「" + unit
                            + "」无法换算为万元：请把这一列换算成万元（或元、千元、亿元）并在表头写明单位后再上传");
                }
                return EnterpriseFields.money(v.multiply(factor), col);
            });
        }

        /**
         * Columns the template does not know, kept as the file has them ({header: value}); bounded, so that one
         * long note cannot break the row at commit: each value at most {@value EnterpriseFields#MAX_EXTRA} characters.
         */
        String extras() {
            Map<String, String> extra = null;
            int total = 0;
            for (int i = 0; i < cells.length; i++) {
                if (cells[i] != null && layout.isExtra(i)) {
                    String v = Text.clean(cells[i]);
                    if (v == null) {
                        continue;
                    }
                    if (v.length() > EnterpriseFields.MAX_EXTRA) {
                        errors(layout.header(i), "TOO_LONG", "「" + layout.header(i) + "」不是名录模板的列，其内容超过 "
                                + EnterpriseFields.MAX_EXTRA + " 个字（现为 " + v.length() + " 个字），名录只保存模板外的简短补充信息；请精简或删除这一列后再上传");
                        continue;
                    }
                    total += v.length() + layout.headers[i].length();
                    if (total > EnterpriseFields.MAX_EXTRAS) {
                        errors(layout.header(i), "TOO_LONG", "模板外的列合计超过 " + EnterpriseFields.MAX_EXTRAS
                                + " 个字，请删除不需要的列后再上传");
                        break;
                    }
                    if (extra == null) {
                        extra = new TreeMap<>();
                    }
                    extra.put(layout.headers[i], v);
                }
            }
            return extra == null ? null : Json.object(extra);
        }

        void errors(String column, String code, String message) {
            if (errors == null) {
                errors = new ArrayList<>(2);
            }
            errors.add(new RowError(sheet, rowNo, column, code, message));
        }

        String raw(RegistryColumn col) {
            Integer i = layout.index.get(col);
            return i == null || i >= cells.length ? null : cells[i];
        }

        /** Free text kept as written but trimmed; {@code fold} also folds full-width forms (districts, names of people). */
        String text(RegistryColumn col, boolean required, boolean fold) {
            return field(col, () -> EnterpriseFields.text(raw(col), col, required, fold));
        }

        /** A field read by the registry's own rules; a refusal becomes this row's error in that column. */
        <T> T field(RegistryColumn col, java.util.function.Supplier<T> rule) {
            try {
                return rule.get();
            } catch (EnterpriseFields.Invalid e) {
                error(col, e.code(), e.getMessage());
                return null;
            }
        }

        void error(RegistryColumn col, String code, String message) {
            if (errors == null) {
                errors = new ArrayList<>(2);
            }
            errors.add(new RowError(sheet, rowNo, layout.header(col), code, message));
        }
    }
}
