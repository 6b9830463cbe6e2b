package io.shardgate.router.strategy;

import io.shardgate.config.StrategyParams;
import io.shardgate.config.StrategyParams.Period;
import io.shardgate.config.StrategyParams.TimeUnit;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * The shards of a time-sharded table: one per unit (day, month or year) of each node's period, numbered
 * in node order. Shared by {@link TimeStrategy} (value -> shard) and the topology (shard -> table suffix:
 * {@code 20240115}, {@code 202401}, {@code 2024}).
 *
 * <p>A unit is a number that grows by one per day / month / year: the epoch day, {@code year * 12 +
 * month - 1}, or the year. A period covers every unit from its first day's to its last day's.
 */
public final class TimeLayout {

    private final TimeUnit unit;
    private final long[] firstUnit;
    private final long[] lastUnit;
    private final int[] firstShard;
    private final int shardCount;

    private TimeLayout(TimeUnit unit, long[] firstUnit, long[] lastUnit, int[] firstShard, int shardCount) {
        this.unit = unit;
        this.firstUnit = firstUnit;
        this.lastUnit = lastUnit;
        this.firstShard = firstShard;
        this.shardCount = shardCount;
    }

    public static TimeLayout of(StrategyParams.Time params) {
        int n = params.periods().size();
        if (n == 0) {
            throw new IllegalArgumentException("time strategy needs at least one period");
        }
        long[] first = new long[n];
        long[] last = new long[n];
        int[] offset = new int[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            Period p = params.periods().get(i);
            first[i] = unitOf(params.unit(), p.first());
            last[i] = unitOf(params.unit(), p.last());
            if (last[i] < first[i]) {
                throw new IllegalArgumentException("period " + p.first() + ".." + p.last() + " ends before it starts");
            }
            offset[i] = (int) total;
            total += last[i] - first[i] + 1;
            if (total > 100_000) {
                throw new IllegalArgumentException("time strategy would create more than 100000 tables");
            }
        }
        return new TimeLayout(params.unit(), first, last, offset, (int) total);
    }

    static long unitOf(TimeUnit unit, LocalDate date) {
        return switch (unit) {
            case DAY -> date.toEpochDay();
            case MONTH -> date.getYear() * 12L + date.getMonthValue() - 1;
            case YEAR -> date.getYear();
        };
    }

    long unitOf(LocalDate date) {
        return unitOf(unit, date);
    }

    /** The first day of a unit. */
    LocalDate startOf(long u) {
        return switch (unit) {
            case DAY -> LocalDate.ofEpochDay(u);
            case MONTH -> YearMonth.of((int) Math.floorDiv(u, 12), Math.floorMod(u, 12) + 1).atDay(1);
            case YEAR -> LocalDate.of((int) u, 1, 1);
        };
    }

    /**
     * The shard holding unit {@code u}, or -1 when no period covers it. A unit is a number that grows by one
     * per day (the epoch day), month ({@code year * 12 + month - 1}) or year.
     */
    public int shardOfUnit(long u) {
        for (int p = 0; p < firstUnit.length; p++) {
            if (u >= firstUnit[p] && u <= lastUnit[p]) {
                return firstShard[p] + (int) (u - firstUnit[p]);
            }
        }
        return -1;
    }

    /** Shards whose unit lies within {@code [fromUnit, toUnit]}; periods outside simply do not contribute. */
    ShardSet shardsBetween(long fromUnit, long toUnit) {
        ShardSet result = ShardSet.none(shardCount);
        for (int p = 0; p < firstUnit.length; p++) {
            long from = Math.max(fromUnit, firstUnit[p]);
            long to = Math.min(toUnit, lastUnit[p]);
            if (from <= to) {
                result = result.or(ShardSet.between(shardCount, firstShard[p] + (int) (from - firstUnit[p]),
                        firstShard[p] + (int) (to - firstUnit[p])));
            }
        }
        return result;
    }

    public int shardCount() {
        return shardCount;
    }

    public TimeUnit unit() {
        return unit;
    }

    /** The unit (see {@link #shardOfUnit}) shard {@code shard} holds. */
    public long unitOfShard(int shard) {
        int p = periodOf(shard);
        return firstUnit[p] + (shard - firstShard[p]);
    }

    /** Index of the period (= of the node, in node order) holding {@code shard}. */
    public int periodOf(int shard) {
        checkShard(shard);
        int p = firstShard.length - 1;
        while (firstShard[p] > shard) {
            p--;
        }
        return p;
    }

    /** Number of shards (units) in period {@code period}: what the loader derives as that node's location. */
    public int shardsInPeriod(int period) {
        return (int) (lastUnit[period] - firstUnit[period] + 1);
    }

    /** The physical table suffix of a shard: {@code 20240115} (day), {@code 202401} (month), {@code 2024} (year). */
    public String suffix(int shard) {
        int p = periodOf(shard);
        LocalDate start = startOf(firstUnit[p] + (shard - firstShard[p]));
        return switch (unit) {
            case DAY -> String.format("%04d%02d%02d", start.getYear(), start.getMonthValue(), start.getDayOfMonth());
            case MONTH -> String.format("%04d%02d", start.getYear(), start.getMonthValue());
            case YEAR -> String.format("%04d", start.getYear());
        };
    }

    private void checkShard(int shard) {
        if (shard < 0 || shard >= shardCount) {
            throw new IllegalArgumentException("shard " + shard + " outside 0.." + (shardCount - 1));
        }
    }
}
