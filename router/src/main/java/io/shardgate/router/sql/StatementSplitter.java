package io.shardgate.router.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a multi-statement COM_QUERY ({@code CLIENT_MULTI_STATEMENTS}) on top-level {@code ;}: semicolons
 * inside quotes, backticks and comments do not split, nor those inside a compound body ({@code CREATE
 * PROCEDURE p() BEGIN ...; ...; END}, {@code BEGIN NOT ATOMIC ... END}, see {@link CompoundStatements}),
 * which a server parses as one statement. Empty statements are dropped; each statement is returned as
 * written (comments included, so hints stay with their statement), trimmed; pieces holding only comments
 * are dropped. Executable comments ({@code /*!50003 ...*}{@code /}, MariaDB's {@code /*M!...}) are code.
 *
 * <p>Words are read only where they can matter (a statement's first words, compound bodies); an ordinary
 * statement is scanned char by char for quotes and {@code ;} as before. Callers skip the splitter
 * altogether for text without {@code ;}.
 */
public final class StatementSplitter {

    private StatementSplitter() {
    }

    /** Splits text lexed in MySQL's default sql_mode. */
    public static List<String> split(String sql) {
        return split(sql, SqlMode.DEFAULT);
    }

    /**
     * Splits text as a server in {@code mode} would: under NO_BACKSLASH_ESCAPES {@code 'a\\'; DROP ..} holds
     * two statements, in the default mode one string.
     */
    public static List<String> split(String sql, SqlMode mode) {
        List<String> result = new ArrayList<>(2);
        CompoundStatements compound = new CompoundStatements();
        int n = sql.length();
        int start = 0;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            switch (c) {
                case '\'', '"', '`' -> {
                    i = mode.skipQuoted(sql, i, c);
                    compound.quoted();
                }
                case '#' -> i = skipLine(sql, i);
                case '-' -> {
                    if (i + 1 < n && sql.charAt(i + 1) == '-' && (i + 2 == n || sql.charAt(i + 2) <= ' ')) {
                        i = skipLine(sql, i);
                    } else {
                        compound.punctuation(c);
                        i++;
                    }
                }
                case '/' -> i = slash(sql, i, compound);
                case ';' -> {
                    if (compound.endsAtSemicolon()) {
                        add(result, sql, start, i, mode);
                        start = i + 1;
                        compound.reset();
                    }
                    i++;
                }
                default -> {
                    if (!compound.wantsWords()) {
                        i++;
                    } else if (isWordChar(c)) {
                        int end = wordEnd(sql, i);
                        compound.word(sql, i, end);
                        i = end;
                    } else {
                        if (c > ' ') {
                            compound.punctuation(c);
                        }
                        i++;
                    }
                }
            }
        }
        add(result, sql, start, n, mode);
        return result;
    }

    /** A comment is skipped; an executable comment's opener and version are, and its content read as code. */
    private static int slash(String sql, int i, CompoundStatements compound) {
        int n = sql.length();
        if (i + 1 >= n || sql.charAt(i + 1) != '*') {
            compound.punctuation('/');
            return i + 1;
        }
        int bang = i + 2 < n && sql.charAt(i + 2) == 'M' ? i + 3 : i + 2;
        if (bang < n && sql.charAt(bang) == '!') {
            int j = bang + 1;
            while (j < n && Character.isDigit(sql.charAt(j))) {
                j++;
            }
            return j;
        }
        int close = sql.indexOf("*/", i + 2);
        return close < 0 ? n : close + 2;
    }

    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$'
                || c >= 0x80;
    }

    private static int wordEnd(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && isWordChar(sql.charAt(j))) {
            j++;
        }
        return j;
    }

    private static void add(List<String> result, String sql, int from, int to, SqlMode mode) {
        String s = sql.substring(from, to).strip();
        // a piece holding only comments (a trailing "-- note") is no statement
        if (!s.isEmpty() && !Normalizer.normalize(s, mode).shape().isEmpty()) {
            result.add(s);
        }
    }

    private static int skipLine(String sql, int i) {
        int nl = sql.indexOf('\n', i);
        return nl < 0 ? sql.length() : nl + 1;
    }
}
