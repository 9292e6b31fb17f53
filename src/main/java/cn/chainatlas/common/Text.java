package cn.chainatlas.common;

/** Cell text the way a person means it: full-width forms folded, odd spaces trimmed. */
public final class Text {

    private Text() {
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

    /** Trimmed free text (full-width spaces too) with its own characters kept: names, products. Null if blank. */
    public static String clean(String s) {
        if (s == null) {
            return null;
        }
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
