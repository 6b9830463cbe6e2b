package io.shardgate.router.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemiJoinSetTest {

    /** id, then x: the semi-join's column is the last. */
    private static final List<ColumnMeta> BY_NUMBER = List.of(Columns.bigint("id"), Columns.bigint("x"));
    private static final List<ColumnMeta> BY_NAME = List.of(Columns.bigint("id"), Columns.varchar("x"));

    private static List<String> kept(List<ColumnMeta> columns, SemiJoinSet set, String... rows) {
        FilterRows filtered = new FilterRows(FakeStream.of(columns, rows), set.open(columns));
        return FakeStream.drain(filtered);
    }

    private static List<Object> values(Object... v) {
        return new ArrayList<>(Arrays.asList(v));
    }

    @Test
    void inKeepsMembersComparedNumericallyAcrossTypesAndNeverANullX() {
        SemiJoinSet in = new SemiJoinSet(values(1L, new BigDecimal("3.0"), 5.5, null), false);
        assertThat(kept(BY_NUMBER, in, "1|1", "2|3", "3|5", "4|NULL", "5|7")).containsExactly("1|1", "2|3");
    }

    @Test
    void inComparesStringsUnderTheOuterColumnsCollation() {
        SemiJoinSet in = new SemiJoinSet(values("AB", "c "), false);
        assertThat(kept(BY_NAME, in, "1|ab", "2|c", "3|d")).containsExactly("1|ab", "2|c");
    }

    @Test
    void notInKeepsNonMembersAndNoNullX() {
        SemiJoinSet notIn = new SemiJoinSet(values(1L, 2L), true);
        assertThat(kept(BY_NUMBER, notIn, "1|1", "2|3", "3|NULL")).containsExactly("2|3");
    }

    @Test
    void notInWithANullAmongTheValuesKeepsNothing() {
        SemiJoinSet notIn = new SemiJoinSet(values(1L, null), true);
        assertThat(kept(BY_NUMBER, notIn, "1|1", "2|3", "3|NULL")).isEmpty();
    }

    @Test
    void notInOverNoValuesKeepsEveryRowEvenANullX() {
        SemiJoinSet notIn = new SemiJoinSet(values(), true);
        assertThat(kept(BY_NUMBER, notIn, "1|1", "2|NULL")).containsExactly("1|1", "2|NULL");
    }

    @Test
    void aSetFurtherFromTheEndReadsItsOwnColumn() {
        List<ColumnMeta> columns = List.of(Columns.bigint("id"), Columns.bigint("x"), Columns.bigint("y"));
        SemiJoinSet onX = new SemiJoinSet(values(1L), false, 2);
        FilterRows filtered = new FilterRows(FakeStream.of(columns, "1|1|5", "2|5|1"), onX.open(columns));
        assertThat(FakeStream.drain(filtered)).containsExactly("1|1|5");
    }

    private static final List<ColumnMeta> PAIR = List.of(Columns.bigint("id"), Columns.bigint("x"),
            Columns.varchar("y"));

    private static SemiJoinSet pairs(boolean negated, Object... xy) {
        List<List<Object>> values = new ArrayList<>();
        for (int i = 0; i < xy.length; i += 2) {
            values.add(Arrays.asList(xy[i], xy[i + 1]));
        }
        return new SemiJoinSet(values, 2, negated, 2);
    }

    @Test
    void aRowInKeepsRowsEqualInEveryColumnNeverWithANull() {
        SemiJoinSet in = pairs(false, 1L, "A", 2L, null);
        assertThat(kept(PAIR, in, "1|1|a", "2|1|b", "3|2|NULL", "4|2|c", "5|NULL|a")).containsExactly("1|1|a");
    }

    @Test
    void aRowNotInKeepsRowsThatDifferFromEveryValueWhereNeitherIsNull() {
        // (1, 'a') differs from nothing known; (2, 'c') is unknown against (2, NULL); (3, NULL) differs from both
        SemiJoinSet notIn = pairs(true, 1L, "A", 2L, null);
        assertThat(kept(PAIR, notIn, "1|1|a", "2|1|b", "3|2|c", "4|3|NULL", "5|NULL|z", "6|NULL|a"))
                .containsExactly("2|1|b", "4|3|NULL");
    }

    @Test
    void aRowNotInWithAnAllNullValueKeepsNothingAndOverNoValueEverything() {
        assertThat(kept(PAIR, pairs(true, null, null), "1|1|a", "2|NULL|NULL")).isEmpty();
        assertThat(kept(PAIR, pairs(true), "1|1|a", "2|NULL|NULL")).containsExactly("1|1|a", "2|NULL|NULL");
    }
}
