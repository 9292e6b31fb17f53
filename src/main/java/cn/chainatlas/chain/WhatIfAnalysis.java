package cn.chainatlas.chain;

import cn.chainatlas.geo.Region;

import com.fasterxml.jackson.annotation.JsonInclude;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.BadInput;
import cn.chainatlas.common.NotFound;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What breaks if a node can no longer be had (an import is cut) or an enterprise stops supplying: the final
 * equipment that contains what is lost, in every chain, and the Guangdong chain leaders who need or make it.
 */
@Singleton
public class WhatIfAnalysis {

    private final ChainGraphCache cache;
    private final GapFiguresRepository figures;
    private final GapThresholds thresholds;

    WhatIfAnalysis(ChainGraphCache cache, GapFiguresRepository figures, GapThresholds thresholds) {
        this.cache = cache;
        this.figures = figures;
        this.thresholds = thresholds;
    }

    /**
     * @param kind NODE or ENTERPRISE
     * @param nodes the nodes lost: the node itself, or every node the enterprise supplies
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Result(String removed, String kind, String name, List<LostNode> nodes,
                         List<Equipment> finalEquipment, List<Leader> leaders) {
    }

    /**
     * @param suppliersBefore Guangdong enterprises classified to the node before the removal
     * @param suppliersAfter  and after it; 0 means the province loses its last local source
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LostNode(String code, String name, int suppliersBefore, int suppliersAfter) {
    }

    /** @param via the lost nodes this equipment contains */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    /** @param chains the chains' names (高端数控机床 …), as a person reads them */
    public record Equipment(String code, String name, List<String> chains, List<String> via) {
    }

    /** @param via the lost nodes the leader needs or makes, directly or inside something it needs or makes */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Leader(String creditCode, String name, String city, List<String> via) {
    }

    public Result remove(Actor actor, String what) {
        GapAnalysis.requireReader(actor);
        if (what == null || what.isBlank()) {
            throw new BadInput("remove 参数缺失：应为节点代码或统一社会信用代码");
        }
        ChainGraph graph = cache.get();
        String key = what.strip();
        double minConfidence = thresholds.getMinConfidence();
        List<String> lost;
        String kind;
        String name;
        String excluded = null;
        if (graph.nodes().containsKey(key.toUpperCase(Locale.ROOT))) {
            key = key.toUpperCase(Locale.ROOT);
            lost = List.of(key);
            kind = "NODE";
            name = graph.nodes().get(key).name();
        } else {
            String credit = key.toUpperCase(Locale.ROOT);
            GapFiguresRepository.LeaderInfo e = figures.enterprise(credit).orElseThrow(() -> new NotFound("未找到节点或企业「" + what + "」：应为节点代码（如 BALL_SCREW）或统一社会信用代码"));
            key = credit;
            lost = figures.nodesOf(credit, minConfidence).stream().filter(graph.nodes()::containsKey).toList();
            kind = "ENTERPRISE";
            name = e.name();
            excluded = figures.cityOf(credit) != null ? credit : null;
        }
        // local supplier counts before and after, from the same aggregate query the gap analysis uses
        Map<String, Integer> before = new HashMap<>();
        for (GapRules.SupplyRow r : figures.supply(Region.PROVINCE, lost.isEmpty() ? List.of("") : lost, minConfidence)) {
            before.merge(r.node(), r.suppliers(), Integer::sum);
        }
        List<LostNode> lostNodes = new ArrayList<>();
        for (String n : lost) {
            int b = before.getOrDefault(n, 0);
            lostNodes.add(new LostNode(n, graph.nodes().get(n).name(), b,
                    kind.equals("NODE") ? 0 : excluded != null ? b - 1 : b));
        }
        // what contains each lost node, itself included
        Map<String, Set<String>> containers = new LinkedHashMap<>();
        for (String n : lost) {
            Set<String> up = new LinkedHashSet<>(graph.ancestors(n));
            up.add(n);
            containers.put(n, up);
        }
        Map<String, List<String>> chainsOfRoot = new LinkedHashMap<>();
        graph.chains().values().forEach(c -> c.roots().forEach(r ->
                chainsOfRoot.computeIfAbsent(r, k -> new ArrayList<>()).add(c.name())));
        List<Equipment> equipment = new ArrayList<>();
        for (Map.Entry<String, List<String>> root : chainsOfRoot.entrySet()) {
            List<String> via = new ArrayList<>();
            containers.forEach((n, up) -> {
                if (up.contains(root.getKey())) {
                    via.add(n);
                }
            });
            if (!via.isEmpty()) {
                equipment.add(new Equipment(root.getKey(), graph.nodes().get(root.getKey()).name(), root.getValue(), via));
            }
        }
        Map<String, Set<String>> leaderNodes = new HashMap<>();
        for (GapFiguresRepository.LeaderNode r : figures.allDemands(Region.PROVINCE)) {
            leaderNodes.computeIfAbsent(r.leader(), k -> new HashSet<>()).add(r.node());
        }
        for (GapFiguresRepository.LeaderNode r : figures.leaderProducts(Region.PROVINCE, null, minConfidence)) {
            leaderNodes.computeIfAbsent(r.leader(), k -> new HashSet<>()).add(r.node());
        }
        Map<String, List<String>> leaderVia = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> e : leaderNodes.entrySet()) {
            if (e.getKey().equals(key)) {
                continue;
            }
            Set<String> via = new TreeSet<>();
            containers.forEach((n, up) -> {
                for (String needed : e.getValue()) {
                    if (up.contains(needed)) {
                        via.add(n);
                    }
                }
            });
            if (!via.isEmpty()) {
                leaderVia.put(e.getKey(), new ArrayList<>(via));
            }
        }
        List<Leader> leaders = leaderVia.isEmpty() ? List.of() : figures.enterprises(leaderVia.keySet()).stream()
                .map(l -> new Leader(l.creditCode(), l.name(), l.city(), leaderVia.get(l.creditCode()))).toList();
        return new Result(key, kind, name, lostNodes, equipment, leaders);
    }
}
