package io.shardgate.router.keygen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SnowflakeLayoutTest {

    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1; // JavaScript's Number.MAX_SAFE_INTEGER
    private static final long EPOCH_MS = SnowflakeGenerator.EPOCH.toEpochMilli();

    @Test
    void jsSafeLargestIdIsJavaScriptsLargestExactInteger() {
        assertThat(SnowflakeLayout.JS_SAFE.maxId()).isEqualTo(MAX_SAFE_INTEGER);
        assertThat(SnowflakeLayout.STANDARD.maxId()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void jsSafeIdAtTheLastMillisecondWithTheLastWorkerStaysExact() {
        long last = EPOCH_MS + SnowflakeLayout.JS_SAFE.maxTimestamp();
        SnowflakeGenerator g = new SnowflakeGenerator(SnowflakeLayout.JS_SAFE, 31, () -> last, 5);
        long previous = -1;
        for (int i = 0; i < 100; i++) { // the rest of that millisecond's sequence
            long id = g.nextId();
            assertThat(id).isGreaterThan(previous).isLessThanOrEqualTo(MAX_SAFE_INTEGER);
            assertThat((double) id).as("a double holds it exactly").isEqualTo((double) id);
            assertThat((long) (double) id).isEqualTo(id);
            previous = id;
            if (SnowflakeLayout.JS_SAFE.sequenceOf(id) == SnowflakeLayout.JS_SAFE.maxSequence()) {
                break;
            }
        }
        assertThat(SnowflakeLayout.JS_SAFE.timestampOf(previous)).isEqualTo(Instant.ofEpochMilli(last));
        assertThat(SnowflakeLayout.JS_SAFE.workerOf(previous)).isEqualTo(31);
        assertThatThrownBy(() -> new SnowflakeGenerator(SnowflakeLayout.JS_SAFE, 0, () -> last + 1, 5).nextId())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("outside the snowflake range");
    }

    @Test
    void jsSafeFieldsRoundTrip() {
        long t = EPOCH_MS + 123_456_789;
        long id = new SnowflakeGenerator(SnowflakeLayout.JS_SAFE, 17, () -> t, 5).nextId();
        assertThat(SnowflakeLayout.JS_SAFE.timestampOf(id)).isEqualTo(Instant.ofEpochMilli(t));
        assertThat(SnowflakeLayout.JS_SAFE.workerOf(id)).isEqualTo(17);
        assertThat(SnowflakeLayout.JS_SAFE.sequenceOf(id)).isBetween(0, 127);
    }

    @Test
    void jsSafeWorkerIdHasFiveBits() {
        assertThatThrownBy(() -> new SnowflakeGenerator(SnowflakeLayout.JS_SAFE, 32))
                .hasMessage("worker id must be 0..31 in the js-safe id layout, got 32");
        assertThat(new IdGenerators(31).of(SnowflakeLayout.JS_SAFE)).isNotNull();
        assertThatThrownBy(() -> new IdGenerators(32).of(SnowflakeLayout.JS_SAFE))
                .hasMessageContaining("does not fit the js-safe id layout");
    }

    @Test
    void jsSafeIdsStrictlyIncreaseAcrossExhaustedMilliseconds() {
        // the clock advances one millisecond every 300 readings: several sequences run out on the way
        AtomicInteger calls = new AtomicInteger();
        SnowflakeGenerator g = new SnowflakeGenerator(SnowflakeLayout.JS_SAFE, 5,
                () -> EPOCH_MS + 1_000 + calls.getAndIncrement() / 300, 5);
        long previous = 0;
        int perMillisecond = 0;
        int mostPerMillisecond = 0;
        Instant ms = null;
        for (int i = 0; i < 5_000; i++) {
            long id = g.nextId();
            assertThat(id).isGreaterThan(previous).isLessThanOrEqualTo(MAX_SAFE_INTEGER);
            Instant at = SnowflakeLayout.JS_SAFE.timestampOf(id);
            perMillisecond = at.equals(ms) ? perMillisecond + 1 : 1;
            mostPerMillisecond = Math.max(mostPerMillisecond, perMillisecond);
            ms = at;
            previous = id;
        }
        assertThat(mostPerMillisecond).as("never more than the 128 sequence values").isLessThanOrEqualTo(128)
                .isGreaterThan(96);
    }

    @Test
    void jsSafeLowRateIdsSpreadOverModThirtyTwo() {
        AtomicLong now = new AtomicLong(EPOCH_MS + 5_000);
        SnowflakeGenerator g = new SnowflakeGenerator(SnowflakeLayout.JS_SAFE, 0, () -> now.getAndAdd(3), 5);
        int[] counts = new int[32];
        for (int i = 0; i < 32_000; i++) {
            counts[(int) Math.floorMod(g.nextId(), 32L)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(900, 1100);
        }
    }

    @Test
    void aMultiRowBlockIsConsecutiveEvenWhenTheMillisecondIsAlmostUsedUp() {
        AtomicInteger calls = new AtomicInteger();
        // the clock moves one millisecond every 50 readings
        SnowflakeGenerator g = new SnowflakeGenerator(SnowflakeLayout.JS_SAFE, 3,
                () -> EPOCH_MS + 10_000 + calls.getAndIncrement() / 50, 5);
        long previous = 0;
        for (int round = 0; round < 200; round++) {
            int count = 1 + round % 128; // up to the whole 128-id sequence of a millisecond
            long[] ids = g.next(count);
            assertThat(ids[0]).isGreaterThan(previous);
            for (int i = 1; i < count; i++) {
                assertThat(ids[i]).as("round %d, id %d", round, i).isEqualTo(ids[0] + i);
            }
            assertThat(SnowflakeLayout.JS_SAFE.workerOf(ids[count - 1])).isEqualTo(3);
            previous = ids[count - 1];
        }
    }

    @Test
    void aBlockLargerThanOneMillisecondIsIncreasingInConsecutiveRuns() {
        AtomicInteger calls = new AtomicInteger();
        SnowflakeGenerator g = new SnowflakeGenerator(SnowflakeLayout.JS_SAFE, 1,
                () -> EPOCH_MS + 20_000 + calls.getAndIncrement() / 20, 5);
        long[] ids = g.next(300);
        for (int i = 1; i < ids.length; i++) {
            assertThat(ids[i]).isGreaterThan(ids[i - 1]);
            assertThat(SnowflakeLayout.JS_SAFE.workerOf(ids[i])).isEqualTo(1);
        }
        assertThat(ids[127]).isEqualTo(ids[0] + 127);
        assertThat(ids[299]).isLessThanOrEqualTo(MAX_SAFE_INTEGER);
    }

    @Test
    void standardBlocksAreConsecutiveToo() {
        SnowflakeGenerator g = new SnowflakeGenerator(SnowflakeLayout.STANDARD, 9,
                () -> EPOCH_MS + 30_000, 5);
        long[] first = g.next(4000);
        assertThat(first[3999]).isEqualTo(first[0] + 3999);
    }

    @Test
    void namesAreTheConfigValues() {
        assertThat(SnowflakeLayout.named("js-safe")).isSameAs(SnowflakeLayout.JS_SAFE);
        assertThat(SnowflakeLayout.named("64-BIT")).isSameAs(SnowflakeLayout.STANDARD);
        assertThatThrownBy(() -> SnowflakeLayout.named("53")).hasMessage("unknown id layout '53'");
    }
}
