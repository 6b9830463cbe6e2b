package io.shardgate.router.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** One numeric literal at a time: where it ends, its form, its value; identifiers that start with digits. */
class NumberLexerTest {

    private static long scan(String sql, int start, int digitsStart) {
        return NumberLexer.scan(sql, start, digitsStart);
    }

    @Test
    void formsAndEnds() {
        assertThat(NumberLexer.form(scan("12 ", 0, 0))).isEqualTo(NumberLexer.Form.INTEGER);
        assertThat(NumberLexer.end(scan("12 ", 0, 0))).isEqualTo(2);
        assertThat(NumberLexer.form(scan("1.5)", 0, 0))).isEqualTo(NumberLexer.Form.DECIMAL);
        assertThat(NumberLexer.end(scan("1.5)", 0, 0))).isEqualTo(3);
        assertThat(NumberLexer.form(scan("2.5E-2", 0, 0))).isEqualTo(NumberLexer.Form.APPROXIMATE);
        assertThat(NumberLexer.end(scan("2.5E-2", 0, 0))).isEqualTo(6);
        assertThat(NumberLexer.form(scan("0x1F,", 0, 0))).isEqualTo(NumberLexer.Form.HEX);
        assertThat(NumberLexer.end(scan("0x1F,", 0, 0))).isEqualTo(4);
        assertThat(NumberLexer.form(scan("0b101", 0, 0))).isEqualTo(NumberLexer.Form.BITS);
    }

    @Test
    void identifiersThatStartWithDigitsAreNotNumbers() {
        assertThat(scan("123abc", 0, 0)).isEqualTo(NumberLexer.NOT_A_NUMBER);
        assertThat(scan("0x1g", 0, 0)).isEqualTo(NumberLexer.NOT_A_NUMBER);
        assertThat(scan("0b12", 0, 0)).isEqualTo(NumberLexer.NOT_A_NUMBER);
        assertThat(scan("1e+", 0, 0)).isEqualTo(NumberLexer.NOT_A_NUMBER); // no exponent digits: 1e is a word
        // after a minus sign 0x is no hex prefix: the x makes it an identifier-like token
        assertThat(scan("-0x1", 0, 1)).isEqualTo(NumberLexer.NOT_A_NUMBER);
    }

    @Test
    void values() {
        assertThat(value("-5", 1)).isEqualTo(-5L);
        assertThat(value("9223372036854775807", 0)).isEqualTo(Long.MAX_VALUE);
        assertThat(value("9223372036854775808", 0)).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(value("000000000000000000001", 0)).isEqualTo(1L); // 21 digits, still a long
        assertThat(value("12.50", 0)).isEqualTo(new BigDecimal("12.50"));
        assertThat(value("1e3", 0)).isEqualTo(1000.0);
        assertThat((byte[]) value("0x0aFF", 0)).containsExactly(0x0a, 0xff);
        assertThat((byte[]) value("0b100000000", 0)).containsExactly(1, 0);
        assertThat(NumberLexer.kind(scan("0x0a", 0, 0))).isEqualTo(Literal.Kind.BINARY);
        assertThat(NumberLexer.kind(scan("10", 0, 0))).isEqualTo(Literal.Kind.NUMBER);
    }

    private static Object value(String sql, int digitsStart) {
        long token = scan(sql, 0, digitsStart);
        return NumberLexer.value(sql, sql.substring(0, NumberLexer.end(token)), digitsStart, token);
    }
}
