package cn.chainatlas.enterprise;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * An edit of a registry entry: fields left null keep their value. Multi-valued fields are written like the sheet (、).
 * {@code unwilling}: the supplier takes no part in matchmaking (matching excludes it and says so).
 */
@Serdeable
public record EnterpriseEdit(
        @Nullable String name,
        @Nullable String district,
        @Nullable String sizeClass,
        @Serdeable.Deserializable(using = cn.chainatlas.web.JsonFlag.class) @Nullable Boolean aboveScale,
        @Nullable String mainProducts,
        @Nullable String certifications,
        @Nullable String titles,
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
        @Serdeable.Deserializable(using = cn.chainatlas.web.JsonFlag.class) @Nullable Boolean publicConsent,
        @Serdeable.Deserializable(using = cn.chainatlas.web.JsonFlag.class) @Nullable Boolean unwilling) {

}
