package cn.chainatlas.excel;

/**
 * One column of an upload template (the registry's {@link RegistryColumn}, a demand sheet's columns): the header
 * the template writes and whether a sheet must have it. The reader ({@link TableReader}, {@link HeaderLayout})
 * knows columns only through this, so every kind of upload is read by the same code.
 */
public interface SheetColumn {

    /** A stable name (the enum constant's), used for the drop-down list names of errors.xlsx. */
    String name();

    /** Its header, whether it is required, and the other spellings of the header. */
    ColumnNames names();

    /** The header the template writes. */
    default String header() {
        return names().header();
    }

    /** Whether a header row without this column is refused as a whole. */
    default boolean required() {
        return names().required();
    }

    /**
     * A money column: read in the unit its header (营业收入（千元）), a unit row under it or a 单位： line above the
     * table names, converted to 万元 by {@link MoneyUnits#factor}; the file's notes say so.
     */
    default boolean money() {
        return false;
    }

    /** A quantity column whose header unit (年产能（套）) applies to cells holding only a number; the notes say so. */
    default boolean headerUnitApplies() {
        return false;
    }

    /**
     * A column that sheets fill down or merge over whole blocks of rows (所在地市, 区县), often past the last
     * enterprise: a row holding nothing but such columns is an empty row, not a row missing its code and name.
     */
    default boolean fillsDown() {
        return false;
    }

    /**
     * A column that says which enterprise or demand a row is about (credit code, name; a demand's 需求编号, leader
     * and node): a row with anything in it is a row to validate, even when that value is computed by a formula.
     */
    default boolean identifies() {
        return false;
    }
}
