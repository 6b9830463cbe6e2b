package io.shardgate.config;

import java.time.Duration;

/**
 * The {@code reshard:} section: how hard {@code RESHARD} may push the backends and how long its cutover may hold
 * writes.
 *
 * @param maxRowsPerSecond the copy's and the verify re-copy's pace, summed over every source table
 * @param cutoverTimeout the longest the cutover holds new writes to the moving tables; past it the cutover gives
 *     up, the held statements run on the old layout and the catch-up goes on
 */
public record ReshardSettings(long maxRowsPerSecond, Duration cutoverTimeout) {

    public static final long DEFAULT_MAX_ROWS_PER_SECOND = 20_000;
    public static final Duration DEFAULT_CUTOVER_TIMEOUT = Duration.ofSeconds(2);

    public static final ReshardSettings DEFAULTS = new ReshardSettings(DEFAULT_MAX_ROWS_PER_SECOND,
            DEFAULT_CUTOVER_TIMEOUT);
}
