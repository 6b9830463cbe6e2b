package io.shardgate.proxy.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestsTest {

    @Test
    void sumsPerSchemaAndShape() {
        Digests d = new Digests(() -> 100);
        d.record("shop", "SELECT * FROM t WHERE id = ?", 2_000_000, false, 1);
        d.record("shop", "SELECT * FROM t WHERE id = ?", 4_000_000, true, 0);
        d.record("other", "SELECT * FROM t WHERE id = ?", 1_000_000, false, 3);
        List<Digest.Snapshot> rows = d.snapshot();
        rows.sort(Comparator.comparing(Digest.Snapshot::schema));
        assertThat(rows).hasSize(2);
        Digest.Snapshot shop = rows.get(1);
        assertThat(shop.count()).isEqualTo(2);
        assertThat(shop.errors()).isEqualTo(1);
        assertThat(shop.rows()).isEqualTo(1);
        assertThat(shop.totalNanos()).isEqualTo(6_000_000);
        assertThat(shop.meanNanos()).isEqualTo(3_000_000);
        assertThat(shop.maxNanos()).isEqualTo(4_000_000);
        assertThat(shop.p99Nanos()).isEqualTo(4_000_000);
        d.clear();
        assertThat(d.snapshot()).isEmpty();
    }

    @Test
    void staysWithinTheLimitDroppingTheLeastRecentlySeen() throws InterruptedException {
        Digests d = new Digests(() -> 10);
        d.record(null, "KEEP", 1, false, 0);
        for (int i = 0; i < 100; i++) {
            if (i % 5 == 0) {
                Thread.sleep(2); // a distinct millisecond, so "least recently seen" is well defined
                d.record(null, "KEEP", 1, false, 0);
            }
            d.record(null, "SELECT " + i, 1, false, 0);
            assertThat(d.size()).isLessThanOrEqualTo(10);
        }
        assertThat(d.snapshot()).extracting(Digest.Snapshot::shape).contains("KEEP", "SELECT 99");
    }

    @Test
    void p99ComesFromTheBucketsAndNeverPassesTheMaximum() {
        Digests d = new Digests(() -> 10);
        for (int i = 0; i < 99; i++) {
            d.record("s", "Q", 1_000_000, false, 0); // 1 ms
        }
        d.record("s", "Q", 500_000_000, false, 0); // one 500 ms outlier: the 100th value
        Digest.Snapshot q = d.snapshot().getFirst();
        assertThat(q.p99Nanos()).as("99 of 100 at 1 ms: p99 is in the 1 ms bucket").isBetween(1_000_000L, 1_250_000L);
        assertThat(q.maxNanos()).isEqualTo(500_000_000);
    }

    @Test
    void bucketsAreAQuarterWide() {
        for (long micros : new long[] {1, 3, 7, 100, 1000, 12_345, 1_000_000}) {
            int i = LatencyBuckets.index(micros * 1000);
            long upper = LatencyBuckets.upperNanos(i);
            assertThat(upper).as(micros + " µs").isGreaterThan(micros * 1000).isLessThanOrEqualTo(micros * 1000 * 5 / 4 + 1000);
        }
    }
}
