package io.shardgate.proxy.execute;

import io.shardgate.router.sql.SqlMode;
import io.shardgate.router.sql.Words;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MySQL 8's {@code INFORMATION_SCHEMA.KEYWORDS (WORD, RESERVED)} on a MariaDB backend, whose KEYWORDS table has
 * only {@code WORD}: Connector/J's {@code DatabaseMetaData.getSQLKeywords()} asks the server it believes is
 * MySQL 8 for {@code SELECT WORD FROM INFORMATION_SCHEMA.KEYWORDS WHERE RESERVED=1 ORDER BY WORD} and fails with
 * an unknown column. Each reference to the table becomes a derived table of the same shape: MySQL 8.0's 262
 * reserved words (a resource taken from MySQL's manual) with {@code RESERVED = 1}, and MariaDB's other keywords
 * with 0. Any query over the table then works, whatever its predicates.
 */
final class KeywordsTable {

    /** MySQL 8.0's reserved words, upper case, in order. */
    static final List<String> RESERVED = load();

    private static final Set<String> RESERVED_SET = Set.copyOf(RESERVED);

    /** The derived table standing for {@code INFORMATION_SCHEMA.KEYWORDS}, parenthesized, without alias. */
    static final String DERIVED = derived();

    private KeywordsTable() {
    }

    /**
     * {@code sql} with every {@code information_schema.keywords} outside quotes and comments replaced by the
     * derived table (aliased {@code KEYWORDS} unless the query gives an alias); null when there is none.
     */
    static String rewrite(String sql, SqlMode mode) {
        if (!mayMention(sql)) {
            return null;
        }
        StringBuilder out = null;
        int copied = 0;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (mode.isStringQuote(c)) {
                i = mode.skipQuoted(sql, i, c);
            } else if (c == '#' || c == '-' && sql.startsWith("-- ", i)) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && sql.startsWith("/*", i) && !sql.startsWith("/*!", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (mode.isIdentifierQuote(c) || isWordChar(c)) {
                int[] name = identifier(sql, i, mode);
                int end = name[1];
                if (sql.substring(name[2], name[3]).equalsIgnoreCase("information_schema")) {
                    int dot = skipSpaces(sql, end);
                    if (dot < n && sql.charAt(dot) == '.') {
                        int[] table = identifier(sql, skipSpaces(sql, dot + 1), mode);
                        if (table[1] > table[0] && sql.substring(table[2], table[3]).equalsIgnoreCase("keywords")) {
                            out = out == null ? new StringBuilder(n + DERIVED.length() + 16) : out;
                            out.append(sql, copied, i).append(DERIVED);
                            if (!aliasFollows(sql, table[1], mode)) {
                                out.append(" AS KEYWORDS");
                            }
                            copied = table[1];
                            end = table[1];
                        }
                    }
                }
                i = Math.max(end, i + 1);
            } else {
                i++;
            }
        }
        return out == null ? null : out.append(sql, copied, n).toString();
    }

    /** [start, end, name start, name end] of the identifier (plain or backquoted) at {@code at}. */
    private static int[] identifier(String sql, int at, SqlMode mode) {
        if (at < sql.length() && mode.isIdentifierQuote(sql.charAt(at))) {
            int end = mode.skipQuoted(sql, at, sql.charAt(at));
            return new int[] {at, end, at + 1, Math.max(at + 1, end - 1)};
        }
        int end = at;
        while (end < sql.length() && isWordChar(sql.charAt(end))) {
            end++;
        }
        return new int[] {at, end, at, end};
    }

    /** After the table name: {@code AS x}, or an identifier that is no reserved word ({@code keywords k}). */
    private static boolean aliasFollows(String sql, int at, SqlMode mode) {
        int start = skipSpaces(sql, at);
        if (start >= sql.length()) {
            return false;
        }
        if (mode.isIdentifierQuote(sql.charAt(start))) {
            return true;
        }
        int[] word = identifier(sql, start, mode);
        String w = sql.substring(word[2], word[3]).toUpperCase(Locale.ROOT);
        return !w.isEmpty() && (w.equals("AS") || !RESERVED_SET.contains(w));
    }

    private static int skipSpaces(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /**
     * Whether {@code sql} may name the table: every statement to a MariaDB backend passes here, so long ones
     * (bulk INSERTs) are only searched for the usual spellings with the JDK's fast {@code indexOf}.
     */
    private static boolean mayMention(String sql) {
        if (sql.length() <= 4096) {
            return Words.contains(sql, "KEYWORDS");
        }
        return sql.indexOf("KEYWORDS") >= 0 || sql.indexOf("keywords") >= 0 || sql.indexOf("Keywords") >= 0;
    }

    private static String derived() {
        StringBuilder in = new StringBuilder();
        StringBuilder sql = new StringBuilder("(SELECT CAST(WORD AS CHAR(64)) AS WORD, RESERVED FROM (");
        for (int i = 0; i < RESERVED.size(); i++) {
            String quoted = "'" + RESERVED.get(i) + "'";
            in.append(i == 0 ? "" : ", ").append(quoted);
            sql.append(i == 0 ? "SELECT " + quoted + " AS WORD, 1 AS RESERVED" : " UNION ALL SELECT " + quoted + ", 1");
        }
        // the backend's own keyword list (MariaDB's: about 700 words) supplies the non-reserved ones
        return sql.append(" UNION ALL SELECT WORD, 0 FROM information_schema.KEYWORDS WHERE WORD NOT IN (")
                .append(in).append(")) AS mysql8_keywords)").toString();
    }

    private static List<String> load() {
        try (InputStream in = KeywordsTable.class.getResourceAsStream("mysql8-reserved-words.txt")) {
            if (in == null) {
                throw new IllegalStateException("mysql8-reserved-words.txt is missing from the proxy's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.toUpperCase(Locale.ROOT)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
