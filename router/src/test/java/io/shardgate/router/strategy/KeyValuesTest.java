package io.shardgate.router.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class KeyValuesTest {

    @Test
    void integerOfAcceptsIntegralNumbersAndNumericStrings() {
        assertThat(KeyValues.integerOf(7L)).isEqualTo(BigInteger.valueOf(7));
        assertThat(KeyValues.integerOf(new BigDecimal("7.00"))).isEqualTo(BigInteger.valueOf(7));
        assertThat(KeyValues.integerOf(" -7 ")).isEqualTo(BigInteger.valueOf(-7));
        assertThat(KeyValues.integerOf("7e2")).isEqualTo(BigInteger.valueOf(700));
        assertThat(KeyValues.integerOf("0.0")).isEqualTo(BigInteger.ZERO);
        assertThat(KeyValues.integerOf(7.0d)).isEqualTo(BigInteger.valueOf(7));
        assertThat(KeyValues.integerOf(true)).isEqualTo(BigInteger.ONE);
    }

    @Test
    void integerOfRejectsEverythingElse() {
        assertThat(KeyValues.integerOf("7.5")).isNull();
        assertThat(KeyValues.integerOf("7abc")).isNull();
        assertThat(KeyValues.integerOf("abc")).isNull();
        assertThat(KeyValues.integerOf("")).isNull();
        assertThat(KeyValues.integerOf("-")).isNull();
        assertThat(KeyValues.integerOf(".")).isNull();
        assertThat(KeyValues.integerOf("1e")).isNull();
        assertThat(KeyValues.integerOf("1e9999")).isNull();
        assertThat(KeyValues.integerOf(null)).isNull();
        assertThat(KeyValues.integerOf(LocalDate.of(2024, 1, 1))).isNull();
    }

    @Test
    void canonicalIsEqualForValuesMysqlCompareAsEqual() {
        assertThat(KeyValues.canonical("042")).isEqualTo("42").isEqualTo(KeyValues.canonical(42L));
        assertThat(KeyValues.canonical(new BigDecimal("4.50"))).isEqualTo("4.5").isEqualTo(KeyValues.canonical(" 4.5"));
        assertThat(KeyValues.canonical("Straße  ")).isEqualTo("straße");
        assertThat(KeyValues.canonical("  Lead")).isEqualTo("  lead");
        assertThat(KeyValues.canonical(LocalDateTime.of(2024, 1, 15, 10, 0))).isEqualTo("2024-01-15 10:00:00");
        assertThat(KeyValues.canonical(LocalDateTime.of(2024, 1, 15, 10, 0, 1, 5_000))).isEqualTo("2024-01-15 10:00:01.000005");
    }

    @Test
    void displayQuotesLikeSql() {
        assertThat(KeyValues.display("x")).isEqualTo("'x'");
        assertThat(KeyValues.display(5L)).isEqualTo("5");
        assertThat(KeyValues.display(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(KeyValues.display(LocalDate.of(2031, 1, 1))).isEqualTo("'2031-01-01'");
        assertThat(KeyValues.display(null)).isEqualTo("NULL");
    }
}
