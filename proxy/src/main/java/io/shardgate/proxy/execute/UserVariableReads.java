package io.shardgate.proxy.execute;

import io.shardgate.router.sql.SqlMode;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a shard statement reads a user variable ({@code @name}) that a connection other than the session's
 * own would not hold. Variables the session assigned with SET are replayed on every connection that serves
 * it, so reading those is fine; one assigned inside a statement ({@code SELECT @n := ...}) lives only on the
 * connection that ran it. Quoted text, quoted identifiers and comments are skipped; a quoted variable name
 * ({@code @'a b'}) counts as unknown, which only costs parallelism.
 */
public final class UserVariableReads {

    private UserVariableReads() {
    }

    /** Whether {@code sql} names any user variable: one assigned inside a statement ties the session to its connection. */
    public static boolean mentionsAny(String sql, SqlMode mode) {
        return sql.indexOf('@') >= 0 && readsUnsynced(sql, Set.of(), mode);
    }

    /**
     * Whether {@code sql} reads a user variable the session did not SET (one only its own connection knows).
     *
     * @param sql a shard statement
     * @param synced the session's SET user variables, lower case with their {@code @}
     * @param mode how the session's SQL is lexed
     */
    public static boolean readsUnsynced(String sql, Set<String> synced, SqlMode mode) {
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = mode.skipQuoted(sql, i, c);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if ((c == '#') || (c == '-' && sql.startsWith("-- ", i))) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '@') {
                if (i + 1 < n && sql.charAt(i + 1) == '@') {
                    i = skipName(sql, i + 2); // a system variable: the connection's own, synced by SET
                    continue;
                }
                int end = skipName(sql, i + 1);
                if (end == i + 1 || !synced.contains(sql.substring(i, end).toLowerCase(Locale.ROOT))) {
                    return true;
                }
                i = end;
            } else {
                i++;
            }
        }
        return false;
    }

    private static int skipName(String sql, int from) {
        int i = from;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }
}
