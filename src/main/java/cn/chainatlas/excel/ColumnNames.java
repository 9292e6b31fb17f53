package cn.chainatlas.excel;

import java.util.List;

/**
 * What a template column is called: the header the template writes, whether a sheet must have it, and the other
 * spellings bureaus and buyers write in their own sheets (read the same way, see {@link SheetSchema}).
 *
 * @param header   the template's header
 * @param required whether a header row without this column is refused as a whole
 * @param variants the other spellings
 */
public record ColumnNames(String header, boolean required, List<String> variants) {

    public static ColumnNames of(String header, boolean required, String... variants) {
        return new ColumnNames(header, required, List.of(variants));
    }
}
