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

/** Opening a whole tree: what it describes, what it opens, and that every shard is closed in the end. */
class ReadTreeTest {

    private static final List<ColumnMeta> COLUMNS = List.of(Columns.varchar("status"), Columns.count("n"),
            Columns.bigint("hidden"));

    private static ReadPlan tree(MergeShards leaf) {
        return new KeepColumns(new Limit(new Sort(new Aggregate(leaf, List.of(0),
                List.of(new AggregateSpec(AggregateFunction.COUNT, 1, -1, false, null),
                        new AggregateSpec(AggregateFunction.MAX, 2, -1, false, null))),
                List.of(new SortKey(1, true)), 2), 0, 2L), 2);
    }

    @Test
    void aTreeOpensIntoOneOperatorPerNodeThatNeedsOne() {
        FakeContext shards = new FakeContext(COLUMNS).shard("a|1|5", "b|2|1").shard("a|4|3", "c|1|1");
        MergedStream rows = ReadTree.open(tree(shards.leaf(new SortKey(0, false))), shards);

        assertThat(FakeStream.drain(rows)).containsExactly("a|5", "b|2");
        assertThat(rows.describe()).isEqualTo("""
                DropHiddenColumns(keep 2)
                  Limit(offset=0, count=2)
                    MemorySort(#1 desc; keep 2)
                      OrderedAggregate(group #0; COUNT(#1), MAX(#2))
                        OrderedMerge(#0; 2 inputs)""");
        assertThat(shards.allClosed()).isTrue();
    }

    @Test
    void describeShowsTheLogicalTreeWithTheRoutes() {
        FakeContext shards = new FakeContext(COLUMNS).shard().shard();
        assertThat(tree(shards.leaf(new SortKey(0, false))).describe()).isEqualTo("""
                KeepColumns first 2
                  Limit 2
                    Sort [1 desc], first 2 (none if the input is in this order)
                      Aggregate [COUNT(1), MAX(2)] group by [0] (streams if the input order and collation allow, else hashes)
                        MergeShards 2 shards sorted by [0] (merged in order if each streams on its own connection)
                          Route n0 any: s0
                          Route n1 any: s1
                """);
    }

    @Test
    void leavesAndColumnCountWalkTheTree() {
        MergeShards leaf = new FakeContext(COLUMNS).shard().leaf();
        ReadPlan tree = tree(leaf);
        assertThat(tree.leaves()).containsExactly(leaf);
        assertThat(tree.routes()).isEqualTo(leaf.routes()).hasSize(1);
        assertThat(tree.inputs()).hasSize(1);
        assertThat(tree.columnCount(3)).isEqualTo(2);
    }

    @Test
    void closingEarlyClosesShardsNotYetReached() {
        FakeContext shards = new FakeContext(COLUMNS).shard("a|1|1", "b|1|1").shard("c|1|1").sequential();
        MergedStream rows = ReadTree.open(new KeepColumns(shards.leaf(), 1), shards);

        assertThat(FakeStream.text(rows.next())).isEqualTo("a");
        rows.close();
        assertThat(shards.allClosed()).isTrue();
        assertThat(rows.next()).isNull();
    }
}
