package cn.chainatlas.matchmaking;

import cn.chainatlas.matching.MatchRules;
import cn.chainatlas.matching.MatchmakingFacts;
import jakarta.inject.Singleton;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the records tell matching about candidates of one demand (replaces matching's NoMatchmakingFacts):
 * <ul>
 *   <li>existing relation: the supplier supplies this leader (a record at 批量供货, any node);</li>
 *   <li>confirmed capability: the supplier supplies this node (a record at 批量供货 for a demand of this node, any leader);</li>
 *   <li>capacity taken: the annual quantities of its supplying records for this node in the demand's unit, other demands
 *   than this one — shown only as 部分产能已被占用, never whose;</li>
 *   <li>history: this leader's records for this node ended for 资质 or 技术参数, as 「2026-10 终止：资质」.</li>
 * </ul>
 * 需求覆盖 asks once per open demand, so the few records that matter are read whole and kept per data version
 * (db.FiguresCache): any committed move, on this instance or another, makes the next question read them again. Kept by
 * the data version rather than for a time, so that answers kept by that version (allocations, figures) never rest on
 * records older than the version says.
 */
@Singleton
class RecordedMatchmakingFacts implements MatchmakingFacts {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

    private final MatchmakingRepository records;
    private final cn.chainatlas.db.FiguresCache cache;

    /** The cache key of the facts (one entry per data version). */
    private record FactsKey() {
    }

    RecordedMatchmakingFacts(MatchmakingRepository records, cn.chainatlas.db.FiguresCache cache) {
        this.records = records;
        this.cache = cache;
    }

    /**
     * The records matching learns from, by supplier, and which suppliers can have facts for a demand: those with a
     * supplying or ended record for the demand's node (confirmed capability, capacity taken, history) and those
     * supplying the demand's leader (existing relation). 需求覆盖 asks once per open demand with hundreds of candidates
     * each; looking every candidate up cost more than ranking them (2,000 demands × ~750 candidates), while the
     * suppliers with records for one node or leader are few.
     */
    private record Facts(Map<String, List<MatchmakingRepository.Fact>> bySupplier, Map<String, Set<String>> byNode,
                         Map<String, Set<String>> byLeader) {
    }

    private Facts facts() {
        return cache.get(new FactsKey(), () -> {
            Map<String, List<MatchmakingRepository.Fact>> by = new HashMap<>();
            Map<String, Set<String>> byNode = new HashMap<>();
            Map<String, Set<String>> byLeader = new HashMap<>();
            records.facts().forEach(f -> {
                by.computeIfAbsent(f.supplier(), k -> new ArrayList<>()).add(f);
                byNode.computeIfAbsent(f.node(), k -> new LinkedHashSet<>()).add(f.supplier());
                if (f.stage() == Stage.SUPPLYING) {
                    byLeader.computeIfAbsent(f.leader(), k -> new LinkedHashSet<>()).add(f.supplier());
                }
            });
            Map<String, List<MatchmakingRepository.Fact>> fixed = new HashMap<>();
            by.forEach((k, v) -> fixed.put(k, List.copyOf(v)));
            Map<String, Set<String>> nodes = new HashMap<>();
            byNode.forEach((k, v) -> nodes.put(k, java.util.Collections.unmodifiableSet(v)));
            Map<String, Set<String>> leaders = new HashMap<>();
            byLeader.forEach((k, v) -> leaders.put(k, java.util.Collections.unmodifiableSet(v)));
            return new Facts(java.util.Collections.unmodifiableMap(fixed), java.util.Collections.unmodifiableMap(nodes),
                    java.util.Collections.unmodifiableMap(leaders));
        });
    }

    /**
     * {@inheritDoc} Only suppliers with a record for the node or supplying the leader are looked at, so the answer
     * may also name such suppliers that are not among {@code suppliers} (callers look candidates up by code).
     */
    @Override
    public Map<String, MatchRules.Matchmaking> about(long demandId, String leaderCreditCode, String nodeCode, String unit,
                                                      Collection<String> suppliers) {
        Facts index = facts();
        if (index.bySupplier().isEmpty() || suppliers.isEmpty()) {
            return Map.of();
        }
        Set<String> ofNode = index.byNode().getOrDefault(nodeCode, Set.of());
        Set<String> ofLeader = index.byLeader().getOrDefault(leaderCreditCode, Set.of());
        if (ofNode.isEmpty() && ofLeader.isEmpty()) {
            return Map.of();
        }
        Set<String> relevant = new LinkedHashSet<>(ofNode);
        relevant.addAll(ofLeader);
        String demandUnit = LocalSupplyRules.unit(unit);
        Map<String, MatchRules.Matchmaking> out = new HashMap<>();
        for (String s : relevant) {
            List<MatchmakingRepository.Fact> facts = index.bySupplier().get(s);
            if (facts == null) {
                continue;
            }
            boolean relation = false;
            boolean confirmed = false;
            double taken = 0;
            List<String> history = new ArrayList<>();
            for (MatchmakingRepository.Fact f : facts) {
                if (f.stage() == Stage.SUPPLYING) {
                    boolean sameNode = nodeCode.equals(f.node());
                    relation |= leaderCreditCode.equals(f.leader());
                    confirmed |= sameNode;
                    if (sameNode && f.demandId() != demandId && f.supplyQuantity() != null && !demandUnit.isEmpty()
                            && demandUnit.equals(LocalSupplyRules.unit(f.supplyUnit()))) {
                        taken += f.supplyQuantity().doubleValue();
                    }
                } else if (f.stage() == Stage.ENDED && f.reason() != null && f.reason().tellsMatching()
                        && leaderCreditCode.equals(f.leader()) && nodeCode.equals(f.node())) {
                    history.add(f.lastMoveOn().format(MONTH) + " 终止：" + f.reason().label());
                }
            }
            if (relation || confirmed || taken > 0 || !history.isEmpty()) {
                out.put(s, new MatchRules.Matchmaking(relation, confirmed, taken, false, List.copyOf(history)));
            }
        }
        return out;
    }
}
