package cn.chainatlas.demand;

import cn.chainatlas.chain.ChainGraph;
import cn.chainatlas.chain.ChainGraphCache;
import cn.chainatlas.chain.SpecParser;
import cn.chainatlas.common.CreditCode;
import cn.chainatlas.common.Text;
import cn.chainatlas.enterprise.Classifier;
import cn.chainatlas.enterprise.LeaderService;
import cn.chainatlas.geo.Cities;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demand's field rules, one copy for every way a demand arrives (the JSON API, the 我的需求 form, and the
 * demand spreadsheet upload): {@link #normalise} checks every field of a {@link DemandInput} at once and returns
 * either the normalised {@link DemandData} or each field's problem with a code and a Chinese message naming the
 * field by its form label. Nothing here writes; who may write for which leader is {@link DemandService}'s check.
 *
 * <p>Field keys of the problems are the JSON property names ({@code leaderCreditCode}, {@code nodeCode},
 * {@code quantity}, {@code unit}, {@code valueWan}, {@code spec}, {@code specFields.<key>}, {@code requiredCertifications},
 * {@code preferredRegions}, {@code excludedRegions}, {@code sources}, {@code neededBy}, {@code note}, {@code status}).
 */
@Singleton
public final class DemandFields {

    /** Labels of the fields as the form and the template name them. */
    public static final Map<String, String> LABELS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("leaderCreditCode", "链主企业统一社会信用代码");
        m.put("nodeCode", "所需产品（产业链节点）");
        m.put("quantity", "年需求量");
        m.put("unit", "单位");
        m.put("valueWan", "年采购额（万元）");
        m.put("spec", "规格与技术要求");
        m.put("specFields", "结构化规格");
        m.put("requiredCertifications", "必备资质认证");
        m.put("preferredRegions", "优先地区");
        m.put("excludedRegions", "排除地区");
        m.put("sources", "当前采购来源（%）");
        m.put("neededBy", "需求日期");
        m.put("note", "备注");
        m.put("status", "状态");
        LABELS = java.util.Collections.unmodifiableMap(m);
    }

    /** Labels of the sourcing split. */
    public static final Map<String, String> SOURCE_LABELS = Map.of("local", "本市", "guangdong", "省内其他地市",
            "otherProvince", "外省", "import", "进口");

    /** The region code a demand writes for 省外 (outside Guangdong). */
    public static final String OUTSIDE = "OUTSIDE";

    private static final BigDecimal MAX_QUANTITY = new BigDecimal("9999999999999999");
    private static final BigDecimal MAX_MONEY = new BigDecimal("99999999999999");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Pattern DATE = Pattern.compile("^(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?$");
    private static final Pattern EIGHT_DIGITS = Pattern.compile("\\d{8}");

    /** One field's problem: the key (see the class comment), a stable code and the Chinese message. */
    public record Problem(String field, String code, String message) {
    }

    /**
     * A demand in the form the table keeps.
     *
     * @param specFields key → the value's normalised written form (SpecParser's {@code shown})
     * @param regions    preferred and excluded: 6-digit city codes or {@link #OUTSIDE}
     * @param sources    percent by {@link DemandInput#SOURCE_KEYS}, two decimals, summing to 100
     * @param status     null when the input left it blank (new demands open; edits keep theirs)
     */
    public record DemandData(String leaderCreditCode, String nodeCode, @Nullable BigDecimal quantity, @Nullable String unit,
                             @Nullable BigDecimal valueWan, @Nullable String spec, Map<String, String> specFields,
                             List<String> requiredCertifications, List<String> preferredRegions,
                             List<String> excludedRegions, Map<String, BigDecimal> sources, @Nullable LocalDate neededBy,
                             @Nullable String note, @Nullable DemandStatus status) {
    }

    /** Either the normalised demand, or every problem found (then {@code data} is null). */
    public record Result(@Nullable DemandData data, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final Cities cities;
    private final Classifier classifier;
    private final LeaderService leaders;
    private final ChainGraphCache graphs;

    DemandFields(Cities cities, Classifier classifier, LeaderService leaders, ChainGraphCache graphs) {
        this.cities = cities;
        this.classifier = classifier;
        this.leaders = leaders;
        this.graphs = graphs;
    }

    /** Checks every field of the input and returns the normalised demand, or each field's problem. */
    public Result normalise(DemandInput in) {
        List<Problem> problems = new ArrayList<>();
        String leader = leader(in.leaderCreditCode(), problems);
        String node = node(in.nodeCode(), problems);
        if (leader != null && node != null) {
            inLeadersChains(leader, node, problems);
        }
        BigDecimal quantity = decimal(in.quantity(), "quantity", MAX_QUANTITY, problems);
        if (quantity != null && quantity.signum() == 0) {
            // kept to two decimals: a positive value below 0.005 would be stored as 0, so it is named as such
            boolean tiny = !Text.fold(in.quantity()).replaceAll("[^0-9]", "").replace("0", "").isEmpty();
            problems.add(new Problem("quantity", "NOT_POSITIVE", tiny
                    ? "「年需求量」按两位小数计为 0（现为「" + Text.clean(in.quantity()) + "」），应至少为 0.01"
                    : "「年需求量」应大于 0"));
        }
        String unit = text(in.unit(), "unit", 20, problems);
        if (quantity != null && unit == null && Text.clean(in.unit()) == null) {
            problems.add(new Problem("unit", "REQUIRED", "填写了「年需求量」，请同时填写单位（如 套、台、件、千米）"));
        }
        BigDecimal value = decimal(in.valueWan(), "valueWan", MAX_MONEY, problems);
        if (Text.clean(in.quantity()) == null && Text.clean(in.valueWan()) == null) {
            problems.add(new Problem("quantity", "REQUIRED", "「年需求量」和「年采购额（万元）」至少填写一项"));
        }
        String spec = text(in.spec(), "spec", 500, problems);
        Map<String, String> specFields = specFields(node, in.specFields(), problems);
        List<String> certs = certifications(in.requiredCertifications(), problems);
        List<String> preferred = regions(in.preferredRegions(), "preferredRegions", problems);
        List<String> excluded = regions(in.excludedRegions(), "excludedRegions", problems);
        List<String> both = preferred.stream().filter(excluded::contains).toList();
        if (!both.isEmpty()) {
            problems.add(new Problem("excludedRegions", "CONFLICT", "「" + String.join("、", both.stream().map(this::regionName).toList())
                    + "」不能既是优先地区又是排除地区"));
        }
        Map<String, BigDecimal> sources = sources(in.sources(), problems);
        LocalDate neededBy = date(in.neededBy(), problems);
        String note = text(in.note(), "note", 1000, problems);
        DemandStatus status = null;
        if (Text.clean(in.status()) != null) {
            status = DemandStatus.settable(in.status());
            if (status == null) {
                problems.add(new Problem("status", "BAD_VALUE", "「状态」应为 开放、已满足、已关闭 之一（已过期由需求日期自动显示），收到「"
                        + Text.clean(in.status()) + "」"));
            }
        }
        if (!problems.isEmpty()) {
            return new Result(null, List.copyOf(problems));
        }
        return new Result(new DemandData(leader, node, quantity, unit, value, spec, specFields, certs, preferred, excluded,
                sources, neededBy, note, status), List.of());
    }

    /** A region code or OUTSIDE as a person reads it: 东莞, 省外. */
    public String regionName(String code) {
        return OUTSIDE.equals(code) ? Cities.OUTSIDE : cities.name(code);
    }

    // ------------------------------------------------------------------------------------------ fields

    private String leader(String raw, List<Problem> problems) {
        String code = CreditCode.normalise(Text.clean(raw));
        if (code == null || code.isEmpty()) {
            problems.add(new Problem("leaderCreditCode", "REQUIRED", "请填写链主企业的统一社会信用代码"));
            return null;
        }
        if (CreditCode.check(code) != CreditCode.Problem.NONE) {
            problems.add(new Problem("leaderCreditCode", "BAD_CREDIT_CODE", "统一社会信用代码「" + code
                    + "」无效：应为 18 位且末位校验码符合 GB 32100-2015"));
            return null;
        }
        if (!leaders.isLeader(code)) {
            problems.add(new Problem("leaderCreditCode", "NOT_A_LEADER", leaders.name(code)
                    .map(n -> "「" + n + "」（" + code + "）不是链主企业：只有链主企业登记配套需求")
                    .orElse("企业名录中没有统一社会信用代码为 " + code + " 的企业")));
            return null;
        }
        return code;
    }

    private String node(String raw, List<Problem> problems) {
        String v = Text.clean(raw);
        if (v == null) {
            problems.add(new Problem("nodeCode", "REQUIRED", "请选择所需产品（产业链节点）"));
            return null;
        }
        String code = classifier.model().resolve(v);
        if (code == null) {
            problems.add(new Problem("nodeCode", "UNKNOWN_NODE", "产业链节点「" + v + "」不存在：请填写节点代码（如 BEARING）或名称（如 轴承）"));
        }
        return code;
    }

    /**
     * A leader states needs of the chains it leads: a node outside all of them is another chain's (often a
     * same-named part picked from the wrong chain). A leader whose chains nobody has named yet (链主 by title only)
     * is not held to this.
     */
    private void inLeadersChains(String leader, String node, List<Problem> problems) {
        LeaderService.Leader l = leaders.find(leader).orElse(null);
        if (l == null || l.chainCodes().isEmpty()) {
            return;
        }
        ChainGraph graph = graphs.get();
        for (String chain : l.chainCodes()) {
            ChainGraph.ChainView view = graph.view(chain);
            if (view != null && view.contains(node)) {
                return;
            }
        }
        problems.add(new Problem("nodeCode", "NODE_NOT_IN_CHAINS", "产业链节点「" + classifier.model().nodeName(node)
                + "」不在「" + l.name() + "」所属的产业链（" + String.join("、", l.chains().stream()
                .map(LeaderService.LeaderChain::name).toList()) + "）中：链主企业只登记本链的配套需求"));
    }

    private static BigDecimal decimal(String raw, String field, BigDecimal max, List<Problem> problems) {
        String s = Text.fold(raw);
        if (s == null) {
            return null;
        }
        s = s.replace(",", "").replace(" ", "");
        if (field.equals("valueWan") && s.endsWith("万元")) {
            s = s.substring(0, s.length() - 2);
        }
        BigDecimal v;
        try {
            v = new BigDecimal(s);
        } catch (NumberFormatException e) {
            problems.add(new Problem(field, "NOT_A_NUMBER", "「" + LABELS.get(field) + "」的值「" + Text.clean(raw) + "」不是数字"));
            return null;
        }
        if (v.signum() < 0) {
            problems.add(new Problem(field, "NEGATIVE", "「" + LABELS.get(field) + "」不能为负数，现为「" + v.toPlainString() + "」"));
            return null;
        }
        if (v.compareTo(max) > 0) {
            problems.add(new Problem(field, "TOO_LARGE", "「" + LABELS.get(field) + "」数值过大"));
            return null;
        }
        return v.setScale(2, RoundingMode.HALF_UP);
    }

    private static String text(String raw, String field, int max, List<Problem> problems) {
        String v = Text.clean(raw);
        if (v != null && Text.chars(v) > max) {
            problems.add(new Problem(field, "TOO_LONG", "「" + LABELS.get(field) + "」超过 " + max + " 个字（现为 " + Text.chars(v) + " 个字）"));
            return null;
        }
        return v;
    }

    private Map<String, String> specFields(String node, Map<String, String> raw, List<Problem> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        List<SpecParser.Field> allowed = node == null ? List.of() : SpecParser.fields(node);
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String written = Text.clean(e.getValue());
            if (written == null) {
                continue;
            }
            String key = "specFields." + e.getKey();
            SpecParser.Field field = SpecParser.field(e.getKey()).orElse(null);
            if (field == null || node != null && !allowed.contains(field)) {
                if (node == null) {
                    continue;
                }
                String nodeName = classifier.model().nodeName(node);
                problems.add(new Problem(key, "UNKNOWN_SPEC_FIELD", allowed.isEmpty()
                        ? "「" + nodeName + "」没有结构化规格字段（收到「" + e.getKey() + "」），请把要求写在「规格与技术要求」里"
                        : "「" + nodeName + "」的结构化规格只有 " + String.join("、", allowed.stream()
                        .map(f -> f.label() + "（" + f.key() + "）").toList()) + "，没有「" + e.getKey() + "」"));
                continue;
            }
            SpecParser.Value value = SpecParser.value(field, written).orElse(null);
            if (value == null) {
                problems.add(new Problem(key, "BAD_SPEC", field.label() + "「" + written + "」无法识别，请写成 " + field.example()));
                continue;
            }
            out.put(field.key(), value.shown());
        }
        return out;
    }

    private static List<String> certifications(List<String> raw, List<Problem> problems) {
        Set<String> out = new LinkedHashSet<>();
        for (String item : raw == null ? List.<String>of() : raw) {
            if (item == null) {
                continue;
            }
            for (String token : item.split("[、，,;；/\\r\\n]+")) {
                String t = Text.fold(token);
                if (t != null) {
                    out.add(t);
                }
            }
        }
        String joined = String.join("、", out);
        if (Text.chars(joined) > 500) {
            problems.add(new Problem("requiredCertifications", "TOO_LONG", "「必备资质认证」超过 500 个字"));
        }
        return List.copyOf(out);
    }

    private List<String> regions(List<String> raw, String field, List<Problem> problems) {
        Set<String> out = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String item : raw == null ? List.<String>of() : raw) {
            if (item == null) {
                continue;
            }
            for (String token : item.split("[、，,;；/\\s]+")) {
                String t = Text.clean(token);
                if (t == null) {
                    continue;
                }
                if (Text.key(t).equals(Cities.OUTSIDE) || t.equalsIgnoreCase(OUTSIDE)) {
                    out.add(OUTSIDE);
                    continue;
                }
                String code = cities.parse(t).cityCode();
                if (code == null) {
                    unknown.add(t);
                } else {
                    out.add(code);
                }
            }
        }
        if (!unknown.isEmpty()) {
            problems.add(new Problem(field, "UNKNOWN_REGION", "「" + LABELS.get(field) + "」中的「" + String.join("、", unknown)
                    + "」不是广东省的地市（可写地市名称或代码，或“省外”）"));
        }
        return List.copyOf(out);
    }

    private static Map<String, BigDecimal> sources(Map<String, String> raw, List<Problem> problems) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        DemandInput.SOURCE_KEYS.forEach(k -> out.put(k, BigDecimal.ZERO.setScale(2)));
        if (raw == null || raw.values().stream().allMatch(v -> Text.clean(v) == null)) {
            problems.add(new Problem("sources", "REQUIRED", "请填写当前采购来源比例（本市、省内其他地市、外省、进口，合计 100%）"));
            return out;
        }
        List<String> unknown = raw.keySet().stream().filter(k -> !DemandInput.SOURCE_KEYS.contains(k)).toList();
        if (!unknown.isEmpty()) {
            problems.add(new Problem("sources", "UNKNOWN_SOURCE", "采购来源只有 local（本市）、guangdong（省内其他地市）、"
                    + "otherProvince（外省）、import（进口），没有「" + String.join("、", unknown) + "」"));
            return out;
        }
        BigDecimal sum = BigDecimal.ZERO;
        boolean bad = false;
        for (String k : DemandInput.SOURCE_KEYS) {
            String v = Text.fold(raw.get(k));
            if (v == null) {
                continue;
            }
            v = v.replace("%", "").replace(" ", "");
            try {
                BigDecimal p = new BigDecimal(v).setScale(2, RoundingMode.HALF_UP);
                if (p.signum() < 0 || p.compareTo(HUNDRED) > 0) {
                    problems.add(new Problem("sources", "OUT_OF_RANGE", "采购来源「" + SOURCE_LABELS.get(k) + "」应在 0–100% 之间，现为 " + v + "%"));
                    bad = true;
                    continue;
                }
                out.put(k, p);
                sum = sum.add(p);
            } catch (NumberFormatException e) {
                problems.add(new Problem("sources", "NOT_A_NUMBER", "采购来源「" + SOURCE_LABELS.get(k) + "」的值「" + Text.clean(raw.get(k)) + "」不是数字"));
                bad = true;
            }
        }
        if (!bad && sum.subtract(HUNDRED).abs().compareTo(new BigDecimal("0.05")) > 0) {
            problems.add(new Problem("sources", "SUM_NOT_100", "当前采购来源比例之和应为 100%，现为 " + sum.stripTrailingZeros().toPlainString() + "%"));
        }
        return out;
    }

    /** The years a 需求日期 may fall in (earlier or later is taken for a placeholder or a typing slip). */
    static final int FIRST_YEAR = 2000;
    static final int LAST_YEAR = 2100;

    private static LocalDate date(String raw, List<Problem> problems) {
        String s = Text.fold(raw);
        if (s == null) {
            return null;
        }
        int space = s.indexOf(' ');
        if (space > 0) {
            s = s.substring(0, space);
        }
        LocalDate d = null;
        try {
            if (EIGHT_DIGITS.matcher(s).matches()) {
                d = LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)), Integer.parseInt(s.substring(6)));
            }
            Matcher m = DATE.matcher(s);
            if (d == null && m.matches()) {
                d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
        } catch (DateTimeException | NumberFormatException e) {
            // refused below
        }
        if (d != null) {
            if (d.getYear() >= FIRST_YEAR && d.getYear() <= LAST_YEAR) {
                return d;
            }
            // 0001-01-01 or 9999-12-31 is a placeholder or a slip, not a date a supply is needed by
            problems.add(new Problem("neededBy", "IMPLAUSIBLE_DATE", "需求日期「" + Text.clean(raw) + "」不合常理，应在 "
                    + FIRST_YEAR + " 年到 " + LAST_YEAR + " 年之间"));
            return null;
        }
        problems.add(new Problem("neededBy", "BAD_DATE", "需求日期「" + Text.clean(raw) + "」无法识别，请写成 2027-06-30 这样的日期"));
        return null;
    }

    static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}
