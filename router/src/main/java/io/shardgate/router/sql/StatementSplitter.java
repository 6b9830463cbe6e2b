package io.shardgate.router.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a multi-statement COM_QUERY ({@code CLIENT_MULTI_STATEMENTS}) on top-level {@code ;}: semicolons
 * inside quotes, backticks and comments do not split. Empty statements are dropped; each statement is
 * returned as written (comments included, so hints stay with their statement), trimmed; pieces holding
 * only comments are dropped.
 *
 * <p>{@code DELIMITER} is a client-side command of the mysql tool and never reaches a server, so compound
 * statements with {@code BEGIN ... END} bodies split wrongly here exactly as they would on a server
 * without DELIMITER; that is the server's rule too.
 */
public final class StatementSplitter {

    private StatementSplitter() {
    }

    public static List<String> split(String sql) {
        List<String> result = new ArrayList<>(2);
        int n = sql.length();
        int start = 0;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            switch (c) {
                case '\'', '"', '`' -> i = SqlTemplateBuilder.skipQuoted(sql, i, c);
                case '#' -> i = skipLine(sql, i);
                case '-' -> i = i + 1 < n && sql.charAt(i + 1) == '-'
                        && (i + 2 == n || sql.charAt(i + 2) <= ' ') ? skipLine(sql, i) : i + 1;
                case '/' -> {
                    if (i + 1 < n && sql.charAt(i + 1) == '*' && !(i + 2 < n && sql.charAt(i + 2) == '!')) {
                        int close = sql.indexOf("*/", i + 2);
                        i = close < 0 ? n : close + 2;
                    } else {
                        i++;
                    }
                }
                case ';' -> {
                    add(result, sql, start, i);
                    start = ++i;
                }
                default -> i++;
            }
        }
        add(result, sql, start, n);
        return result;
    }

    private static void add(List<String> result, String sql, int from, int to) {
        String s = sql.substring(from, to).strip();
        // a piece holding only comments (a trailing "-- note") is no statement
        if (!s.isEmpty() && !Normalizer.normalize(s).shape().isEmpty()) {
            result.add(s);
        }
    }

    private static int skipLine(String sql, int i) {
        int nl = sql.indexOf('\n', i);
        return nl < 0 ? sql.length() : nl + 1;
    }
}
