package cn.chainatlas.enterprise;

import cn.chainatlas.common.Text;
import jakarta.inject.Singleton;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.CHAIN_NODE;
import static cn.chainatlas.db.schema.Tables.CHAIN_NODE_ALIAS;

/**
 * Classifies product text to chain nodes with one Aho-Corasick automaton over every node name and alias.
 * Overlapping matches keep the longest ("数控系统" inside "高档数控系统" counts once, for the longer word).
 * The automaton is rebuilt when the alias table changes, checked by a cheap signature at most once a second.
 */
@Singleton
public final class Classifier {

    /** The automaton and the lookups built from one version of the node and alias tables. */
    public static final class Model {
        private final String signature;
        private final Trie trie;
        private final Map<String, String> keywordNode;
        private final Map<String, Boolean> keywordIsName;
        private final Map<String, String> nodeNames;
        private final java.util.Set<String> finalEquipment;

        Model(String signature, Map<String, String> keywordNode, Map<String, Boolean> keywordIsName, Map<String, String> nodeNames,
              java.util.Set<String> finalEquipment) {
            this.signature = signature;
            this.finalEquipment = finalEquipment;
            this.keywordNode = keywordNode;
            this.keywordIsName = keywordIsName;
            this.nodeNames = nodeNames;
            this.trie = keywordNode.isEmpty() ? null : Trie.builder().ignoreOverlaps().addKeywords(keywordNode.keySet()).build();
        }

        public boolean isEmpty() {
            return trie == null;
        }

        public Map<String, String> nodeNames() {
            return nodeNames;
        }

        public String nodeName(String code) {
            return nodeNames.get(code);
        }

        /** The node a cell of the 产业链节点 column means: its code, its name or one of its aliases. */
        public String resolve(String value) {
            if (value == null) {
                return null;
            }
            String trimmed = value.strip();
            if (nodeNames.containsKey(trimmed.toUpperCase())) {
                return trimmed.toUpperCase();
            }
            return keywordNode.get(Text.key(trimmed));
        }

        /** Words right after a matched term that make it the application of the product, not the product. */
        private static final List<String> APPLICATION_MARKERS = List.of("专用", "配套", "零部件", "零件", "部件", "配件",
                "附件", "耗材", "用");
        /** Words that open an application clause: 用于X的Y, 适用于X. */
        private static final List<String> USE_FOR = List.of("应用于", "适用于", "配套于", "服务于", "用于", "面向");
        /**
         * Words after a final equipment that keep it the product (工业机器人本体, 加工中心整机, 激光切割机生产): any other
         * Chinese word right after it is the head of the compound (数控机床防护罩), so the equipment is its application.
         */
        private static final List<String> EQUIPMENT_CONTINUATIONS = List.of("整机", "本体", "设备", "装备", "装置", "系列",
                "产品", "生产", "制造", "研发", "研制", "设计", "销售", "加工", "维修", "维护", "保养", "服务", "集成", "系统",
                "总装", "总成", "成套", "整车", "整星", "建造", "开发", "租赁", "运营", "及", "和", "与", "等", "类", "型", "的研", "的生", "的制", "的销");

        /**
         * The nodes a product text names, best first. Chinese puts the head of a compound last, so a matched term
         * is the product's application rather than the product when it is followed by 用/专用/配套/零部件/配件
         * (工业机器人用交流伺服电机), sits in a 用于…/适用于… clause or a （…用） bracket, is directly followed by
         * another matched term (航空发动机涡轮叶片) or by 的 and one (风电机组的齿轮箱), or — for final equipment — is
         * followed by any other Chinese word (数控机床防护罩). Final equipment stays when the text says it is made
         * (工业机器人本体, 加工中心整机).
         */
        public List<NodeMatch> classify(String text) {
            if (trie == null || text == null) {
                return List.of();
            }
            String key = Text.key(text);
            List<Emit> emits = new ArrayList<>(trie.parseText(key));
            if (emits.isEmpty()) {
                return List.of();
            }
            emits.sort(java.util.Comparator.comparingInt(Emit::getStart));
            List<Emit> kept = new ArrayList<>(emits.size());
            for (int i = 0; i < emits.size(); i++) {
                Emit e = emits.get(i);
                int after = e.getEnd() + 1;
                Emit next = i + 1 < emits.size() ? emits.get(i + 1) : null;
                boolean application = startsWithAny(key, after, APPLICATION_MARKERS)
                        || (next != null && next.getStart() == after)
                        || (next != null && key.startsWith("的", after) && next.getStart() == after + 1)
                        || inUseClause(key, e.getStart())
                        || inUseBracket(key, e.getStart(), after)
                        || (finalEquipment.contains(keywordNode.get(e.getKeyword())) && after < key.length()
                        && ideograph(key.charAt(after)) && !startsWithAny(key, after, EQUIPMENT_CONTINUATIONS));
                if (!application) {
                    kept.add(e);
                }
            }
            if (kept.isEmpty()) {
                return List.of();
            }
            Collection<Emit> emitsKept = kept;
            Map<String, double[]> best = new LinkedHashMap<>();
            Map<String, String> matched = new HashMap<>();
            for (Emit e : emitsKept) {
                String kw = e.getKeyword();
                String node = keywordNode.get(kw);
                double c = confidence(kw, Boolean.TRUE.equals(keywordIsName.get(kw)));
                double[] cur = best.get(node);
                if (cur == null) {
                    best.put(node, new double[]{c, 1});
                    matched.put(node, kw);
                } else {
                    if (c > cur[0]) {
                        cur[0] = c;
                        matched.put(node, kw);
                    }
                    cur[1]++;
                }
            }
            List<NodeMatch> out = new ArrayList<>(best.size());
            for (Map.Entry<String, double[]> en : best.entrySet()) {
                double c = Math.min(0.99, en.getValue()[0] + 0.02 * (en.getValue()[1] - 1));
                c = Math.round(c * 1000) / 1000.0;
                out.add(new NodeMatch(en.getKey(), nodeNames.get(en.getKey()), c, matched.get(en.getKey()), "CLASSIFIED"));
            }
            out.sort((a, b) -> Double.compare(b.confidence(), a.confidence()));
            return out;
        }

        /** A Chinese character (not punctuation such as 、, which ends a word). */
        private static boolean ideograph(char c) {
            return (c >= '\u4E00' && c <= '\u9FFF') || (c >= '\u3400' && c <= '\u4DBF');
        }

        private static boolean startsWithAny(String s, int at, List<String> words) {
            for (String w : words) {
                if (s.startsWith(w, at)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether position {@code at} lies in a 用于…/适用于… clause (up to 的 or a separator). */
        private static boolean inUseClause(String key, int at) {
            for (String w : USE_FOR) {
                int open = key.lastIndexOf(w, at - 1);
                if (open >= 0 && open + w.length() <= at) {
                    boolean closed = false;
                    for (int k = open + w.length(); k < at; k++) {
                        char c = key.charAt(k);
                        if (c == '的' || c == '、' || c == ',' || c == ';' || c == '。' || c == '.' || c == '(' || c == ')') {
                            closed = true;
                            break;
                        }
                    }
                    if (!closed) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Whether [start, end) lies in a bracket that ends in 用: 精密陶瓷结构件（半导体设备用）. */
        private static boolean inUseBracket(String key, int start, int end) {
            int open = key.lastIndexOf('(', start);
            if (open < 0 || key.lastIndexOf(')', start) > open) {
                return false;
            }
            int close = key.indexOf(')', end);
            return close > 0 && key.charAt(close - 1) == '用';
        }

        /**
         * A node's own name is the surest evidence; a longer alias is surer than a short one, which may be part of
         * an unrelated word (two characters such as "轴承" inside "轴承座" still mean the node, "刀具" less so).
         */
        static double confidence(String keyword, boolean isName) {
            double c = isName ? 0.95 : 0.85;
            if (keyword.length() <= 2) {
                c -= 0.2;
            } else if (keyword.length() == 3) {
                c -= 0.05;
            }
            return c;
        }
    }

    private final DSLContext dsl;
    private volatile Model model;
    private volatile long checkedAt;

    Classifier(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The current model; re-reads the tables when their signature changed (checked at most once a second). */
    public Model model() {
        Model m = model;
        long now = System.currentTimeMillis();
        if (m != null && now - checkedAt < 1000) {
            return m;
        }
        String signature = signature();
        checkedAt = now;
        if (m == null || !m.signature.equals(signature)) {
            synchronized (this) {
                if (model == null || !model.signature.equals(signature)) {
                    model = load(signature);
                }
                m = model;
            }
        }
        return m;
    }

    /** Forces the next {@link #model()} to check the tables (after aliases were edited or seeded). */
    public void invalidate() {
        checkedAt = 0;
    }

    public List<NodeMatch> classify(String text) {
        return model().classify(text);
    }

    private String signature() {
        Record r = dsl.select(DSL.count(), DSL.field("coalesce(sum(crc32(concat(node_code, '|', alias))), 0)", Long.class))
                .from(CHAIN_NODE_ALIAS).fetchOne();
        Record n = dsl.select(DSL.count(), DSL.field("coalesce(sum(crc32(concat(code, '|', name))), 0)", Long.class))
                .from(CHAIN_NODE).fetchOne();
        return r.get(0) + "/" + r.get(1) + "/" + n.get(0) + "/" + n.get(1);
    }

    private Model load(String signature) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, String> keywordNode = new HashMap<>();
        Map<String, Boolean> isName = new HashMap<>();
        java.util.Set<String> finalEquipment = new java.util.HashSet<>();
        for (var r : dsl.select(CHAIN_NODE.CODE, CHAIN_NODE.NAME, CHAIN_NODE.LEVEL).from(CHAIN_NODE).orderBy(CHAIN_NODE.CODE).fetch()) {
            names.put(r.value1(), r.value2());
            if ("整机".equals(r.value3())) {
                finalEquipment.add(r.value1());
            }
        }
        // names before aliases, so that a word that is one node's name and another's alias means the named node
        for (Map.Entry<String, String> e : names.entrySet()) {
            String k = Text.key(e.getValue());
            if (!k.isEmpty() && keywordNode.putIfAbsent(k, e.getKey()) == null) {
                isName.put(k, true);
            }
        }
        for (var r : dsl.select(CHAIN_NODE_ALIAS.NODE_CODE, CHAIN_NODE_ALIAS.ALIAS).from(CHAIN_NODE_ALIAS)
                .orderBy(CHAIN_NODE_ALIAS.NODE_CODE, CHAIN_NODE_ALIAS.ALIAS).fetch()) {
            String k = Text.key(r.value2());
            if (!k.isEmpty()) {
                keywordNode.putIfAbsent(k, r.value1());
            }
        }
        return new Model(signature, keywordNode, isName, names, finalEquipment);
    }
}
