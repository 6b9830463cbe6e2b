package io.shardgate.router.sql;

/**
 * Tells the {@link Normalizer} which unsigned integers stay in the shape because their value changes the
 * statement's meaning: type parameters ({@code DECIMAL(10,2)}, {@code VARCHAR(64)}) and positions in an
 * {@code ORDER BY} / {@code GROUP BY} list ({@code ORDER BY 2}). It follows parenthesis depth and the words
 * that open and close such lists; the normalizer reports every token to it, in order.
 */
final class KeptNumbers {

    private static final String[] TYPE_WORDS = {
        "CHAR", "VARCHAR", "BINARY", "VARBINARY", "DECIMAL", "DEC", "NUMERIC", "FIXED", "FLOAT", "DOUBLE",
        "REAL", "INT", "INTEGER", "TINYINT", "SMALLINT", "MEDIUMINT", "BIGINT", "BIT", "DATETIME", "TIME",
        "TIMESTAMP", "YEAR", "NCHAR", "NVARCHAR", "CHARACTER", "TEXT", "BLOB", "VECTOR"};
    private static final String[] BY_LIST_ENDS = {
        "LIMIT", "HAVING", "WINDOW", "FOR", "LOCK", "INTO", "UNION", "PROCEDURE", "WITH", "EXCEPT",
        "INTERSECT"};

    private final String sql;
    private int depth;
    /** The depth inside a type's parentheses, or -1. */
    private int typeParenDepth = -1;
    /** The depth of the current ORDER BY / GROUP BY list, or -1. */
    private int byListDepth = -1;
    private boolean lastWasBy;

    KeptNumbers(String sql) {
        this.sql = sql;
    }

    /**
     * An opening parenthesis.
     *
     * @param wordStart start of the word right before it, or -1 when the token before is not a plain word
     */
    void open(int wordStart, int wordEnd) {
        if (wordStart >= 0 && isAnyWord(wordStart, wordEnd, TYPE_WORDS)) {
            typeParenDepth = depth + 1;
        }
        depth++;
        lastWasBy = false;
    }

    void close() {
        if (typeParenDepth == depth) {
            typeParenDepth = -1;
        }
        depth--;
        if (byListDepth > depth) {
            byListDepth = -1;
        }
        lastWasBy = false;
    }

    /** A {@code ;}: the next statement starts from scratch. */
    void endStatement() {
        byListDepth = -1;
        typeParenDepth = -1;
        depth = 0;
        lastWasBy = false;
    }

    /**
     * A plain word at {@code start..end}.
     *
     * @param prevStart start of the word before it, or -1 when a quoted identifier came between
     */
    void word(int prevStart, int prevEnd, int start, int end) {
        boolean by = end - start == 2 && sql.regionMatches(true, start, "BY", 0, 2);
        if (by && prevStart >= 0 && (is(prevStart, prevEnd, "ORDER") || is(prevStart, prevEnd, "GROUP"))) {
            byListDepth = depth;
        } else if (byListDepth >= 0 && isAnyWord(start, end, BY_LIST_ENDS)) {
            byListDepth = -1;
        }
        lastWasBy = by;
    }

    /** Any other token that ends a {@code BY} (punctuation, a literal, a quoted identifier). */
    void other() {
        lastWasBy = false;
    }

    /**
     * Whether an unsigned integer here stays in the shape.
     *
     * @param afterComma the token before it is a {@code ,}
     */
    boolean keeps(boolean afterComma) {
        return typeParenDepth == depth || byListDepth == depth && (lastWasBy || afterComma);
    }

    private boolean is(int start, int end, String w) {
        return end - start == w.length() && sql.regionMatches(true, start, w, 0, w.length());
    }

    private boolean isAnyWord(int start, int end, String[] words) {
        for (String w : words) {
            if (is(start, end, w)) {
                return true;
            }
        }
        return false;
    }
}
