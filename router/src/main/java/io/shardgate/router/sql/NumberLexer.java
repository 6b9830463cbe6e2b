package io.shardgate.router.sql;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Lexes one numeric literal as MySQL does: {@code 0x0A} / {@code 0b101} (binary strings), integers, decimals and
 * approximate numbers with an exponent, with an optional leading minus sign that the {@link Normalizer} has
 * already judged to belong to the number. Its value is computed only when asked, since numbers that stay in the
 * shape never need one.
 *
 * <p>A scanned number is a {@code long} (its end and {@link Form}), not an object: this runs for every number of
 * every statement, and a record per number cost 32 bytes of garbage each (RouterBenchmark normalizeOnly with
 * {@code -prof gc}: 560 B/op without, 656 with).
 */
final class NumberLexer {

    enum Form { HEX, BITS, INTEGER, DECIMAL, APPROXIMATE }

    /** What {@link #scan} returns when the text is an identifier ({@code 123abc}), not a number. */
    static final long NOT_A_NUMBER = -1;

    private static final Form[] FORMS = Form.values();

    private NumberLexer() {
    }

    /**
     * The number at {@code digitsStart} as {@link #end} and {@link #form}, or {@link #NOT_A_NUMBER}.
     *
     * @param start where the text starts: at a minus sign, if any, else {@code digitsStart}
     */
    static long scan(String sql, int start, int digitsStart) {
        int n = sql.length();
        int i = digitsStart;
        if (start == i && sql.charAt(i) == '0' && i + 2 < n) {
            char x = sql.charAt(i + 1);
            if ((x == 'x' || x == 'X') && LexicalValues.isHexDigit(sql.charAt(i + 2))) {
                int end = i + 2;
                while (end < n && LexicalValues.isHexDigit(sql.charAt(end))) {
                    end++;
                }
                return end >= n || !LexicalValues.isWordChar(sql.charAt(end)) ? token(end, Form.HEX) : NOT_A_NUMBER;
            }
            if ((x == 'b' || x == 'B') && LexicalValues.isBitDigit(sql.charAt(i + 2))) {
                int end = i + 2;
                while (end < n && LexicalValues.isBitDigit(sql.charAt(end))) {
                    end++;
                }
                return end >= n || !LexicalValues.isWordChar(sql.charAt(end)) ? token(end, Form.BITS) : NOT_A_NUMBER;
            }
        }
        while (i < n && LexicalValues.isDigit(sql.charAt(i))) {
            i++;
        }
        boolean decimal = false;
        boolean exponent = false;
        if (i < n && sql.charAt(i) == '.') {
            decimal = true;
            i++;
            while (i < n && LexicalValues.isDigit(sql.charAt(i))) {
                i++;
            }
        }
        if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                j++;
            }
            if (j < n && LexicalValues.isDigit(sql.charAt(j))) {
                exponent = true;
                i = j;
                while (i < n && LexicalValues.isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        if (i < n && LexicalValues.isWordChar(sql.charAt(i))) {
            return NOT_A_NUMBER; // 123abc is an identifier in MySQL
        }
        return token(i, exponent ? Form.APPROXIMATE : decimal ? Form.DECIMAL : Form.INTEGER);
    }

    private static long token(int end, Form form) {
        return (long) end << 3 | form.ordinal();
    }

    /** The index after the number's last character. */
    static int end(long token) {
        return (int) (token >>> 3);
    }

    static Form form(long token) {
        return FORMS[(int) (token & 7)];
    }

    static Literal.Kind kind(long token) {
        Form form = form(token);
        return form == Form.HEX || form == Form.BITS ? Literal.Kind.BINARY : Literal.Kind.NUMBER;
    }

    /**
     * Bytes for binary strings; Long where it fits, else BigInteger; BigDecimal; Double with an exponent.
     *
     * @param text        the number's text, {@code sql} from {@code start} (as given to {@link #scan}) to its end
     * @param digitsStart as given to {@link #scan}
     */
    static Object value(String sql, String text, int digitsStart, long token) {
        int end = end(token);
        return switch (form(token)) {
            case HEX -> LexicalValues.hex(sql.substring(digitsStart + 2, end));
            case BITS -> LexicalValues.bits(sql.substring(digitsStart + 2, end));
            case APPROXIMATE -> Double.parseDouble(text);
            case DECIMAL -> new BigDecimal(text);
            case INTEGER -> {
                if (end - digitsStart <= 18) {
                    yield Long.parseLong(text);
                }
                BigInteger big = new BigInteger(text);
                yield big.bitLength() < 64 ? (Object) big.longValue() : big;
            }
        };
    }
}
