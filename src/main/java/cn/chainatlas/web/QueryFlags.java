package cn.chainatlas.web;

import cn.chainatlas.common.BadInput;
import io.micronaut.core.annotation.Nullable;

import java.util.Locale;

/**
 * Yes/no query parameters ({@code ?dryRun=}, {@code ?async=}, {@code ?includeExcluded=} …) read strictly. Micronaut
 * reads any text it does not know as false, so {@code dryRun=1} or a typo such as {@code dryRun=ture} committed an
 * upload that the clerk meant as a dry run (fresh-eyes pass #14). Here a value is one of the words below or refused.
 */
public final class QueryFlags {

    private QueryFlags() {
    }

    /**
     * @param name   the parameter's name, as the error names it
     * @param raw    the value sent (null or blank: not sent)
     * @param absent the value when not sent
     * @return true for true/1/yes/是, false for false/0/no/否 (any case)
     * @throws BadInput (400, field {@code name}) for anything else
     */
    public static boolean flag(String name, @Nullable String raw, boolean absent) {
        if (raw == null || raw.isBlank()) {
            return absent;
        }
        Boolean b = word(raw);
        if (b == null) {
            throw new BadInput(name, "参数「" + name + "」应为 true 或 false（现为「" + shown(raw) + "」）");
        }
        return b;
    }

    /** true for true/1/yes/是, false for false/0/no/否 (any case, trimmed), null for anything else. */
    public static Boolean word(String raw) {
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "是" -> true;
            case "false", "0", "no", "否" -> false;
            default -> null;
        };
    }

    private static String shown(String raw) {
        String t = raw.strip();
        return t.length() > 20 ? t.substring(0, 20) + "…" : t;
    }
}
