package io.shardgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import io.shardgate.config.StrategyParams.Period;
import io.shardgate.config.StrategyParams.TimeUnit;
import org.junit.jupiter.api.Test;

class PeriodTextTest {

    @Test
    void periodsAreStoredAsFirstAndLastDay() {
        assertThat(PeriodText.parse("2024-01..2024-02", TimeUnit.MONTH))
                .isEqualTo(new Period(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 29)));
        assertThat(PeriodText.parse("2024-03-05..2024-03-09", TimeUnit.DAY))
                .isEqualTo(new Period(LocalDate.of(2024, 3, 5), LocalDate.of(2024, 3, 9)));
        assertThat(PeriodText.parse("2024..2025", TimeUnit.YEAR))
                .isEqualTo(new Period(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 12, 31)));
        assertThat(PeriodText.parse("2024-07", TimeUnit.MONTH))
                .isEqualTo(new Period(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 31)));
    }

    @Test
    void unitsAndSuffixes() {
        Period p = PeriodText.parse("2024-11..2025-02", TimeUnit.MONTH);
        assertThat(PeriodText.units(p, TimeUnit.MONTH)).isEqualTo(4);
        assertThat(PeriodText.suffixes(p, TimeUnit.MONTH)).containsExactly("202411", "202412", "202501", "202502");
        Period d = PeriodText.parse("2024-01-15..2024-01-16", TimeUnit.DAY);
        assertThat(PeriodText.suffixes(d, TimeUnit.DAY)).containsExactly("20240115", "20240116");
        Period y = PeriodText.parse("2024..2026", TimeUnit.YEAR);
        assertThat(PeriodText.units(y, TimeUnit.YEAR)).isEqualTo(3);
        assertThat(PeriodText.suffixes(y, TimeUnit.YEAR)).containsExactly("2024", "2025", "2026");
    }

    @Test
    void invalidDatesAreRefused() {
        assertThatThrownBy(() -> PeriodText.parse("2023-02-01..2023-02-29", TimeUnit.DAY))
                .hasMessage("'2023-02-01..2023-02-29' is not a day range (YYYY-MM-DD..YYYY-MM-DD)");
        assertThatThrownBy(() -> PeriodText.parse("24..25", TimeUnit.YEAR))
                .hasMessage("'24..25' is not a year range (YYYY..YYYY)");
        assertThatThrownBy(() -> PeriodText.parse("2024-01..", TimeUnit.MONTH))
                .hasMessage("'2024-01..' is not a month range (YYYY-MM..YYYY-MM)");
    }
}
