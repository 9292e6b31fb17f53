package cn.chainatlas.excel;

/**
 * What a cell held in the file, next to its text: a number cell and a text cell of the same digits are not the
 * same thing (a number keeps 15 significant digits, so an 18-digit code stored as a number has lost digits).
 */
public final class CellKind {

    /** text, or empty (also every CSV cell) */
    public static final byte TEXT = 0;
    /** a number cell not formatted as a date; its text is the plain decimal */
    public static final byte NUMBER = 1;
    /** a date cell (a date-formatted number or an ISO date cell); its text is yyyy-MM-dd */
    public static final byte DATE = 2;
    public static final byte BOOLEAN = 3;
    /** an error value such as #N/A; its text is the error */
    public static final byte ERROR = 4;

    private CellKind() {
    }
}
