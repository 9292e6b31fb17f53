package cn.chainatlas.enterprise;

import cn.chainatlas.geo.Cities;
import cn.chainatlas.common.CreditCode;
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
 * Turns one row's cells into {@link EnterpriseData}: every cell normalised (full-width forms, spaces, numbers
 * stored as text, Excel date serials, a trailing 市), then validated, each problem with a code and a message.
 */
public final class RegistryRowParser {


    private final HeaderLayout layout;
    private final Cities cities;
    private final Classifier.Model model;
    /** rows without a city take this one; rows of another city are refused (null: any city) */
    private final String scopeCity;
    private final boolean scopeFromActor;

    public RegistryRowParser(HeaderLayout layout, Cities cities, Classifier.Model model, String scopeCity, boolean scopeFromActor) {
        this.layout = layout;
        this.cities = cities;
        this.model = model;
        this.scopeCity = scopeCity;
        this.scopeFromActor = scopeFromActor;
    }

    public ParsedRegistryRow parse(String sheet, int rowNo, String[] cells) {
        ParsedRegistryRow row = new ParsedRegistryRow(sheet, rowNo);
        row.codeHeader = layout.header(RegistryColumn.CREDIT_CODE);
        Ctx c = new Ctx(sheet, rowNo, cells);

        String code = CreditCode.normalise(c.raw(RegistryColumn.CREDIT_CODE));
        if (code == null || code.isEmpty()) {
            c.error(RegistryColumn.CREDIT_CODE, "REQUIRED", "必填项「统一社会信用代码」为空");
            code = null;
        } else {
            CreditCode.Problem p = CreditCode.check(code);
            if (p == CreditCode.Problem.FORMAT) {
                c.error(RegistryColumn.CREDIT_CODE, "CREDIT_CODE_FORMAT", "统一社会信用代码「" + code
                        + "」格式不对：应为 18 位，由数字和大写字母组成（不含 I、O、S、V、Z），第 3-8 位为行政区划代码");
            } else if (p == CreditCode.Problem.CHECK) {
                c.error(RegistryColumn.CREDIT_CODE, "CREDIT_CODE_CHECK", "统一社会信用代码「" + code
                        + "」的校验位（第 18 位）不对，按 GB 32100-2015 应为「" + CreditCode.checkChar(code.substring(0, 17)) + "」，请核对是否抄错");
            }
        }
        String name = c.text(RegistryColumn.NAME, true, false);
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
        BigDecimal revenue = c.field(RegistryColumn.REVENUE, () -> EnterpriseFields.money(
                EnterpriseFields.number(c.raw(RegistryColumn.REVENUE), RegistryColumn.REVENUE, "万元"), RegistryColumn.REVENUE));
        BigDecimal rnd = c.field(RegistryColumn.RND_SPENDING, () -> EnterpriseFields.money(
                EnterpriseFields.number(c.raw(RegistryColumn.RND_SPENDING), RegistryColumn.RND_SPENDING, "万元"), RegistryColumn.RND_SPENDING));
        Integer employees = c.field(RegistryColumn.EMPLOYEES, () -> EnterpriseFields.count(
                EnterpriseFields.number(c.raw(RegistryColumn.EMPLOYEES), RegistryColumn.EMPLOYEES, "人"), RegistryColumn.EMPLOYEES));
        Integer patents = c.field(RegistryColumn.PATENTS, () -> EnterpriseFields.count(
                EnterpriseFields.number(c.raw(RegistryColumn.PATENTS), RegistryColumn.PATENTS, "件"), RegistryColumn.PATENTS));
        EnterpriseFields.Capacity capacity = c.field(RegistryColumn.CAPACITY, () -> EnterpriseFields.capacity(c.raw(RegistryColumn.CAPACITY)));
        BigDecimal capValue = capacity == null ? null : capacity.value();
        String capUnit = capacity == null ? null : capacity.unit();
        String tech = c.text(RegistryColumn.TECH_PARAMS, false, false);
        String contact = c.text(RegistryColumn.CONTACT_NAME, false, true);
        String phone = c.text(RegistryColumn.CONTACT_PHONE, false, true);
        LocalDate founded = c.field(RegistryColumn.FOUNDED_ON, () -> EnterpriseFields.date(c.raw(RegistryColumn.FOUNDED_ON)));

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
            nodes = model.classify(mainProducts);
        }

        String extras = extras(cells);
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

    private String extras(String[] cells) {
        Map<String, String> extra = null;
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] != null && layout.isExtra(i)) {
                String v = Text.clean(cells[i]);
                if (v != null) {
                    if (extra == null) {
                        extra = new TreeMap<>();
                    }
                    extra.put(layout.headers[i], v);
                }
            }
        }
        return extra == null ? null : Json.object(extra);
    }

    /** Per-row access to cells by field, collecting errors. */
    private final class Ctx {
        final String sheet;
        final int rowNo;
        final String[] cells;
        final HeaderLayout layout = RegistryRowParser.this.layout;
        List<RowError> errors;

        Ctx(String sheet, int rowNo, String[] cells) {
            this.sheet = sheet;
            this.rowNo = rowNo;
            this.cells = cells;
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
