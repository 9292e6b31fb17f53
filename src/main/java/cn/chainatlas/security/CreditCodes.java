package cn.chainatlas.security;

/**
 * The unified social credit code of GB 32100-2015: 18 characters from a 31-letter alphabet (no I, O, Z, S, V),
 * the last one a check character over the first seventeen. A LEADER account is tied to such a code, so a typo
 * here would tie it to nobody.
 */
public final class CreditCodes {

    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private CreditCodes() {
    }

    public static boolean isValid(String code) {
        if (code == null || code.length() != 18) {
            return false;
        }
        for (int i = 0; i < 18; i++) {
            if (ALPHABET.indexOf(code.charAt(i)) < 0) {
                return false;
            }
        }
        return checkCharacter(code.substring(0, 17)) == code.charAt(17);
    }

    /** The check character for the first 17 characters (which must be from the alphabet). */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = ALPHABET.indexOf(first17.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("'" + first17.charAt(i) + "' is not a credit-code character");
            }
            sum += value * WEIGHTS[i];
        }
        int check = (31 - sum % 31) % 31;
        return ALPHABET.charAt(check);
    }
}
