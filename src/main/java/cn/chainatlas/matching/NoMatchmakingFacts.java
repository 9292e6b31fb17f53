package cn.chainatlas.matching;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.Map;

/** Until the matchmaking feature supplies its own {@link MatchmakingFacts} (which replaces this one), nothing is known. */
@Singleton
@Secondary
final class NoMatchmakingFacts implements MatchmakingFacts {

    @Override
    public Map<String, MatchRules.Matchmaking> about(long demandId, String leaderCreditCode, String nodeCode, String unit,
                                                      Collection<String> suppliers) {
        return Map.of();
    }
}
