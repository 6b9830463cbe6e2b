package io.shardgate.router.merge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DistinctRowsTest {

    /** name, n visible; a hidden third column. */
    private static final List<ColumnMeta> COLUMNS = List.of(Columns.varchar("name"), Columns.bigint("n"),
            Columns.bigint("hidden"));

    private static final List<SortKey> BY_NAME_N = List.of(new SortKey(0, false), new SortKey(1, false));

    private static OrderedMerge shards(String[] a, String[] b) {
        return new OrderedMerge(List.of(FakeStream.of(COLUMNS, a), FakeStream.of(COLUMNS, b)), BY_NAME_N);
    }

    @Test
    void sortedDropsAdjacentDuplicatesUnderTheCollation() {
        OrderedMerge merged = shards(new String[] {"a|1|10", "b|1|11", "b|2|12"},
                new String[] {"A|1|20", "b|2|21", "c|1|22"});
        DistinctRows distinct = DistinctRows.sorted(merged, BY_NAME_N, 2);

        assertThat(FakeStream.drain(distinct)).containsExactly("a|1|10", "b|1|11", "b|2|12", "c|1|22");
    }

    @Test
    void hashedKeepsFirstOccurrenceInInputOrder() {
        FakeStream input = FakeStream.of(COLUMNS, "b|2|1", "a|1|2", "B|2|3", "a|1|4",
                "a|NULL|5", "A|NULL|6", "c|3|7");
        DistinctRows distinct = DistinctRows.hashed(input, 2);

        assertThat(FakeStream.drain(distinct)).containsExactly("b|2|1", "a|1|2", "a|NULL|5", "c|3|7");
    }

    @Test
    void sortedRaisesInsteadOfLeakingDuplicatesWhenInputIsOutOfOrder() {
        FakeStream unsorted = FakeStream.of(COLUMNS, "b|1|0", "a|1|0");
        DistinctRows distinct = DistinctRows.sorted(unsorted, BY_NAME_N, 2);

        assertThat(FakeStream.text(distinct.next())).isEqualTo("b|1|0");
        assertThatThrownBy(distinct::next).isInstanceOf(RowStreamException.class)
                .hasMessageContaining("out of the expected order");
    }

    @Test
    void sortedNeedsAnOrderOnExactlyTheVisibleColumns() {
        assertThatThrownBy(() -> DistinctRows.sorted(FakeStream.of(COLUMNS), List.of(new SortKey(0, false)), 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closePropagates() {
        FakeStream input = FakeStream.of(COLUMNS, "a|1|1");
        DistinctRows.hashed(input, 2).close();
        assertThat(input.closed()).isTrue();
    }
}
