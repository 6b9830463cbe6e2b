package io.shardgate.router.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Columns;
import io.shardgate.router.merge.FakeStream;
import io.shardgate.router.merge.MergedStream;
import io.shardgate.router.merge.RowStreamException;
import io.shardgate.router.merge.SortKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortTest {

    private static final List<ColumnMeta> COLUMNS = List.of(Columns.varchar("name"), Columns.bigint("n"));
    private static final SortKey BY_N_DESC = new SortKey(1, true);

    private static FakeContext shards() {
        return new FakeContext(COLUMNS).shard("a|9", "b|5", "c|1").shard("d|8", "e|7", "f|2");
    }

    @Test
    void nothingIsSortedWhenTheShardsAreMergedInThatOrder() {
        FakeContext shards = shards();
        MergedStream rows = ReadTree.open(new Sort(shards.leaf(BY_N_DESC), List.of(BY_N_DESC)), shards);

        assertThat(FakeStream.drain(rows)).containsExactly("a|9", "d|8", "e|7", "b|5", "f|2", "c|1");
        assertThat(rows.describe()).isEqualTo("OrderedMerge(#1 desc; 2 inputs)");
    }

    @Test
    void shardsReadInTurnAreSortedInMemoryKeepingOnlyTheNeededRows() {
        FakeContext shards = shards().sequential();
        MergedStream rows = ReadTree.open(new Sort(shards.leaf(BY_N_DESC), List.of(BY_N_DESC), 3), shards);

        assertThat(FakeStream.drain(rows)).containsExactly("a|9", "d|8", "e|7");
        assertThat(rows.describe()).startsWith("MemorySort(#1 desc; keep 3)");
    }

    @Test
    void anOrderThatIsOnlyAPrefixOfTheWantedOneIsSorted() {
        FakeContext shards = shards();
        List<SortKey> wanted = List.of(BY_N_DESC, new SortKey(0, false));
        MergedStream rows = ReadTree.open(new Sort(shards.leaf(BY_N_DESC), wanted), shards);

        assertThat(rows.describe()).startsWith("MemorySort(#1 desc, #0)");
    }

    @Test
    void keysCountedFromTheEndAreResolvedAgainstTheInput() {
        FakeContext shards = shards().sequential();
        ReadPlan.Opened opened = new Sort(shards.leaf(), List.of(new SortKey(-1, false))).open(shards);

        assertThat(opened.order()).containsExactly(new SortKey(1, false));
        assertThat(FakeStream.drain(opened.rows())).containsExactly("c|1", "f|2", "b|5", "e|7", "d|8", "a|9");
    }

    @Test
    void aSortBeyondTheContextsRowBudgetFailsWith1038() {
        FakeContext shards = shards().sequential().sortingAtMost(4);
        MergedStream rows = ReadTree.open(new Sort(shards.leaf(), List.of(BY_N_DESC)), shards);

        assertThatThrownBy(rows::next).isInstanceOf(RowStreamException.class)
                .satisfies(e -> assertThat(((RowStreamException) e).errorCode()).isEqualTo(1038));
        assertThat(shards.allClosed()).isTrue();
    }

    @Test
    void describeShowsTheKeysAndTheRowsNeeded() {
        MergeShards leaf = shards().leaf();
        assertThat(new Sort(leaf, List.of(new SortKey(-1, true), new SortKey(0, false)), 15).describe())
                .startsWith("Sort [end-1 desc, 0], first 15 (none if the input is in this order)\n");
        assertThat(new Sort(leaf, List.of(BY_N_DESC)).describe()).startsWith("Sort [1 desc] (none");
        assertThatThrownBy(() -> new Sort(leaf, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
