package cn.chainatlas.imports;

import cn.chainatlas.excel.RowError;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What an import did (or, for a dry run, would do). {@code status} is a {@link BatchStatus} name,
 * {@code statusLabel} its Chinese word. {@code errors} lists at most the first 1,000 problems;
 * {@code errorCount} counts them all; errors.xlsx has every rejected row.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ImportResult(
        long batchId,
        String status,
        String statusLabel,
        boolean dryRun,
        String fileName,
        int rowsTotal,
        int rowsValid,
        int rowsRejected,
        int inserts,
        int updates,
        int unchanged,
        int unclassified,
        int duplicates,
        int errorCount,
        @Nullable String message,
        List<RowError> errors,
        List<Unclassified> unclassifiedRows,
        List<Duplicate> duplicateFlags,
        @Nullable Progress progress) {

    /** A valid row that matched no chain node: accepted, listed for a clerk to assign. */
    @Serdeable
    public record Unclassified(String sheet, int row, String creditCode, String name, String mainProducts) {
    }

    /** A likely duplicate under a different credit code, flagged for review. */
    @Serdeable
    public record Duplicate(@Nullable Integer row, String creditCode, String name, String otherCreditCode,
                            String otherName, String foundIn) {
    }

    /** How far a running import has got. */
    @Serdeable
    public record Progress(long rowsDone, long rowsEstimated, String phase) {
    }
}
