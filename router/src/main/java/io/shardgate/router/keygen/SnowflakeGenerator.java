package io.shardgate.router.keygen;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Time-ordered, globally unique ids in a {@link SnowflakeLayout}: by default Twitter's 64-bit layout
 *
 * <pre>
 *  0 | 41 bits: ms since {@link #EPOCH} | 10 bits: worker id | 12 bits: sequence
 * </pre>
 *
 * or the {@link SnowflakeLayout#JS_SAFE js-safe} one that stays below 2^53. The epoch is the fixed instant
 * 2024-01-01T00:00:00Z (never the JVM's zone); 41 bits of milliseconds last until 2093. Each proxy of a cluster
 * needs its own worker id (config {@code proxy.worker-id}: 0..1023, or 0..31 for js-safe).
 *
 * <p><b>Sequence start.</b> A new millisecond does not start its sequence at 0 but at a rotating offset
 * (0, 1, 2 ... 255, 0 ...; one step per new millisecond; 0..31 in the js-safe layout). With a plain 0 start,
 * ids generated at low rate (one per millisecond or slower) would all be even, and {@code id mod 2^n} hash-mod
 * tables would fill only one shard. The offset costs at most 255 of the 4096 ids per millisecond (31 of 128
 * in js-safe).
 *
 * <p><b>Clock going back</b> (NTP step): up to {@code maxBackwardMillis} (default 5) the generator waits
 * until the clock has caught up with the last id's millisecond; a larger step throws
 * {@link ClockMovedBackwardsException} rather than stall or risk duplicates. <b>Sequence exhausted</b>
 * (all ids of one millisecond used): waits for the next millisecond.
 *
 * <p><b>Concurrency.</b> All state — last millisecond, rotation, sequence — is packed in one long changed only
 * by compare-and-set, so threads never block each other (HikariCP's habit); ids are strictly increasing in
 * the order the CAS succeeds, hence per thread. {@code SnowflakeBenchmark} in {@code bench/jmh} compares this
 * with a synchronized version.
 */
public final class SnowflakeGenerator implements LongSupplier, IdSource {

    /** Time zero of the id's timestamp: 2024-01-01T00:00:00Z. */
    public static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
    public static final int MAX_WORKER_ID = SnowflakeLayout.STANDARD.maxWorkerId();
    public static final long DEFAULT_MAX_BACKWARD_MILLIS = 5;

    private final long epochMillis = EPOCH.toEpochMilli();
    private final SnowflakeLayout layout;
    private final int workerId;
    private final LongSupplier clockMillis;
    private final long maxBackwardMillis;
    // state layout: ms since epoch << stateMsShift | rotation << sequenceBits | sequence
    private final int stateMsShift;
    private final int sequenceBits;
    private final long maxSequence;
    private final long rotationMask;
    private final long maxTimestamp;
    private final AtomicLong state = new AtomicLong();

    /** A 64-bit generator on the system clock with the default 5 ms backward tolerance. */
    public SnowflakeGenerator(int workerId) {
        this(SnowflakeLayout.STANDARD, workerId);
    }

    /** A generator of {@code layout} on the system clock with the default 5 ms backward tolerance. */
    public SnowflakeGenerator(SnowflakeLayout layout, int workerId) {
        this(layout, workerId, System::currentTimeMillis, DEFAULT_MAX_BACKWARD_MILLIS);
    }

    /** A 64-bit generator; see {@link #SnowflakeGenerator(SnowflakeLayout, int, LongSupplier, long)}. */
    public SnowflakeGenerator(int workerId, LongSupplier clockMillis, long maxBackwardMillis) {
        this(SnowflakeLayout.STANDARD, workerId, clockMillis, maxBackwardMillis);
    }

    /**
     * @param clockMillis unix epoch milliseconds, e.g. {@code System::currentTimeMillis}; tests inject their own
     * @param maxBackwardMillis the largest backward clock step that is waited out rather than refused
     */
    public SnowflakeGenerator(SnowflakeLayout layout, int workerId, LongSupplier clockMillis, long maxBackwardMillis) {
        if (workerId < 0 || workerId > layout.maxWorkerId()) {
            throw new IllegalArgumentException("worker id must be 0.." + layout.maxWorkerId()
                    + (layout == SnowflakeLayout.STANDARD ? "" : " in the " + layout + " id layout")
                    + ", got " + workerId);
        }
        if (maxBackwardMillis < 0) {
            throw new IllegalArgumentException("maxBackwardMillis cannot be negative, got " + maxBackwardMillis);
        }
        this.layout = layout;
        this.workerId = workerId;
        this.clockMillis = clockMillis;
        this.maxBackwardMillis = maxBackwardMillis;
        this.sequenceBits = layout.sequenceBits();
        this.stateMsShift = layout.rotationBits() + layout.sequenceBits();
        this.maxSequence = layout.maxSequence();
        this.rotationMask = (1L << layout.rotationBits()) - 1;
        this.maxTimestamp = layout.maxTimestamp();
    }

    /** The next id: larger than every id this generator returned before. */
    public long nextId() {
        return reserve(1);
    }

    @Override
    public long next() {
        return reserve(1);
    }

    /**
     * {@code count} increasing ids, consecutive when {@code count} fits one millisecond's sequence (4096 in the
     * 64-bit layout, 128 in js-safe): the block waits for a millisecond with room for all of it, starting a fresh
     * millisecond at sequence 0 rather than at its rotating offset when it needs the room. Larger counts come
     * as several such blocks, increasing but not consecutive.
     */
    @Override
    public long[] next(int count) {
        long[] ids = new long[count];
        int done = 0;
        while (done < count) {
            int block = (int) Math.min(count - done, maxSequence + 1);
            long first = reserve(block);
            for (int i = 0; i < block; i++) {
                ids[done++] = first + i;
            }
        }
        return ids;
    }

    /** Reserves {@code block} (1..maxSequence+1) consecutive sequence values of one millisecond; the first id. */
    private long reserve(int block) {
        while (true) {
            long current = state.get();
            long lastMs = current >>> stateMsShift;
            long now = millisSinceEpoch();
            long next;
            long firstSequence;
            if (now > lastMs) {
                long rotation = ((current >>> sequenceBits) + 1) & rotationMask;
                firstSequence = rotation + block - 1 <= maxSequence ? rotation : 0;
                next = now << stateMsShift | rotation << sequenceBits | (firstSequence + block - 1);
            } else if (now == lastMs) {
                long used = current & maxSequence;
                if (used + block > maxSequence) {
                    awaitMillisAfter(lastMs);
                    continue;
                }
                firstSequence = used + 1;
                next = current + block;
            } else {
                long back = lastMs - now;
                if (back > maxBackwardMillis) {
                    throw new ClockMovedBackwardsException(back, maxBackwardMillis);
                }
                awaitMillisAfter(lastMs - 1);
                continue;
            }
            if (state.compareAndSet(current, next)) {
                return layout.compose(next >>> stateMsShift, workerId, firstSequence);
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

    public SnowflakeLayout layout() {
        return layout;
    }

    private long millisSinceEpoch() {
        long ms = clockMillis.getAsLong() - epochMillis;
        if (ms < 0 || ms > maxTimestamp) {
            throw new IllegalStateException("clock reads " + Instant.ofEpochMilli(ms + epochMillis)
                    + ", outside the snowflake range " + EPOCH + " .. " + Instant.ofEpochMilli(epochMillis + maxTimestamp));
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

    /** When a 64-bit-layout {@code id} was generated. */
    public static Instant timestampOf(long id) {
        return SnowflakeLayout.STANDARD.timestampOf(id);
    }

    public static int workerOf(long id) {
        return SnowflakeLayout.STANDARD.workerOf(id);
    }

    public static int sequenceOf(long id) {
        return SnowflakeLayout.STANDARD.sequenceOf(id);
    }
}
