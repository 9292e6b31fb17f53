package cn.chainatlas.chain;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The Chinese wording of gap reasons, from {@code i18n/gaps.properties}, with their figures as parameters.
 * Plain Java (no framework), so the gap rules stay testable without a server.
 */
final class GapReasons {

    private static final ResourceBundle BUNDLE = ResourceBundle.getBundle("i18n.gaps", Locale.SIMPLIFIED_CHINESE);

    private GapReasons() {
    }

    /** The text of {@code key} with its {n} placeholders filled in as given (format numbers before passing). */
    static String text(String key, Object... args) {
        String pattern = BUNDLE.getString(key);
        if (args.length == 0) {
            return pattern;
        }
        Object[] shown = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            // strings keep MessageFormat from grouping or rounding numbers behind the caller's back
            shown[i] = String.valueOf(args[i]);
        }
        return new MessageFormat(pattern.replace("'", "''"), Locale.SIMPLIFIED_CHINESE).format(shown);
    }
}
