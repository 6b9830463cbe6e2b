package io.shardgate.proxy.reshard;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A reshard's counters, written by its threads and read by {@code SHOW RESHARD STATUS}.
 */
final class ReshardProgress {

    enum Phase { CREATING, COPYING, CATCHING_UP, VERIFYING, CUTTING_OVER, DONE, FAILED, CANCELLED }

    volatile Phase phase = Phase.CREATING;
    volatile long phaseStartedNanos = System.nanoTime();
    final long startedMillis = System.currentTimeMillis();
    volatile long rowsEstimate;
    final AtomicLong rowsCopied = new AtomicLong();
    volatile long copyNanos;
    final AtomicLong chunksVerified = new AtomicLong();
    final AtomicLong chunksRecopied = new AtomicLong();
    final AtomicLong rowsRecopied = new AtomicLong();
    final AtomicLong cutoverAttempts = new AtomicLong();
    volatile long cutoverPauseMillis = -1;
    volatile String error;
    volatile String note;

    void enter(Phase next) {
        phase = next;
        phaseStartedNanos = System.nanoTime();
    }

    long phaseSeconds() {
        return (System.nanoTime() - phaseStartedNanos) / 1_000_000_000L;
    }

    /** Rows copied per second over the copy phase so far (or in all, once it ended). */
    long copyRate() {
        long nanos = phase == Phase.COPYING ? System.nanoTime() - phaseStartedNanos : copyNanos;
        return nanos <= 0 ? 0 : rowsCopied.get() * 1_000_000_000L / nanos;
    }
}
