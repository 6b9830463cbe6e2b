package io.shardgate.router.merge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small pass-through stages: Concatenation, FilterRows, DropHiddenColumns. */
class StreamStagesTest {

    private static final List<ColumnMeta> COLUMNS = List.of(Columns.varchar("name"), Columns.bigint("n"),
            Columns.bigint("hidden"));

    @Test
    void concatenationReadsShardsInTurnAndClosesEachAtItsEnd() {
        FakeStream s0 = FakeStream.of(COLUMNS, "a|1|0", "b|2|0", "c|3|0");
        FakeStream s1 = FakeStream.of(COLUMNS);
        FakeStream s2 = FakeStream.of(COLUMNS, "d|4|0");
        Concatenation all = new Concatenation(List.of(s0, s1, s2));

        assertThat(FakeStream.text(all.next())).isEqualTo("a|1|0");
        assertThat(s2.returned()).isZero();
        assertThat(FakeStream.drain(all)).containsExactly("b|2|0", "c|3|0", "d|4|0");
        assertThat(List.of(s0, s1, s2)).allMatch(FakeStream::closed);
    }

    @Test
    void concatenationClosesEveryShardOnError() {
        FakeStream s0 = FakeStream.of(COLUMNS, "a|1|0");
        FakeStream s1 = FakeStream.of(COLUMNS, "b|1|0").failingAfter(0);
        FakeStream s2 = FakeStream.of(COLUMNS, "c|1|0");
        Concatenation all = new Concatenation(List.of(s0, s1, s2));

        assertThat(FakeStream.text(all.next())).isEqualTo("a|1|0");
        assertThatThrownBy(all::next).isInstanceOf(RowStreamException.class);
        assertThat(List.of(s0, s1, s2)).allMatch(FakeStream::closed);
        assertThat(all.next()).isNull();
    }

    @Test
    void havingFiltersMergedRows() {
        FakeStream input = FakeStream.of(COLUMNS, "a|1|0", "b|5|0", "c|9|1");
        FilterRows having = new FilterRows(input, row -> (Long) row.get(1) > 2 && (Long) row.get(2) == 0);

        assertThat(FakeStream.drain(having)).containsExactly("b|5|0");
    }

    @Test
    void dropHiddenColumnsCutsRowsAndMetadata() {
        DropHiddenColumns visible = new DropHiddenColumns(FakeStream.of(COLUMNS, "a|1|99"), 2);

        assertThat(visible.columns()).extracting(ColumnMeta::name).containsExactly("name", "n");
        assertThat(FakeStream.drain(visible)).containsExactly("a|1");
        assertThatThrownBy(() -> new DropHiddenColumns(FakeStream.of(COLUMNS), 4))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
