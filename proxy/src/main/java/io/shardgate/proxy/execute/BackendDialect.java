package io.shardgate.proxy.execute;

import io.shardgate.router.sql.SqlMode;
import io.shardgate.router.sql.Words;
import java.util.Locale;
import java.util.Set;

/**
 * The differences between backends that the proxy hides from clients. shardgate tells clients it is MySQL
 * 8.0, so drivers use MySQL 8 names; MariaDB before 11.1 only knows the older names of the transaction
 * variables and answers {@code @@transaction_isolation} with ERROR 1193. Statements sent to such a backend
 * get the older names ({@link #translate}); MySQL 8 has only the new ones. MariaDB's
 * {@code INFORMATION_SCHEMA.KEYWORDS} lacks MySQL 8's {@code RESERVED} column: {@link KeywordsTable} stands in.
 */
public final class BackendDialect {

    private BackendDialect() {
    }

    /** True for MariaDB versions that lack {@code transaction_isolation} / {@code transaction_read_only}. */
    public static boolean usesTxNames(String serverVersion) {
        if (serverVersion == null || !serverVersion.toLowerCase(Locale.ROOT).contains("mariadb")) {
            return false;
        }
        String v = serverVersion.startsWith("5.5.5-") ? serverVersion.substring(6) : serverVersion;
        String[] parts = v.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major < 11 || (major == 11 && minor < 1);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** The variable name this backend understands for a (normalized, MySQL 8) session variable name. */
    public static String variableName(String name, String serverVersion) {
        if (!usesTxNames(serverVersion)) {
            return name;
        }
        return switch (name) {
            case "transaction_isolation" -> "tx_isolation";
            case "transaction_read_only" -> "tx_read_only";
            default -> name;
        };
    }

    /** Normalizes the older names clients may still use to the MySQL 8 ones the session records. */
    public static String normalize(String name) {
        return switch (name) {
            case "tx_isolation" -> "transaction_isolation";
            case "tx_read_only" -> "transaction_read_only";
            default -> name;
        };
    }

    private static final Set<String> ITEM_ENDS = Set.of("FROM", "INTO", "WHERE", "LIMIT", "UNION", "ORDER",
            "GROUP", "HAVING", "FOR", "LOCK", "WINDOW", "EXCEPT", "INTERSECT");
    private static final Set<String> SELECT_MODIFIERS = Set.of("SELECT", "DISTINCT", "DISTINCTROW", "ALL",
            "HIGH_PRIORITY", "STRAIGHT_JOIN", "SQL_SMALL_RESULT", "SQL_BIG_RESULT", "SQL_BUFFER_RESULT",
            "SQL_CACHE", "SQL_NO_CACHE", "SQL_CALC_FOUND_ROWS");

    /**
     * The statement as a backend of {@code serverVersion} understands it: {@code @@[scope.]transaction_isolation}
     * and {@code transaction_read_only} outside quotes and comments become the {@code tx_} names, and a whole
     * select item keeps its MySQL column name through an alias ({@code @@tx_isolation AS `@@transaction_isolation`}).
     *
     * @param mode how the session's SQL is lexed (quotes and backslashes)
     * @return the new text, or null when nothing changes (most statements: no {@code @@} at all)
     */
    public static String translate(String sql, String serverVersion, SqlMode mode) {
        if (!isMariaDb(serverVersion)) {
            return null;
        }
        String variables = translateVariables(sql, serverVersion, mode);
        String keywords = KeywordsTable.rewrite(variables == null ? sql : variables, mode);
        return keywords != null ? keywords : variables;
    }

    /** Every MariaDB: none has MySQL 8's {@code INFORMATION_SCHEMA.KEYWORDS.RESERVED} (see {@link KeywordsTable}). */
    static boolean isMariaDb(String serverVersion) {
        return serverVersion != null && Words.contains(serverVersion, "MARIADB"); // asked for every statement
    }

    private static String translateVariables(String sql, String serverVersion, SqlMode mode) {
        if (sql.indexOf("@@") < 0 || !usesTxNames(serverVersion)) {
            return null;
        }
        StringBuilder out = null;
        int copied = 0;
        int n = sql.length();
        int depth = 0;
        long selectLists = 0; // bit d: the text at paren depth d is inside a select list
        String previous = ""; // the last word (upper case) or punctuation character before here
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = mode.skipQuoted(sql, i, c);
                previous = "'";
            } else if (c == '#' || c == '-' && sql.startsWith("-- ", i)) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && sql.startsWith("/*", i) && !sql.startsWith("/*!", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '@' && sql.startsWith("@@", i)) {
                int nameStart = i + 2;
                int dot = scopeEnd(sql, nameStart);
                int end = wordEnd(sql, dot);
                String tx = txName(sql.substring(dot, end));
                if (tx != null) {
                    out = out == null ? new StringBuilder(n + 40) : out;
                    out.append(sql, copied, dot).append(tx);
                    boolean wholeItem = (SELECT_MODIFIERS.contains(previous)
                            || previous.equals(",") && (selectLists & (1L << Math.min(depth, 63))) != 0)
                            && endsItem(sql, end);
                    if (wholeItem) {
                        out.append(" AS `").append(sql, i, end).append('`');
                    }
                    copied = end;
                }
                previous = "@@";
                i = end;
            } else if (isWordChar(c)) {
                int end = wordEnd(sql, i);
                previous = sql.substring(i, end).toUpperCase(Locale.ROOT);
                if (previous.equals("SELECT")) {
                    selectLists |= 1L << Math.min(depth, 63);
                } else if (ITEM_ENDS.contains(previous)) {
                    selectLists &= ~(1L << Math.min(depth, 63));
                }
                i = end;
            } else {
                if (c == '(') {
                    depth++;
                    selectLists &= ~(1L << Math.min(depth, 63));
                } else if (c == ')' && depth > 0) {
                    depth--;
                }
                if (c > ' ') {
                    previous = String.valueOf(c);
                }
                i++;
            }
        }
        return out == null ? null : out.append(sql, copied, n).toString();
    }

    /** After {@code @@}: past {@code session.} / {@code global.} / {@code local.} when written. */
    private static int scopeEnd(String sql, int at) {
        int end = wordEnd(sql, at);
        if (end < sql.length() && sql.charAt(end) == '.') {
            String scope = sql.substring(at, end).toLowerCase(Locale.ROOT);
            if (scope.equals("session") || scope.equals("global") || scope.equals("local")) {
                return end + 1;
            }
        }
        return at;
    }

    private static String txName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "transaction_isolation" -> "tx_isolation";
            case "transaction_read_only" -> "tx_read_only";
            default -> null;
        };
    }

    /** True when what follows {@code at} ends a select item: a comma, a parenthesis, the end, FROM ... */
    private static boolean endsItem(String sql, int at) {
        int i = at;
        while (i < sql.length() && sql.charAt(i) <= ' ') {
            i++;
        }
        if (i == sql.length()) {
            return true;
        }
        char c = sql.charAt(i);
        if (c == ',' || c == ')' || c == ';') {
            return true;
        }
        return isWordChar(c) && ITEM_ENDS.contains(sql.substring(i, wordEnd(sql, i)).toUpperCase(Locale.ROOT));
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static int wordEnd(String sql, int i) {
        while (i < sql.length() && isWordChar(sql.charAt(i))) {
            i++;
        }
        return i;
    }
}
