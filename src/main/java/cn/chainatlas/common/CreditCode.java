package cn.chainatlas.common;

import java.util.random.RandomGenerator;

/**
 * The unified social credit code of GB 32100-2015: 18 characters from a 31-letter alphabet (no I, O, S, V, Z),
 * the last one a check character over the first 17.
 */
public final class CreditCode {

    public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    public enum Problem { NONE, FORMAT, CHECK }

    private CreditCode() {
    }

    /**
     * The code as the clerk sees it: invisible characters, spaces, line breaks and hyphens dropped, full-width
     * forms folded, upper case, and the text-forcing marks of other systems (a leading apostrophe, ="…") removed.
     */
    public static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        String s = Text.unforced(Text.visible(raw));
        StringBuilder b = new StringBuilder(18);
        for (int i = 0; i < s.length(); i++) {
            char c = Text.halfWidth(s.charAt(i));
            if (c == ' ' || c == '\t' || c == '-' || c == '\r' || c == '\n') {
                continue;
            }
            b.append(Character.toUpperCase(c));
        }
        return b.toString();
    }

    /** compiled once: String.matches compiles its pattern on every call, once per row of an import */
    private static final java.util.regex.Pattern SCIENTIFIC = java.util.regex.Pattern.compile("[0-9](\\.[0-9]+)?[Ee]\\+?[0-9]{1,3}");

    /**
     * Whether the text is a number Excel wrote in scientific notation (9.14419E+17): what a CSV saved from Excel
     * holds for a long code typed into a General cell. Its last digits are gone.
     */
    public static boolean scientific(String raw) {
        return raw != null && SCIENTIFIC.matcher(raw.strip()).matches();
    }

    /**
     * Whether the code is what a number cell leaves of an all-digit code: 18 digits of which Excel kept the first
     * 15 significant ones and wrote 000 for the rest (914419001000025127 → 914419001000025000).
     */
    public static boolean fifteenDigitsKept(String code) {
        if (code == null || code.length() != 18 || !code.endsWith("000")) {
            return false;
        }
        for (int i = 0; i < 15; i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    public static Problem check(String code) {
        if (code == null || code.length() != 18) {
            return Problem.FORMAT;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = ALPHABET.indexOf(code.charAt(i));
            if (v < 0) {
                return Problem.FORMAT;
            }
            if (i >= 2 && i < 8 && v > 9) {
                return Problem.FORMAT; // the administrative division code is six digits
            }
            sum += v * WEIGHTS[i];
        }
        int last = ALPHABET.indexOf(code.charAt(17));
        if (last < 0) {
            return Problem.FORMAT;
        }
        return last == checkValue(sum) ? Problem.NONE : Problem.CHECK;
    }

    public static char checkChar(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += ALPHABET.indexOf(first17.charAt(i)) * WEIGHTS[i];
        }
        return ALPHABET.charAt(checkValue(sum));
    }

    private static int checkValue(int sum) {
        int c = 31 - sum % 31;
        return c == 31 ? 0 : c;
    }

    /** A valid code for an enterprise registered in the given 6-digit division (synthetic data, tests). */
    public static String random(RandomGenerator random, String division) {
        StringBuilder b = new StringBuilder("91").append(division);
        for (int i = 0; i < 9; i++) {
            b.append(ALPHABET.charAt(random.nextInt(i < 2 ? 10 : ALPHABET.length())));
        }
        return b.append(checkChar(b.toString())).toString();
    }
}
