package cn.chainatlas.matching;

import cn.chainatlas.demand.Demand;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/** The shapes of matching's answers (JSON and pages). */
public final class MatchViews {

    private MatchViews() {
    }

    /** The demand a list of matches is for (its confidential details stay with the demand itself). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DemandSummary(long id, String leaderCreditCode, String leaderName, @Nullable String cityName,
                                String nodeCode, String nodeName, @Nullable BigDecimal quantity, @Nullable String unit,
                                List<Demand.Requirement> requirements, List<String> requiredCertifications,
                                List<String> preferredRegions, List<String> excludedRegions, String status,
                                String statusLabel) {
    }

    /** One score component: weight, the value behind it, the points, the fact and its source. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ComponentView(String label, double weight, double value, double points, String detail, String source,
                                String sourceLabel) {
    }

    /**
     * One ranked candidate. {@code revenue}, {@code rndSpending}, {@code contactName} and {@code contactPhone} are null
     * where the registry hides them from the reader (EnterpriseService#seesPrivate).
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record MatchView(int rank, String creditCode, String name, @Nullable String city, String band,
                            String bandLabel, double score, Map<String, ComponentView> components, List<String> reasons,
                            Map<String, String> sources, boolean substitute, String nodeCode, String nodeName,
                            @Nullable String tier, List<String> certifications, @Nullable BigDecimal capacity,
                            @Nullable String capacityUnit, @Nullable String techParams, @Nullable BigDecimal revenue,
                            @Nullable BigDecimal rndSpending, @Nullable String contactName, @Nullable String contactPhone,
                            boolean restricted, boolean shortlisted) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ExcludedView(String creditCode, String name, @Nullable String city, List<String> reasonCodes,
                               List<String> reasons) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Counts(int candidates, int recommended, int verify, int notRecommended, int excluded) {
    }

    /**
     * {@code GET /api/v1/demands/{id}/matches}: {@code excluded} is empty unless asked for.
     *
     * @param updatingSince null when the ranking rests on current data; else when a write (an import, an edit) made
     *                      the candidates it was ranked from old — their recomputation is under way
     *                      (see {@link cn.chainatlas.db.FiguresCache}), the page says 「数据刚有更新，正在重新计算」
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record MatchList(DemandSummary demand, Counts counts, Map<String, Double> weights, List<MatchView> matches,
                            List<ExcludedView> excluded, @Nullable Instant updatingSince) {

        /** As computed: every figure current. */
        public MatchList(DemandSummary demand, Counts counts, Map<String, Double> weights, List<MatchView> matches,
                         List<ExcludedView> excluded) {
            this(demand, counts, weights, matches, excluded, null);
        }

        /** The same list, saying its candidates were read before a write that is still being taken in (since when). */
        public MatchList updating(Instant since) {
            return new MatchList(demand, counts, weights, matches, excluded, since);
        }
    }

    /** Two to four candidates side by side; an excluded one shows why in {@code excludedReasons}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Column(String creditCode, String name, @Nullable String city, @Nullable MatchView match,
                         List<String> excludedReasons) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Comparison(DemandSummary demand, Map<String, String> componentLabels, List<Column> columns) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ShortlistEntry(String creditCode, String name, String addedBy, LocalDateTime addedAt, @Nullable String note,
                                 @Nullable String band, @Nullable String bandLabel, @Nullable Double score,
                                 @Nullable Integer rank, long recordId, String stage, String stageLabel) {
    }

    /** One open demand in the coverage view with its count of 推荐 candidates. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CoverageRow(long demandId, String leaderCreditCode, String leaderName, @Nullable String cityCode,
                              @Nullable String cityName, String nodeCode, String nodeName, List<String> chains,
                              int recommended, int recommendedInRegion, int verify, int candidates, boolean target) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CoverageGroup(String key, String name, int demands, int withoutRecommended) {
    }

    /** A 补链 target: a node with open demand and no 推荐 candidate in the region. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Target(String nodeCode, String nodeName, int demands, int leaders) {
    }

    /**
     * {@code GET /api/v1/coverage}: every open demand in scope (none-recommended first), grouped by chain and city.
     *
     * @param region the region whose 推荐 candidates decide a 补链 target: 广东省, or the bureau's city
     * @param updatingSince null when current; else when a write made these counts old (their recomputation is under
     *                      way, {@link cn.chainatlas.db.FiguresCache})
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Coverage(String region, List<CoverageRow> demands, List<CoverageGroup> byChain,
                           List<CoverageGroup> byCity, List<Target> targets, @Nullable Instant updatingSince) {

        /** As computed: every figure current. */
        public Coverage(String region, List<CoverageRow> demands, List<CoverageGroup> byChain, List<CoverageGroup> byCity,
                        List<Target> targets) {
            this(region, demands, byChain, byCity, targets, null);
        }

        /** The same coverage, saying it was computed before a write that is still being taken in (since when). */
        public Coverage updating(Instant since) {
            return new Coverage(region, demands, byChain, byCity, targets, since);
        }
    }
}
