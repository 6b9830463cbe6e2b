package io.shardgate.router.sql;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * One numeric literal as MySQL lexes it: {@code 0x0A} / {@code 0b101} (binary strings), integers, decimals and
 * approximate numbers with an exponent, with an optional leading minus sign that the {@link Normalizer} has
 * already judged to belong to the number. Its value is computed only when asked, since numbers that stay in the
 * shape never need one.
 *
 * @param start       where the text starts (at the minus sign, if any)
 * @param digitsStart where the digits (or a leading {@code .}) start
 * @param end         the index after the last character
 */
record NumberToken(int start, int digitsStart, int end, Form form) {

    enum Form { HEX, BITS, INTEGER, DECIMAL, APPROXIMATE }

    /** The number at {@code digitsStart}, or null when the text there is an identifier ({@code 123abc}). */
    static NumberToken scan(String sql, int start, int digitsStart) {
        int n = sql.length();
        int i = digitsStart;
        if (start == i && sql.charAt(i) == '0' && i + 2 < n) {
            char x = sql.charAt(i + 1);
            if ((x == 'x' || x == 'X') && LexicalValues.isHexDigit(sql.charAt(i + 2))) {
                int end = i + 2;
                while (end < n && LexicalValues.isHexDigit(sql.charAt(end))) {
                    end++;
                }
                return end >= n || !LexicalValues.isWordChar(sql.charAt(end))
                        ? new NumberToken(start, digitsStart, end, Form.HEX) : null;
            }
            if ((x == 'b' || x == 'B') && LexicalValues.isBitDigit(sql.charAt(i + 2))) {
                int end = i + 2;
                while (end < n && LexicalValues.isBitDigit(sql.charAt(end))) {
                    end++;
                }
                return end >= n || !LexicalValues.isWordChar(sql.charAt(end))
                        ? new NumberToken(start, digitsStart, end, Form.BITS) : null;
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
            return null; // 123abc is an identifier in MySQL
        }
        Form form = exponent ? Form.APPROXIMATE : decimal ? Form.DECIMAL : Form.INTEGER;
        return new NumberToken(start, digitsStart, i, form);
    }

    /** An integer written without a sign: the only kind of number that may stay in the shape. */
    boolean unsignedInteger() {
        return form == Form.INTEGER && start == digitsStart;
    }

    Literal.Kind kind() {
        return form == Form.HEX || form == Form.BITS ? Literal.Kind.BINARY : Literal.Kind.NUMBER;
    }

    /** Bytes for binary strings; Long where it fits, else BigInteger; BigDecimal; Double with an exponent. */
    Object value(String sql) {
        return switch (form) {
            case HEX -> LexicalValues.hex(sql.substring(digitsStart + 2, end));
            case BITS -> LexicalValues.bits(sql.substring(digitsStart + 2, end));
            case APPROXIMATE -> Double.parseDouble(sql.substring(start, end));
            case DECIMAL -> new BigDecimal(sql.substring(start, end));
            case INTEGER -> {
                String text = sql.substring(start, end);
                if (end - digitsStart <= 18) {
                    yield Long.parseLong(text);
                }
                BigInteger big = new BigInteger(text);
                yield big.bitLength() < 64 ? (Object) big.longValue() : big;
            }
        };
    }
}
