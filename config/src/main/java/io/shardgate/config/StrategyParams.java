package io.shardgate.config;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/** Each strategy's own settings, one record per strategy. */
public sealed interface StrategyParams {

    /** Broadcast tables and hash-mod need nothing more. */
    record None() implements StrategyParams {
    }

    /**
     * Either equal ranges of {@code rangeSize} (table i holds [i*size, (i+1)*size)) or explicit
     * {@code boundaries}: table i holds [boundaries[i], boundaries[i+1]), so there is one more boundary
     * than tables.
     */
    record Range(Long rangeSize, List<Long> boundaries) implements StrategyParams {
        public Range {
            boundaries = boundaries == null ? List.of() : List.copyOf(boundaries);
        }
    }

    /**
     * Time strategy: one physical table per {@code unit}; {@code periods} has one inclusive range per node.
     * Day periods are written {@code 2024-01-01..2024-01-31}, month periods {@code 2024-01..2024-12}, year
     * periods {@code 2024..2026}; all are stored as the first and last day they cover.
     */
    record Time(TimeUnit unit, List<Period> periods) implements StrategyParams {
        public Time {
            periods = List.copyOf(periods);
        }
    }

    /** An inclusive date range, first and last day. */
    record Period(LocalDate first, LocalDate last) {
        public static Period ofMonths(YearMonth from, YearMonth to) {
            return new Period(from.atDay(1), to.atEndOfMonth());
        }
    }

    enum TimeUnit { DAY, MONTH, YEAR }

    /** Region values are matched case-insensitively; keys are stored lower-case. */
    record Region(Map<String, Integer> regions, Integer defaultShard) implements StrategyParams {
        public Region {
            regions = Map.copyOf(regions);
        }
    }

    record ConsistentHash(int virtualNodes) implements StrategyParams {
    }

    /**
     * @param node where the locator table lives
     * @param table the locator table (key -> shard index)
     * @param allocate how a new key gets its shard (hash-mod or consistent-hash)
     */
    record Lookup(String node, String table, StrategyType allocate, long cacheSize) implements StrategyParams {
    }
}
