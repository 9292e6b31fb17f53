package cn.chainatlas.demand;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * A demand as it arrives, every value as written (the JSON API, the form, a spreadsheet row): the one input of
 * {@link DemandFields#normalise}. Numbers and dates are text here so that each bad value becomes a field error in
 * Chinese rather than a parse failure of the whole request.
 *
 * @param specFields the node kind's structured fields by key ({@code precisionClass}, {@code maxSpeed} …,
 *                   cn.chainatlas.chain.SpecParser.Field#key)
 * @param sources    today's sourcing in percent by key: {@code local} (same city), {@code guangdong} (elsewhere in
 *                   Guangdong), {@code otherProvince}, {@code import}
 * @param status     OPEN, MET, CLOSED or 开放、已满足、已关闭; blank = OPEN for a new demand, unchanged for an edit
 */
public record DemandInput(@Nullable String leaderCreditCode, @Nullable String nodeCode, @Nullable String quantity,
                          @Nullable String unit, @Nullable String valueWan, @Nullable String spec,
                          @Nullable Map<String, String> specFields, @Nullable List<String> requiredCertifications,
                          @Nullable List<String> preferredRegions, @Nullable List<String> excludedRegions,
                          @Nullable Map<String, String> sources, @Nullable String neededBy, @Nullable String note,
                          @Nullable String status) {

    /** The keys of {@link #sources()}, in the order of the split. */
    public static final List<String> SOURCE_KEYS = List.of("local", "guangdong", "otherProvince", "import");

    /** The same input for another leader (a LEADER's own demand, where the credit code may be left out). */
    public DemandInput withLeader(String creditCode) {
        return new DemandInput(creditCode, nodeCode, quantity, unit, valueWan, spec, specFields, requiredCertifications,
                preferredRegions, excludedRegions, sources, neededBy, note, status);
    }
}
