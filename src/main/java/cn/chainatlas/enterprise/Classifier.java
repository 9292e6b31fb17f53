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

        Model(String signature, Map<String, String> keywordNode, Map<String, Boolean> keywordIsName, Map<String, String> nodeNames) {
            this.signature = signature;
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

        public List<NodeMatch> classify(String text) {
            if (trie == null || text == null) {
                return List.of();
            }
            String key = Text.key(text);
            Collection<Emit> emits = trie.parseText(key);
            if (emits.isEmpty()) {
                return List.of();
            }
            Map<String, double[]> best = new LinkedHashMap<>();
            Map<String, String> matched = new HashMap<>();
            for (Emit e : emits) {
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
        for (var r : dsl.select(CHAIN_NODE.CODE, CHAIN_NODE.NAME).from(CHAIN_NODE).orderBy(CHAIN_NODE.CODE).fetch()) {
            names.put(r.value1(), r.value2());
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
        return new Model(signature, keywordNode, isName, names);
    }
}
