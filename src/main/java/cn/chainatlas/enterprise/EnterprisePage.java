package cn.chainatlas.enterprise;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One page of a registry listing.
 *
 * @param total       how many enterprises the filter selects; a lower bound when {@code totalCapped}
 * @param totalCapped the count stopped at {@code total} (a search with more hits than
 *                    {@link EnterpriseService#COUNT_CAP}, or than the page asked for needs): there are more than
 *                    {@code total}, and the page shows it as "N 家以上". An exact count would read every hit.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EnterprisePage(List<EnterpriseView> items, int total, int page, int size, boolean totalCapped) {

    public EnterprisePage(List<EnterpriseView> items, int total, int page, int size) {
        this(items, total, page, size, false);
    }

    /** Whether a page follows this one. */
    public boolean hasNext() {
        return (long) page * size < total || totalCapped;
    }
}
