package cn.chainatlas.matchmaking;

import cn.chainatlas.matching.MatchRules;
import cn.chainatlas.matching.MatchmakingFacts;
import jakarta.inject.Singleton;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
 */
@Singleton
class RecordedMatchmakingFacts implements MatchmakingFacts {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

    private final MatchmakingRepository records;

    RecordedMatchmakingFacts(MatchmakingRepository records) {
        this.records = records;
    }

    @Override
    public Map<String, MatchRules.Matchmaking> about(long demandId, String leaderCreditCode, String nodeCode, String unit,
                                                      Collection<String> suppliers) {
        if (suppliers.isEmpty()) {
            return Map.of();
        }
        List<MatchmakingRepository.Fact> facts = records.facts(leaderCreditCode, nodeCode, suppliers);
        if (facts.isEmpty()) {
            return Map.of();
        }
        Set<Long> demandIds = new HashSet<>();
        facts.forEach(f -> demandIds.add(f.demandId()));
        Map<Long, String> nodes = records.nodesOf(demandIds);
        Map<String, boolean[]> flags = new HashMap<>();
        Map<String, Double> taken = new HashMap<>();
        Map<String, List<String>> history = new HashMap<>();
        String demandUnit = LocalSupplyRules.unit(unit);
        for (MatchmakingRepository.Fact f : facts) {
            boolean[] fl = flags.computeIfAbsent(f.supplier(), k -> new boolean[2]);
            if (f.stage() == Stage.SUPPLYING) {
                boolean sameNode = nodeCode.equals(nodes.get(f.demandId()));
                fl[0] |= leaderCreditCode.equals(f.leader());
                fl[1] |= sameNode;
                if (sameNode && f.demandId() != demandId && f.supplyQuantity() != null && !demandUnit.isEmpty()
                        && demandUnit.equals(LocalSupplyRules.unit(f.supplyUnit()))) {
                    taken.merge(f.supplier(), f.supplyQuantity().doubleValue(), Double::sum);
                }
            } else if (f.stage() == Stage.ENDED && f.reason() != null && f.reason().tellsMatching()) {
                history.computeIfAbsent(f.supplier(), k -> new ArrayList<>())
                        .add(f.lastMoveOn().format(MONTH) + " 终止：" + f.reason().label());
            }
        }
        Map<String, MatchRules.Matchmaking> out = new HashMap<>();
        Set<String> all = new HashSet<>(flags.keySet());
        for (String s : all) {
            boolean[] fl = flags.get(s);
            out.put(s, new MatchRules.Matchmaking(fl[0], fl[1], taken.getOrDefault(s, 0.0), false,
                    List.copyOf(history.getOrDefault(s, List.of()))));
        }
        return out;
    }
}
