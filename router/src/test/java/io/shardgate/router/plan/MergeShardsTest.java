package io.shardgate.router.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Columns;
import io.shardgate.router.merge.FakeStream;
import io.shardgate.router.merge.MergedStream;
import io.shardgate.router.merge.SortKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergeShardsTest {

    private static final List<ColumnMeta> COLUMNS = List.of(Columns.bigint("id"), Columns.varchar("name"));

    @Test
    void shardsSentNoOrderAreConcatenated() {
        FakeContext shards = new FakeContext(COLUMNS).shard("1|a", "2|b").shard().shard("3|c");
        MergedStream rows = ReadTree.open(shards.leaf(), shards);

        assertThat(FakeStream.drain(rows)).containsExactly("1|a", "2|b", "3|c");
        assertThat(rows.describe()).isEqualTo("Concatenation(3 inputs)");
        assertThat(shards.allClosed()).isTrue();
    }

    @Test
    void sortedShardsReadAtOnceAreMergedInOrder() {
        FakeContext shards = new FakeContext(COLUMNS).shard("1|a", "4|d", "5|e").shard("2|b", "3|c");
        MergedStream rows = ReadTree.open(shards.leaf(new SortKey(0, false)), shards);

        assertThat(FakeStream.drain(rows)).containsExactly("1|a", "2|b", "3|c", "4|d", "5|e");
        assertThat(rows.describe()).isEqualTo("OrderedMerge(#0; 2 inputs)");
    }

    @Test
    void sortedShardsThatShareAConnectionAreConcatenatedWithNoOrderToRelyOn() {
        FakeContext shards = new FakeContext(COLUMNS).shard("1|a", "4|d").shard("2|b").sequential();
        ReadPlan.Opened opened = shards.leaf(new SortKey(0, false)).open(shards);

        assertThat(opened.order()).isEmpty();
        assertThat(opened.rows().toString()).isEqualTo("Concatenation(2 inputs)");
        assertThat(FakeStream.drain(opened.rows())).containsExactly("1|a", "4|d", "2|b");
    }

    @Test
    void oneShardIsReadAsItIsAndKeepsItsOrder() {
        FakeContext shards = new FakeContext(COLUMNS).shard("1|a", "2|b").sequential();
        ReadPlan.Opened opened = shards.leaf(new SortKey(1, true)).open(shards);

        assertThat(opened.rows()).isSameAs(shards.opened().getFirst());
        assertThat(opened.order()).containsExactly(new SortKey(1, true));
    }

    @Test
    void aRelativeShardOrderCountsFromTheLastColumn() {
        // SELECT *, created ... ORDER BY created: the sort key is the last column, however many * brought
        FakeContext shards = new FakeContext(COLUMNS).shard("1|b").shard("2|a");
        ReadPlan.Opened opened = shards.leaf(new SortKey(-1, false)).open(shards);

        assertThat(opened.order()).containsExactly(new SortKey(1, false));
        assertThat(FakeStream.drain(opened.rows())).containsExactly("2|a", "1|b");
    }

    @Test
    void aContextWithoutStreamsIsRefused() {
        ReadContext none = leaf -> new ShardInputs(List.of(), true);
        assertThatThrownBy(() -> ReadTree.open(new MergeShards(List.of(), List.of()), none))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describeShowsTheShardOrderAndEveryRoute() {
        FakeContext shards = new FakeContext(COLUMNS).shard().shard();
        assertThat(shards.leaf().describe()).isEqualTo("""
                MergeShards 2 shards, concatenated
                  Route n0 any: s0
                  Route n1 any: s1
                """);
        assertThat(shards.leaf(new SortKey(-1, true), new SortKey(0, false)).describe()).startsWith(
                "MergeShards 2 shards sorted by [end-1 desc, 0] (merged in order if each streams on its own connection)");
        assertThat(shards.leaf().leaves()).containsExactly(shards.leaf());
        assertThat(shards.leaf().columnCount(7)).isEqualTo(7);
    }
}
