package io.shardgate.bench.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DataSetTest {

    @Test
    void namesAreFixedWidthSoTheirTextOrderIsTheirNumberOrder() {
        assertThat(DataSet.name(1)).isEqualTo("customer-104729@example.org");
        assertThat(DataSet.name(10)).isEqualTo("customer-047307@example.org"); // 1,047,290 mod 999,983
        for (long id = 1; id < 5_000; id++) {
            long a = DataSet.nameNumber(id);
            long b = DataSet.nameNumber(id + 1);
            assertThat(Integer.signum(DataSet.name(id).compareTo(DataSet.name(id + 1))))
                    .isEqualTo(Long.signum(a - b));
        }
    }

    @Test
    void orderedIdsSortByKeyThenId() {
        DataSet data = new DataSet(300_000);
        int[] ids = data.orderedIds(DataSet.SortKey.AMOUNT);
        assertThat(ids).hasSize(300_000);
        for (int i = 1; i < ids.length; i++) {
            long previous = DataSet.amountCents(ids[i - 1]);
            long current = DataSet.amountCents(ids[i]);
            assertThat(previous < current || previous == current && ids[i - 1] < ids[i])
                    .as("position %d: id %d then %d", i, ids[i - 1], ids[i]).isTrue();
        }
        int[] sorted = ids.clone();
        Arrays.sort(sorted);
        assertThat(sorted[0]).isEqualTo(1);
        assertThat(sorted[sorted.length - 1]).isEqualTo(300_000);
        assertThat(Arrays.stream(sorted).distinct().count()).isEqualTo(300_000);
    }

    @Test
    void amountsRepeatSoTheIdTieBreakMatters() {
        // 100,003 distinct amounts for 1M rows: about ten rows share each
        assertThat(DataSet.amountCents(1)).isEqualTo(DataSet.amountCents(1 + 100_003));
    }

    @Test
    void insertSelectFiltersOneShard() {
        DataSet data = new DataSet(1_000_000);
        assertThat(data.insertSelect("t_0003", 8, 3))
                .startsWith("INSERT INTO t_0003 SELECT seq,")
                .contains("FROM seq_1_to_1000000 WHERE seq % 8 = 3");
        assertThat(data.insertSelect("t_all", 1, 0)).endsWith("FROM seq_1_to_1000000");
    }

    @Test
    void rejectsRowCountsThePackedKeyCannotHold() {
        assertThatThrownBy(() -> new DataSet(DataSet.MAX_ROWS + 1)).hasMessageContaining("rows must be within");
    }
}
