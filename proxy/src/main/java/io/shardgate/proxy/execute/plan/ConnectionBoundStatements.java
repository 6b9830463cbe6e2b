package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.execute.ConnectionBinding;
import io.shardgate.proxy.execute.UserVariableReads;
import io.shardgate.router.sql.SqlMode;
import io.shardgate.router.sql.Words;
import java.util.Set;

/**
 * Recognizes statements that leave state on the backend connection that ran them which another connection of
 * the same session would not see or would block on ({@link ConnectionBinding}): {@code CREATE TEMPORARY TABLE},
 * {@code LOCK TABLES} / {@code UNLOCK TABLES}, {@code FLUSH TABLES ... WITH READ LOCK}, {@code HANDLER},
 * {@code GET_LOCK()} / {@code RELEASE_ALL_LOCKS()}, a user variable used inside a statement
 * ({@code @n := ...}, {@code INTO @x}) and {@code LAST_INSERT_ID(expr)}.
 *
 * <p>Read by words, without the parser: called for every routed statement, so the common case (a statement
 * starting with SELECT, INSERT, UPDATE ...) costs a look at the first word and a search for {@code @}; only
 * reads that go to the primary anyway (where the planner sends named-lock functions) are scanned for them.
 * Erring towards "binds" only costs the session its multiplexing and parallel cross-shard reads.
 */
final class ConnectionBoundStatements {

    private ConnectionBoundStatements() {
    }

    /**
     * @param sql the statement as sent to the backend
     * @param primaryRead the statement is routed to the primary (named-lock functions are)
     * @param mode how the session's SQL is lexed
     * @param literals the session's user variables SET to literals (lower case, with their {@code @}): replayed
     *     alike on any connection, so reading one computes nothing
     */
    static ConnectionBinding binding(String sql, boolean primaryRead, SqlMode mode, Set<String> literals) {
        int at = start(sql);
        if (at >= sql.length()) {
            return ConnectionBinding.NONE;
        }
        ConnectionBinding byWord = switch (Character.toUpperCase(sql.charAt(at))) {
            case 'C' -> word(sql, at, "CREATE") && containsWord(sql, at, Math.min(sql.length(), at + 40), "TEMPORARY")
                    ? ConnectionBinding.HOLDS_STATE : ConnectionBinding.NONE;
            case 'L' -> word(sql, at, "LOCK") ? ConnectionBinding.LOCKS_TABLES : ConnectionBinding.NONE;
            case 'U' -> word(sql, at, "UNLOCK") ? ConnectionBinding.UNLOCKS_TABLES : ConnectionBinding.NONE;
            case 'F' -> word(sql, at, "FLUSH") && containsWord(sql, at, sql.length(), "LOCK")
                    ? ConnectionBinding.LOCKS_TABLES : ConnectionBinding.NONE;
            case 'H' -> word(sql, at, "HANDLER") ? ConnectionBinding.HOLDS_STATE : ConnectionBinding.NONE;
            case 'S', 'D', 'W', '(' -> primaryRead ? namedLocks(sql, at) : ConnectionBinding.NONE;
            default -> ConnectionBinding.NONE;
        };
        if (byWord != ConnectionBinding.NONE) {
            return byWord;
        }
        if (UserVariableReads.mentionsAny(sql, mode)) {
            // one not SET to a literal is assigned here or was computed by an earlier statement on its connection
            return UserVariableReads.readsUnsynced(sql, literals, mode) ? ConnectionBinding.HOLDS_COMPUTED_VARIABLE
                    : ConnectionBinding.HOLDS_STATE;
        }
        return setsLastInsertId(sql) ? ConnectionBinding.HOLDS_STATE : ConnectionBinding.NONE;
    }

    private static ConnectionBinding namedLocks(String sql, int at) {
        if (containsWord(sql, at, sql.length(), "GET_LOCK")) {
            return ConnectionBinding.TAKES_NAMED_LOCK;
        }
        return containsWord(sql, at, sql.length(), "RELEASE_ALL_LOCKS")
                ? ConnectionBinding.RELEASES_NAMED_LOCKS : ConnectionBinding.NONE;
    }

    /** {@code LAST_INSERT_ID(expr)}: sets the value the connection answers {@code LAST_INSERT_ID()} with. */
    private static boolean setsLastInsertId(String sql) {
        for (int i = Words.indexOf(sql, "LAST_INSERT_ID", 0); i >= 0;
             i = Words.indexOf(sql, "LAST_INSERT_ID", i + 1)) {
            int j = i + "LAST_INSERT_ID".length();
            while (j < sql.length() && Character.isWhitespace(sql.charAt(j))) {
                j++;
            }
            if (j < sql.length() && sql.charAt(j) == '(') {
                j++;
                while (j < sql.length() && Character.isWhitespace(sql.charAt(j))) {
                    j++;
                }
                if (j < sql.length() && sql.charAt(j) != ')') {
                    return true;
                }
            }
        }
        return false;
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
