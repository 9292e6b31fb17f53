package cn.chainatlas.chain;

import cn.chainatlas.db.SeedFiles.SeedFile;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads all chain seed files together: a part may be named in one file and defined in another, and a prior in
 * one file cites a document listed in another ({@code 00-sources.yaml}), so references, duplicates, cycles and
 * citations can only be judged over the whole set. Every problem found is reported at once.
 */
final class ChainSeedParser {

    static final List<String> LEVELS = List.of("整机", "系统", "部件", "零件", "材料", "软件");
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");
    private static final Pattern CITY_CODE = Pattern.compile("\\d{6}");
    static final String PROVINCE = "province";

    private ChainSeedParser() {
    }

    static ChainSeed parse(List<SeedFile> files) {
        List<String> problems = new ArrayList<>();
        List<ChainSeed.Chain> chains = new ArrayList<>();
        Map<String, ChainSeed.Node> nodes = new LinkedHashMap<>();
        Map<String, ChainSeed.Source> sources = new LinkedHashMap<>();
        Map<String, List<?>> rawPriors = new LinkedHashMap<>();
        MessageDigest digest = sha256();
        int sortOrder = 0;
        for (SeedFile file : files) {
            byte[] bytes;
            try (InputStream in = file.open()) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                problems.add(file.name() + ": 无法读取 (" + e.getMessage() + ")");
                continue;
            }
            digest.update(file.name().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(bytes);
            Object doc;
            try {
                doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(bytes, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                problems.add(file.name() + ": 不是有效的 YAML (" + e.getMessage().replace('\n', ' ') + ")");
                continue;
            }
            if (!(doc instanceof Map<?, ?> top)) {
                problems.add(file.name() + ": 顶层应为含 chain/nodes 的映射");
                continue;
            }
            if (top.get("sources") != null) {
                readSources(file.name(), top.get("sources"), sources, problems);
            }
            Object chain = top.get("chain");
            if (chain != null) {
                if (chain instanceof Map<?, ?> c) {
                    String code = text(c.get("code"));
                    if (code == null || !CODE.matcher(code).matches()) {
                        problems.add(file.name() + ": 产业链代码缺失或不合规范（应为大写字母、数字、下划线）: " + code);
                    } else if (chains.stream().anyMatch(x -> x.code().equals(code))) {
                        ChainSeed.Chain other = chains.stream().filter(x -> x.code().equals(code)).findFirst().orElseThrow();
                        problems.add(file.name() + ": 产业链代码 " + code + " 重复（已在 " + other.file() + " 定义）");
                    } else if (text(c.get("name")) == null) {
                        problems.add(file.name() + ": 产业链 " + code + " 缺少 name");
                    } else {
                        chains.add(new ChainSeed.Chain(file.name(), code, text(c.get("name")), text(c.get("nameEn")),
                                ++sortOrder, strings(c.get("roots"))));
                    }
                } else {
                    problems.add(file.name() + ": chain 应为映射 {code, name, nameEn, roots}");
                }
            }
            Object list = top.get("nodes");
            if (list == null) {
                continue;
            }
            if (!(list instanceof List<?> items)) {
                problems.add(file.name() + ": nodes 应为列表");
                continue;
            }
            int index = 0;
            for (Object item : items) {
                index++;
                if (!(item instanceof Map<?, ?> n)) {
                    problems.add(file.name() + ": 第 " + index + " 个节点不是映射");
                    continue;
                }
                String code = text(n.get("code"));
                String where = file.name() + ": 节点 " + (code == null ? "#" + index : code);
                if (code == null || !CODE.matcher(code).matches()) {
                    problems.add(where + " 代码缺失或不合规范（应为大写字母、数字、下划线，≤40 字符）");
                    continue;
                }
                if (nodes.containsKey(code)) {
                    problems.add(where + " 代码重复（已在 " + nodes.get(code).file() + " 定义）");
                    continue;
                }
                String name = text(n.get("name"));
                String level = text(n.get("level"));
                if (name == null) {
                    problems.add(where + " 缺少 name");
                }
                if (level == null || !LEVELS.contains(level)) {
                    problems.add(where + " 的 level「" + level + "」不在 " + LEVELS + " 之中");
                }
                if (n.get("priors") instanceof List<?> ps) {
                    rawPriors.put(code, ps);
                } else if (n.get("priors") != null) {
                    problems.add(where + " 的 priors 应为列表");
                }
                nodes.put(code, new ChainSeed.Node(file.name(), code, name, text(n.get("nameEn")), level,
                        List.copyOf(new LinkedHashSet<>(strings(n.get("aliases")))),
                        distinct(n.get("substitutes")), distinct(n.get("parts")), List.of()));
            }
        }
        checkReferences(chains, nodes, problems);
        checkAliases(nodes, problems);
        resolvePriors(rawPriors, sources, chains, nodes, problems);
        if (problems.isEmpty()) {
            checkCycles(nodes, problems);
        }
        if (chains.isEmpty() && problems.isEmpty() && !files.isEmpty()) {
            problems.add(files.get(0).name() + " 等: 没有任何产业链 (chain:) 定义");
        }
        if (!problems.isEmpty()) {
            throw new ChainSeedRejected(problems);
        }
        return new ChainSeed(chains, nodes, HexFormat.of().formatHex(digest.digest()));
    }

    /** {@code sources:} of 00-sources.yaml: the documents priors may cite, each with its citation. */
    private static void readSources(String fileName, Object value, Map<String, ChainSeed.Source> sources,
                                    List<String> problems) {
        if (!(value instanceof List<?> list)) {
            problems.add(fileName + ": sources 应为列表");
            return;
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m)) {
                problems.add(fileName + ": sources 的每项应为映射");
                continue;
            }
            String file = text(m.get("file"));
            String where = fileName + ": 文件 " + file;
            String scope = text(m.get("scope"));
            if (file == null) {
                problems.add(fileName + ": sources 中有一项缺少 file");
            } else if (sources.containsKey(file)) {
                problems.add(where + " 登记了两次");
            } else if (text(m.get("citation")) == null || text(m.get("short")) == null) {
                problems.add(where + " 缺少引用（citation 与 short）：页面和报告只显示引用，不显示文件名");
            } else if (!PROVINCE.equals(scope) && (scope == null || !CITY_CODE.matcher(scope).matches())) {
                problems.add(where + " 的 scope「" + scope + "」应为 province 或 6 位城市代码");
            } else if (!(m.get("draft") instanceof Boolean draft)) {
                problems.add(where + " 的 draft 应为 true 或 false（是否征求意见稿）");
            } else {
                sources.put(file, new ChainSeed.Source(file, text(m.get("label")) == null ? file : text(m.get("label")),
                        PROVINCE.equals(scope) ? null : scope, draft, text(m.get("citation")), text(m.get("short"))));
            }
        }
    }

    /**
     * Each prior needs a cited document, a kind and a scope that fits its document, and a chain the node is in;
     * a draft's statement that the later plan dropped ({@code droppedBy}) gets weight 0 and a note saying so.
     */
    private static void resolvePriors(Map<String, List<?>> rawPriors, Map<String, ChainSeed.Source> sources,
                                      List<ChainSeed.Chain> chains, Map<String, ChainSeed.Node> nodes,
                                      List<String> problems) {
        Map<String, Set<String>> members = new LinkedHashMap<>();
        for (ChainSeed.Chain chain : chains) {
            members.put(chain.code(), reachable(chain.roots(), nodes));
        }
        for (Map.Entry<String, List<?>> e : rawPriors.entrySet()) {
            ChainSeed.Node node = nodes.get(e.getKey());
            String where = node.file() + ": 节点 " + node.code() + " 的先验";
            List<ChainSeed.Prior> priors = new ArrayList<>();
            int index = 0;
            for (Object item : e.getValue()) {
                index++;
                String at = where + " #" + index;
                if (!(item instanceof Map<?, ?> p)) {
                    problems.add(at + " 应为映射");
                    continue;
                }
                String source = text(p.get("source"));
                String section = text(p.get("section"));
                String quote = text(p.get("quote"));
                String kindText = text(p.get("kind"));
                String scope = text(p.get("scope"));
                String chain = text(p.get("chain"));
                if (source == null || section == null || quote == null || kindText == null || scope == null) {
                    problems.add(at + " 须有 source、section、quote、kind、scope");
                    continue;
                }
                ChainSeed.Source doc = sources.get(source);
                PriorKind kind = kind(kindText);
                if (doc == null) {
                    problems.add(at + " 引用的文件 " + source + " 未在 00-sources.yaml 中登记，没有引用信息");
                } else if (kind == null) {
                    problems.add(at + " 的 kind「" + kindText + "」不是 IMPORT、OUTSIDE_PROVINCE、WEAK_LINK、LOCALISATION_TARGET 之一");
                } else if (!PROVINCE.equals(scope) && !CITY_CODE.matcher(scope).matches()) {
                    problems.add(at + " 的 scope「" + scope + "」应为 province 或 6 位城市代码");
                } else if (doc.scopeCity() != null && !doc.scopeCity().equals(scope)) {
                    problems.add(at + " 的 scope 为 " + scope + "，但 " + doc.label() + " 只讲 " + doc.scopeCity());
                } else if (chain != null && !members.containsKey(chain)) {
                    problems.add(at + " 的 chain「" + chain + "」不是已定义的产业链");
                } else if (chain != null && !members.get(chain).contains(node.code())) {
                    problems.add(at + " 的 chain 为 " + chain + "，但该链不含节点 " + node.code() + "，先验永远用不上");
                } else {
                    double weight = 1;
                    String note = null;
                    if (p.get("droppedBy") != null) {
                        Map<?, ?> d = p.get("droppedBy") instanceof Map<?, ?> dm ? dm : Map.of();
                        ChainSeed.Source later = sources.get(text(d.get("source")));
                        if (!doc.draft()) {
                            problems.add(at + " 有 droppedBy，但 " + doc.label() + " 不是征求意见稿");
                            continue;
                        }
                        if (later == null || later.draft() || text(d.get("section")) == null || text(d.get("word")) == null) {
                            problems.add(at + " 的 droppedBy 须指明已登记的正式文件（source）、section 和 word");
                            continue;
                        }
                        weight = 0;
                        note = "征求意见稿的说法；后来印发的" + later.shortCitation() + " " + text(d.get("section"))
                                + " 列举同类部件时未再列入「" + text(d.get("word")) + "」，不作为缺口依据";
                    }
                    priors.add(new ChainSeed.Prior(source, section, quote, kind, PROVINCE.equals(scope) ? null : scope,
                            chain, doc.citation(), doc.shortCitation(), doc.draft(), weight, note));
                }
            }
            nodes.put(node.code(), new ChainSeed.Node(node.file(), node.code(), node.name(), node.nameEn(),
                    node.level(), node.aliases(), node.substitutes(), node.parts(), List.copyOf(priors)));
        }
    }

    private static PriorKind kind(String text) {
        for (PriorKind k : PriorKind.values()) {
            if (k.name().equals(text)) {
                return k;
            }
        }
        return null;
    }

    /** The roots and everything below them; unknown codes are skipped (checkReferences reports them). */
    private static Set<String> reachable(List<String> roots, Map<String, ChainSeed.Node> nodes) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(roots);
        while (!todo.isEmpty()) {
            String code = todo.remove(todo.size() - 1);
            ChainSeed.Node n = nodes.get(code);
            if (n != null && seen.add(code)) {
                todo.addAll(n.parts());
            }
        }
        return seen;
    }

    private static void checkReferences(List<ChainSeed.Chain> chains, Map<String, ChainSeed.Node> nodes, List<String> problems) {
        for (ChainSeed.Chain chain : chains) {
            if (chain.roots().isEmpty()) {
                problems.add(chain.file() + ": 产业链 " + chain.code() + " 没有 roots（整机）");
            }
            for (String root : chain.roots()) {
                if (!nodes.containsKey(root)) {
                    problems.add(chain.file() + ": 产业链 " + chain.code() + " 的 roots 引用了未知节点 " + root);
                }
            }
        }
        for (ChainSeed.Node node : nodes.values()) {
            for (String part : node.parts()) {
                if (!nodes.containsKey(part)) {
                    problems.add(node.file() + ": 节点 " + node.code() + " 的 parts 引用了未知节点 " + part);
                } else if (part.equals(node.code())) {
                    problems.add(node.file() + ": 节点 " + node.code() + " 把自己列为部件（环路 " + part + " → " + part + "）");
                }
            }
            for (String sub : node.substitutes()) {
                if (!nodes.containsKey(sub)) {
                    problems.add(node.file() + ": 节点 " + node.code() + " 的 substitutes 引用了未知节点 " + sub);
                }
            }
        }
    }

    /** The database compares aliases case- and width-insensitively, so the check here does too. */
    private static void checkAliases(Map<String, ChainSeed.Node> nodes, List<String> problems) {
        Map<String, ChainSeed.Node> owner = new LinkedHashMap<>();
        for (ChainSeed.Node node : nodes.values()) {
            Set<String> own = new LinkedHashSet<>();
            for (String alias : node.aliases()) {
                String key = Normalizer.normalize(alias, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
                if (!own.add(key)) {
                    continue;
                }
                if (alias.length() > 100) {
                    problems.add(node.file() + ": 节点 " + node.code() + " 的别名过长（>100 字符）: " + alias);
                }
                ChainSeed.Node other = owner.putIfAbsent(key, node);
                if (other != null) {
                    problems.add(node.file() + ": 别名「" + alias + "」同时属于节点 " + other.code() + "（" + other.file()
                            + "）和 " + node.code() + "（" + node.file() + "）");
                }
            }
        }
    }

    private static void checkCycles(Map<String, ChainSeed.Node> nodes, List<String> problems) {
        Map<String, Integer> state = new LinkedHashMap<>();
        Set<String> reported = new LinkedHashSet<>();
        for (String start : nodes.keySet()) {
            List<String> path = new ArrayList<>();
            findCycle(start, nodes, state, path, problems, reported);
        }
    }

    /** Depth-first search; state 1 = on the current path, 2 = finished. */
    private static void findCycle(String code, Map<String, ChainSeed.Node> nodes, Map<String, Integer> state,
                                  List<String> path, List<String> problems, Set<String> reported) {
        Integer s = state.get(code);
        if (s != null && s == 2) {
            return;
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(code), path.size()));
            cycle.add(code);
            Set<String> key = new java.util.TreeSet<>(cycle);
            if (reported.add(key.toString())) {
                Set<String> files = new LinkedHashSet<>();
                for (String c : cycle) {
                    files.add(nodes.get(c).file());
                }
                problems.add(String.join("、", files) + ": 部件关系有环（cycle）: " + String.join(" → ", cycle));
            }
            return;
        }
        state.put(code, 1);
        path.add(code);
        for (String part : nodes.get(code).parts()) {
            findCycle(part, nodes, state, path, problems, reported);
        }
        path.remove(path.size() - 1);
        state.put(code, 2);
    }

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString().strip();
        return s.isEmpty() ? null : s;
    }

    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                String s = text(o);
                if (s != null) {
                    out.add(s);
                }
            }
        } else if (text(value) != null) {
            out.add(text(value));
        }
        return out;
    }

    private static List<String> distinct(Object value) {
        return List.copyOf(new LinkedHashSet<>(strings(value)));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
