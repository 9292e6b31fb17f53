package cn.chainatlas.excel;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** One problem of an upload: where (sheet, the spreadsheet's own row number, the column's header) and what. */
@Serdeable
public record RowError(@Nullable String sheet, @Nullable Integer row, @Nullable String column, String code, String message) {
}
