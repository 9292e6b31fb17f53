package cn.chainatlas.geo;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The province or one city. For the province, "local" supply is anything from a Guangdong enterprise
 * (same city or elsewhere in Guangdong); for a city, only the same city.
 *
 * @param key      {@code province} or the city's Chinese name, as the API takes it
 * @param cityCode null for the province
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Region(String key, @Nullable String cityCode, String name) {

    public static final Region PROVINCE = new Region("province", null, "广东省");

    public boolean isProvince() {
        return cityCode == null;
    }
}
