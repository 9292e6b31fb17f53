package cn.chainatlas.demand;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * A chain leader's demand as the API and the pages show it (confidential: DemandService shows it only to the
 * leader itself, its city's bureau, the province and administrators).
 *
 * @param specFields        the structured fields by key, each in its normalised written form (P4, 24000 r/min …)
 * @param requirements      the spec the matching applies, field by field (structured fields, else read from
 *                          {@code spec})
 * @param preferredRegions  6-digit city codes or OUTSIDE (省外), with names in {@code regionNames}
 * @param sources           percent of today's purchases by {@link DemandInput#SOURCE_KEYS}
 * @param status            OPEN, MET, CLOSED or EXPIRED (an open demand past {@code neededBy}); {@code storedStatus}
 *                          is what was saved
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Demand(long id, String leaderCreditCode, String leaderName, @Nullable String cityCode,
                     @Nullable String cityName, String nodeCode, String nodeName, @Nullable BigDecimal quantity,
                     @Nullable String unit, @Nullable BigDecimal valueWan, @Nullable String spec,
                     Map<String, String> specFields, List<Requirement> requirements, List<String> requiredCertifications,
                     List<String> preferredRegions, List<String> excludedRegions, Map<String, String> regionNames,
                     Map<String, BigDecimal> sources, @Nullable LocalDate neededBy, @Nullable String note, String status,
                     String statusLabel, String storedStatus, @Nullable String createdBy,
                     @Nullable LocalDateTime createdAt, @Nullable LocalDateTime updatedAt) {

    /** One required spec field: its key, its Chinese label, and the value as read (e.g. P4). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Requirement(String field, String label, String value) {
    }

    public boolean open() {
        return "OPEN".equals(status);
    }
}
