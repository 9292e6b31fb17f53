package cn.chainatlas.enterprise;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One page of a registry listing. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EnterprisePage(List<EnterpriseView> items, int total, int page, int size) {
}
