package io.shardgate.router.merge;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemorySortTest {

    private static final List<ColumnMeta> COLUMNS = List.of(Columns.bigint("k"), Columns.varchar("tag"));

    @Test
    void sortsEverythingStably() {
        FakeStream input = FakeStream.of(COLUMNS, "3|a", "1|b", "2|c", "1|d", "NULL|e");
        MemorySort sort = new MemorySort(input, List.of(new SortKey(0, true)), Long.MAX_VALUE);

        assertThat(FakeStream.drain(sort)).containsExactly("3|a", "2|c", "1|b", "1|d", "NULL|e");
        assertThat(input.closed()).isTrue();
    }

    @Test
    void holdingMoreRowsThanTheBudgetFailsWithOutOfSortMemory() {
        String[] rows = {"3|a", "1|b", "2|c", "1|d"};
        assertThat(FakeStream.drain(new MemorySort(FakeStream.of(COLUMNS, rows), List.of(new SortKey(0, false)),
                Long.MAX_VALUE, 4))).hasSize(4);
        assertThat(FakeStream.drain(new MemorySort(FakeStream.of(COLUMNS, rows), List.of(new SortKey(0, false)),
                2, 2))).containsExactly("1|b", "1|d");
        for (long keep : new long[] {Long.MAX_VALUE, 3}) {
            MemorySort sort = new MemorySort(FakeStream.of(COLUMNS, rows), List.of(new SortKey(0, false)), keep, 2);
            assertThatThrownBy(sort::next).isInstanceOfSatisfying(RowStreamException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(1038);
                assertThat(e.sqlState()).isEqualTo("HY001");
                assertThat(e.getMessage()).contains("more than 2 rows (proxy.max-sort-rows)");
            });
        }
    }

    @Test
    void boundedSortKeepsTheStableSortsPrefix() {
        Random random = new Random(7);
        String[] rows = new String[500];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = random.nextInt(20) + "|t" + i;
        }
        List<String> full = FakeStream.drain(new MemorySort(FakeStream.of(COLUMNS, rows),
                List.of(new SortKey(0, false)), Long.MAX_VALUE));
        for (long bound : new long[] {0, 1, 7, 50, 499, 500, 1000}) {
            List<String> best = FakeStream.drain(new MemorySort(FakeStream.of(COLUMNS, rows),
                    List.of(new SortKey(0, false)), bound));
            assertThat(best).as("bound %d", bound).isEqualTo(full.subList(0, (int) Math.min(bound, rows.length)));
        }
    }

    @Test
    void emptyInput() {
        assertThat(FakeStream.drain(new MemorySort(FakeStream.of(COLUMNS), List.of(new SortKey(0, false)), 5)))
                .isEmpty();
    }

    @Test
    void describesTheBound() {
        MemorySort sort = new MemorySort(FakeStream.of(COLUMNS), List.of(new SortKey(0, true)), 10);
        assertThat(sort.toString()).startsWith("MemorySort(#0 desc; keep 10)");
        assertThat(new ArrayList<>(sort.columns())).isEqualTo(COLUMNS);
    }
}
