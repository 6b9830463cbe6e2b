package io.shardgate.proxy.execute.plan;

/**
 * Recognizes statements that leave state on the backend connection that ran them which another connection of
 * the same session would not see or would block on: {@code CREATE TEMPORARY TABLE}, {@code LOCK TABLES},
 * {@code FLUSH TABLES ... WITH READ LOCK}, {@code HANDLER ... OPEN} and {@code GET_LOCK()}. After one of them
 * a session's reads stay on its pinned connections (see {@link SessionBackends#holdsConnectionState}).
 *
 * <p>Read by words, without the parser: called for every routed statement, so the common case (a statement
 * starting with SELECT, INSERT, UPDATE ...) costs a look at the first word; only reads that go to the primary
 * anyway (where the planner sends GET_LOCK) are scanned for {@code GET_LOCK(}. Erring towards "leaves state"
 * only costs the session its parallel cross-shard reads.
 */
final class ConnectionBoundStatements {

    private ConnectionBoundStatements() {
    }

    /**
     * @param sql the statement as sent to the backend
     * @param primaryRead the statement is routed to the primary (named-lock functions are)
     */
    static boolean leavesState(String sql, boolean primaryRead) {
        int at = start(sql);
        if (at >= sql.length()) {
            return false;
        }
        return switch (Character.toUpperCase(sql.charAt(at))) {
            case 'C' -> word(sql, at, "CREATE") && containsWord(sql, at, Math.min(sql.length(), at + 40), "TEMPORARY");
            case 'L' -> word(sql, at, "LOCK");
            case 'F' -> word(sql, at, "FLUSH") && containsWord(sql, at, sql.length(), "LOCK");
            case 'H' -> word(sql, at, "HANDLER");
            case 'S', 'D', 'W', '(' -> primaryRead && containsWord(sql, at, sql.length(), "GET_LOCK");
            default -> false;
        };
    }

    /** The index of the first character that is not white space or inside a leading comment. */
    private static int start(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '#' || c == '-' && sql.startsWith("-- ", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean word(String sql, int at, String word) {
        return sql.regionMatches(true, at, word, 0, word.length()) && boundary(sql, at + word.length());
    }

    /** {@code word} as a whole word somewhere in sql[from, to), case-insensitively. */
    private static boolean containsWord(String sql, int from, int to, String word) {
        for (int i = from; i + word.length() <= to; i++) {
            if (sql.regionMatches(true, i, word, 0, word.length()) && (i == 0 || boundary(sql, i - 1))
                    && boundary(sql, i + word.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean boundary(String sql, int i) {
        if (i >= sql.length()) {
            return true;
        }
        char c = sql.charAt(i);
        return !(Character.isLetterOrDigit(c) || c == '_' || c == '$');
    }
}
