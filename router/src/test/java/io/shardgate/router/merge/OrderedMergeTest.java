package io.shardgate.router.merge;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderedMergeTest {

    private static final List<ColumnMeta> COLUMNS = List.of(Columns.varchar("name"), Columns.bigint("n"));

    @Test
    void mergesSortedShardsIntoOneSortedStream() {
        FakeStream s0 = FakeStream.of(COLUMNS, "a|1", "c|5", "e|9");
        FakeStream s1 = FakeStream.of(COLUMNS, "b|2", "d|6");
        FakeStream s2 = FakeStream.of(COLUMNS);
        FakeStream s3 = FakeStream.of(COLUMNS, "a|0", "z|10", "z|11", "z|12");
        OrderedMerge merge = new OrderedMerge(List.of(s0, s1, s2, s3), List.of(new SortKey(1, false)));

        assertThat(FakeStream.drain(merge)).containsExactly("a|0", "a|1", "b|2", "c|5", "d|6", "e|9", "z|10",
                "z|11", "z|12");
        assertThat(merge.next()).isNull();
        assertThat(merge.columns()).isEqualTo(COLUMNS);
    }

    @Test
    void descendingKeysWithCollationAndStableTies() {
        FakeStream s0 = FakeStream.of(COLUMNS, "b|0", "A|0", "a|0");
        FakeStream s1 = FakeStream.of(COLUMNS, "B|1", "a|1");
        OrderedMerge merge = new OrderedMerge(List.of(s0, s1), List.of(new SortKey(0, true)));

        // 'b' = 'B' and 'a' = 'A' under utf8mb4_general_ci: ties go to the lower input first
        assertThat(FakeStream.drain(merge)).containsExactly("b|0", "B|1", "A|0", "a|0", "a|1");
    }

    @Test
    void pullsAtTheCallersRateAndAdvancesLazily() {
        FakeStream s0 = FakeStream.of(COLUMNS, "a|1", "a|3", "a|5", "a|7");
        FakeStream s1 = FakeStream.of(COLUMNS, "b|2", "b|4", "b|6", "b|8");
        OrderedMerge merge = new OrderedMerge(List.of(s0, s1), List.of(new SortKey(1, false)));

        assertThat(s0.returned() + s1.returned()).isZero();
        assertThat(FakeStream.text(merge.next())).isEqualTo("a|1");
        assertThat(s0.returned() + s1.returned()).isEqualTo(2);   // one head per input
        assertThat(FakeStream.text(merge.next())).isEqualTo("b|2");
        assertThat(s0.returned() + s1.returned()).isEqualTo(3);   // refilled s0 only when asked again
        merge.close();
        assertThat(s0.closed()).isTrue();
        assertThat(s1.closed()).isTrue();
        assertThat(merge.next()).isNull();
    }

    @Test
    void aShardErrorClosesEveryInputAndReachesTheCaller() {
        FakeStream s0 = FakeStream.of(COLUMNS, "a|1", "a|3", "a|5");
        FakeStream s1 = FakeStream.of(COLUMNS, "b|2", "b|4", "b|6").failingAfter(1);
        FakeStream s2 = FakeStream.of(COLUMNS, "c|7");
        OrderedMerge merge = new OrderedMerge(List.of(s0, s1, s2), List.of(new SortKey(1, false)));

        assertThat(FakeStream.text(merge.next())).isEqualTo("a|1");
        assertThat(FakeStream.text(merge.next())).isEqualTo("b|2");
        // advancing s1 past b|2 fails
        assertThatThrownBy(merge::next).isInstanceOf(RowStreamException.class)
                .hasMessageContaining("interrupted")
                .satisfies(e -> assertThat(((RowStreamException) e).errorCode()).isEqualTo(1317));
        assertThat(List.of(s0, s1, s2)).allMatch(FakeStream::closed);
        assertThat(merge.next()).isNull();
    }

    @Test
    void anErrorOnTheFirstPullClosesEveryInput() {
        FakeStream s0 = FakeStream.of(COLUMNS, "a|1");
        FakeStream s1 = FakeStream.of(COLUMNS, "b|2").failingAfter(0);
        OrderedMerge merge = new OrderedMerge(List.of(s0, s1), List.of(new SortKey(1, false)));

        assertThatThrownBy(merge::next).isInstanceOf(RowStreamException.class);
        assertThat(s0.closed()).isTrue();
        assertThat(s1.closed()).isTrue();
    }

    /**
     * The memory bound: 8 shards x 200k rows generated on the fly (nothing stored). At every step the rows
     * taken from the shards but not yet returned to the caller stay within one per shard plus what each
     * shard buffers itself (its batch), and the output is sorted.
     */
    @Test
    void eightLargeShardsMergeInOrderWithOneRowPerShardInFlight() {
        int shards = 8;
        long perShard = 200_000;
        int batch = 16;
        List<ColumnMeta> columns = List.of(Columns.bigint("k"), Columns.bigint("shard"));
        List<FakeStream> inputs = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            long shard = s;
            // keys interleave across shards with duplicates: k = (i * 8 + shard) / 3
            inputs.add(FakeStream.generated(columns, perShard, batch,
                    i -> new Row(new Object[] {(i * shards + shard) / 3, shard})));
        }
        OrderedMerge merge = new OrderedMerge(List.copyOf(inputs), List.of(new SortKey(0, false)));

        long count = 0;
        long previousKey = Long.MIN_VALUE;
        long previousShard = -1;
        long maxInFlight = 0;
        for (Row row; (row = merge.next()) != null; ) {
            count++;
            long key = (Long) row.get(0);
            long shard = (Long) row.get(1);
            assertThat(key).isGreaterThanOrEqualTo(previousKey);
            if (key == previousKey) {
                assertThat(shard).isGreaterThanOrEqualTo(previousShard); // ties: lower shard first
            }
            previousKey = key;
            previousShard = shard;
            long returnedByShards = inputs.stream().mapToLong(FakeStream::returned).sum();
            maxInFlight = Math.max(maxInFlight, returnedByShards - count);
            long buffered = inputs.stream().mapToLong(FakeStream::buffered).sum();
            assertThat(buffered).isLessThanOrEqualTo((long) shards * batch);
        }
        assertThat(count).isEqualTo(shards * perShard);
        // heads held by the merge, besides the row just returned
        assertThat(maxInFlight).isLessThanOrEqualTo(shards);
        assertThat(maxInFlight).isEqualTo(shards - 1);
    }
}
