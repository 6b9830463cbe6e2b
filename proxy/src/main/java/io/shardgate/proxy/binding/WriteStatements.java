package io.shardgate.proxy.binding;

import io.shardgate.router.sql.Words;

/**
 * Whether a statement that runs on a primary may change data there, for read-your-writes: a read that ran on a
 * primary (in a transaction, or by a hint) must not keep the session's later reads off the replicas. Decided by
 * the first word; anything not known to only read counts as a write, so a doubt costs a primary read, never a
 * stale one.
 */
final class WriteStatements {

    /** Statements that change no rows; SET includes what drivers send at connect (SET NAMES, autocommit ...). */
    private static final String[] READS = {"SELECT", "SHOW", "DESC", "DESCRIBE", "EXPLAIN", "TABLE", "VALUES", "HELP",
            "SET", "USE"};

    private WriteStatements() {
    }

    static boolean isWrite(String sql) {
        if (sql == null) {
            return true;
        }
        int i = skipSpaceAndComments(sql, 0);
        int end = i;
        while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        if (isWord(sql, i, end, "WITH")) { // WITH ... UPDATE / DELETE on MySQL 8
            return Words.contains(sql, "UPDATE") || Words.contains(sql, "DELETE") || Words.contains(sql, "INSERT");
        }
        for (String read : READS) {
            if (isWord(sql, i, end, read)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWord(String sql, int start, int end, String word) {
        return end - start == word.length() && sql.regionMatches(true, start, word, 0, word.length());
    }

    /** Past white space, comments and opening parentheses ({@code (SELECT ...) UNION ...}). */
    private static int skipSpaceAndComments(String sql, int i) {
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? sql.length() : close + 2;
            } else if (c == '#' || sql.startsWith("--", i)) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? sql.length() : nl + 1;
            } else {
                break;
            }
        }
        return i;
    }
}
