package io.shardgate.router.merge;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowComparatorTest {

    private final List<ColumnMeta> columns = List.of(Columns.varchar("name"), Columns.bigint("n"));

    private List<String> sorted(List<SortKey> keys, String... rows) {
        List<Row> list = new ArrayList<>();
        for (String r : rows) {
            list.add(FakeStream.parse(columns, r));
        }
        list.sort(new RowComparator(keys, columns));
        return list.stream().map(FakeStream::text).toList();
    }

    @Test
    void nullsFirstAscendingLastDescending() {
        assertThat(sorted(List.of(new SortKey(1, false)), "a|2", "b|NULL", "c|1"))
                .containsExactly("b|NULL", "c|1", "a|2");
        assertThat(sorted(List.of(new SortKey(1, true)), "a|2", "b|NULL", "c|1"))
                .containsExactly("a|2", "c|1", "b|NULL");
    }

    @Test
    void laterKeysBreakTiesAndCollationDecidesEquality() {
        assertThat(sorted(List.of(new SortKey(0, false), new SortKey(1, true)), "b|1", "A|1", "a|3", "B|2"))
                .containsExactly("a|3", "A|1", "B|2", "b|1");
    }

    @Test
    void rejectsKeysOutsideTheRow() {
        assertThatThrownBy(() -> new RowComparator(List.of(new SortKey(2, false)), columns))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 2");
    }

    @Test
    void describesItsKeys() {
        assertThat(new RowComparator(List.of(new SortKey(1, true), new SortKey(0, false)), columns))
                .hasToString("#1 desc, #0");
    }
}
