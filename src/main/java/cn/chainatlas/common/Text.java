package cn.chainatlas.common;

/**
 * Cell text the way a person means it: what they see on screen, without the characters they cannot see.
 * Invisible characters that other systems and copy-paste leave behind (zero-width spaces and joiners, byte-order
 * marks, direction marks, soft hyphens) are dropped everywhere; full-width letters and digits are folded where a
 * value is an identifier or a word the registry compares.
 */
public final class Text {

    private Text() {
    }

    /**
     * Characters that take no room on screen: zero-width space, non-joiner, joiner, word joiner, byte-order mark,
     * soft hyphen, the direction marks and embeddings (U+200E/200F, U+202A–202E, U+2066–2069), Mongolian vowel
     * separator.
     */
    public static boolean invisible(char c) {
        return c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF' || c == '\u00AD'
                || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u180E';
    }

    /** The text without its invisible characters (null stays null). */
    public static String visible(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        int n = s.length();
        while (i < n && !invisible(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n);
        b.append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!invisible(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A name as the clerk sees it (企业名称, 联系人): invisible characters dropped, a line break (Alt+Enter in a cell)
     * joined away — without a space between Chinese characters, with one between words — spaces collapsed,
     * full-width letters, digits and spaces folded; Chinese punctuation such as （） kept. Null if blank.
     */
    public static String name(String s) {
        String v = visible(s);
        if (v == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(v.length());
        boolean pendingSpace = false;
        boolean pendingBreak = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= '\uFF10' && c <= '\uFF19' || c >= '\uFF21' && c <= '\uFF3A' || c >= '\uFF41' && c <= '\uFF5A') {
                c = (char) (c - 0xFEE0);
            }
            if (c == '\r' || c == '\n') {
                pendingBreak = b.length() > 0;
            } else if (c == ' ' || c == '\t' || c == '\u3000' || c == '\u00A0') {
                pendingSpace = b.length() > 0;
            } else {
                if (pendingSpace || (pendingBreak && !(cjk(b.charAt(b.length() - 1)) && cjk(c)))) {
                    b.append(' ');
                }
                pendingSpace = false;
                pendingBreak = false;
                b.append(c);
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    /** A CJK ideograph or CJK punctuation: no space belongs between two of them. */
    public static boolean cjk(char c) {
        return (c >= '\u4E00' && c <= '\u9FFF') || (c >= '\u3400' && c <= '\u4DBF') || (c >= '\u3000' && c <= '\u303F')
                || (c >= '\uFF00' && c <= '\uFF0F') || (c >= '\uFF1A' && c <= '\uFF20');
    }

    /**
     * Strips the marks other systems put around a value to force Excel to keep it as text: a leading apostrophe
     * ('0769…), and the formula wrapper ="…" that CSV exports write. Null stays null.
     */
    public static String unforced(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        if (t.length() >= 3 && t.startsWith("=\"") && t.endsWith("\"")) {
            return t.substring(2, t.length() - 1);
        }
        if (t.length() >= 2 && (t.charAt(0) == '\'' || t.charAt(0) == '\u2018' || t.charAt(0) == '\u2019')) {
            return t.substring(1);
        }
        return s;
    }

    /** The first character that has no place in an identifier (a control character), or -1. */
    public static int firstControl(String s) {
        if (s == null) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\r' && c != '\n') {
                return c;
            }
        }
        return -1;
    }

    /** How a refused character is named in a message: U+0007 and, where it has one, its Chinese name. */
    public static String describe(int c) {
        String hex = String.format("U+%04X", c);
        return switch (c) {
            case 0x200B -> hex + "（零宽空格）";
            case 0xFEFF -> hex + "（字节顺序标记）";
            case 0x00A0 -> hex + "（不换行空格）";
            default -> Character.isISOControl(c) ? hex + "（控制字符）" : hex;
        };
    }

    public static char halfWidth(char c) {
        if (c >= '\uFF01' && c <= '\uFF5E') {
            return (char) (c - 0xFEE0);
        }
        if (c == '\u3000' || c == '\u00A0') {
            return ' ';
        }
        return c;
    }

    /** Full-width letters, digits and punctuation folded to ASCII; whitespace runs collapsed; trimmed. Null if blank. */
    public static String fold(String s) {
        if (s == null) {
            return null;
        }
        s = visible(s);
        if (folded(s)) {
            // most cells hold nothing to fold: the text itself, without a copy (an import folds several cells a row)
            return s;
        }
        int n = s.length();
        StringBuilder b = new StringBuilder(n);
        boolean pendingSpace = false;
        for (int i = 0; i < n; i++) {
            char h = halfWidth(s.charAt(i));
            if (h == ' ' || h == '\t' || h == '\r' || h == '\n') {
                pendingSpace = b.length() > 0;
            } else {
                if (pendingSpace) {
                    b.append(' ');
                    pendingSpace = false;
                }
                b.append(h);
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    /** Whether {@link #fold} would give {@code s} back unchanged: not empty, nothing full-width, single inner spaces only. */
    private static boolean folded(String s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                if (i == 0 || i == n - 1 || s.charAt(i - 1) == ' ') {
                    return false;
                }
            } else if (c == '\t' || c == '\r' || c == '\n' || halfWidth(c) != c) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many characters a clerk sees in {@code s}: code points, so that an emoji or a rare 汉字 outside the BMP counts
     * once (Java's {@code length()} counts two), as MariaDB/MySQL count a {@code varchar}'s characters in utf8mb4.
     * Every "超过 n 个字" check counts so (fresh-eyes pass #15: 600 😀 were refused as 1,200 characters).
     */
    public static int chars(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Trimmed free text (full-width spaces too) with its own characters kept: names, products. Null if blank. */
    public static String clean(String s) {
        if (s == null) {
            return null;
        }
        s = visible(s);
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return start == end ? null : s.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\u3000' || c == '\u00A0' || c == '\t' || c == '\r' || c == '\n';
    }

    /** For matching: folded, lower case, no spaces at all. */
    public static String key(String s) {
        String f = fold(s);
        if (f == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(f.length());
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c != ' ') {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }
}
