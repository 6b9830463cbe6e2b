package io.shardgate.bench;

import io.shardgate.router.keygen.ClockMovedBackwardsException;
import io.shardgate.router.keygen.SnowflakeGenerator;
import java.util.function.LongSupplier;

/**
 * The textbook alternative to {@link SnowflakeGenerator}'s CAS loop: the same id layout and rules, guarded
 * by {@code synchronized}. Exists only so {@link SnowflakeBenchmark} can compare the two.
 */
final class SynchronizedSnowflake {

    private final long epochMillis = SnowflakeGenerator.EPOCH.toEpochMilli();
    private final int workerId;
    private final LongSupplier clockMillis;
    private final long maxBackwardMillis;
    private long lastMs;
    private int rotation;
    private int sequence;

    SynchronizedSnowflake(int workerId, LongSupplier clockMillis, long maxBackwardMillis) {
        this.workerId = workerId;
        this.clockMillis = clockMillis;
        this.maxBackwardMillis = maxBackwardMillis;
    }

    synchronized long nextId() {
        while (true) {
            long now = clockMillis.getAsLong() - epochMillis;
            if (now > lastMs) {
                rotation = (rotation + 1) & 0xFF;
                sequence = rotation;
                lastMs = now;
            } else if (now == lastMs) {
                if (sequence == 4095) {
                    Thread.onSpinWait();
                    continue;
                }
                sequence++;
            } else {
                if (lastMs - now > maxBackwardMillis) {
                    throw new ClockMovedBackwardsException(lastMs - now, maxBackwardMillis);
                }
                Thread.onSpinWait();
                continue;
            }
            return lastMs << 22 | (long) workerId << 12 | sequence;
        }
    }
}
