package cn.chainatlas.matching;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/** The Chinese wording of match reasons, from {@code i18n/matching.properties}. Plain Java, so the rules test without a server. */
final class MatchReasons {

    private static final ResourceBundle BUNDLE = ResourceBundle.getBundle("i18n.matching", Locale.SIMPLIFIED_CHINESE);

    private MatchReasons() {
    }

    /** The text of {@code key} with its {n} placeholders filled in as given (numbers formatted by the caller). */
    static String text(String key, Object... args) {
        String pattern = BUNDLE.getString(key);
        if (args.length == 0) {
            return pattern;
        }
        Object[] shown = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            shown[i] = String.valueOf(args[i]);
        }
        return new MessageFormat(pattern.replace("'", "''"), Locale.SIMPLIFIED_CHINESE).format(shown);
    }
}
