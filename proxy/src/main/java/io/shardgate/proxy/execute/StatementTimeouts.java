package io.shardgate.proxy.execute;

import io.shardgate.proxy.session.Session;
import java.time.Duration;
import java.util.Locale;

/**
 * Which statements MySQL's {@code max_execution_time} applies to, and for how long: top-level SELECTs (not
 * writes, DDL or SHOW), for the statement's {@code /*+ MAX_EXECUTION_TIME(n) *}{@code /} hint if it has one,
 * else the session's {@code SET max_execution_time}, else {@code proxy.statement-timeout}. Pure functions.
 */
public final class StatementTimeouts {

    private StatementTimeouts() {
    }

    /**
     * The limit for {@code sql} as routed to a backend (a SELECT, or zero for anything else).
     *
     * @param configured {@code proxy.statement-timeout}
     */
    public static Duration of(String sql, Session session, Duration configured) {
        int at = firstWord(sql);
        if (!isSelect(sql, at)) {
            return Duration.ZERO;
        }
        long hinted = hintMillis(sql, at);
        if (hinted >= 0) {
            return Duration.ofMillis(hinted);
        }
        return session.statementTimeout(configured);
    }

    /**
     * Whether the statement's first keyword (skipping comments) is one of {@code keywords} (upper case), or
     * "(" for a parenthesised query. Allocation-free: asked for every statement.
     */
    static boolean startsWithKeyword(String sql, String[] keywords) {
        int at = firstWord(sql);
        for (String k : keywords) {
            if (k.equals("(")) {
                if (sql.startsWith("(", at)) {
                    return true;
                }
            } else if (sql.regionMatches(true, at, k, 0, k.length())
                    && (at + k.length() == sql.length() || !Character.isLetter(sql.charAt(at + k.length())))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSelect(String sql, int at) {
        return sql.regionMatches(true, at, "SELECT", 0, 6) || sql.regionMatches(true, at, "WITH", 0, 4)
                || sql.startsWith("(", at);
    }

    /**
     * The milliseconds of a {@code MAX_EXECUTION_TIME(n)} optimizer hint right after the SELECT keyword (where
     * MySQL reads hints), or -1 when there is none.
     */
    static long hintMillis(String sql, int selectAt) {
        int at = selectAt;
        while (at < sql.length() && (sql.charAt(at) == '(' || Character.isWhitespace(sql.charAt(at)))) {
            at++;
        }
        if (!sql.regionMatches(true, at, "SELECT", 0, 6)) {
            return -1;
        }
        at += 6;
        while (at < sql.length() && Character.isWhitespace(sql.charAt(at))) {
            at++;
        }
        if (!sql.startsWith("/*+", at)) {
            return -1;
        }
        int open = at;
        int close = sql.indexOf("*/", open + 3);
        if (close < 0) {
            return -1;
        }
        String hint = sql.substring(open + 3, close).toUpperCase(Locale.ROOT);
        int name = hint.indexOf("MAX_EXECUTION_TIME");
        if (name < 0) {
            return -1;
        }
        int paren = hint.indexOf('(', name);
        int end = paren < 0 ? -1 : hint.indexOf(')', paren);
        if (end < 0) {
            return -1;
        }
        try {
            return Math.max(0, Long.parseLong(hint.substring(paren + 1, end).trim()));
        } catch (NumberFormatException e) {
            return -1; // MySQL ignores a malformed hint (with a warning)
        }
    }

    private static int firstWord(String sql) {
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && sql.startsWith("/*", i) && !sql.startsWith("/*+", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
            } else if (c == '#' || c == '-' && sql.startsWith("--", i)
                    && (i + 2 == sql.length() || Character.isWhitespace(sql.charAt(i + 2)))) {
                int end = sql.indexOf('\n', i); // a line comment (a migration tool's header, say)
                i = end < 0 ? sql.length() : end + 1;
            } else {
                break;
            }
        }
        return i;
    }
}
