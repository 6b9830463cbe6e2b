package io.shardgate.router.sql;

/**
 * Case-insensitive search for an ASCII keyword or name in SQL text, without allocating: the proxy asks such
 * questions of every statement ("does it mention LAST_INSERT_ID?"), where lower-casing the text or
 * {@code regionMatches} at every position would cost more than the answer is worth. Plain text search: quoted
 * strings and comments count too, which callers accept as erring on the safe side.
 */
public final class Words {

    private Words() {
    }

    /**
     * The first index at or after {@code from} where {@code word} (ASCII, upper case) occurs in {@code text} in any
     * letter case, or -1.
     */
    public static int indexOf(String text, String word, int from) {
        char upper = word.charAt(0);
        char lower = Character.toLowerCase(upper);
        int last = text.length() - word.length();
        for (int i = Math.max(from, 0); i <= last; i++) {
            char c = text.charAt(i);
            if ((c == upper || c == lower) && text.regionMatches(true, i + 1, word, 1, word.length() - 1)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code word} (ASCII, upper case) occurs in {@code text} in any letter case. */
    public static boolean contains(String text, String word) {
        return indexOf(text, word, 0) >= 0;
    }
}
