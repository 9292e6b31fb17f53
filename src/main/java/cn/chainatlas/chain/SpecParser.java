package cn.chainatlas.chain;

import cn.chainatlas.common.Text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The specs a buyer states and a supplier claims, read the same way on both sides: a demand's structured fields and
 * its spec text, a supplier's 技术参数 and 主营产品. Pure Java: text in, values out; matching and the gap analysis
 * both use it. Which fields a node has depends on its kind (the table below); text the parser does not recognise
 * stays free text and counts as <em>not stated</em>, never as a match.
 *
 * <table>
 *   <caption>Node kinds and their fields</caption>
 *   <tr><th>nodes</th><th>field (key)</th><th>unit and written forms</th><th>order: a supplier meets the demand when</th><th>source</th></tr>
 *   <tr><td>BEARING 轴承</td><td>精度等级 ({@code precisionClass})</td>
 *       <td>class P0 (普通级) &lt; P6 &lt; P5 &lt; P4 &lt; P2, written {@code P4}, {@code P4级}, {@code /P4}, {@code 4级};
 *       ABEC 1/3/5/7/9 = P0/P6/P5/P4/P2</td>
 *       <td>its most precise stated class is at least the demanded one (P4 meets P5; P5 does not meet P4)</td>
 *       <td>GB/T 307.3 (tolerance classes 0, 6, 5, 4, 2), ISO 492; ABEC: ABMA Std 20</td></tr>
 *   <tr><td>ELECTRIC_SPINDLE 电主轴, MECHANICAL_SPINDLE 机械主轴, SPINDLE_SYSTEM 主轴系统</td><td>最高转速 ({@code maxSpeed})</td>
 *       <td>r/min; written {@code r/min}, {@code rpm}, {@code 转/分}, {@code 转/分钟}, with 万 ({@code 2.4万转} = 24,000 r/min)</td>
 *       <td>its highest stated speed ≥ the demanded speed</td>
 *       <td>the maker's catalogue figure (GB/T 40637 names the maximum speed of a motorised spindle)</td></tr>
 *   <tr><td>GRATING_SCALE 光栅尺</td><td>分辨率 ({@code linearResolution})</td>
 *       <td>µm; written µm, μm, um, 微米, nm, 纳米, mm, 毫米 (converted to µm). In free text only after a word that
 *       says resolution (分辨率, 分辨力, resolution, 最小读数): a length in mm is not a resolution</td>
 *       <td>its finest stated resolution ≤ the demanded one</td>
 *       <td>the maker's catalogue (JB/T 10080 光栅线位移测量系统)</td></tr>
 *   <tr><td>ENCODER 编码器</td><td>分辨率 ({@code rotaryResolution})</td>
 *       <td>bits ({@code 23bit}, {@code 23位}, 8–32) or lines per turn ({@code 2500线}, {@code P/R}, {@code PPR}); compared
 *       as counts per turn: 2<sup>bits</sup>, or 4 × lines (quadrature evaluation of an incremental encoder)</td>
 *       <td>its highest stated counts per turn ≥ the demanded ones</td>
 *       <td>the maker's catalogue</td></tr>
 *   <tr><td>SUBSEA_CABLE 海底电缆</td><td>额定电压 ({@code ratedVoltage})</td>
 *       <td>kV; written kV, 千伏; {@code ±320kV} or 直流/DC near it = DC, otherwise AC; a U0/U pair {@code 127/220kV}
 *       is rated at U (the second figure); a figure after 耐压/试验 (a test voltage) is not a rating</td>
 *       <td>the same kind (AC or DC) and its highest stated voltage ≥ the demanded one; a voltage of the other kind
 *       only is <em>not stated</em> for this demand</td>
 *       <td>GB/T 32346 (AC subsea cables, U0/U), GB/T 31489 (DC extruded cables)</td></tr>
 *   <tr><td>every node</td><td>产能 (capacity)</td>
 *       <td>a number with a unit; compared only in the unit the demand uses ({@code 台/年} = {@code 台}; {@code 万件}
 *       = 10,000 件), see {@link #quantityIn}</td>
 *       <td>available capacity ≥ the demanded annual quantity</td><td>the registry's 年产能</td></tr>
 * </table>
 */
public final class SpecParser {

    /** One field of a node kind's spec. */
    public enum Field {
        PRECISION_CLASS("precisionClass", "精度等级", "级", true),
        MAX_SPEED("maxSpeed", "最高转速", "r/min", true),
        LINEAR_RESOLUTION("linearResolution", "分辨率", "µm", false),
        ROTARY_RESOLUTION("rotaryResolution", "分辨率", "计数/转", true),
        RATED_VOLTAGE("ratedVoltage", "额定电压", "kV", true);

        private final String key;
        private final String label;
        private final String unit;
        private final boolean higherIsBetter;

        Field(String key, String label, String unit, boolean higherIsBetter) {
            this.key = key;
            this.label = label;
            this.unit = unit;
            this.higherIsBetter = higherIsBetter;
        }

        /** the key of the demand's {@code specFields} */
        public String key() {
            return key;
        }

        public String label() {
            return label;
        }

        /** the canonical unit of {@link Value#magnitude()} */
        public String unit() {
            return unit;
        }

        public boolean higherIsBetter() {
            return higherIsBetter;
        }

        /** how a person writes the field (the form's hint and the error message) */
        public String example() {
            return switch (this) {
                case PRECISION_CLASS -> "P4、P4级、/P4、4级 或 ABEC 7";
                case MAX_SPEED -> "24000 r/min、24000rpm、2.4万转/分";
                case LINEAR_RESOLUTION -> "0.1µm、100nm 或 0.0001mm";
                case ROTARY_RESOLUTION -> "23bit、23位 或 2500线";
                case RATED_VOLTAGE -> "220kV、127/220kV（交流）或 ±320kV（直流）";
            };
        }
    }

    /**
     * One stated value.
     *
     * @param magnitude in the field's canonical unit: the class rank (P0 = 0, P6 = 1, P5 = 2, P4 = 3, P2 = 4), r/min,
     *                  µm, counts per turn, kV
     * @param kind      AC or DC for a voltage, else null
     * @param shown     the value as a person reads it: P4, 24000 r/min, 0.1 µm, 23 bit, 2500 线, ±320 kV（直流）
     */
    public record Value(Field field, double magnitude, String kind, String shown) {
    }

    /** How a supplier's stated values compare with one demanded value. */
    public enum Verdict { EXCEEDS, MEETS, NOT_MET, NOT_STATED }

    /**
     * @param offered   the supplier's value the verdict rests on (its best of the same kind), null when not stated
     * @param otherKind not stated because the supplier states a voltage of the other kind (AC for DC or back) only
     */
    public record Judgement(Field field, Verdict verdict, Value required, Value offered, boolean otherKind) {

        /** The comparison in Chinese, e.g. 精度等级：需求 P4，企业写明 P5，未达到 (built when asked: rankings need the verdict only). */
        public String text() {
            if (offered == null) {
                return otherKind
                        ? field.label() + "：需求 " + required.shown() + "，企业仅写明" + ("DC".equals(required.kind()) ? "交流" : "直流") + "电压等级"
                        : field.label() + "：需求 " + required.shown() + "，企业未写明";
            }
            String conversion = field == Field.ROTARY_RESOLUTION && !unitOf(offered).equals(unitOf(required))
                    ? "（按每转计数比较：" + num(offered.magnitude()) + " 对 " + num(required.magnitude()) + "）" : "";
            return field.label() + "：需求 " + required.shown() + "，企业写明 " + offered.shown() + conversion + switch (verdict) {
                case MEETS -> "，满足";
                case EXCEEDS -> "，优于需求";
                default -> "，未达到";
            };
        }

        public boolean fails() {
            return verdict == Verdict.NOT_MET;
        }

        public boolean meets() {
            return verdict == Verdict.MEETS || verdict == Verdict.EXCEEDS;
        }
    }

    private static final Map<String, List<Field>> NODE_FIELDS;

    static {
        Map<String, List<Field>> m = new LinkedHashMap<>();
        m.put("BEARING", List.of(Field.PRECISION_CLASS));
        m.put("ELECTRIC_SPINDLE", List.of(Field.MAX_SPEED));
        m.put("MECHANICAL_SPINDLE", List.of(Field.MAX_SPEED));
        m.put("SPINDLE_SYSTEM", List.of(Field.MAX_SPEED));
        m.put("GRATING_SCALE", List.of(Field.LINEAR_RESOLUTION));
        m.put("ENCODER", List.of(Field.ROTARY_RESOLUTION));
        m.put("SUBSEA_CABLE", List.of(Field.RATED_VOLTAGE));
        NODE_FIELDS = java.util.Collections.unmodifiableMap(m);
    }

    private static final String[] CLASS_NAMES = {"P0", "P6", "P5", "P4", "P2"};
    private static final String NUM = "(\\d+(?:\\.\\d+)?)";
    private static final Pattern THOUSANDS = Pattern.compile("(?<=\\d),(?=\\d{3})");
    private static final Pattern ABEC = Pattern.compile("ABEC\\s*-?\\s*([13579])(?![0-9])", Pattern.CASE_INSENSITIVE);
    private static final Pattern P_CLASS = Pattern.compile("(?<![A-Za-z0-9])P\\s*([02456])(?![0-9])", Pattern.CASE_INSENSITIVE);
    private static final Pattern JI_CLASS = Pattern.compile("(?<![A-Za-z0-9.])([02456])\\s*级");
    private static final Pattern NORMAL_CLASS = Pattern.compile("普通级");
    private static final Pattern SPEED = Pattern.compile(NUM + "\\s*(万)?\\s*(r/min|rpm|r\\.p\\.m\\.?|rev/min|min-1|转/分钟|转/分|转每分钟?|转(?![\\u4e00-\\u9fa5]))",
            Pattern.CASE_INSENSITIVE);
    private static final String LENGTH_UNIT = "(µm|μm|um|微米|nm|纳米|mm|毫米)";
    private static final Pattern RESOLUTION_WORD = Pattern.compile("(?:分辨率|分辨力|resolution|最小读数)[^0-9]{0,12}?" + NUM + "\\s*" + LENGTH_UNIT,
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LENGTH = Pattern.compile(NUM + "\\s*" + LENGTH_UNIT, Pattern.CASE_INSENSITIVE);
    private static final Pattern BITS = Pattern.compile("(?<![0-9.])(\\d{1,2})\\s*(?:bits?|位)(?![a-z])", Pattern.CASE_INSENSITIVE);
    private static final Pattern LINES = Pattern.compile("(?<![0-9.])(\\d{2,7})\\s*(?:线|p/r|ppr|脉冲/转)", Pattern.CASE_INSENSITIVE);
    private static final Pattern VOLTAGE = Pattern.compile("(±|\\+/-|\\+-|正负)?\\s*" + NUM + "(?:\\s*/\\s*" + NUM + ")?\\s*(kv|千伏)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DC_WORDS = Pattern.compile("直流|hvdc|dc", Pattern.CASE_INSENSITIVE);
    private static final Pattern CLAUSE_END = Pattern.compile("[，,；;。\\n]");
    private static final Pattern QUANTITY = Pattern.compile("^" + NUM + "\\s*(万|亿)?\\s*(.*)$");

    private SpecParser() {
    }

    /** The fields of the node's kind, in the table's order; empty for a node without structured spec. */
    public static List<Field> fields(String nodeCode) {
        return nodeCode == null ? List.of() : NODE_FIELDS.getOrDefault(nodeCode, List.of());
    }

    /** The nodes that have structured fields. */
    public static Set<String> nodesWithFields() {
        return NODE_FIELDS.keySet();
    }

    /** The field a {@code specFields} key names ({@code precisionClass} …). */
    public static Optional<Field> field(String key) {
        for (Field f : Field.values()) {
            if (f.key.equalsIgnoreCase(key == null ? "" : key.strip())) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * A structured field as a buyer types it: the value alone ({@code P4}, {@code 24000 r/min}, {@code 0.1µm},
     * {@code 23bit}, {@code ±320kV}), optionally after ≥, ≤ or 不低于. Empty when it cannot be read, or when it
     * names two different values (a requirement is one value).
     */
    public static Optional<Value> value(Field field, String written) {
        String text = prepare(written);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        List<Value> found = switch (field) {
            case LINEAR_RESOLUTION -> lengths(text, LENGTH);
            default -> extract(field, text);
        };
        List<Value> distinct = new ArrayList<>();
        for (Value v : found) {
            if (distinct.stream().noneMatch(d -> d.magnitude() == v.magnitude() && java.util.Objects.equals(d.kind(), v.kind()))) {
                distinct.add(v);
            }
        }
        return distinct.size() == 1 ? Optional.of(distinct.get(0)) : Optional.empty();
    }

    /**
     * Every value the texts state for each field of the node's kind (free text: a supplier's 技术参数 and products,
     * a demand's spec). A field that no text states is absent.
     */
    public static Map<Field, List<Value>> stated(String nodeCode, String... texts) {
        Map<Field, List<Value>> out = new LinkedHashMap<>();
        List<Field> fields = fields(nodeCode);
        if (fields.isEmpty()) {
            return out;
        }
        StringBuilder all = new StringBuilder();
        for (String t : texts) {
            String p = prepare(t);
            if (!p.isEmpty()) {
                all.append(p).append('；');
            }
        }
        String text = all.toString();
        if (text.isEmpty()) {
            return out;
        }
        for (Field f : fields) {
            List<Value> values = extract(f, text);
            if (!values.isEmpty()) {
                out.put(f, values);
            }
        }
        return out;
    }

    /**
     * What a demand requires, field by field: its structured fields ({@code specFields}, key → value as written)
     * first; a field they leave out is read from the spec text when the text states it (the least demanding value
     * when it states several, e.g. 「P4 或 P5」 accepts P5). Fields that cannot be read are left out (the demand
     * normaliser refuses them before they are stored).
     */
    public static Map<Field, Value> requirements(String nodeCode, Map<String, String> specFields, String specText) {
        Map<Field, Value> out = new LinkedHashMap<>();
        if (specFields != null) {
            specFields.forEach((k, v) -> field(k).ifPresent(f -> value(f, v).ifPresent(value -> out.put(f, value))));
        }
        stated(nodeCode, specText).forEach((f, values) -> {
            if (!out.containsKey(f)) {
                Value least = values.get(0);
                for (Value v : values) {
                    if (f != Field.RATED_VOLTAGE && better(f, least.magnitude(), v.magnitude())) {
                        least = v;
                    }
                }
                out.put(f, least);
            }
        });
        return out;
    }

    /** A requirement as one line: 精度等级 P4；最高转速 24000 r/min. */
    public static String describe(Map<Field, Value> requirements) {
        List<String> parts = new ArrayList<>();
        requirements.forEach((f, v) -> parts.add(f.label() + " " + v.shown()));
        return String.join("；", parts);
    }

    /** The supplier's stated values of one field against the demanded value. */
    public static Judgement judge(Value required, List<Value> offered) {
        Field f = required.field();
        Value best = null;
        boolean otherKind = false;
        for (Value v : offered == null ? List.<Value>of() : offered) {
            if (v.field() != f) {
                continue;
            }
            if (f == Field.RATED_VOLTAGE && !java.util.Objects.equals(v.kind(), required.kind())) {
                otherKind = true;
                continue;
            }
            if (best == null || better(f, v.magnitude(), best.magnitude())) {
                best = v;
            }
        }
        if (best == null) {
            return new Judgement(f, Verdict.NOT_STATED, required, null, otherKind);
        }
        double a = best.magnitude();
        double b = required.magnitude();
        Verdict verdict = Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b)) ? Verdict.MEETS
                : better(f, a, b) ? Verdict.EXCEEDS : Verdict.NOT_MET;
        return new Judgement(f, verdict, required, best, false);
    }

    /**
     * A quantity in the unit a demand uses: {@code value unit} converted when the units are the same after dropping
     * a trailing /年 (台/年 = 台) and multiplying out a leading 万 or 亿 (万件 = 10,000 件). Null when either is missing
     * or the units differ (then capacity is not comparable, i.e. not stated for this demand).
     */
    public static Double quantityIn(Double value, String unit, String demandUnit) {
        if (value == null || demandUnit == null || demandUnit.isBlank()) {
            return null;
        }
        String[] have = unitAndFactor(unit);
        String[] want = unitAndFactor(demandUnit);
        if (!have[0].equals(want[0])) {
            return null;
        }
        return value * Double.parseDouble(have[1]) / Double.parseDouble(want[1]);
    }

    /** A capacity as written in one cell ({@code 2万套/年}, {@code 20000 台}) in the demand's unit; null when it is not. */
    public static Double quantityIn(String written, String demandUnit) {
        String s = prepare(written).replace(" ", "");
        Matcher m = QUANTITY.matcher(s);
        if (!m.matches()) {
            return null;
        }
        double v = Double.parseDouble(m.group(1));
        if ("万".equals(m.group(2))) {
            v *= 10_000;
        } else if ("亿".equals(m.group(2))) {
            v *= 100_000_000;
        }
        return quantityIn(v, m.group(3), demandUnit);
    }

    /** A unit as compared: trimmed, lower case, without /年 and the like. */
    public static String unitKey(String unit) {
        return unitAndFactor(unit)[0];
    }

    // ------------------------------------------------------------------------------------------ parsing

    private static String prepare(String raw) {
        String s = Text.fold(raw);
        if (s == null) {
            return "";
        }
        s = s.replace('μ', 'µ').replace('～', '~').replace('－', '-');
        return THOUSANDS.matcher(s).replaceAll("");
    }

    private static List<Value> extract(Field field, String text) {
        return switch (field) {
            case PRECISION_CLASS -> classes(text);
            case MAX_SPEED -> speeds(text);
            case LINEAR_RESOLUTION -> lengths(text, RESOLUTION_WORD);
            case ROTARY_RESOLUTION -> rotary(text);
            case RATED_VOLTAGE -> voltages(text);
        };
    }

    private static List<Value> classes(String text) {
        List<Value> out = new ArrayList<>();
        Matcher m = ABEC.matcher(text);
        while (m.find()) {
            int rank = (Integer.parseInt(m.group(1)) - 1) / 2;
            out.add(cls(rank, "ABEC " + m.group(1) + "（" + CLASS_NAMES[rank] + "）"));
        }
        m = P_CLASS.matcher(text);
        while (m.find()) {
            out.add(cls(rankOf(m.group(1)), null));
        }
        m = JI_CLASS.matcher(text);
        while (m.find()) {
            out.add(cls(rankOf(m.group(1)), null));
        }
        if (NORMAL_CLASS.matcher(text).find()) {
            out.add(cls(0, "P0（普通级）"));
        }
        return out;
    }

    private static int rankOf(String digit) {
        return switch (digit) {
            case "0" -> 0;
            case "6" -> 1;
            case "5" -> 2;
            case "4" -> 3;
            default -> 4;
        };
    }

    private static Value cls(int rank, String shown) {
        return new Value(Field.PRECISION_CLASS, rank, null, shown != null ? shown : CLASS_NAMES[rank]);
    }

    private static List<Value> speeds(String text) {
        List<Value> out = new ArrayList<>();
        Matcher m = SPEED.matcher(text);
        while (m.find()) {
            double v = Double.parseDouble(m.group(1)) * (m.group(2) != null ? 10_000 : 1);
            out.add(new Value(Field.MAX_SPEED, v, null, num(v) + " r/min"));
        }
        return out;
    }

    private static List<Value> lengths(String text, Pattern pattern) {
        List<Value> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            String unit = m.group(2).toLowerCase(Locale.ROOT);
            double um = switch (unit) {
                case "nm", "纳米" -> v / 1000;
                case "mm", "毫米" -> v * 1000;
                default -> v;
            };
            out.add(new Value(Field.LINEAR_RESOLUTION, um, null, num(um) + " µm"));
        }
        return out;
    }

    private static List<Value> rotary(String text) {
        List<Value> out = new ArrayList<>();
        Matcher m = BITS.matcher(text);
        while (m.find()) {
            int bits = Integer.parseInt(m.group(1));
            if (bits >= 8 && bits <= 32) {
                out.add(new Value(Field.ROTARY_RESOLUTION, Math.pow(2, bits), null, bits + " bit"));
            }
        }
        m = LINES.matcher(text);
        while (m.find()) {
            int lines = Integer.parseInt(m.group(1));
            out.add(new Value(Field.ROTARY_RESOLUTION, 4.0 * lines, null, lines + " 线"));
        }
        return out;
    }

    private static List<Value> voltages(String text) {
        List<Value> out = new ArrayList<>();
        Matcher m = VOLTAGE.matcher(text);
        while (m.find()) {
            String before = text.substring(Math.max(0, m.start() - 4), m.start());
            if (before.contains("耐压") || before.contains("试验")) {
                continue;
            }
            double kv = Double.parseDouble(m.group(3) != null ? m.group(3) : m.group(2));
            boolean dc = m.group(1) != null || DC_WORDS.matcher(clause(text, m.start(), m.end())).find();
            String shown = (dc && m.group(1) != null ? "±" : "") + (m.group(3) != null ? num(Double.parseDouble(m.group(2))) + "/" : "")
                    + num(kv) + " kV（" + (dc ? "直流" : "交流") + "）";
            out.add(new Value(Field.RATED_VOLTAGE, kv, dc ? "DC" : "AC", shown));
        }
        return out;
    }

    /** the clause (between commas, semicolons, full stops) around a match */
    private static String clause(String text, int start, int end) {
        int from = 0;
        Matcher m = CLAUSE_END.matcher(text);
        int to = text.length();
        while (m.find()) {
            if (m.start() < start) {
                from = m.end();
            } else if (m.start() >= end) {
                to = m.start();
                break;
            }
        }
        return text.substring(from, to);
    }

    private static boolean better(Field f, double a, double b) {
        return f.higherIsBetter() ? a > b : a < b;
    }

    private static String unitOf(Value v) {
        return v.shown().endsWith("bit") ? "bit" : v.shown().endsWith("线") ? "线" : "";
    }

    /** A unit as compared ({@link #unitKey}) and the factor of a leading 万 or 亿, as {key, factor}. */
    public static String[] unitAndFactor(String unit) {
        String u = Text.key(unit);
        for (String suffix : List.of("/年", "每年", "/a", "/yr", "/year")) {
            if (u.endsWith(suffix)) {
                u = u.substring(0, u.length() - suffix.length());
            }
        }
        String factor = "1";
        if (u.startsWith("万") && u.length() > 1) {
            factor = "10000";
            u = u.substring(1);
        } else if (u.startsWith("亿") && u.length() > 1) {
            factor = "100000000";
            u = u.substring(1);
        }
        return new String[]{u, factor};
    }

    static String num(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
