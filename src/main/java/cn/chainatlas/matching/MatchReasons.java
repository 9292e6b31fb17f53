package cn.chainatlas.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Chinese wording of match reasons, from {@code i18n/matching.properties}. Plain Java, so the rules test without a
 * server. The arguments arrive formatted as text, so a pattern is only split at its {n} placeholders (once per key)
 * and filled in: a ranking of thousands of candidates builds many of these.
 */
final class MatchReasons {

    private static final ResourceBundle BUNDLE = ResourceBundle.getBundle("i18n.matching", Locale.SIMPLIFIED_CHINESE);
    /** key → alternating literal text (String) and argument index (Integer) */
    private static final Map<String, List<Object>> PATTERNS = new ConcurrentHashMap<>();

    private MatchReasons() {
    }

    /** The text of {@code key} with its {n} placeholders filled in as given (numbers formatted by the caller). */
    static String text(String key, Object... args) {
        List<Object> parts = PATTERNS.computeIfAbsent(key, k -> compile(BUNDLE.getString(k)));
        StringBuilder b = new StringBuilder(64);
        for (Object part : parts) {
            if (part instanceof Integer i) {
                b.append(i < args.length ? String.valueOf(args[i]) : "{" + i + "}");
            } else {
                b.append((String) part);
            }
        }
        return b.toString();
    }

    static List<Object> compile(String pattern) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            int close = c == '{' ? pattern.indexOf('}', i) : -1;
            if (close > i + 1 && pattern.substring(i + 1, close).chars().allMatch(Character::isDigit)) {
                parts.add(literal.toString());
                literal.setLength(0);
                parts.add(Integer.parseInt(pattern.substring(i + 1, close)));
                i = close;
            } else {
                literal.append(c);
            }
        }
        parts.add(literal.toString());
        return List.copyOf(parts);
    }
}
