package io.shardgate.router.keygen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class SnowflakeGeneratorTest {

    private static final long T0 = SnowflakeGenerator.EPOCH.toEpochMilli() + 1_000_000;

    /** A clock that returns the scripted readings one per call, then keeps returning the last one. */
    static final class ScriptedClock implements LongSupplier {
        private final long[] readings;
        final AtomicInteger calls = new AtomicInteger();

        ScriptedClock(long... readings) {
            this.readings = readings;
        }

        @Override
        public long getAsLong() {
            int i = calls.getAndIncrement();
            return readings[Math.min(i, readings.length - 1)];
        }
    }

    @Test
    void layoutIsTimestampWorkerSequence() {
        SnowflakeGenerator g = new SnowflakeGenerator(1023, new ScriptedClock(T0), 5);
        long id = g.nextId();
        assertThat(id).isPositive();
        assertThat(SnowflakeGenerator.timestampOf(id)).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(SnowflakeGenerator.workerOf(id)).isEqualTo(1023);
        assertThat(id >>> 22).isEqualTo(T0 - Instant.parse("2024-01-01T00:00:00Z").toEpochMilli());
        assertThat(SnowflakeGenerator.sequenceOf(g.nextId())).isEqualTo(SnowflakeGenerator.sequenceOf(id) + 1);
    }

    @Test
    void theLastMillisecondBefore2093StillFitsAndIsPositive() {
        long last = SnowflakeGenerator.EPOCH.toEpochMilli() + (1L << 41) - 1;
        long id = new SnowflakeGenerator(1023, () -> last, 5).nextId();
        assertThat(id).isPositive();
        assertThat(SnowflakeGenerator.timestampOf(id)).isEqualTo(Instant.ofEpochMilli(last));
        assertThatThrownBy(() -> new SnowflakeGenerator(0, () -> last + 1, 5).nextId())
                .hasMessageContaining("outside the snowflake range");
    }

    @Test
    void rejectsBadWorkerIds() {
        assertThatThrownBy(() -> new SnowflakeGenerator(1024)).hasMessage("worker id must be 0..1023, got 1024");
        assertThatThrownBy(() -> new SnowflakeGenerator(-1)).hasMessage("worker id must be 0..1023, got -1");
    }

    @Test
    void millionIdsFromEightThreadsAreUniqueAndIncreasingPerThread() throws Exception {
        SnowflakeGenerator g = new SnowflakeGenerator(7);
        int threads = 8;
        int perThread = 125_000;
        long[][] ids = new long[threads][perThread];
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] mine = ids[t];
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    mine[i] = g.nextId();
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        long[] all = new long[threads * perThread];
        for (int t = 0; t < threads; t++) {
            for (int i = 1; i < perThread; i++) {
                if (ids[t][i] <= ids[t][i - 1]) {
                    throw new AssertionError("thread " + t + " id " + i + " not increasing: " + ids[t][i - 1] + " then " + ids[t][i]);
                }
            }
            System.arraycopy(ids[t], 0, all, t * perThread, perThread);
        }
        Arrays.sort(all);
        for (int i = 1; i < all.length; i++) {
            if (all[i] == all[i - 1]) {
                throw new AssertionError("duplicate id " + all[i]);
            }
        }
        assertThat(all[0]).isPositive();
        assertThat(Arrays.stream(all).allMatch(id -> SnowflakeGenerator.workerOf(id) == 7)).isTrue();
    }

    @Test
    void aSmallBackwardStepIsWaitedOut() {
        ScriptedClock clock = new ScriptedClock(T0, T0 - 3, T0 - 2, T0 - 1, T0);
        SnowflakeGenerator g = new SnowflakeGenerator(1, clock, 5);
        long first = g.nextId();
        long second = g.nextId();
        assertThat(second).isGreaterThan(first);
        // 1 reading for the first id; then T0-3, a wait reading T0-2, T0-1, T0, and the retry reading T0
        assertThat(clock.calls.get()).isEqualTo(6);
        assertThat(SnowflakeGenerator.timestampOf(second)).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(SnowflakeGenerator.sequenceOf(second)).isEqualTo(SnowflakeGenerator.sequenceOf(first) + 1);
    }

    @Test
    void aLargeBackwardStepFails() {
        SnowflakeGenerator g = new SnowflakeGenerator(1, new ScriptedClock(T0, T0 - 6), 5);
        g.nextId();
        assertThatThrownBy(g::nextId).isInstanceOf(ClockMovedBackwardsException.class)
                .hasMessageStartingWith("clock moved backwards by 6 ms (waiting out at most 5 ms)")
                .satisfies(e -> assertThat(((ClockMovedBackwardsException) e).backwardMillis()).isEqualTo(6));
    }

    @Test
    void theToleranceIsConfigurable() {
        SnowflakeGenerator strict = new SnowflakeGenerator(1, new ScriptedClock(T0, T0 - 1), 0);
        strict.nextId();
        assertThatThrownBy(strict::nextId).isInstanceOf(ClockMovedBackwardsException.class);
    }

    @Test
    void anExhaustedSequenceWaitsForTheNextMillisecond() {
        AtomicLong calls = new AtomicLong();
        // the clock sits on T0 for 10,000 readings, then moves to T0 + 1
        SnowflakeGenerator g = new SnowflakeGenerator(1, () -> calls.incrementAndGet() <= 10_000 ? T0 : T0 + 1, 5);
        long first = g.nextId();
        long previous = first;
        int inFirstMs = 1;
        long id;
        while (SnowflakeGenerator.timestampOf(id = g.nextId()).equals(Instant.ofEpochMilli(T0))) {
            assertThat(id).isGreaterThan(previous);
            previous = id;
            inFirstMs++;
        }
        assertThat(SnowflakeGenerator.sequenceOf(previous)).isEqualTo(4095);
        // every sequence value from the rotating start up to 4095 was used, none skipped
        assertThat(inFirstMs).isEqualTo(4096 - SnowflakeGenerator.sequenceOf(first));
        assertThat(id).isGreaterThan(previous);
        assertThat(calls.get()).isGreaterThan(10_000);
    }

    @Test
    void lowRateIdsSpreadEvenlyOverModEight() {
        AtomicLong now = new AtomicLong(T0);
        // one id every 8 ms: a start offset derived from the millisecond would put them all on one residue
        SnowflakeGenerator g = new SnowflakeGenerator(0, () -> now.getAndAdd(8), 5);
        int[] counts = new int[8];
        for (int i = 0; i < 8_000; i++) {
            counts[(int) Math.floorMod(g.nextId(), 8L)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(900, 1100);
        }
    }

    @Test
    void supplierFormReturnsIds() {
        LongSupplier ids = new SnowflakeGenerator(3, new ScriptedClock(T0, T0 + 1), 5);
        long a = ids.getAsLong();
        assertThat(ids.getAsLong()).isGreaterThan(a);
    }
}
