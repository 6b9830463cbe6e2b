package io.shardgate.router.merge;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * An approximation of the Unicode Collation Algorithm as MySQL 8 ({@code *_0900_*}) and MariaDB
 * ({@code *_uca1400_*}, {@code *_unicode_ci}) apply it, with non-ignorable punctuation. Written because
 * {@link java.text.Collator}'s root rules ignore hyphens and do not fold case outside Latin, so it would
 * group 'a-b' with 'ab' but not 'мир' with 'МИР'.
 *
 * <p>Each character becomes collation elements with three levels:
 * <ul>
 *   <li>Primary (the base letter): compatibility decomposition (NFKD: 'ﬁ' = 'fi', full-width 'Ａ' = 'A',
 *       NBSP = space); combining marks, format and control characters are ignorable; letters are
 *       upper-cased with full case mapping ('ß' = 'SS') and ordered by code point within groups that
 *       follow the DUCET: whitespace < punctuation (ASCII in DUCET order {@code _ - , ; : ! ? . ' " ( ) [ ]
 *       { } @ * / \ & # % ` ^ + < = > | ~}) < symbols < currency < digits (by numeric value, any script)
 *       < letters. Latin letters without a decomposition follow modern UCA: 'ø' ~ 'o', 'đ' ~ 'ð' ~ 'd',
 *       'ł' ~ 'l' (differing at the secondary level), 'œ' = 'OE'; 'æ' sorts after every 'a…', 'ı' after
 *       'i…', 'þ' after 'z…'. Hangul syllables are not decomposed (MariaDB sorts them after Han).
 *   <li>Secondary (accents): one weight per base, one per combining mark, marks in DUCET order
 *       (acute < grave < breve < circumflex < caron < ring < diaeresis < double acute < tilde < dot).
 *   <li>Tertiary (case and variants): lower < compatibility variant (full-width, ligature part) < upper
 *       < final sigma.
 * </ul>
 * The legacy variant follows UCA 4.0 ({@code *_unicode_ci}): 'đ', 'ð', 'ł', 'ø' are letters of their own
 * after 'd', 'l', 'o', and all supplementary characters weigh the same, after everything else.
 *
 * <p>Measured against MariaDB 10.11 in {@code CollationOrderTest}, where it agrees on every tested string;
 * expect differences among rarer symbols and scripts, contractions and language tailorings.
 */
final class UcaApproximation {

    private static final String ASCII_PUNCTUATION = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~";
    private static final String WHITESPACE = "\t\n\u000b\f\r ";
    /** Combining marks in DUCET secondary order; others follow by code point. */
    private static final String MARK_ORDER = "\u0301\u0300\u0306\u0302\u030C\u030A\u0308\u030B\u0303\u0307"
            + "\u0338\u0327\u0328\u0304";

    private static final int WHITESPACE_GROUP = 0;
    private static final int PUNCTUATION_GROUP = 1;
    private static final int SYMBOL_GROUP = 2;
    private static final int CURRENCY_GROUP = 3;
    private static final int DIGIT_GROUP = 4;
    private static final int LETTER_GROUP = 5;

    /** Secondary weight of a base character without accent. */
    private static final int COMMON = 1;
    /** Secondary weights of letters MySQL treats as a base letter with a "stroke" kind of accent. */
    private static final int STROKE = 0x400;
    private static final int ETH = 0x401;
    private static final int SHARP_S = 0x402;
    private static final int LIGATURE = 0x403;

    /** The primary weight of a space: what PAD SPACE pads with. */
    static final int SPACE = primaryWeight(WHITESPACE_GROUP, WHITESPACE.indexOf(' '), 0);

    /** Primary weight of each ASCII character, -1 for the ignorable controls; see {@link #compareAscii}. */
    private static final int[] ASCII_PRIMARY = new int[128];
    private static final int NOT_ASCII = Integer.MIN_VALUE;

    static {
        UcaApproximation any = new UcaApproximation(3, false);
        for (int c = 0; c < 128; c++) {
            Elements e = new Elements();
            any.add(c, false, e);
            ASCII_PRIMARY[c] = e.primary.size == 1 ? e.primary.values[0] : -1;
        }
    }

    /** How many levels decide: 1 = accent- and case-insensitive, 2 = accent-sensitive, 3 = also case. */
    private final int levels;
    /** UCA 4.0/5.2 ({@code _unicode_ci}, {@code _unicode_520_ci}) rather than 9.0/14.0. */
    private final boolean legacy;

    UcaApproximation(int levels, boolean legacy) {
        this.levels = levels;
        this.legacy = legacy;
    }

    private static int primaryWeight(int group, int value, int variant) {
        return group << 25 | value << 3 | variant;
    }

    /**
     * Compares like MySQL would at this collation's levels. PAD SPACE pads each level with the weight a
     * space has there, so 'a' = 'a ' at every level, while a trailing NBSP (a space at the first two levels
     * but a compatibility variant at the third) only differs in case-sensitive collations, as in MariaDB.
     */
    int compare(String a, String b, boolean padSpace) {
        int ascii = compareAscii(a, b, padSpace);
        if (ascii != NOT_ASCII) {
            return ascii;
        }
        Elements x = elements(a);
        Elements y = elements(b);
        int c = compareLevel(x.primary, y.primary, padSpace ? SPACE : -1);
        if (c != 0 || levels == 1) {
            return c;
        }
        c = compareLevel(x.secondary, y.secondary, padSpace ? COMMON : -1);
        if (c != 0 || levels == 2) {
            return c;
        }
        return compareLevel(x.tertiary, y.tertiary, padSpace ? 0 : -1);
    }

    /**
     * The common case without allocation: while both strings are ASCII without ignorable controls, each
     * character is exactly one element (secondary weights all equal, tertiary = case), so the first
     * primary difference decides. {@link #NOT_ASCII} when a character needs the general path.
     */
    private int compareAscii(String a, String b, boolean padSpace) {
        int n = Math.min(a.length(), b.length());
        int tertiary = 0;
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca >= 128 || cb >= 128 || ASCII_PRIMARY[ca] < 0 || ASCII_PRIMARY[cb] < 0) {
                return NOT_ASCII;
            }
            if (ca != cb) {
                int wa = ASCII_PRIMARY[ca];
                int wb = ASCII_PRIMARY[cb];
                if (wa != wb) {
                    return Integer.compare(wa, wb);
                }
                if (tertiary == 0) {
                    tertiary = Boolean.compare(Character.isUpperCase(ca), Character.isUpperCase(cb));
                }
            }
        }
        String longer = a.length() > b.length() ? a : b;
        for (int i = n; i < longer.length(); i++) {
            char c = longer.charAt(i);
            if (c >= 128 || ASCII_PRIMARY[c] < 0) {
                return NOT_ASCII;
            }
        }
        int sign = longer == a ? 1 : -1;
        for (int i = n; i < longer.length(); i++) {
            int w = ASCII_PRIMARY[longer.charAt(i)];
            if (!padSpace) {
                return sign;
            }
            if (w != SPACE) {
                return sign * Integer.compare(w, SPACE);
            }
        }
        // equal primaries; trailing pad spaces are equal at every level
        return levels >= 3 ? tertiary : 0;
    }

    /** A key equal for exactly the strings {@link #compare} finds equal. */
    Object key(String s, boolean padSpace) {
        Elements e = elements(s);
        StringBuilder k = new StringBuilder(e.primary.size * 2 + 8);
        appendLevel(k, e.primary, padSpace ? SPACE : -1);
        if (levels >= 2) {
            appendLevel(k.append('\u0000').append('\u0000'), e.secondary, padSpace ? COMMON : -1);
            if (levels >= 3) {
                appendLevel(k.append('\u0000').append('\u0000'), e.tertiary, padSpace ? 0 : -1);
            }
        }
        return k.toString();
    }

    /** The level's weights, without the trailing pad weights that compare equal to nothing. */
    private static void appendLevel(StringBuilder k, Ints weights, int pad) {
        int len = weights.size;
        while (pad >= 0 && len > 0 && weights.values[len - 1] == pad) {
            len--;
        }
        for (int i = 0; i < len; i++) {
            int w = weights.values[i];
            k.append((char) (w >>> 16)).append((char) w);
        }
    }

    /** Lexicographic; with a pad weight, the shorter sequence continues with it (-1: no padding). */
    private static int compareLevel(Ints a, Ints b, int pad) {
        int n = Math.min(a.size, b.size);
        for (int i = 0; i < n; i++) {
            if (a.values[i] != b.values[i]) {
                return Integer.compare(a.values[i], b.values[i]);
            }
        }
        if (a.size == b.size) {
            return 0;
        }
        if (pad < 0) {
            return Integer.compare(a.size, b.size);
        }
        Ints longer = a.size > b.size ? a : b;
        for (int i = n; i < longer.size; i++) {
            if (longer.values[i] != pad) {
                int c = Integer.compare(longer.values[i], pad);
                return longer == a ? c : -c;
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------- collation elements

    private static final class Ints {
        int[] values = new int[8];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

    }

    private static final class Elements {
        final Ints primary = new Ints();
        final Ints secondary = new Ints();
        final Ints tertiary = new Ints();

        void base(int primaryWeight, int secondaryWeight, int tertiaryWeight) {
            primary.add(primaryWeight);
            secondary.add(secondaryWeight);
            tertiary.add(tertiaryWeight);
        }
    }

    private Elements elements(String s) {
        Elements e = new Elements();
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c < 0x80 || c >= 0xAC00 && c <= 0xD7A3) {
                // ASCII has no decomposition; Hangul syllables are weighed whole (see class comment)
                add(c, false, e);
                continue;
            }
            String one = new String(Character.toChars(c));
            String d = Normalizer.normalize(one, Normalizer.Form.NFKD);
            boolean compat = !d.equals(Normalizer.normalize(one, Normalizer.Form.NFD));
            for (int j = 0; j < d.length(); ) {
                int dc = d.codePointAt(j);
                j += Character.charCount(dc);
                add(dc, compat, e);
            }
        }
        return e;
    }

    private void add(int c, boolean compat, Elements e) {
        if (c == 0xFFFD && !legacy) {
            // UCA 6.3+ gives the replacement character the highest primary weight
            e.base(primaryWeight(LETTER_GROUP, 0x1FFFFF, 7), COMMON, 0);
            return;
        }
        switch (Character.getType(c)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK -> {
                int m = MARK_ORDER.indexOf(c);
                e.secondary.add(m >= 0 ? 2 + m : 0x100 + c);
            }
            case Character.FORMAT -> {
                // ignorable at every level
            }
            case Character.CONTROL -> {
                int w = WHITESPACE.indexOf(c);
                if (w >= 0) {
                    e.base(primaryWeight(WHITESPACE_GROUP, w, 0), COMMON, 0);
                }
            }
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
                    e.base(SPACE, COMMON, compat ? 1 : 0);
            case Character.DECIMAL_DIGIT_NUMBER ->
                    e.base(primaryWeight(DIGIT_GROUP, Character.digit(c, 10), 0), COMMON, compat ? 1 : 0);
            case Character.CURRENCY_SYMBOL -> e.base(primaryWeight(CURRENCY_GROUP, c, 0), COMMON, 0);
            case Character.MATH_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> {
                if (legacy && c > 0xFFFF) {
                    addLetter(c, compat, e);
                } else {
                    int p = c < 0x80 ? ASCII_PUNCTUATION.indexOf(c) : -1;
                    e.base(p >= 0 ? primaryWeight(PUNCTUATION_GROUP, p, 0) : primaryWeight(SYMBOL_GROUP, c, 0),
                            COMMON, 0);
                }
            }
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                 Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> {
                int p = c < 0x80 ? ASCII_PUNCTUATION.indexOf(c) : -1;
                e.base(primaryWeight(PUNCTUATION_GROUP, p >= 0 ? p : ASCII_PUNCTUATION.length() + c, 0), COMMON, 0);
            }
            default -> addLetter(c, compat, e);
        }
    }

    private void addLetter(int c, boolean compat, Elements e) {
        int tertiary = (Character.isUpperCase(c) || Character.isTitleCase(c) ? 2 : 0) + (compat ? 1 : 0);
        if (legacy) {
            if (c > 0xFFFF) {
                e.base(primaryWeight(LETTER_GROUP, 0x1FFFFF, 0), COMMON, 0);
                return;
            }
            // UCA 4.0 gives these letters their own primary weight after the base letter
            switch (c) {
                case 'đ', 'Đ' -> {
                    e.base(primaryWeight(LETTER_GROUP, 'D', 1), COMMON, tertiary);
                    return;
                }
                case 'ð', 'Ð' -> {
                    e.base(primaryWeight(LETTER_GROUP, 'D', 2), COMMON, tertiary);
                    return;
                }
                case 'ł', 'Ł' -> {
                    e.base(primaryWeight(LETTER_GROUP, 'L', 1), COMMON, tertiary);
                    return;
                }
                case 'ø', 'Ø' -> {
                    e.base(primaryWeight(LETTER_GROUP, 'O', 1), COMMON, tertiary);
                    return;
                }
                default -> {
                }
            }
        }
        switch (c) {
            case 'ø', 'Ø' -> e.base(primaryWeight(LETTER_GROUP, 'O', 0), STROKE, tertiary);
            case 'đ', 'Đ' -> e.base(primaryWeight(LETTER_GROUP, 'D', 0), STROKE, tertiary);
            case 'ð', 'Ð' -> e.base(primaryWeight(LETTER_GROUP, 'D', 0), ETH, tertiary);
            case 'ł', 'Ł' -> e.base(primaryWeight(LETTER_GROUP, 'L', 0), STROKE, tertiary);
            case 'œ', 'Œ' -> {
                e.base(primaryWeight(LETTER_GROUP, 'O', 0), COMMON, tertiary);
                e.base(primaryWeight(LETTER_GROUP, 'E', 0), LIGATURE, tertiary);
            }
            case 'ß' -> {
                e.base(primaryWeight(LETTER_GROUP, 'S', 0), COMMON, 0);
                e.base(primaryWeight(LETTER_GROUP, 'S', 0), SHARP_S, 0);
            }
            case 'æ', 'Æ' -> e.base(primaryWeight(LETTER_GROUP, 'A', 1), COMMON, tertiary);
            case 'ı' -> e.base(primaryWeight(LETTER_GROUP, 'I', 1), COMMON, tertiary);
            case 'þ', 'Þ' -> e.base(primaryWeight(LETTER_GROUP, 'Z', 1), COMMON, tertiary);
            case 'ς' -> e.base(primaryWeight(LETTER_GROUP, 'Σ', 0), COMMON, 4);
            default -> {
                String upper = new String(Character.toChars(c)).toUpperCase(Locale.ROOT);
                for (int i = 0; i < upper.length(); ) {
                    int u = upper.codePointAt(i);
                    i += Character.charCount(u);
                    e.base(primaryWeight(LETTER_GROUP, u, 0), COMMON, tertiary);
                }
            }
        }
    }
}
