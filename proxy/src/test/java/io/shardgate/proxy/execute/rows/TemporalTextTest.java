package io.shardgate.proxy.execute.rows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class TemporalTextTest {

    @Test
    void datesRoundTrip() {
        assertThat(TemporalText.parseDate("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(TemporalText.parseDate("0001-01-01")).isEqualTo(LocalDate.of(1, 1, 1));
        assertThat(TemporalText.formatDate(LocalDate.of(1, 1, 1))).isEqualTo("0001-01-01");
        assertThat(TemporalText.formatDate(LocalDate.of(9999, 12, 31))).isEqualTo("9999-12-31");
    }

    @Test
    void datesJavaTimeCannotHoldAreNotParsed() {
        assertThat(TemporalText.parseDate("0000-00-00")).isNull();
        assertThat(TemporalText.parseDate("2024-02-00")).isNull();
        assertThat(TemporalText.parseDate("2023-02-29")).isNull();
        assertThat(TemporalText.parseDate("2024-2-1")).isNull();
        assertThat(TemporalText.parseDateTime("0000-00-00 00:00:00")).isNull();
    }

    @Test
    void dateTimesKeepTheirFraction() {
        assertThat(TemporalText.parseDateTime("2024-01-02 03:04:05"))
                .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
        assertThat(TemporalText.parseDateTime("2024-01-02 03:04:05.123"))
                .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_000_000));
        assertThat(TemporalText.parseDateTime("2024-01-02 03:04:05.000001"))
                .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 1_000));
        assertThat(TemporalText.parseDateTime("2024-01-02 24:00:00")).isNull();
        assertThat(TemporalText.parseDateTime("2024-01-02T03:04:05")).isNull();
    }

    @Test
    void dateTimesAreWrittenWithTheColumnsPrecision() {
        LocalDateTime t = LocalDateTime.of(2024, 1, 2, 3, 4, 5, 120_000_000);
        assertThat(TemporalText.formatDateTime(t, 0)).isEqualTo("2024-01-02 03:04:05");
        assertThat(TemporalText.formatDateTime(t, 3)).isEqualTo("2024-01-02 03:04:05.120");
        assertThat(TemporalText.formatDateTime(t, 6)).isEqualTo("2024-01-02 03:04:05.120000");
        assertThat(TemporalText.formatDateTime(LocalDateTime.of(2024, 1, 2, 3, 4, 5), 2))
                .isEqualTo("2024-01-02 03:04:05.00");
        // an unknown precision (31) shows microseconds only when there are any
        assertThat(TemporalText.formatDateTime(t, 31)).isEqualTo("2024-01-02 03:04:05.120000");
        assertThat(TemporalText.formatDateTime(LocalDateTime.of(2024, 1, 2, 3, 4, 5), 31))
                .isEqualTo("2024-01-02 03:04:05");
    }

    @Test
    void timesSpanMoreThanADayAndCanBeNegative() {
        assertThat(TemporalText.parseTime("838:59:59")).isEqualTo(Duration.ofHours(838).plusMinutes(59).plusSeconds(59));
        assertThat(TemporalText.parseTime("-12:00:01.5"))
                .isEqualTo(Duration.ofHours(12).plusSeconds(1).plusMillis(500).negated());
        assertThat(TemporalText.parseTime("00:00:00")).isEqualTo(Duration.ZERO);
        assertThat(TemporalText.parseTime("12:60:00")).isNull();
        assertThat(TemporalText.parseTime("12:00")).isNull();

        assertThat(TemporalText.formatTime(Duration.ofHours(838).plusMinutes(59).plusSeconds(59), 0))
                .isEqualTo("838:59:59");
        assertThat(TemporalText.formatTime(Duration.ofHours(12).plusSeconds(1).plusMillis(500).negated(), 2))
                .isEqualTo("-12:00:01.50");
        assertThat(TemporalText.formatTime(Duration.ofSeconds(5), 0)).isEqualTo("00:00:05");
        assertThat(TemporalText.formatTime(Duration.ofMillis(-500), 1)).isEqualTo("-00:00:00.5");
    }
}
