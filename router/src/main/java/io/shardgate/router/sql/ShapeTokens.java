package io.shardgate.router.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of a statement shape, with their offsets and parenthesis depth. Shapes have no comments
 * (except optimizer hints) and no literals (except a few kept inline), so this lexer is small. Used on a
 * plan-cache miss for what the SQL parser does not tell us (clause keyword positions) and for statements
 * the planner reads itself: SET, SHOW, USE, DDL, transaction control.
 */
public final class ShapeTokens {

    public enum Kind {
        /** Keyword or unquoted identifier, including {@code @var} and {@code @@var}. */
        WORD,
        /** A backticked identifier. */
        QUOTED,
        /** A {@code ?} hole. */
        SLOT,
        /** A string kept in the shape ({@code SEPARATOR ';'}). */
        STRING,
        /** A number kept in the shape ({@code ORDER BY 2}). */
        NUMBER,
        /** An optimizer hint comment kept in the shape. */
        HINT,
        /** Any other character; multi-character operators are several tokens. */
        PUNCT
    }

    /** One token: shape range [start, end) at parenthesis depth {@code depth} (0 = top level). */
    public record Token(Kind kind, int start, int end, int depth, String text) {

        public boolean is(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        public boolean isPunct(char c) {
            return kind == Kind.PUNCT && text.charAt(0) == c;
        }

        /** Identifier text without backticks, for a WORD or QUOTED token. */
        public String identifier() {
            return kind == Kind.QUOTED ? text.substring(1, text.length() - 1).replace("``", "`") : text;
        }

        public boolean isIdentifier() {
            return kind == Kind.WORD || kind == Kind.QUOTED;
        }
    }

    private final String shape;
    private final List<Token> tokens;

    private ShapeTokens(String shape, List<Token> tokens) {
        this.shape = shape;
        this.tokens = tokens;
    }

    public static ShapeTokens of(String shape) {
        List<Token> tokens = new ArrayList<>();
        int n = shape.length();
        int depth = 0;
        int i = 0;
        while (i < n) {
            char c = shape.charAt(i);
            int start = i;
            Kind kind;
            if (c == ' ') {
                i++;
                continue;
            } else if (c == '`') {
                i = SqlTemplateBuilder.skipQuoted(shape, i, c);
                kind = Kind.QUOTED;
            } else if (c == '\'' || c == '"') {
                i = SqlTemplateBuilder.skipQuoted(shape, i, c);
                kind = Kind.STRING;
            } else if (c == '?') {
                i++;
                kind = Kind.SLOT;
            } else if (c == '/' && i + 1 < n && shape.charAt(i + 1) == '*') {
                int close = shape.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                kind = Kind.HINT;
            } else if (c >= '0' && c <= '9') {
                while (i < n && (Character.isLetterOrDigit(shape.charAt(i)) || shape.charAt(i) == '.'
                        || shape.charAt(i) == '_' || shape.charAt(i) == '$')) {
                    i++;
                }
                kind = allDigits(shape, start, i) ? Kind.NUMBER : Kind.WORD;
            } else if (isWordChar(c)) {
                while (i < n && isWordChar(shape.charAt(i))) {
                    i++;
                }
                kind = Kind.WORD;
            } else {
                i++;
                kind = Kind.PUNCT;
                if (c == ')') {
                    depth--;
                }
            }
            tokens.add(new Token(kind, start, i, depth, shape.substring(start, i)));
            if (kind == Kind.PUNCT && c == '(') {
                depth++;
            }
        }
        return new ShapeTokens(shape, List.copyOf(tokens));
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$'
                || c == '@' || c >= 0x80;
    }

    public String shape() {
        return shape;
    }

    public List<Token> list() {
        return tokens;
    }

    public int size() {
        return tokens.size();
    }

    public Token get(int i) {
        return tokens.get(i);
    }

    /** The first word upper-cased, or "" when the shape does not start with a word. */
    public String firstWord() {
        return tokens.isEmpty() || tokens.getFirst().kind() != Kind.WORD
                ? "" : tokens.getFirst().text().toUpperCase(Locale.ROOT);
    }

    /** Index of the first token at or after {@code from} that is {@code word} at {@code depth}, or -1. */
    public int find(int from, String word, int depth) {
        for (int i = Math.max(0, from); i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.depth() == depth && t.is(word)) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the last token that starts before shape offset {@code offset}, or -1. */
    public int indexBefore(int offset) {
        int result = -1;
        for (int i = 0; i < tokens.size() && tokens.get(i).start() < offset; i++) {
            result = i;
        }
        return result;
    }

    /** Index of the token starting exactly at shape offset {@code offset}, or -1. */
    public int indexAt(int offset) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).start() == offset) {
                return i;
            }
        }
        return -1;
    }
}
