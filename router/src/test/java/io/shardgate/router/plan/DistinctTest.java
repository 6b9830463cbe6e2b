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

class DistinctTest {

    private static final List<ColumnMeta> COLUMNS = List.of(Columns.varchar("a"), Columns.bigint("b"));

    @Test
    void streamsWhenTheShardsAreMergedInOrderOnTheComparedColumns() {
        FakeContext shards = new FakeContext(COLUMNS).shard("b|1", "a|1", "a|2").shard("B|1", "a|2");
        MergedStream rows = ReadTree.open(new Distinct(shards.leaf(new SortKey(1, false), new SortKey(0, true)), 2),
                shards);

        assertThat(FakeStream.drain(rows)).containsExactly("b|1", "a|1", "a|2");
        assertThat(rows.describe()).startsWith("Distinct(sorted on #1, #0 desc)");
    }

    @Test
    void overAPartialOrderItHashesAndKeepsTheOrder() {
        FakeContext shards = new FakeContext(COLUMNS).shard("x|1", "y|1", "x|3").shard("y|1", "z|2");
        ReadPlan.Opened opened = new Distinct(shards.leaf(new SortKey(1, false)), 2).open(shards);

        assertThat(FakeStream.drain(opened.rows())).containsExactly("x|1", "y|1", "z|2", "x|3");
        assertThat(opened.rows().toString()).startsWith("Distinct(hashed)");
        assertThat(opened.order()).containsExactly(new SortKey(1, false));
    }

    @Test
    void shardsReadInTurnAreHashed() {
        FakeContext shards = new FakeContext(COLUMNS).shard("a|1", "b|1").shard("a|1", "c|1").sequential();
        MergedStream rows = ReadTree.open(new Distinct(shards.leaf(new SortKey(0, false), new SortKey(1, false)), 0),
                shards);

        assertThat(FakeStream.drain(rows)).containsExactly("a|1", "b|1", "c|1");
        assertThat(rows.describe()).startsWith("Distinct(hashed)");
    }

    @Test
    void aColumnCountOutsideTheRowIsRefusedAndTheShardsClosed() {
        FakeContext shards = new FakeContext(COLUMNS).shard("a|1");
        assertThatThrownBy(() -> ReadTree.open(new Distinct(shards.leaf(), 3), shards))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(shards.allClosed()).isTrue();
    }

    @Test
    void describeShowsTheComparedColumns() {
        MergeShards leaf = new FakeContext(COLUMNS).shard().leaf();
        assertThat(new Distinct(leaf, 2).describe()).startsWith(
                "Distinct on 2 columns (streams if the input order and collation allow, else hashes)\n");
        assertThat(new Distinct(leaf, 0).describe()).startsWith("Distinct on all columns");
    }
}
