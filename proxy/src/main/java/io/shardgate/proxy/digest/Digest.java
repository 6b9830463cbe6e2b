package io.shardgate.proxy.digest;

/**
 * The running totals of one statement shape in one schema. Every statement of that shape adds to it, from any
 * event loop, under the digest's own lock: one uncontended lock per statement costs tens of nanoseconds, and two
 * loops rarely finish statements of the same shape in the same instant.
 */
public final class Digest {

    private final String schema;
    private final String shape;
    private final long firstSeenMillis;
    private volatile long lastSeenMillis;
    private long count;
    private long errors;
    private long rows;
    private long totalNanos;
    private long maxNanos;
    private final LatencyBuckets latencies = new LatencyBuckets();

    Digest(String schema, String shape, long nowMillis) {
        this.schema = schema;
        this.shape = shape;
        this.firstSeenMillis = nowMillis;
        this.lastSeenMillis = nowMillis;
    }

    synchronized void record(long nanos, boolean failed, long rowsSent, long nowMillis) {
        count++;
        if (failed) {
            errors++;
        }
        if (rowsSent > 0) {
            rows += rowsSent;
        }
        totalNanos += nanos;
        maxNanos = Math.max(maxNanos, nanos);
        latencies.record(nanos);
        lastSeenMillis = nowMillis;
    }

    long lastSeenMillis() {
        return lastSeenMillis;
    }

    /** A consistent copy of the totals. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(schema, shape, count, errors, rows, totalNanos, count == 0 ? 0 : totalNanos / count,
                latencies.quantile(0.99, count, maxNanos), maxNanos, firstSeenMillis, lastSeenMillis);
    }

    /**
     * One row of {@code SHOW DIGESTS}.
     *
     * @param schema the session's schema when the statements ran (empty for none)
     * @param p99Nanos the 99th percentile, from 25%-wide buckets (never above the maximum)
     */
    public record Snapshot(String schema, String shape, long count, long errors, long rows, long totalNanos,
                           long meanNanos, long p99Nanos, long maxNanos, long firstSeenMillis, long lastSeenMillis) {
    }
}
