package io.shardgate.router.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.config.StrategyParams;
import io.shardgate.config.StrategyParams.Period;
import io.shardgate.config.StrategyParams.TimeUnit;
import io.shardgate.router.strategy.ShardStrategy.Bound;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeStrategyTest {

    /** ds0: 2024-01..2024-12 (shards 0..11), ds1: 2025-01..2025-06 (shards 12..17). */
    private final StrategyParams.Time months = new StrategyParams.Time(TimeUnit.MONTH, List.of(
            Period.ofMonths(YearMonth.of(2024, 1), YearMonth.of(2024, 12)),
            Period.ofMonths(YearMonth.of(2025, 1), YearMonth.of(2025, 6))));
    private final TimeStrategy monthly = new TimeStrategy("created_at", months, ZoneOffset.UTC);

    private static Bound incl(Object v) {
        return new Bound(v, true);
    }

    private static Bound excl(Object v) {
        return new Bound(v, false);
    }

    @Test
    void shardIsThePositionOfTheMonthAcrossAllPeriods() {
        assertThat(monthly.shardCount()).isEqualTo(18);
        assertThat(monthly.shardOf(LocalDate.of(2024, 1, 1))).isZero();
        assertThat(monthly.shardOf(LocalDate.of(2024, 12, 31))).isEqualTo(11);
        assertThat(monthly.shardOf(LocalDateTime.of(2025, 1, 1, 0, 0))).isEqualTo(12);
        assertThat(monthly.shardOf(LocalDateTime.of(2025, 6, 30, 23, 59, 59))).isEqualTo(17);
    }

    @Test
    void readsMysqlDateStrings() {
        assertThat(monthly.shardOf("2024-03-15")).isEqualTo(2);
        assertThat(monthly.shardOf("2024-3-5")).isEqualTo(2);
        assertThat(monthly.shardOf("2024/03/05")).isEqualTo(2);
        assertThat(monthly.shardOf("2024-03-15 10:30:00")).isEqualTo(2);
        assertThat(monthly.shardOf("2024-03-15 10:30:00.123456")).isEqualTo(2);
        assertThat(monthly.shardOf("2024-03-15T10:30")).isEqualTo(2);
        assertThat(monthly.shardOf(" 20240315 ")).isEqualTo(2);
        assertThat(monthly.shardOf("20240315103000")).isEqualTo(2);
    }

    @Test
    void integersAreUnixSecondsInTheConfiguredZone() {
        long newYear2025Utc = LocalDateTime.of(2025, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
        assertThat(monthly.shardOf(newYear2025Utc)).isEqualTo(12);
        assertThat(monthly.shardOf(newYear2025Utc - 1)).isEqualTo(11);
        assertThat(monthly.shardOf(Long.toString(newYear2025Utc))).isEqualTo(12);
        // the same instant is still 2024 in New York
        TimeStrategy ny = new TimeStrategy("created_at", months, ZoneId.of("America/New_York"));
        assertThat(ny.shardOf(newYear2025Utc)).isEqualTo(11);
        assertThat(ny.shardOf(Instant.ofEpochSecond(newYear2025Utc))).isEqualTo(11);
        assertThat(ny.shardOf(OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))).isEqualTo(11);
        // LocalDate / LocalDateTime / date strings are wall-clock values: the zone does not apply
        assertThat(ny.shardOf("2025-01-01 00:00:00")).isEqualTo(12);
    }

    @Test
    void outsideEveryPeriodNamesColumnAndValue() {
        assertThatThrownBy(() -> monthly.shardOf("2031-01-01")).isInstanceOf(NoShardException.class)
                .hasMessage("no shard for created_at = '2031-01-01'");
        assertThatThrownBy(() -> monthly.shardOf(LocalDate.of(2023, 12, 31)))
                .hasMessage("no shard for created_at = '2023-12-31'");
        assertThatThrownBy(() -> monthly.shardOf(LocalDateTime.of(2025, 7, 1, 8, 0)))
                .hasMessage("no shard for created_at = '2025-07-01 08:00:00'");
    }

    @Test
    void notADate() {
        assertThatThrownBy(() -> monthly.shardOf("yesterday"))
                .hasMessage("no shard for created_at = 'yesterday': not a date, datetime or unix time");
        assertThatThrownBy(() -> monthly.shardOf("2024-02-30")).hasMessageContaining("not a date");
        assertThatThrownBy(() -> monthly.shardOf("0000-00-00")).hasMessageContaining("not a date");
    }

    @Test
    void rangesPruneToTheMonthsTheyTouch() {
        assertThat(monthly.shardsFor(incl("2024-03-01"), incl("2024-05-31 23:59:59")))
                .isEqualTo(ShardSet.between(18, 2, 4));
        assertThat(monthly.shardsFor(incl("2024-12-15"), excl("2025-02-01"))).isEqualTo(ShardSet.between(18, 11, 12));
        assertThat(monthly.shardsFor(incl("2024-12-15"), excl("2025-02-01 00:00:01"))).isEqualTo(ShardSet.between(18, 11, 13));
        assertThat(monthly.shardsFor(incl("2024-12-15"), incl("2025-02-01"))).isEqualTo(ShardSet.between(18, 11, 13));
        assertThat(monthly.shardsFor(incl("2025-05-10"), null)).isEqualTo(ShardSet.between(18, 16, 17));
        assertThat(monthly.shardsFor(null, excl(LocalDate.of(2024, 3, 1)))).isEqualTo(ShardSet.between(18, 0, 1));
    }

    @Test
    void rangesReachingOutsideAreClippedAndThoseEntirelyOutsideAreEmpty() {
        assertThat(monthly.shardsFor(incl("2020-01-01"), incl("2024-02-10"))).isEqualTo(ShardSet.between(18, 0, 1));
        assertThat(monthly.shardsFor(incl("2025-06-01"), incl("2031-01-01"))).isEqualTo(ShardSet.of(18, 17));
        assertThat(monthly.shardsFor(incl("2030-01-01"), incl("2031-01-01"))).isEqualTo(ShardSet.none(18));
        assertThat(monthly.shardsFor(null, excl("2024-01-01"))).isEqualTo(ShardSet.none(18));
        assertThat(monthly.shardsFor(incl("2024-05-01"), incl("2024-04-01"))).isEqualTo(ShardSet.none(18));
    }

    @Test
    void unreadableBoundsCannotPrune() {
        assertThat(monthly.shardsFor(incl("soon"), null)).isEqualTo(ShardSet.all(18));
    }

    @Test
    void gapsBetweenPeriodsHoldNothing() {
        StrategyParams.Time days = new StrategyParams.Time(TimeUnit.DAY, List.of(
                new Period(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3)),
                new Period(LocalDate.of(2024, 1, 10), LocalDate.of(2024, 1, 11))));
        TimeStrategy daily = new TimeStrategy("d", days, ZoneOffset.UTC);
        assertThat(daily.shardOf("2024-01-10")).isEqualTo(3);
        assertThatThrownBy(() -> daily.shardOf("2024-01-05")).hasMessage("no shard for d = '2024-01-05'");
        assertThat(daily.shardsFor(incl("2024-01-02"), incl("2024-01-10 12:00:00"))).isEqualTo(ShardSet.between(5, 1, 3));
        assertThat(daily.shardsFor(incl("2024-01-04"), incl("2024-01-09"))).isEqualTo(ShardSet.none(5));
    }

    @Test
    void yearUnits() {
        StrategyParams.Time years = new StrategyParams.Time(TimeUnit.YEAR, List.of(
                new Period(LocalDate.of(2020, 1, 1), LocalDate.of(2022, 12, 31)),
                new Period(LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31))));
        TimeStrategy yearly = new TimeStrategy("d", years, ZoneOffset.UTC);
        assertThat(yearly.shardOf("2023-06-01")).isEqualTo(3);
        assertThat(yearly.shardsFor(incl("2021-06-01"), excl("2023-01-01"))).isEqualTo(ShardSet.between(4, 1, 2));
        assertThat(yearly.layout().suffix(3)).isEqualTo("2023");
    }
}
