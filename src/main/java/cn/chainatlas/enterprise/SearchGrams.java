package cn.chainatlas.enterprise;

import io.micronaut.core.annotation.Nullable;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The registry search's bigrams (pure): every two adjacent characters of a normalised text, packed into an int.
 * <p>
 * The index only narrows the candidates; the LIKE of {@code utf8mb4_unicode_ci} still decides. So the one rule that
 * matters is that it never drops a hit: when a text contains a stretch the collation calls equal to the query, the
 * query's bigrams must be among the text's. That holds when two characters the collation equates normalise alike,
 * and when normalising works character by character (a substring's normal form is then a substring of the text's).
 * Each character is therefore mapped on its own: compatibility decomposition (全角 ＡＢ１ → AB1, ㎜ → mm), combining
 * marks dropped (é → e), lower case. Where the collation equates more than this (ß = ss) a hit could be missed;
 * registry names and products are Chinese, Latin letters and digits, which this covers.
 */
final class SearchGrams {

    /** Texts with fewer normalised characters than this cannot be looked up by bigram (a one-character query). */
    static final int MIN_QUERY = 2;

    /** At most this many of a query's bigrams are looked up (first, last and one between): more cost more reads. */
    static final int QUERY_GRAMS = 3;

    private SearchGrams() {
    }

    /** The text as the index sees it (see the class comment); null → "". */
    static String normalise(@Nullable String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                b.append((char) (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
            } else if (cp >= 0x4E00 && cp <= 0x9FFF) {
                // CJK unified ideographs: no decomposition, no case
                b.append((char) cp);
            } else {
                String d = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
                for (int j = 0; j < d.length(); j++) {
                    char c = d.charAt(j);
                    if (Character.getType(c) != Character.NON_SPACING_MARK) {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** The distinct bigrams of a normalised text, as ints (16 bits per UTF-16 unit). */
    static Set<Integer> grams(String normalised, Set<Integer> into) {
        for (int i = 0; i + 1 < normalised.length(); i++) {
            into.add(pack(normalised.charAt(i), normalised.charAt(i + 1)));
        }
        return into;
    }

    /** The bigrams of an enterprise: of its name and of its products, each on its own (the LIKE reads them apart). */
    static Set<Integer> of(@Nullable String name, @Nullable String products) {
        Set<Integer> out = new LinkedHashSet<>();
        grams(normalise(name), out);
        grams(normalise(products), out);
        return out;
    }

    /**
     * The distinct bigrams of a search for {@code q}, in the query's order; a hit has all of them. Empty when the
     * query is too short for the index (then the caller scans). The index looks up the rarest few
     * ({@link #QUERY_GRAMS}).
     */
    static List<Integer> query(String q) {
        String n = normalise(q.strip());
        if (n.length() < MIN_QUERY) {
            return List.of();
        }
        return new ArrayList<>(grams(n, new LinkedHashSet<>()));
    }

    /**
     * Whether the bigram of {@code q} alone decides a hit, without the LIKE: two Chinese ideographs (U+4E00–U+9FFF),
     * which normalise to themselves, so the bigram is in an enterprise's index exactly when the LIKE finds them in its
     * name or products (the compatibility forms that normalise to them are the ones the collation equates as well).
     */
    static boolean exact(String q) {
        String s = q.strip();
        return s.length() == 2 && s.chars().allMatch(c -> c >= 0x4E00 && c <= 0x9FFF);
    }

    private static int pack(char a, char b) {
        return (a << 16) | b;
    }
}
