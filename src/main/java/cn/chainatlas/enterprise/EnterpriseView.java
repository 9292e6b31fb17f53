package cn.chainatlas.enterprise;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * An enterprise as the API and pages show it. {@code restricted} is true when the viewer (a chain leader, or a city
 * bureau looking at another city's enterprise, without the supplier's consent) does not see the private fields:
 * revenue, R&D spending and contacts are then null and {@code extraAttributes} (the sheet's unknown columns) empty.
 * {@code status} is an {@link EnterpriseStatus} code (ACTIVE, DEREGISTERED, MOVED_OUT), {@code statusLabel} its
 * Chinese word. {@code unwilling}: the supplier declared it takes no part in matchmaking. {@code profileSource}: who
 * the facts come from (REGISTRY, ENTERPRISE, BUREAU; {@link EnterpriseService#profileSource}). {@code nodeCapacities}:
 * the annual capacity stated per node, for nodes the enterprise is classified to (the others are not shown).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EnterpriseView(
        String creditCode,
        String name,
        @Nullable String cityCode,
        @Nullable String cityName,
        @Nullable String outsideProvince,
        @Nullable String district,
        @Nullable String sizeClass,
        @Nullable Boolean aboveScale,
        String mainProducts,
        List<String> certifications,
        List<String> titles,
        @Nullable String tier,
        boolean leader,
        @Nullable BigDecimal revenue,
        @Nullable BigDecimal rndSpending,
        @Nullable Integer employees,
        @Nullable Integer patents,
        @Nullable BigDecimal capacityValue,
        @Nullable String capacityUnit,
        @Nullable String techParams,
        @Nullable String contactName,
        @Nullable String contactPhone,
        @Nullable LocalDate foundedOn,
        List<NodeMatch> nodes,
        Map<String, String> extraAttributes,
        boolean publicConsent,
        boolean restricted,
        @Nullable Long lastBatchId,
        String status,
        String statusLabel,
        @Nullable String statusNote,
        boolean unwilling,
        String profileSource,
        List<NodeCapacity> nodeCapacities) {

    /**
     * The annual capacity the enterprise states for one of its nodes (allocation uses it in place of the registry's
     * single 年产能 for that node).
     *
     * @param quantity annual quantity in {@code unit} (套/年, 台, 万件 …)
     * @param updatedBy the account that last stated it
     */
    @Serdeable
    public record NodeCapacity(String nodeCode, String nodeName, BigDecimal quantity, String unit, String updatedBy,
                               java.time.LocalDateTime updatedAt) {
    }
}
