package io.shardgate.router.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.router.merge.AggregateFunction;
import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Columns;
import io.shardgate.router.merge.FakeStream;
import io.shardgate.router.merge.MergedStream;
import io.shardgate.router.merge.SortKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Rollup node: streams over rows sorted on the group keys, sorts them first otherwise. */
class RollupTest {

    private static final List<ColumnMeta> G_COUNT = List.of(Columns.bigint("g"), Columns.count("c"));
    private static final List<AggregateSpec> COUNT = List.of(new AggregateSpec(AggregateFunction.COUNT, 1, -1,
            false, null));

    @Test
    void shardsMergedInGroupOrderStream() {
        FakeContext shards = new FakeContext(G_COUNT).shard("1|1", "5|1").shard("1|2", "7|2");
        MergedStream rows = ReadTree.open(new Rollup(shards.leaf(new SortKey(0, false)), List.of(0), 1, COUNT),
                shards);

        assertThat(FakeStream.drain(rows)).containsExactly("1|3", "5|1", "7|2", "NULL|6");
        assertThat(rows.describe()).startsWith("RollupAggregate(group #0; COUNT(#1))\n  OrderedMerge");
    }

    @Test
    void shardsReadInTurnAreSortedFirstAndGiveTheSameRows() {
        FakeContext shards = new FakeContext(G_COUNT).shard("1|1", "5|1").shard("1|2", "7|2").sequential();
        MergedStream rows = ReadTree.open(new Rollup(shards.leaf(new SortKey(0, false)), List.of(0), 1, COUNT),
                shards);

        assertThat(FakeStream.drain(rows)).containsExactly("1|3", "5|1", "7|2", "NULL|6");
        assertThat(rows.describe()).startsWith("RollupAggregate(group #0; COUNT(#1))\n  MemorySort(#0)");
    }
}
