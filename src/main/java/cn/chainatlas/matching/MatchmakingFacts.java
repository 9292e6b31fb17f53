package cn.chainatlas.matching;

import java.util.Collection;
import java.util.Map;

/**
 * What matchmaking records say about candidates for one demand: an existing supplying relation, a capability a
 * matchmaking record confirmed, capacity already committed to other buyers (in the demand's unit), a supplier that
 * declined this demand. The matchmaking feature implements this; until it lands, {@link NoMatchmakingFacts} says
 * nothing, so those score components read nothing (docs/matching.md). Implementations must never say whose
 * orders take the capacity: pages only ever show 部分产能已被占用.
 */
public interface MatchmakingFacts {

    /**
     * @param suppliers the candidates' credit codes
     * @return credit code → facts; a candidate without facts is absent (treated as {@link MatchRules.Matchmaking#NONE})
     */
    Map<String, MatchRules.Matchmaking> about(long demandId, String leaderCreditCode, String nodeCode, String unit,
                                               Collection<String> suppliers);
}
