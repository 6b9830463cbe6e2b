package io.shardgate.router.merge;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * An approximation of the Unicode Collation Algorithm as MySQL 8 ({@code *_0900_*}) and MariaDB
 * ({@code *_uca1400_*}, {@code *_unicode_ci}) apply it with non-ignorable punctuation. Written because
 * {@link java.text.Collator}'s root rules ignore hyphens and do not fold case outside Latin, so it would
 * group 'a-b' with 'ab' but not 'мир' with 'МИР'.
 *
 * <p>Primary weights: compatibility decomposition (NFKD: 'ﬁ' = 'fi', full-width 'Ａ' = 'A', NBSP = space);
 * combining marks, format and control characters are ignorable; letters are upper-cased with full case
 * mapping ('ß' = 'SS') and ordered by code point within groups that follow the DUCET: whitespace <
 * punctuation (ASCII in DUCET order {@code _ - , ; : ! ? . ' " ( ) [ ] { } @ * / \ & # % ` ^ + < = > | ~})
 * < symbols < currency < digits (by numeric value, any script) < letters. A few Latin letters without a
 * decomposition follow modern UCA: 'ø' = 'o', 'đ' = 'ð' = 'd', 'ł' = 'l', 'œ' = 'OE'; 'æ' sorts after
 * every 'a…', 'ı' after 'i…', 'þ' after 'z…'. Hangul syllables are not decomposed (MariaDB sorts them
 * after Han).
 *
 * The legacy variant follows UCA 4.0 ({@code *_unicode_ci}): 'đ', 'ð', 'ł', 'ø' are letters of their own
 * after 'd', 'l', 'o', and all supplementary characters weigh the same, after everything else.
 *
 * <p>Secondary (accents) and tertiary (case, lower first) levels break primary ties for the accent- and
 * case-sensitive variants. Measured against MariaDB 10.11 in {@code CollationOrderTest}: the remaining
 * difference there is the placement of U+FFFD; expect more among rare symbols and scripts.
 */
final class UcaApproximation {

    /** How many levels decide: 1 = accent- and case-insensitive, 2 = accent-sensitive, 3 = also case. */
    private final int levels;
    /** UCA 4.0/5.2 ({@code _unicode_ci}, {@code _unicode_520_ci}) rather than 9.0/14.0. */
    private final boolean legacy;

    private static final String ASCII_PUNCTUATION = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~";
    private static final String WHITESPACE = "\t\n\u000b\f\r ";

    private static final int WHITESPACE_GROUP = 0;
    private static final int PUNCTUATION_GROUP = 1;
    private static final int SYMBOL_GROUP = 2;
    private static final int CURRENCY_GROUP = 3;
    private static final int DIGIT_GROUP = 4;
    private static final int LETTER_GROUP = 5;

    /** The primary weight of a space: what PAD SPACE pads with. */
    static final int SPACE = weight(WHITESPACE_GROUP, WHITESPACE.indexOf(' '), 0);

    UcaApproximation(int levels, boolean legacy) {
        this.levels = levels;
        this.legacy = legacy;
    }

    private static int weight(int group, int value, int variant) {
        return group << 25 | value << 3 | variant;
    }

    /** The primary weights of a string, in order. */
    int[] primary(String s) {
        int[] out = new int[s.length() + 4];
        int n = 0;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (n + 8 >= out.length) {
                out = Arrays.copyOf(out, out.length * 2 + 8);
            }
            if (c < 0x80 || c >= 0xAC00 && c <= 0xD7A3) {
                // ASCII has no decomposition; Hangul syllables are weighed whole (see class comment)
                n = append(c, out, n);
                continue;
            }
            String d = Normalizer.normalize(new String(Character.toChars(c)), Normalizer.Form.NFKD);
            if (n + d.length() * 3 + 8 >= out.length) {
                out = Arrays.copyOf(out, out.length * 2 + d.length() * 3 + 8);
            }
            for (int j = 0; j < d.length(); ) {
                int dc = d.codePointAt(j);
                j += Character.charCount(dc);
                n = append(dc, out, n);
            }
        }
        return Arrays.copyOf(out, n);
    }

    private int append(int c, int[] out, int n) {
        int type = Character.getType(c);
        switch (type) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.FORMAT -> {
                return n;
            }
            case Character.CONTROL -> {
                int w = WHITESPACE.indexOf(c);
                if (w >= 0) {
                    out[n++] = weight(WHITESPACE_GROUP, w, 0);
                }
                return n;
            }
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
                out[n++] = SPACE;
                return n;
            }
            case Character.DECIMAL_DIGIT_NUMBER -> {
                out[n++] = weight(DIGIT_GROUP, Character.digit(c, 10), 0);
                return n;
            }
            case Character.CURRENCY_SYMBOL -> {
                out[n++] = weight(CURRENCY_GROUP, c, 0);
                return n;
            }
            case Character.MATH_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> {
                if (legacy && c > 0xFFFF) {
                    return appendLetter(c, out, n);
                }
                int p = c < 0x80 ? ASCII_PUNCTUATION.indexOf(c) : -1;
                out[n++] = p >= 0 ? weight(PUNCTUATION_GROUP, p, 0) : weight(SYMBOL_GROUP, c, 0);
                return n;
            }
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                 Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> {
                int p = c < 0x80 ? ASCII_PUNCTUATION.indexOf(c) : -1;
                out[n++] = weight(PUNCTUATION_GROUP, p >= 0 ? p : ASCII_PUNCTUATION.length() + c, 0);
                return n;
            }
            default -> {
                return appendLetter(c, out, n);
            }
        }
    }

    private int appendLetter(int c, int[] out, int n) {
        if (legacy) {
            // UCA 4.0 gives these letters their own primary weight after the base letter, and all
            // supplementary characters one weight after everything else
            int variant = switch (c) {
                case 'đ', 'Đ', 'ł', 'Ł', 'ø', 'Ø' -> 1;
                case 'ð', 'Ð' -> 2;
                default -> 0;
            };
            if (variant > 0) {
                int base = c == 'ł' || c == 'Ł' ? 'L' : c == 'ø' || c == 'Ø' ? 'O' : 'D';
                out[n++] = weight(LETTER_GROUP, base, variant);
                return n;
            }
        }
        if (legacy && c > 0xFFFF) {
            out[n++] = weight(LETTER_GROUP, 0x1FFFFF, 0);
            return n;
        }
        switch (c) {
            case 'ø', 'Ø' -> c = 'O';
            case 'đ', 'Đ', 'ð', 'Ð' -> c = 'D';
            case 'ł', 'Ł' -> c = 'L';
            case 'œ', 'Œ' -> {
                out[n++] = weight(LETTER_GROUP, 'O', 0);
                out[n++] = weight(LETTER_GROUP, 'E', 0);
                return n;
            }
            case 'æ', 'Æ' -> {
                out[n++] = weight(LETTER_GROUP, 'A', 1);
                return n;
            }
            case 'ı' -> {
                out[n++] = weight(LETTER_GROUP, 'I', 1);
                return n;
            }
            case 'þ', 'Þ' -> {
                out[n++] = weight(LETTER_GROUP, 'Z', 1);
                return n;
            }
            default -> {
            }
        }
        String upper = new String(Character.toChars(c)).toUpperCase(Locale.ROOT);
        for (int i = 0; i < upper.length(); ) {
            int u = upper.codePointAt(i);
            i += Character.charCount(u);
            out[n++] = weight(LETTER_GROUP, u, 0);
        }
        return n;
    }

    /** Compares like MySQL would at this collation's levels; PAD SPACE pads the primary weights. */
    int compare(String a, String b, boolean padSpace) {
        int c = comparePrimary(primary(a), primary(b), padSpace);
        if (c != 0 || levels == 1) {
            return c;
        }
        String ta = padSpace ? stripTrailingSpaces(a) : a;
        String tb = padSpace ? stripTrailingSpaces(b) : b;
        c = secondary(ta).compareTo(secondary(tb));
        if (c != 0 || levels == 2) {
            return c;
        }
        return tertiary(ta).compareTo(tertiary(tb));
    }

    /** A key equal for exactly the strings {@link #compare} finds equal. */
    Object key(String s, boolean padSpace) {
        int[] p = primary(s);
        int len = p.length;
        while (padSpace && len > 0 && p[len - 1] == SPACE) {
            len--;
        }
        StringBuilder k = new StringBuilder(len * 2 + 8);
        for (int i = 0; i < len; i++) {
            k.append((char) (p[i] >>> 16)).append((char) p[i]);
        }
        if (levels >= 2) {
            String t = padSpace ? stripTrailingSpaces(s) : s;
            k.append('\u0000').append('\u0000').append(secondary(t));
            if (levels >= 3) {
                k.append('\u0000').append(tertiary(t));
            }
        }
        return k.toString();
    }

    private static int comparePrimary(int[] a, int[] b, boolean padSpace) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        if (a.length == b.length) {
            return 0;
        }
        if (!padSpace) {
            return Integer.compare(a.length, b.length);
        }
        int[] longer = a.length > b.length ? a : b;
        for (int i = n; i < longer.length; i++) {
            if (longer[i] != SPACE) {
                int c = Integer.compare(longer[i], SPACE);
                return longer == a ? c : -c;
            }
        }
        return 0;
    }

    /** Accents: the canonical decomposition, case folded. */
    private static String secondary(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).toUpperCase(Locale.ROOT);
    }

    /** Case: the decomposition with case swapped, so lower case sorts first as in UCA. */
    private static String tertiary(String s) {
        String d = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(d.length());
        d.codePoints().forEach(c -> out.appendCodePoint(Character.isUpperCase(c) ? Character.toLowerCase(c)
                : Character.isLowerCase(c) ? Character.toUpperCase(c) : c));
        return out.toString();
    }

    private static String stripTrailingSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }
}
