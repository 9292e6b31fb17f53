package cn.chainatlas.matchmaking;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The Chinese wording of the allocation's reasons, from {@code i18n/allocation.properties}. Plain Java, so
 * {@link AllocationPolicy} tests without a server. Arguments arrive formatted as text or whole numbers.
 */
final class AllocationReasons {

    private static final ResourceBundle BUNDLE = ResourceBundle.getBundle("i18n.allocation", Locale.SIMPLIFIED_CHINESE);

    private AllocationReasons() {
    }

    static String text(String key, Object... args) {
        Object[] shown = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            shown[i] = args[i] instanceof Number n ? String.valueOf(n) : args[i];
        }
        return new MessageFormat(BUNDLE.getString(key), Locale.SIMPLIFIED_CHINESE).format(shown);
    }
}
