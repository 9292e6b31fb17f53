package cn.chainatlas.imports;

import cn.chainatlas.excel.RowError;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What an import did (or, for a dry run, would do). {@code notes} says what the clerk should know about the
 * file as a whole (the sheet read, a hidden sheet skipped, units converted); {@code skipped} counts rows whose
 * name change was not confirmed, listed in {@code nameChanges}. {@code status} is a {@link BatchStatus} name,
 * {@code statusLabel} its Chinese word. {@code errors} lists at most the first 1,000 problems;
 * {@code errorCount} counts them all; errors.xlsx has every rejected row. {@code queuePosition} is the batch's place
 * among the uploads waiting for an import slot (1 = next; null when it does not wait); {@code fileKept} whether the
 * uploaded file is still stored (a 中断 or 失败 batch can then be run again, and errors.xlsx shows its rows).
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
        @Nullable Progress progress,
        int skipped,
        List<NameChange> nameChanges,
        List<String> notes,
        @Nullable Integer queuePosition,
        boolean fileKept) {

    /**
     * A stored credit code that the file gives another name, beyond spelling (有限公司, brackets): it may be another
     * enterprise under a mistyped code. Applied at commit only when {@code confirmed}; otherwise skipped.
     */
    @Serdeable
    public record NameChange(@Nullable String sheet, int row, String creditCode, String storedName, String newName,
                             boolean confirmed) {
    }

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
