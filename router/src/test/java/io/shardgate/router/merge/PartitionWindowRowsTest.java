package io.shardgate.router.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.router.merge.WindowCall.Function;
import io.shardgate.router.merge.WindowFrame.Bound;
import io.shardgate.router.merge.WindowFrame.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionWindowRowsTest {

    private static final long NO_BUDGET = Long.MAX_VALUE;

    private static WindowFrame rows(Bound start, Bound end) {
        return new WindowFrame(true, start, end);
    }

    private static Bound preceding(long n) {
        return new Bound(Kind.PRECEDING, n);
    }

    private static Bound following(long n) {
        return new Bound(Kind.FOLLOWING, n);
    }

    private static final Bound CURRENT = new Bound(Kind.CURRENT_ROW, 0);
    private static final Bound UNBOUNDED_FOLLOWING = new Bound(Kind.UNBOUNDED_FOLLOWING, 0);

    @Test
    void ntileSplitsEachPartitionWithTheLargerBucketsFirst() {
        List<ColumnMeta> columns = List.of(Columns.bigint("p"), Columns.bigint("o"), Columns.integer("t"));
        FakeStream input = FakeStream.of(columns, "1|1|0", "1|2|0", "1|3|0", "1|4|0", "1|5|0", "2|1|0");
        PartitionWindowRows window = new PartitionWindowRows(input, List.of(0), List.of(new SortKey(1, false)),
                List.of(new WindowCall(Function.NTILE, 2, 3)), NO_BUDGET);

        assertThat(FakeStream.drain(window)).containsExactly("1|1|1", "1|2|1", "1|3|2", "1|4|2", "1|5|3", "2|1|1");
        assertThat(PartitionWindowRows.ntile(0, 2, 5)).isEqualTo(1);
        assertThat(PartitionWindowRows.ntile(1, 2, 5)).isEqualTo(2);
        assertThat(window.columns().get(2).type()).isEqualTo(AggregateTypes.TYPE_LONGLONG);
    }

    @Test
    void percentRankAndCumeDistCountPeersAsOne() {
        List<ColumnMeta> columns = List.of(Columns.bigint("o"), Columns.dbl("pr"), Columns.dbl("cd"));
        FakeStream input = FakeStream.of(columns, "1|0|0", "2|0|0", "2|0|0", "3|0|0");
        PartitionWindowRows window = new PartitionWindowRows(input, List.of(), List.of(new SortKey(0, false)),
                List.of(new WindowCall(Function.PERCENT_RANK, 1, 0), new WindowCall(Function.CUME_DIST, 2, 0)),
                NO_BUDGET);

        List<Row> rows = List.of(window.next(), window.next(), window.next(), window.next());
        assertThat(rows.stream().map(r -> r.get(1)).toList()).containsExactly(0.0, 0.3333333333, 0.3333333333, 1.0);
        assertThat(rows.stream().map(r -> r.get(2)).toList()).containsExactly(0.25, 0.75, 0.75, 1.0);
        // as MariaDB 10.11 reports them: a nullable DOUBLE with 10 decimals
        assertThat(window.columns().get(1)).isEqualTo(new ColumnMeta("pr", AggregateTypes.TYPE_DOUBLE,
                ColumnMeta.FLAG_BINARY | ColumnMeta.FLAG_COMPUTED, 10, Collations.BINARY_ID));
    }

    @Test
    void distributionsAreRoundedToTenDecimalsAsMariaDbStoresThem() {
        assertThat(PartitionWindowRows.distribution(1.0 / 1999)).isEqualTo(5.002501E-4);
        assertThat(PartitionWindowRows.distribution(0.6531365313653137)).isEqualTo(0.6531365314);
        assertThat(PartitionWindowRows.distribution(1.0)).isEqualTo(1.0);
    }

    @Test
    void anIntegerAggregatesValueIsABigintToTheValueFunctions() {
        // as MariaDB 10.11 reports LAG(MAX(qty)) (qty INT) over GROUP BY: BIGINT; LAG(qty) stays INT
        List<ColumnMeta> columns = List.of(Columns.bigint("o"), Columns.integer("lag"), Columns.integer("first"));
        PartitionWindowRows window = new PartitionWindowRows(FakeStream.of(columns), List.of(),
                List.of(new SortKey(0, false)), List.of(new WindowCall(Function.LAG, 1, 1, null, true),
                        new WindowCall(Function.FIRST_VALUE, 2, 0, null, false)), NO_BUDGET);
        assertThat(window.columns().get(1).type()).isEqualTo(AggregateTypes.TYPE_LONGLONG);
        assertThat(window.columns().get(2).type()).isEqualTo(3);
    }

    @Test
    void valueFunctionsTakeTheFrameOfEachRow() {
        List<ColumnMeta> columns = List.of(Columns.bigint("o"), Columns.integer("first"), Columns.integer("last"),
                Columns.integer("second"), Columns.integer("lastRows"), Columns.integer("empty"));
        FakeStream input = FakeStream.of(columns,
                "1|10|10|10|10|10", "2|20|20|20|20|20", "2|NULL|NULL|NULL|NULL|NULL", "3|30|30|30|30|30");
        PartitionWindowRows window = new PartitionWindowRows(input, List.of(), List.of(new SortKey(0, false)),
                List.of(new WindowCall(Function.FIRST_VALUE, 1, 0), new WindowCall(Function.LAST_VALUE, 2, 0),
                        new WindowCall(Function.NTH_VALUE, 3, 2),
                        new WindowCall(Function.LAST_VALUE, 4, 0, rows(preceding(1), following(1))),
                        new WindowCall(Function.FIRST_VALUE, 5, 0, rows(following(2), following(1)))),
                NO_BUDGET);

        // the default frame ends with the last peer: LAST_VALUE of a row of o = 2 is the second of them
        assertThat(FakeStream.drain(window)).containsExactly(
                "1|10|10|NULL|20|NULL", "2|10|NULL|20|NULL|NULL", "2|10|NULL|20|30|NULL", "3|10|30|20|30|NULL");
    }

    @Test
    void aggregatesSlideWithTheirFrame() {
        List<ColumnMeta> columns = List.of(Columns.bigint("o"), Columns.decimal("s", 2), Columns.decimal("m", 2),
                Columns.decimal("x", 2), Columns.integer("n"), Columns.decimal("a", 2));
        FakeStream input = FakeStream.of(columns, "1|5.00|5.00|5.00|0|5.00", "2|1.00|1.00|1.00|0|1.00",
                "3|NULL|NULL|NULL|0|NULL", "4|7.00|7.00|7.00|0|7.00", "5|2.00|2.00|2.00|0|2.00");
        WindowFrame twoBack = rows(preceding(2), CURRENT);
        PartitionWindowRows window = new PartitionWindowRows(input, List.of(), List.of(new SortKey(0, false)),
                List.of(new WindowCall(Function.SUM, 1, 0, twoBack), new WindowCall(Function.MIN, 2, 0, twoBack),
                        new WindowCall(Function.MAX, 3, 0, rows(CURRENT, UNBOUNDED_FOLLOWING)),
                        new WindowCall(Function.COUNT_ROWS, 4, 0, rows(preceding(1), following(1))),
                        new WindowCall(Function.AVG, 5, 0, new WindowFrame(false, new Bound(Kind.CURRENT_ROW, 0),
                                UNBOUNDED_FOLLOWING))),
                NO_BUDGET);

        assertThat(FakeStream.drain(window)).containsExactly("1|5.00|5.00|7.00|2|3.750000",
                "2|6.00|1.00|7.00|3|3.333333", "3|6.00|1.00|7.00|3|4.500000", "4|8.00|1.00|7.00|3|4.500000",
                "5|9.00|2.00|2.00|2|2.000000");
    }

    @Test
    void rangeOffsetsMeasureDistancesInTheOrderKeyAsMariaDbDoes() {
        // measured on MariaDB 10.11: NULL keys sort first (last descending) and a NULL row's bound is its NULL peers
        List<ColumnMeta> columns = List.of(Columns.decimal("k", 1), Columns.integer("id"), Columns.integer("a"),
                Columns.integer("e"), Columns.integer("g"));
        String[] ascending = {"NULL|5|0|0|5", "NULL|6|0|0|6", "-1.0|8|0|0|8", "1.0|1|0|0|1", "2.0|2|0|0|2",
            "2.0|3|0|0|3", "3.5|4|0|0|4", "7.0|7|0|0|7"};
        Bound one = preceding(1);
        PartitionWindowRows window = new PartitionWindowRows(FakeStream.of(columns, ascending), List.of(),
                List.of(new SortKey(0, false)), List.of(
                        new WindowCall(Function.COUNT_ROWS, 2, 0, new WindowFrame(false, one, CURRENT)),
                        new WindowCall(Function.COUNT_ROWS, 3, 0, new WindowFrame(false, following(2), following(3))),
                        new WindowCall(Function.SUM, 4, 0, new WindowFrame(false,
                                new Bound(Kind.UNBOUNDED_PRECEDING, 0), one))), NO_BUDGET);
        assertThat(FakeStream.drain(window)).containsExactly("NULL|5|2|2|11", "NULL|6|2|2|11", "-1.0|8|1|3|11",
                "1.0|1|1|1|19", "2.0|2|3|0|20", "2.0|3|3|0|20", "3.5|4|1|0|25", "7.0|7|1|0|29");

        String[] descending = {"7.0|7|0|0|0", "3.5|4|0|0|0", "2.0|2|0|0|0", "2.0|3|0|0|0", "1.0|1|0|0|0",
            "-1.0|8|0|0|0", "NULL|5|0|0|0", "NULL|6|0|0|0"};
        PartitionWindowRows desc = new PartitionWindowRows(FakeStream.of(columns, descending), List.of(),
                List.of(new SortKey(0, true)), List.of(
                        new WindowCall(Function.COUNT_ROWS, 2, 0, new WindowFrame(false, one, CURRENT))), NO_BUDGET);
        assertThat(FakeStream.drain(desc).stream().map(r -> r.split("\\|")[2]).toList())
                .containsExactly("1", "1", "2", "2", "3", "1", "2", "2");
    }

    @Test
    void holdingAPartitionLargerThanTheBudgetFailsWithOutOfSortMemory() {
        List<ColumnMeta> columns = List.of(Columns.bigint("p"), Columns.integer("t"));
        String[] rows = {"1|0", "1|0", "1|0", "2|0"};
        List<WindowCall> ntile = List.of(new WindowCall(Function.NTILE, 1, 2));
        assertThat(FakeStream.drain(new PartitionWindowRows(FakeStream.of(columns, rows), List.of(0), List.of(),
                ntile, 3))).containsExactly("1|1", "1|1", "1|2", "2|1");

        PartitionWindowRows small = new PartitionWindowRows(FakeStream.of(columns, rows), List.of(0), List.of(),
                ntile, 2);
        assertThatThrownBy(small::next).isInstanceOfSatisfying(RowStreamException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(1038);
            assertThat(e.getMessage()).contains("partition of more than 2 rows (proxy.max-sort-rows)");
        });
    }

    @Test
    void rowsOutOfTheWindowsOrderFailInsteadOfAWrongValue() {
        List<ColumnMeta> columns = List.of(Columns.bigint("p"), Columns.bigint("o"), Columns.integer("t"));
        PartitionWindowRows window = new PartitionWindowRows(FakeStream.of(columns, "1|2|0", "1|1|0"), List.of(0),
                List.of(new SortKey(1, false)), List.of(new WindowCall(Function.NTILE, 2, 2)), NO_BUDGET);
        assertThatThrownBy(window::next).isInstanceOf(RowStreamException.class);
    }
}
