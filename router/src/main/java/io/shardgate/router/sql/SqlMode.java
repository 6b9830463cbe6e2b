package io.shardgate.router.sql;

import java.util.Locale;

/**
 * The two parts of a session's {@code sql_mode} that change how SQL text is lexed, and so how a value must be
 * written into SQL for the server to read it back unchanged:
 * <ul>
 *   <li>{@code NO_BACKSLASH_ESCAPES}: a backslash inside a string is an ordinary character; only a doubled
 *       quote escapes a quote. Text written for the default mode ({@code 'it\'s'}) then ends its string
 *       early, which is how a bound value becomes an injection.</li>
 *   <li>{@code ANSI_QUOTES}: {@code "..."} is an identifier, not a string.</li>
 * </ul>
 * Everything that scans or writes SQL text takes the session's mode: the normalizer, the statement splitter,
 * the proxy's own text scanners and {@link #quote}. Combination modes imply ANSI_QUOTES as MySQL and MariaDB
 * define them ({@code ANSI}, {@code ORACLE}, {@code DB2}, {@code MSSQL}, {@code POSTGRESQL}, {@code MAXDB}).
 *
 * @param noBackslashEscapes {@code NO_BACKSLASH_ESCAPES} is set
 * @param ansiQuotes {@code ANSI_QUOTES} is set (directly or through a combination mode)
 */
public record SqlMode(boolean noBackslashEscapes, boolean ansiQuotes) {

    /** MySQL's and MariaDB's default: backslash escapes apply, {@code "..."} is a string. */
    public static final SqlMode DEFAULT = new SqlMode(false, false);

    private static final String[] ANSI_QUOTES_MODES = {
        "ANSI_QUOTES", "ANSI", "ORACLE", "DB2", "MSSQL", "POSTGRESQL", "MAXDB"};

    /** The lexical part of an {@code @@sql_mode} value such as {@code 'STRICT_TRANS_TABLES,ANSI_QUOTES'}. */
    public static SqlMode of(String sqlModeValue) {
        if (sqlModeValue == null || sqlModeValue.isBlank()) {
            return DEFAULT;
        }
        boolean noBackslash = false;
        boolean ansi = false;
        for (String part : sqlModeValue.split(",")) {
            String flag = part.strip().toUpperCase(Locale.ROOT);
            noBackslash |= flag.equals("NO_BACKSLASH_ESCAPES");
            for (String m : ANSI_QUOTES_MODES) {
                ansi |= flag.equals(m);
            }
        }
        return noBackslash == DEFAULT.noBackslashEscapes && ansi == DEFAULT.ansiQuotes ? DEFAULT
                : new SqlMode(noBackslash, ansi);
    }

    /** True when {@code c} opens a string literal in this mode. */
    public boolean isStringQuote(char c) {
        return c == '\'' || c == '"' && !ansiQuotes;
    }

    /** True when {@code c} opens a quoted identifier in this mode. */
    public boolean isIdentifierQuote(char c) {
        return c == '`' || c == '"' && ansiQuotes;
    }

    /**
     * The index just past the string or quoted identifier opened by {@code q} at {@code i}: a doubled quote
     * stays inside, and so does a backslash-escaped character in a string unless NO_BACKSLASH_ESCAPES is set.
     * The length when it is not closed.
     */
    public int skipQuoted(CharSequence s, int i, char q) {
        int n = s.length();
        boolean backslash = !noBackslashEscapes && isStringQuote(q);
        i++;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\' && backslash) {
                i += 2;
            } else if (c == q) {
                if (i + 1 < n && s.charAt(i + 1) == q) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /**
     * {@code s} as a string literal that a server in this mode reads back as exactly {@code s}. A quote is
     * always doubled ({@code ''} reads the same in both modes). Without NO_BACKSLASH_ESCAPES a backslash is
     * doubled too, and NUL, CR, LF and Ctrl-Z get the escapes mysql_real_escape_string uses (only for
     * readability of logs: the server takes those characters raw as well); with it, every character but the
     * quote is written as it is, since a backslash then escapes nothing.
     */
    public String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('\'');
        appendQuotedContent(sb, s);
        return sb.append('\'').toString();
    }

    private void appendQuotedContent(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                sb.append("''");
            } else if (noBackslashEscapes) {
                sb.append(c);
            } else {
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '\0' -> sb.append("\\0");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\u001a' -> sb.append("\\Z");
                    default -> sb.append(c);
                }
            }
        }
    }

    /**
     * {@code s} as a string literal that reads the same in every mode, for SQL that is cached or sent before
     * the session's mode is known (a physical table name in an information_schema probe, a resolved
     * sql_mode value): possible only when {@code s} holds no backslash.
     *
     * @throws IllegalArgumentException when {@code s} holds a backslash
     */
    public static String quoteAnyMode(String s) {
        if (s.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("a backslash reads differently with and without NO_BACKSLASH_ESCAPES");
        }
        return new SqlMode(true, false).quote(s);
    }

    /**
     * {@code sql}, written for a server in mode {@code from}, rewritten so that a server in this mode reads the
     * same: every string literal is written again for this mode (its introducer or prefix kept), an
     * ANSI_QUOTES identifier becomes a backtick one. Comments are dropped and whitespace collapsed, as in a
     * shape. For short texts such as SET values, kept while the session's sql_mode changes.
     */
    public String translate(String sql, SqlMode from) {
        if (from.equals(this)) {
            return sql;
        }
        NormalizedSql n = Normalizer.normalize(sql, from);
        return n.render(n.literals().stream().map(this::rewritten).toList());
    }

    private Literal rewritten(Literal literal) {
        if (literal.kind() != Literal.Kind.STRING && literal.kind() != Literal.Kind.TEMPORAL) {
            return literal;
        }
        String text = literal.text();
        int quote = 0;
        while (quote < text.length() && text.charAt(quote) != '\'' && text.charAt(quote) != '"') {
            quote++;
        }
        return new Literal(literal.kind(), literal.value(), text.substring(0, quote) + quote(String.valueOf(literal.value())));
    }

    /** {@code name} as a backtick-quoted identifier, any backtick in it doubled: valid in every mode. */
    public static String quoteIdentifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
