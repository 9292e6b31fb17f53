package cn.chainatlas.imports;

import cn.chainatlas.geo.Cities;
import cn.chainatlas.enterprise.Classifier;
import cn.chainatlas.enterprise.EnterpriseData;
import cn.chainatlas.enterprise.EnterpriseNames;
import cn.chainatlas.enterprise.NodeMatch;
import cn.chainatlas.common.CreditCode;
import cn.chainatlas.excel.RegistryColumn;
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
final class RowParser {

    static final List<String> TIERS = cn.chainatlas.enterprise.Titles.TIERS;
    static final String LEADER_TITLE = cn.chainatlas.enterprise.Titles.LEADER;
    private static final Pattern SPLIT = Pattern.compile("[、，,;；/\\r\\n]+");
    private static final Pattern CAPACITY = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)\\s*(万|亿)?\\s*(.*)$");
    private static final Pattern DATE = Pattern.compile("^(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?$");
    private static final Pattern EIGHT_DIGITS = Pattern.compile("\\d{8}");
    private static final Pattern SERIAL = Pattern.compile("\\d{1,6}(\\.\\d+)?");
    private static final BigDecimal MAX_MONEY = new BigDecimal("99999999999999");
    private static final BigDecimal MAX_CAPACITY = new BigDecimal("9999999999999999");

    private final HeaderLayout layout;
    private final Cities cities;
    private final Classifier.Model model;
    /** rows without a city take this one; rows of another city are refused (null: any city) */
    private final String scopeCity;
    private final boolean scopeFromActor;

    RowParser(HeaderLayout layout, Cities cities, Classifier.Model model, String scopeCity, boolean scopeFromActor) {
        this.layout = layout;
        this.cities = cities;
        this.model = model;
        this.scopeCity = scopeCity;
        this.scopeFromActor = scopeFromActor;
    }

    ParsedRow parse(String sheet, int rowNo, String[] cells) {
        ParsedRow row = new ParsedRow(sheet, rowNo);
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
        String size = size(c);
        Boolean aboveScale = bool(c);
        String certs = join(c, RegistryColumn.CERTIFICATIONS, false);
        String titles = join(c, RegistryColumn.TITLES, true);
        String tier = null;
        boolean leader = false;
        if (titles != null) {
            List<String> list = List.of(titles.split(EnterpriseData.SEPARATOR));
            for (String t : TIERS) {
                if (list.contains(t)) {
                    tier = t;
                    break;
                }
            }
            leader = list.contains(LEADER_TITLE);
        }
        BigDecimal revenue = money(c, RegistryColumn.REVENUE);
        BigDecimal rnd = money(c, RegistryColumn.RND_SPENDING);
        Integer employees = integer(c, RegistryColumn.EMPLOYEES);
        Integer patents = integer(c, RegistryColumn.PATENTS);
        BigDecimal capValue = null;
        String capUnit = null;
        String cap = Text.fold(c.raw(RegistryColumn.CAPACITY));
        if (cap != null) {
            Matcher m = CAPACITY.matcher(cap.replace(",", ""));
            if (!m.matches()) {
                c.error(RegistryColumn.CAPACITY, "NOT_A_NUMBER", "年产能「" + cap + "」应为数量加单位，如“20000套”");
            } else {
                capValue = new BigDecimal(m.group(1));
                if ("万".equals(m.group(2))) {
                    capValue = capValue.multiply(BigDecimal.valueOf(10_000));
                } else if ("亿".equals(m.group(2))) {
                    capValue = capValue.multiply(BigDecimal.valueOf(100_000_000));
                }
                capValue = capValue.setScale(2, RoundingMode.HALF_UP);
                capUnit = Text.clean(m.group(3));
                if (capValue.compareTo(MAX_CAPACITY) > 0) {
                    c.error(RegistryColumn.CAPACITY, "NOT_A_NUMBER", "年产能「" + cap + "」数值过大");
                } else if (capUnit != null && capUnit.length() > 20) {
                    c.error(RegistryColumn.CAPACITY, "TOO_LONG", "年产能的单位「" + capUnit + "」超过 20 个字");
                }
            }
        }
        String tech = c.text(RegistryColumn.TECH_PARAMS, false, false);
        String contact = c.text(RegistryColumn.CONTACT_NAME, false, true);
        String phone = c.text(RegistryColumn.CONTACT_PHONE, false, true);
        LocalDate founded = date(c);

        List<NodeMatch> nodes;
        String explicit = null;
        String nodesRaw = c.raw(RegistryColumn.NODES);
        if (Text.clean(nodesRaw) != null) {
            Set<String> codes = new LinkedHashSet<>();
            List<NodeMatch> list = new ArrayList<>();
            for (String token : SPLIT.split(nodesRaw)) {
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

    private String size(Ctx c) {
        String s = Text.key(c.raw(RegistryColumn.SIZE));
        if (s.isEmpty()) {
            return null;
        }
        String v = s.replace("企业", "").replace("型", "");
        if (v.equals("大") || v.equals("中") || v.equals("小") || v.equals("微")) {
            return v;
        }
        c.error(RegistryColumn.SIZE, "BAD_VALUE", "企业规模「" + Text.clean(c.raw(RegistryColumn.SIZE)) + "」应为 大、中、小、微 之一");
        return null;
    }

    private Boolean bool(Ctx c) {
        String s = Text.key(c.raw(RegistryColumn.ABOVE_SCALE));
        if (s.isEmpty()) {
            return null;
        }
        switch (s) {
            case "是", "y", "yes", "true", "1", "√", "规上", "是规上" -> {
                return true;
            }
            case "否", "n", "no", "false", "0", "×", "规下", "非规上" -> {
                return false;
            }
            default -> {
                c.error(RegistryColumn.ABOVE_SCALE, "BAD_VALUE", "是否规上「" + Text.clean(c.raw(RegistryColumn.ABOVE_SCALE)) + "」应为 是 或 否");
                return null;
            }
        }
    }

    private static String join(Ctx c, RegistryColumn col, boolean titles) {
        String raw = c.raw(col);
        if (Text.clean(raw) == null) {
            return null;
        }
        Set<String> values = new LinkedHashSet<>();
        for (String token : SPLIT.split(raw)) {
            String t = Text.fold(token);
            if (t == null) {
                continue;
            }
            values.add(titles ? title(t) : t);
        }
        if (values.isEmpty()) {
            return null;
        }
        String joined = String.join(EnterpriseData.SEPARATOR, values);
        if (joined.length() > col.maxLength()) {
            c.error(col, "TOO_LONG", "「" + col.header() + "」超过 " + col.maxLength() + " 个字（现为 " + joined.length() + " 个字）");
            return null;
        }
        return joined;
    }

    static String title(String t) {
        return cn.chainatlas.enterprise.Titles.canonical(t);
    }

    private static BigDecimal money(Ctx c, RegistryColumn col) {
        BigDecimal d = number(c, col, "万元");
        if (d == null) {
            return null;
        }
        if (d.compareTo(MAX_MONEY) > 0) {
            c.error(col, "NOT_A_NUMBER", "「" + col.header() + "」数值过大");
            return null;
        }
        return d.setScale(2, RoundingMode.HALF_UP);
    }

    private static Integer integer(Ctx c, RegistryColumn col) {
        BigDecimal d = number(c, col, col == RegistryColumn.EMPLOYEES ? "人" : "件");
        if (d == null) {
            return null;
        }
        if (d.stripTrailingZeros().scale() > 0) {
            c.error(col, "NOT_AN_INTEGER", "「" + col.header() + "」应为整数，现为「" + d.toPlainString() + "」");
            return null;
        }
        if (d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            c.error(col, "NOT_A_NUMBER", "「" + col.header() + "」数值过大");
            return null;
        }
        return d.intValue();
    }

    private static BigDecimal number(Ctx c, RegistryColumn col, String unit) {
        String raw = c.raw(col);
        String s = Text.fold(raw);
        if (s == null) {
            return null;
        }
        s = s.replace(",", "").replace(" ", "");
        if (s.endsWith(unit)) {
            s = s.substring(0, s.length() - unit.length());
        }
        try {
            BigDecimal d = new BigDecimal(s);
            if (d.signum() < 0) {
                c.error(col, "NEGATIVE", "「" + c.layout.header(col) + "」不能为负数，现为「" + Text.clean(raw) + "」");
                return null;
            }
            return d;
        } catch (NumberFormatException e) {
            c.error(col, "NOT_A_NUMBER", "「" + c.layout.header(col) + "」的值「" + Text.clean(raw) + "」不是数字");
            return null;
        }
    }

    private static LocalDate date(Ctx c) {
        String raw = c.raw(RegistryColumn.FOUNDED_ON);
        String s = Text.fold(raw);
        if (s == null) {
            return null;
        }
        int space = s.indexOf(' ');
        if (space > 0 && s.charAt(0) != ' ') {
            s = s.substring(0, space); // "2015-03-01 00:00:00"
        }
        try {
            if (EIGHT_DIGITS.matcher(s).matches()) {
                return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)), Integer.parseInt(s.substring(6)));
            }
            if (SERIAL.matcher(s).matches()) {
                double serial = Double.parseDouble(s);
                if (serial >= 1 && serial < 110000 && DateUtil.isValidExcelDate(serial)) {
                    return DateUtil.getLocalDateTime(serial).toLocalDate();
                }
            }
            Matcher m = DATE.matcher(s);
            if (m.matches()) {
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
        } catch (DateTimeException | NumberFormatException e) {
            // falls through to the error below
        }
        c.error(RegistryColumn.FOUNDED_ON, "BAD_DATE", "成立日期「" + Text.clean(raw) + "」无法识别，请写成 2015-03-01 这样的日期");
        return null;
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
        final HeaderLayout layout = RowParser.this.layout;
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
            String raw = raw(col);
            String v = fold ? Text.fold(raw) : Text.clean(raw);
            if (v == null) {
                if (required) {
                    error(col, "REQUIRED", "必填项「" + col.header() + "」为空");
                }
                return null;
            }
            if (col.maxLength() > 0 && v.length() > col.maxLength()) {
                error(col, "TOO_LONG", "「" + layout.header(col) + "」超过 " + col.maxLength() + " 个字（现为 " + v.length() + " 个字）");
                return null;
            }
            return v;
        }

        void error(RegistryColumn col, String code, String message) {
            if (errors == null) {
                errors = new ArrayList<>(2);
            }
            errors.add(new RowError(sheet, rowNo, layout.header(col), code, message));
        }
    }
}
