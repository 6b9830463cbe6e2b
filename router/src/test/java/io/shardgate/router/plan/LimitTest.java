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

class LimitTest {

    private static final List<ColumnMeta> COLUMNS = List.of(Columns.bigint("id"));

    @Test
    void skipsTheOffsetReturnsTheCountAndClosesTheShardsAtOnce() {
        FakeContext shards = new FakeContext(COLUMNS).shard("1", "3", "5", "7", "9").shard("2", "4", "6", "8");
        MergedStream rows = ReadTree.open(new Limit(shards.leaf(new SortKey(0, false)), 2, 3L), shards);

        assertThat(FakeStream.text(rows.next())).isEqualTo("3");
        assertThat(FakeStream.text(rows.next())).isEqualTo("4");
        assertThat(FakeStream.text(rows.next())).isEqualTo("5");
        // the last allowed row closed the shards before the client asked for more
        assertThat(shards.allClosed()).isTrue();
        assertThat(rows.next()).isNull();
    }

    @Test
    void anOffsetAloneSkips() {
        FakeContext shards = new FakeContext(COLUMNS).shard("1", "2").shard("3");
        assertThat(FakeStream.drain(ReadTree.open(new Limit(shards.leaf(), 2, null), shards))).containsExactly("3");
    }

    @Test
    void keepsTheInputOrder() {
        FakeContext shards = new FakeContext(COLUMNS).shard("1").shard("2");
        ReadPlan.Opened opened = new Limit(shards.leaf(new SortKey(0, true)), 0, 1L).open(shards);
        assertThat(opened.order()).containsExactly(new SortKey(0, true));
    }

    @Test
    void describeAndBounds() {
        MergeShards leaf = new FakeContext(COLUMNS).shard().leaf();
        assertThat(new Limit(leaf, 10, 5L).describe()).startsWith("Limit offset 10, count 5\n");
        assertThat(new Limit(leaf, 0, 5L).describe()).startsWith("Limit 5\n");
        assertThat(new Limit(leaf, 100, null).describe()).startsWith("Limit offset 100\n");
        assertThatThrownBy(() -> new Limit(leaf, -1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limit(leaf, 0, -1L)).isInstanceOf(IllegalArgumentException.class);
    }
}
