package io.shardgate.router.keygen;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * 64-bit, time-ordered, globally unique ids (Twitter's snowflake layout):
 *
 * <pre>
 *  0 | 41 bits: ms since {@link #EPOCH} | 10 bits: worker id | 12 bits: sequence
 * </pre>
 *
 * The epoch is the fixed instant 2024-01-01T00:00:00Z (never the JVM's zone); 41 bits of milliseconds
 * last until 2093. Each proxy of a cluster needs its own worker id (0..1023, config {@code proxy.worker-id}).
 *
 * <p><b>Sequence start.</b> A new millisecond does not start its sequence at 0 but at a rotating offset
 * (0, 1, 2 ... 255, 0 ...; one step per new millisecond). With a plain 0 start, ids generated at low rate
 * (one per millisecond or slower) would all be even, and {@code id mod 2^n} hash-mod tables would fill only
 * one shard. The offset costs at most 255 of the 4096 ids per millisecond.
 *
 * <p><b>Clock going back</b> (NTP step): up to {@code maxBackwardMillis} (default 5) the generator waits
 * until the clock has caught up with the last id's millisecond; a larger step throws
 * {@link ClockMovedBackwardsException} rather than stall or risk duplicates. <b>Sequence exhausted</b>
 * (4096 ids in one millisecond): waits for the next millisecond.
 *
 * <p><b>Concurrency.</b> All state — last millisecond, rotation, sequence — is packed in one long changed only
 * by compare-and-set, so threads never block each other (HikariCP's habit); ids are strictly increasing in
 * the order the CAS succeeds, hence per thread. {@code SnowflakeBenchmark} in {@code bench/jmh} compares this
 * with a synchronized version.
 */
public final class SnowflakeGenerator implements LongSupplier {

    /** Time zero of the id's timestamp: 2024-01-01T00:00:00Z. */
    public static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
    public static final int MAX_WORKER_ID = 1023;
    public static final long DEFAULT_MAX_BACKWARD_MILLIS = 5;

    static final int SEQUENCE_BITS = 12;
    static final int WORKER_BITS = 10;
    static final int TIMESTAMP_SHIFT = SEQUENCE_BITS + WORKER_BITS;
    static final long MAX_TIMESTAMP = (1L << 41) - 1;
    static final int MAX_SEQUENCE = (1 << SEQUENCE_BITS) - 1;
    static final int ROTATION_MASK = 0xFF;

    // state layout: ms since epoch << 20 | rotation (8 bits) << 12 | sequence (12 bits)
    private static final int STATE_MS_SHIFT = 20;

    private final long epochMillis = EPOCH.toEpochMilli();
    private final int workerId;
    private final LongSupplier clockMillis;
    private final long maxBackwardMillis;
    private final AtomicLong state = new AtomicLong();

    /** A generator on the system clock with the default 5 ms backward tolerance. */
    public SnowflakeGenerator(int workerId) {
        this(workerId, System::currentTimeMillis, DEFAULT_MAX_BACKWARD_MILLIS);
    }

    /**
     * @param clockMillis unix epoch milliseconds, e.g. {@code System::currentTimeMillis}; tests inject their own
     * @param maxBackwardMillis the largest backward clock step that is waited out rather than refused
     */
    public SnowflakeGenerator(int workerId, LongSupplier clockMillis, long maxBackwardMillis) {
        if (workerId < 0 || workerId > MAX_WORKER_ID) {
            throw new IllegalArgumentException("worker id must be 0.." + MAX_WORKER_ID + ", got " + workerId);
        }
        if (maxBackwardMillis < 0) {
            throw new IllegalArgumentException("maxBackwardMillis cannot be negative, got " + maxBackwardMillis);
        }
        this.workerId = workerId;
        this.clockMillis = clockMillis;
        this.maxBackwardMillis = maxBackwardMillis;
    }

    /** The next id: larger than every id this generator returned before. */
    public long nextId() {
        while (true) {
            long current = state.get();
            long lastMs = current >>> STATE_MS_SHIFT;
            long now = millisSinceEpoch();
            long next;
            if (now > lastMs) {
                long rotation = ((current >>> SEQUENCE_BITS) + 1) & ROTATION_MASK;
                next = now << STATE_MS_SHIFT | rotation << SEQUENCE_BITS | rotation;
            } else if (now == lastMs) {
                if ((current & MAX_SEQUENCE) == MAX_SEQUENCE) {
                    awaitMillisAfter(lastMs);
                    continue;
                }
                next = current + 1;
            } else {
                long back = lastMs - now;
                if (back > maxBackwardMillis) {
                    throw new ClockMovedBackwardsException(back, maxBackwardMillis);
                }
                awaitMillisAfter(lastMs - 1);
                continue;
            }
            if (state.compareAndSet(current, next)) {
                return (next >>> STATE_MS_SHIFT) << TIMESTAMP_SHIFT | (long) workerId << SEQUENCE_BITS
                        | (next & MAX_SEQUENCE);
            }
        }
    }

    /** Same as {@link #nextId()}: lets the planner take any {@code LongSupplier} as its id source. */
    @Override
    public long getAsLong() {
        return nextId();
    }

    public int workerId() {
        return workerId;
    }

    private long millisSinceEpoch() {
        long ms = clockMillis.getAsLong() - epochMillis;
        if (ms < 0 || ms > MAX_TIMESTAMP) {
            throw new IllegalStateException("clock reads " + Instant.ofEpochMilli(ms + epochMillis)
                    + ", outside the snowflake range " + EPOCH + " .. " + Instant.ofEpochMilli(epochMillis + MAX_TIMESTAMP));
        }
        return ms;
    }

    /** Parks briefly until the clock reads a millisecond after {@code ms} (at most a few ms, see class comment). */
    private void awaitMillisAfter(long ms) {
        while (true) {
            long now = millisSinceEpoch();
            if (now > ms) {
                return;
            }
            if (ms - now > maxBackwardMillis + 1) {
                throw new ClockMovedBackwardsException(ms - now, maxBackwardMillis);
            }
            LockSupport.parkNanos(50_000);
        }
    }

    /** When {@code id} was generated. */
    public static Instant timestampOf(long id) {
        return EPOCH.plusMillis(id >>> TIMESTAMP_SHIFT);
    }

    public static int workerOf(long id) {
        return (int) (id >>> SEQUENCE_BITS) & MAX_WORKER_ID;
    }

    public static int sequenceOf(long id) {
        return (int) id & MAX_SEQUENCE;
    }
}
