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

class KeepColumnsTest {

    private static final List<ColumnMeta> COLUMNS = List.of(Columns.varchar("name"), Columns.bigint("n"),
            Columns.datetime("created"));

    /** SELECT name, n FROM t ORDER BY created DESC LIMIT 1, 3: 'created' is a hidden sort column. */
    @Test
    void theClientSeesOnlyTheVisibleColumns() {
        FakeContext shards = new FakeContext(COLUMNS)
                .shard("a|1|2024-01-09 00:00:00", "b|2|2024-01-05 00:00:00", "c|3|2024-01-01 00:00:00")
                .shard("d|4|2024-01-08 00:00:00", "e|5|2024-01-07 00:00:00", "f|6|2024-01-02 00:00:00");
        SortKey byCreatedDesc = new SortKey(2, true);
        ReadPlan tree = new KeepColumns(new Limit(new Sort(shards.leaf(byCreatedDesc), List.of(byCreatedDesc), 4),
                1, 3L), 2);
        MergedStream rows = ReadTree.open(tree, shards);

        assertThat(rows.columns()).extracting(ColumnMeta::name).containsExactly("name", "n");
        assertThat(FakeStream.drain(rows)).containsExactly("d|4", "e|5", "b|2");
        assertThat(shards.allClosed()).isTrue();
        assertThat(rows.describe()).isEqualTo("""
                DropHiddenColumns(keep 2)
                  Limit(offset=1, count=3)
                    OrderedMerge(#2 desc; 2 inputs)""");
    }

    @Test
    void aRelativeCountKeepsAllButTheLastColumns() {
        FakeContext shards = new FakeContext(COLUMNS).shard("a|1|2024-01-09 00:00:00");
        ReadPlan.Opened opened = new KeepColumns(shards.leaf(new SortKey(1, false), new SortKey(2, false)), -1)
                .open(shards);

        assertThat(FakeStream.drain(opened.rows())).containsExactly("a|1");
        // an order on a dropped column no longer holds
        assertThat(opened.order()).containsExactly(new SortKey(1, false));
        assertThat(new KeepColumns(shards.leaf(), -1).columnCount(5)).isEqualTo(4);
        assertThat(new KeepColumns(shards.leaf(), 2).columnCount(5)).isEqualTo(2);
    }

    @Test
    void keepingEveryColumnDoesNothing() {
        FakeContext shards = new FakeContext(COLUMNS).shard("a|1|2024-01-09 00:00:00");
        ReadPlan.Opened opened = new KeepColumns(shards.leaf(), 0).open(shards);
        assertThat(opened.rows()).isSameAs(shards.opened().getFirst());
    }

    @Test
    void moreColumnsThanTheShardsReturnAreRefusedAndTheShardsClosed() {
        FakeContext shards = new FakeContext(COLUMNS).shard("a|1|2024-01-09 00:00:00").shard();
        assertThatThrownBy(() -> ReadTree.open(new KeepColumns(shards.leaf(), 4), shards))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("visibleColumns");
        assertThat(shards.allClosed()).isTrue();
        assertThatThrownBy(() -> ReadTree.open(new KeepColumns(shards.leaf(), -3), shards))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describeShowsWhatIsKept() {
        MergeShards leaf = new FakeContext(COLUMNS).shard().leaf();
        assertThat(new KeepColumns(leaf, 2).describe()).startsWith("KeepColumns first 2\n");
        assertThat(new KeepColumns(leaf, -1).describe()).startsWith("KeepColumns all but the last 1\n");
    }
}
