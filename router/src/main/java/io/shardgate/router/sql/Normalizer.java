package io.shardgate.router.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns SQL text into its {@link NormalizedSql#shape() shape} and literal values in one pass, with no regex:
 * this runs for every statement, before the plan cache is consulted, so it must cost well under a
 * microsecond for a typical point query.
 *
 * <p>Lexical rules follow the session's {@link SqlMode}: {@code '..'} and (without ANSI_QUOTES) {@code ".."}
 * are strings with doubled quotes and, without NO_BACKSLASH_ESCAPES, backslash escapes; {@code `..`} and (with
 * ANSI_QUOTES) {@code ".."} are identifiers, {@code #} and {@code -- } start line comments, {@code /*! .. *}{@code /} is executable (its
 * content is kept), adjacent strings concatenate. A literal keeps its introducer or prefix
 * ({@code _utf8mb4'x'}, {@code N'x'}, {@code X'0A'}, {@code DATE '2024-01-01'}) in its text, so the shape has
 * a bare {@code ?} that the parser accepts. A minus sign directly in front of a number after an operator,
 * {@code (} or {@code ,} belongs to the number ({@code k = -5} has the literal {@code -5}).
 *
 * <p>The shape is lexically the same in every mode, so that the plan cache, the shape tokenizer and the
 * templates built from it need not know the mode: an ANSI_QUOTES identifier {@code "a"} is written
 * {@code `a`} in the shape, and a string kept in the shape (after {@code SEPARATOR}) is rewritten so that it
 * reads the same in every mode. Literal texts keep the client's own spelling, since they go to a server in
 * the same mode as the client.
 *
 * <p>Some numbers stay in the shape because their value changes the statement's meaning, not just its
 * data, and the plan compiled for a shape must hold for every statement of that shape: positions in
 * {@code ORDER BY 2} / {@code GROUP BY 1}, type parameters such as {@code DECIMAL(10,2)} or
 * {@code VARCHAR(64)} ({@link KeptNumbers}); likewise the string after {@code SEPARATOR}.
 */
public final class Normalizer {

    private Normalizer() {
    }

    /** The statement as lexed in MySQL's default sql_mode. */
    public static NormalizedSql normalize(String sql) {
        return normalize(sql, SqlMode.DEFAULT);
    }

    /** The statement as a server in {@code mode} lexes it. */
    public static NormalizedSql normalize(String sql, SqlMode mode) {
        return new Pass(sql, mode).run();
    }

    private enum Last { NONE, WORD, NUMBER, STRING, PUNCT, CLOSE, OTHER }

    /** The state of one pass; not shared. */
    private static final class Pass {
        private final String sql;
        private final SqlMode mode;
        private final int n;
        private final StringBuilder out;
        private final List<Literal> literals = new ArrayList<>();
        private boolean pendingSpace;
        private Last last = Last.NONE;
        private char lastPunct;
        private int wordStart = -1;
        private int wordEnd = -1;
        private int wordStartOut = -1;
        private int stringStart = -1;
        private final KeptNumbers numbers;
        private boolean inExecutableComment;
        private String hintNode;
        private boolean hintPrimary;
        private String hintError;

        Pass(String sql, SqlMode mode) {
            this.sql = sql;
            this.mode = mode;
            this.n = sql.length();
            this.out = new StringBuilder(n);
            this.numbers = new KeptNumbers(sql);
        }

        NormalizedSql run() {
            int i = 0;
            while (i < n) {
                char c = sql.charAt(i);
                if (c <= ' ') {
                    pendingSpace = true;
                    i++;
                    continue;
                }
                switch (c) {
                    case '\'' -> i = string(i, i);
                    case '"' -> i = mode.ansiQuotes() ? ansiIdentifier(i) : string(i, i);
                    case '`' -> i = backtick(i);
                    case '#' -> i = lineComment(i);
                    case '-' -> i = minus(i);
                    case '/' -> i = i + 1 < n && sql.charAt(i + 1) == '*' ? blockComment(i) : punct(i);
                    case '*' -> {
                        if (inExecutableComment && i + 1 < n && sql.charAt(i + 1) == '/') {
                            inExecutableComment = false;
                            pendingSpace = true;
                            i += 2;
                        } else {
                            i = punct(i);
                        }
                    }
                    case '?' -> {
                        slot(Literal.PARAMETER, Last.OTHER);
                        i++;
                    }
                    case '.' -> i = i + 1 < n && LexicalValues.isDigit(sql.charAt(i + 1)) && !qualifierDot() ? number(i, i) : punct(i);
                    default -> {
                        if (LexicalValues.isDigit(c)) {
                            i = number(i, i);
                        } else if (LexicalValues.isWordChar(c)) {
                            i = word(i);
                        } else {
                            i = punct(i);
                        }
                    }
                }
            }
            int end = out.length();
            while (end > 0 && (out.charAt(end - 1) == ';' || out.charAt(end - 1) == ' ')) {
                end--;
            }
            out.setLength(end);
            Hints hints = hintNode == null && !hintPrimary && hintError == null
                    ? Hints.NONE : new Hints(hintNode, hintPrimary, hintError);
            return new NormalizedSql(sql, out.toString(), literals, hints);
        }

        // ---- tokens ------------------------------------------------------------------------------------

        private void space() {
            if (pendingSpace) {
                if (!out.isEmpty()) {
                    out.append(' ');
                }
                pendingSpace = false;
            }
        }

        private int punct(int i) {
            char c = sql.charAt(i);
            space();
            out.append(c);
            if (c == '(') {
                numbers.open(last == Last.WORD ? wordStart : -1, wordEnd);
            } else if (c == ')') {
                numbers.close();
            } else if (c == ';') {
                numbers.endStatement();
            } else {
                numbers.other();
            }
            last = c == ')' ? Last.CLOSE : Last.PUNCT;
            lastPunct = c;
            return i + 1;
        }

        private int word(int i) {
            int start = i;
            while (i < n && LexicalValues.isWordChar(sql.charAt(i))) {
                i++;
            }
            // @'x' / @"x" / @`x` user variables are one token with their quotes
            if (sql.charAt(start) == '@' && i < n && i - start <= 2 && LexicalValues.isQuote(sql.charAt(i))) {
                i = skipQuoted(i, sql.charAt(i));
            }
            space();
            wordStartOut = out.length();
            out.append(sql, start, i);
            numbers.word(wordStart, wordEnd, start, i);
            wordStart = start;
            wordEnd = i;
            last = Last.WORD;
            return i;
        }

        private int backtick(int i) {
            int end = skipQuoted(i, '`');
            space();
            out.append(sql, i, end);
            last = Last.WORD;
            wordStart = -1;
            wordEnd = -1;
            numbers.other();
            return end;
        }

        /** An ANSI_QUOTES identifier {@code "a""b"}, written {@code `a"b`} in the shape (see the class comment). */
        private int ansiIdentifier(int i) {
            StringBuilder name = new StringBuilder();
            int j = i + 1;
            while (j < n) {
                char c = sql.charAt(j++);
                if (c != '"') {
                    name.append(c);
                } else if (j < n && sql.charAt(j) == '"') {
                    name.append('"');
                    j++;
                } else {
                    break;
                }
            }
            space();
            out.append(SqlMode.quoteIdentifier(name.toString()));
            last = Last.WORD;
            wordStart = -1;
            wordEnd = -1;
            numbers.other();
            return j;
        }

        /** Index after the closing quote; a doubled quote is part of the text. */
        private int skipQuoted(int i, char q) {
            return mode.skipQuoted(sql, i, q);
        }

        private int minus(int i) {
            if (i + 1 < n && sql.charAt(i + 1) == '-' && (i + 2 == n || sql.charAt(i + 2) <= ' ')) {
                return lineComment(i);
            }
            boolean operand = last == Last.NONE || last == Last.PUNCT;
            if (operand && i + 1 < n) {
                char next = sql.charAt(i + 1);
                if (LexicalValues.isDigit(next) && !hexOrBitPrefix(i + 1)
                        || next == '.' && i + 2 < n && LexicalValues.isDigit(sql.charAt(i + 2))) {
                    return number(i, i + 1);
                }
            }
            return punct(i);
        }

        private boolean hexOrBitPrefix(int i) {
            return sql.charAt(i) == '0' && i + 1 < n && "xXbB".indexOf(sql.charAt(i + 1)) >= 0;
        }

        /** {@code t.5} is not a number when the dot follows an identifier. */
        private boolean qualifierDot() {
            return (last == Last.WORD || last == Last.CLOSE) && !pendingSpace;
        }

        private int number(int start, int digitsStart) {
            long number = NumberLexer.scan(sql, start, digitsStart);
            if (number == NumberLexer.NOT_A_NUMBER) {
                return start != digitsStart ? punct(start) : word(start);
            }
            int end = NumberLexer.end(number);
            if (start == digitsStart && NumberLexer.form(number) == NumberLexer.Form.INTEGER
                    && numbers.keeps(last == Last.PUNCT && lastPunct == ',')) {
                space();
                out.append(sql, start, end);
                last = Last.NUMBER;
                numbers.other();
                return end;
            }
            String text = sql.substring(start, end);
            slot(new Literal(NumberLexer.kind(number), NumberLexer.value(sql, text, digitsStart, number), text),
                    Last.NUMBER);
            return end;
        }

        private int literal(int start, int end, Literal.Kind kind, Object value) {
            slot(new Literal(kind, value, sql.substring(start, end)), Last.NUMBER);
            return end;
        }

        private int string(int quoteAt, int textStart) {
            char q = sql.charAt(quoteAt);
            Literal.Kind kind = Literal.Kind.STRING;
            boolean binaryPrefix = false;
            boolean bitPrefix = false;
            boolean prefixed = false;
            if (last == Last.WORD && wordStart >= 0) {
                boolean adjacent = wordEnd == quoteAt;
                int len = wordEnd - wordStart;
                char first = Character.toUpperCase(sql.charAt(wordStart));
                if (adjacent && len == 1 && q == '\'' && first == 'X') {
                    binaryPrefix = true;
                } else if (adjacent && len == 1 && q == '\'' && first == 'B') {
                    bitPrefix = true;
                } else if (isWord("SEPARATOR")) {
                    return keptString(quoteAt);
                } else if (isWord("DATE") || isWord("TIME") || isWord("TIMESTAMP")) {
                    kind = Literal.Kind.TEMPORAL;
                }
                prefixed = binaryPrefix || bitPrefix || kind == Literal.Kind.TEMPORAL
                        || adjacent && len == 1 && first == 'N' || first == '_' && len > 1;
            }
            if (prefixed) {
                // the prefix word becomes part of the literal's text; the shape keeps a bare ?
                textStart = wordStart;
                out.setLength(wordStartOut);
                pendingSpace = false;
                if (wordStartOut > 0 && out.charAt(wordStartOut - 1) == ' ') {
                    out.setLength(wordStartOut - 1);
                    pendingSpace = true;
                }
            }
            LexicalValues.Unescaped scanned = LexicalValues.unescape(sql, quoteAt, mode);
            String text = scanned.value();
            int end = scanned.end();
            if (binaryPrefix) {
                return literal(textStart, end, Literal.Kind.BINARY, LexicalValues.hex(text));
            }
            if (bitPrefix) {
                return literal(textStart, end, Literal.Kind.BINARY, LexicalValues.bits(text));
            }
            if (last == Last.STRING && textStart == quoteAt && !literals.isEmpty()) {
                // 'a' 'b' is one string 'ab' in MySQL: extend the previous literal
                Literal prev = literals.getLast();
                literals.set(literals.size() - 1, new Literal(prev.kind(), prev.value() + text,
                        sql.substring(stringStart, end)));
                return end;
            }
            stringStart = textStart;
            slot(new Literal(kind, text, sql.substring(textStart, end)), Last.STRING);
            return end;
        }

        /**
         * A string that stays in the shape, written so that it reads the same in every mode: quotes doubled,
         * nothing escaped with a backslash. A backslash itself has no such spelling; where the client's mode
         * and the default disagree on it the statement is refused rather than planned on a guess.
         */
        private int keptString(int quoteAt) {
            LexicalValues.Unescaped scanned = LexicalValues.unescape(sql, quoteAt, mode);
            String value = scanned.value();
            space();
            if (value.indexOf('\\') < 0) {
                out.append(SqlMode.quoteAnyMode(value));
            } else if (!mode.noBackslashEscapes()) {
                out.append(SqlMode.DEFAULT.quote(value));
            } else {
                hintError = "a SEPARATOR string holding a backslash under NO_BACKSLASH_ESCAPES";
                out.append("''");
            }
            last = Last.OTHER;
            return scanned.end();
        }

        private void slot(Literal literal, Last kind) {
            space();
            out.append('?');
            literals.add(literal);
            last = kind;
            numbers.other();
        }

        // ---- comments and hints ----------------------------------------------------------------------

        private int lineComment(int i) {
            while (i < n && sql.charAt(i) != '\n') {
                i++;
            }
            pendingSpace = true;
            return i;
        }

        private int blockComment(int i) {
            int close = sql.indexOf("*/", i + 2);
            int end = close < 0 ? n : close + 2;
            int contentEnd = close < 0 ? n : close;
            int c = i + 2;
            if (c < n && (sql.charAt(c) == '!' || sql.charAt(c) == 'M' && c + 1 < n && sql.charAt(c + 1) == '!')) {
                // executable comment: lex its content as SQL, skip its closing */
                c += sql.charAt(c) == '!' ? 1 : 2;
                while (c < n && LexicalValues.isDigit(sql.charAt(c))) {
                    c++;
                }
                inExecutableComment = true;
                pendingSpace = true;
                return c;
            }
            if (c < n && sql.charAt(c) == '+') {
                String body = sql.substring(c + 1, contentEnd).trim();
                if (body.regionMatches(true, 0, "shardgate", 0, 9)
                        && (body.length() == 9 || body.charAt(9) <= ' ')) {
                    Hints h = Hints.parse(body.substring(9));
                    hintNode = h.node() != null ? h.node() : hintNode;
                    hintPrimary |= h.primary();
                    hintError = h.error() != null ? h.error() : hintError;
                    pendingSpace = true;
                    return end;
                }
                // an optimizer hint for the backend: keep it in the shape as written
                space();
                out.append(sql, i, end);
                pendingSpace = true;
                return end;
            }
            if (sql.substring(c, contentEnd).trim().equalsIgnoreCase("master")) {
                hintPrimary = true;
            }
            pendingSpace = true;
            return end;
        }

        // ---- word tests ----------------------------------------------------------------------------------

        private boolean isWord(String w) {
            return wordEnd - wordStart == w.length() && sql.regionMatches(true, wordStart, w, 0, w.length());
        }

    }
}
