package io.shardgate.router.sql;

import java.util.HexFormat;

/** Character classes and literal values of MySQL's lexical rules, for the {@link Normalizer}. */
final class LexicalValues {

    private LexicalValues() {
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isBitDigit(char c) {
        return c == '0' || c == '1';
    }

    static boolean isQuote(char c) {
        return c == '\'' || c == '"' || c == '`';
    }

    static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_' || c == '$' || c == '@'
                || c >= 0x80;
    }

    static byte[] hex(String digits) {
        String even = (digits.length() & 1) == 1 ? "0" + digits : digits;
        try {
            return HexFormat.of().parseHex(even);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** b'1010' is a binary string of ceil(bits / 8) bytes, right-aligned as in MySQL. */
    static byte[] bits(String digits) {
        byte[] bytes = new byte[(digits.length() + 7) / 8];
        for (int k = 0; k < digits.length(); k++) {
            if (digits.charAt(digits.length() - 1 - k) == '1') {
                bytes[bytes.length - 1 - k / 8] |= (byte) (1 << (k % 8));
            }
        }
        return bytes;
    }

    /** A quoted string's value and the index after its closing quote. */
    record Unescaped(String value, int end) {
    }

    /**
     * Reads the string whose quote is at {@code quoteAt}: backslash escapes resolved ({@code \%} and
     * {@code \_} stay two characters, as in MySQL) unless {@code mode} has NO_BACKSLASH_ESCAPES, a doubled
     * quote is one quote. Unterminated strings end at the end of the text.
     */
    static Unescaped unescape(String sql, int quoteAt, SqlMode mode) {
        boolean backslash = !mode.noBackslashEscapes();
        int n = sql.length();
        char q = sql.charAt(quoteAt);
        StringBuilder value = null;
        int i = quoteAt + 1;
        int chunk = i;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\\' && backslash && i + 1 < n) {
                if (value == null) {
                    value = new StringBuilder();
                }
                value.append(sql, chunk, i);
                char e = sql.charAt(i + 1);
                switch (e) {
                    case '0' -> value.append('\0');
                    case 'b' -> value.append('\b');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'Z' -> value.append('\u001a');
                    case '%', '_' -> value.append('\\').append(e);
                    default -> value.append(e);
                }
                i += 2;
                chunk = i;
            } else if (c == q) {
                if (i + 1 < n && sql.charAt(i + 1) == q) {
                    if (value == null) {
                        value = new StringBuilder();
                    }
                    value.append(sql, chunk, i + 1);
                    i += 2;
                    chunk = i;
                } else {
                    break;
                }
            } else {
                i++;
            }
        }
        String text = value == null ? sql.substring(quoteAt + 1, Math.min(i, n))
                : value.append(sql, chunk, Math.min(i, n)).toString();
        return new Unescaped(text, Math.min(i + 1, n));
    }
}
