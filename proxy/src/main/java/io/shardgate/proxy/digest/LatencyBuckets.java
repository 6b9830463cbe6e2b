package io.shardgate.proxy.digest;

/**
 * Log-linear latency buckets for a percentile without keeping samples: four buckets per power of two of
 * microseconds (each 25% wide), from 1 µs to about 12 days, so a p99 read from them is at most a quarter above the
 * true value. 160 longs per statement shape: a fixed cost, whatever the traffic.
 *
 * <p>Not thread-safe: its owner ({@link Digest}) guards it.
 */
final class LatencyBuckets {

    static final int SUB = 4;
    static final int EXPONENTS = 40;
    static final int COUNT = SUB * EXPONENTS;

    private final long[] counts = new long[COUNT];

    /** The bucket of a duration: {@code [2^e (1 + s/4), 2^e (1 + (s+1)/4))} µs holds bucket {@code 4e + s}. */
    static int index(long nanos) {
        long micros = Math.max(1, nanos / 1000);
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        if (exponent >= EXPONENTS) {
            return COUNT - 1;
        }
        int sub = (int) (((micros << 2) >> exponent) & 3);
        return exponent * SUB + sub;
    }

    /** The upper end of a bucket, in nanoseconds. */
    static long upperNanos(int index) {
        int exponent = index / SUB;
        int sub = index % SUB;
        return (1L << exponent) * 1000 * (SUB + 1 + sub) / SUB;
    }

    void record(long nanos) {
        counts[index(nanos)]++;
    }

    /**
     * The upper end of the bucket holding the {@code quantile} of {@code total} recorded values (0 when none),
     * never above {@code max}, the largest value recorded.
     */
    long quantile(double quantile, long total, long max) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int i = 0; i < COUNT; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperNanos(i), max);
            }
        }
        return max;
    }

    void clear() {
        java.util.Arrays.fill(counts, 0);
    }
}
