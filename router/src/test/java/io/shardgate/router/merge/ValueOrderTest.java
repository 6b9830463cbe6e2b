package io.shardgate.router.merge;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class ValueOrderTest {

    private final ValueOrder numbers = ValueOrder.forColumn(Columns.decimal("d", 2));
    private final ValueOrder text = ValueOrder.forColumn(Columns.varchar("s"));

    @Test
    void nullSortsFirst() {
        assertThat(numbers.compare(null, -1000L)).isNegative();
        assertThat(numbers.compare(5L, null)).isPositive();
        assertThat(numbers.compare(null, null)).isZero();
        assertThat(text.compare(null, "")).isNegative();
    }

    @Test
    void numbersCompareByValueAcrossJavaTypes() {
        assertThat(numbers.compare(1L, new BigDecimal("1.00"))).isZero();
        assertThat(numbers.compare(2L, 1.5)).isPositive();
        assertThat(numbers.compare(new BigDecimal("0.1"), 0.1)).isNegative(); // 0.1 as a double is 0.1000000000000000055...
        BigInteger huge = new BigInteger("18446744073709551615");
        assertThat(numbers.compare(huge, Long.MAX_VALUE)).isPositive();
        assertThat(numbers.compare(-3L, huge)).isNegative();
        assertThat(numbers.compare(1e30, huge)).isPositive();
        assertThat(numbers.compare(Double.NEGATIVE_INFINITY, Long.MIN_VALUE)).isNegative();
    }

    @Test
    void equalNumbersShareAKey() {
        assertThat(numbers.key(7L)).isEqualTo(numbers.key(new BigDecimal("7.00")));
        assertThat(numbers.key(7L)).isEqualTo(numbers.key(7.0));
        assertThat(numbers.key(BigInteger.valueOf(7))).isEqualTo(numbers.key(7L));
        assertThat(numbers.key(new BigDecimal("2.50"))).isEqualTo(numbers.key(2.5));
        assertThat(numbers.key(new BigDecimal("2.50"))).isNotEqualTo(numbers.key(2.51));
        assertThat(numbers.key(null)).isEqualTo(numbers.key(null)).isNotEqualTo(numbers.key(0L));
    }

    @Test
    void temporalValuesCompareChronologically() {
        ValueOrder dates = ValueOrder.forColumn(Columns.datetime("t"));
        LocalDateTime noon = LocalDateTime.of(2024, 3, 1, 12, 0);
        assertThat(dates.compare(noon, noon.plusSeconds(1))).isNegative();
        assertThat(dates.compare(LocalDate.of(2024, 3, 1), noon)).isNegative();
        assertThat(dates.compare(LocalDate.of(2024, 3, 1), noon.withHour(0))).isZero();
        assertThat(dates.key(LocalDate.of(2024, 3, 1))).isEqualTo(dates.key(noon.withHour(0)));
        assertThat(dates.compare(Duration.ofHours(-1), Duration.ofMinutes(1))).isNegative();
    }

    @Test
    void bytesAreUnsignedLexicographic() {
        ValueOrder bytes = ValueOrder.forColumn(Columns.varbinary("b"));
        assertThat(bytes.compare(new byte[] {(byte) 0x80}, new byte[] {0x7f})).isPositive();
        assertThat(bytes.compare(new byte[] {1}, new byte[] {1, 0})).isNegative();
        assertThat(bytes.key(new byte[] {1, 2})).isEqualTo(bytes.key(new byte[] {1, 2}));
    }

    @Test
    void binaryFlagOverridesTheReportedCollation() {
        // MariaDB reports a utf8mb4_bin column as collation 45 with the BINARY flag
        ValueOrder bin = ValueOrder.forColumn(new ColumnMeta("s", 253, ColumnMeta.FLAG_BINARY, 0, 45));
        assertThat(bin.compare("a", "A")).isPositive();
        assertThat(text.compare("a", "A")).isZero();
        assertThat(bin.exact()).isTrue();
    }

    @Test
    void onlyTextColumnsUnderUcaAreInexact() {
        assertThat(ValueOrder.forColumn(Columns.varchar("s", 255)).exact()).isFalse();
        assertThat(ValueOrder.forColumn(Columns.varchar("s", 45)).exact()).isTrue();
        assertThat(ValueOrder.forColumn(new ColumnMeta("n", 8, 0, 0, 255)).exact()).isTrue();
    }
}
