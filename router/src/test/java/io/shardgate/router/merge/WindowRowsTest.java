package io.shardgate.router.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.router.merge.WindowCall.Function;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowRowsTest {

    private static final long NO_BUDGET = Long.MAX_VALUE;

    private static WindowCall call(Function f, int column) {
        return new WindowCall(f, column, f == Function.LAG || f == Function.LEAD ? 1 : 0);
    }

    @Test
    void numbersRanksAndDenseRanksPeersWithinEachPartition() {
        List<ColumnMeta> columns = List.of(Columns.varchar("p"), Columns.bigint("o"), Columns.integer("rn"),
                Columns.integer("rk"), Columns.integer("dr"));
        FakeStream input = FakeStream.of(columns,
                "a|1|0|0|0", "a|1|0|0|0", "a|2|0|0|0", "A|3|0|0|0", "b|5|0|0|0", "b|7|0|0|0");
        WindowRows window = new WindowRows(input, List.of(0), List.of(new SortKey(1, false)),
                List.of(call(Function.ROW_NUMBER, 2), call(Function.RANK, 3), call(Function.DENSE_RANK, 4)), NO_BUDGET);

        // 'A' is 'a' under utf8mb4_general_ci: one partition, as MySQL sees it
        assertThat(FakeStream.drain(window)).containsExactly(
                "a|1|1|1|1", "a|1|2|1|1", "a|2|3|3|2", "A|3|4|4|3", "b|5|1|1|1", "b|7|2|2|2");
        ColumnMeta count = AggregateTypes.countColumn("rn");
        assertThat(window.columns().get(2)).isEqualTo(new ColumnMeta("rn", count.type(),
                count.flags() | ColumnMeta.FLAG_COMPUTED, 0, count.collationId()));
        assertThat(input.closed()).isTrue();
    }

    @Test
    void aggregatesRunUpToTheLastPeerOfEachRow() {
        List<ColumnMeta> columns = List.of(Columns.varchar("p"), Columns.bigint("o"), Columns.decimal("s", 2),
                Columns.decimal("a", 2), Columns.decimal("c", 2), Columns.decimal("m", 2), Columns.integer("n"));
        FakeStream input = FakeStream.of(columns,
                "a|1|1.00|1.00|1.00|1.00|0", "a|1|NULL|NULL|NULL|NULL|0", "a|2|2.50|2.50|2.50|2.50|0",
                "b|1|NULL|NULL|NULL|NULL|0");
        WindowRows window = new WindowRows(input, List.of(0), List.of(new SortKey(1, false)),
                List.of(call(Function.SUM, 2), call(Function.AVG, 3), call(Function.COUNT, 4), call(Function.MIN, 5),
                        call(Function.COUNT_ROWS, 6)), NO_BUDGET);

        assertThat(FakeStream.drain(window)).containsExactly(
                "a|1|1.00|1.000000|1|1.00|2", "a|1|1.00|1.000000|1|1.00|2", "a|2|3.50|1.750000|2|1.00|3",
                "b|1|NULL|NULL|0|NULL|1");
        assertThat(window.columns().get(2).decimals()).isEqualTo(2);
        assertThat(window.columns().get(3).decimals()).isEqualTo(6);
        assertThat(window.columns().get(4).type()).isEqualTo(AggregateTypes.TYPE_LONGLONG);
    }

    @Test
    void sumOfIntegersIsAnExactDecimalAndWithoutOrderTheFrameIsThePartition() {
        List<ColumnMeta> columns = List.of(Columns.bigint("p"), Columns.integer("s"), Columns.integer("a"));
        FakeStream input = FakeStream.of(columns, "1|1|1", "1|2|2", "2|5|5");
        WindowRows window = new WindowRows(input, List.of(0), List.of(),
                List.of(call(Function.SUM, 1), call(Function.AVG, 2)), NO_BUDGET);

        assertThat(FakeStream.drain(window)).containsExactly("1|3|1.5000", "1|3|1.5000", "2|5|5.0000");
        assertThat(window.columns().get(1).type()).isEqualTo(AggregateTypes.TYPE_NEWDECIMAL);
        assertThat(window.columns().get(2).decimals()).isEqualTo(4);
    }

    @Test
    void lagAndLeadLookWithinThePartitionOnly() {
        List<ColumnMeta> columns = List.of(Columns.bigint("p"), Columns.bigint("o"), Columns.integer("lag1"),
                Columns.integer("lag2"), Columns.integer("lead1"), Columns.integer("lag0"));
        FakeStream input = FakeStream.of(columns,
                "1|1|10|10|10|10", "1|2|NULL|NULL|NULL|NULL", "1|3|30|30|30|30", "2|1|40|40|40|40");
        WindowRows window = new WindowRows(input, List.of(0), List.of(new SortKey(1, false)),
                List.of(call(Function.LAG, 2), new WindowCall(Function.LAG, 3, 2), call(Function.LEAD, 4),
                        new WindowCall(Function.LAG, 5, 0)), NO_BUDGET);

        assertThat(FakeStream.drain(window)).containsExactly(
                "1|1|NULL|NULL|NULL|10", "1|2|10|NULL|30|NULL", "1|3|NULL|10|NULL|30", "2|1|NULL|NULL|NULL|40");
        assertThat(window.columns().get(2).flags() & ColumnMeta.FLAG_NOT_NULL).isZero();
    }

    @Test
    void valuesOfAColumnAreReportedAsAnExpressionOfItsType() {
        ColumnMeta status = new ColumnMeta("status", 253, ColumnMeta.FLAG_NOT_NULL, 0, Columns.UTF8MB4_GENERAL_CI);
        ColumnMeta created = new ColumnMeta("created_at", 12, ColumnMeta.FLAG_BINARY, 0, 63);
        List<ColumnMeta> columns = List.of(Columns.bigint("o"), status, created);
        WindowRows window = new WindowRows(FakeStream.of(columns), List.of(), List.of(new SortKey(0, false)),
                List.of(call(Function.LAG, 1), call(Function.MAX, 2)), NO_BUDGET);

        // as MariaDB 10.11 reports LAG(status) and MAX(created_at): nullable, strings with decimals 39
        assertThat(window.columns().get(1)).isEqualTo(new ColumnMeta("status", 253, ColumnMeta.FLAG_COMPUTED, 39,
                Columns.UTF8MB4_GENERAL_CI));
        assertThat(window.columns().get(2)).isEqualTo(new ColumnMeta("created_at", 12,
                ColumnMeta.FLAG_BINARY | ColumnMeta.FLAG_COMPUTED, 0, 63));
    }

    @Test
    void descendingOrderRanksFromTheLargest() {
        List<ColumnMeta> columns = List.of(Columns.bigint("o"), Columns.integer("rk"));
        FakeStream input = FakeStream.of(columns, "9|0", "9|0", "NULL|0");
        WindowRows window = new WindowRows(input, List.of(), List.of(new SortKey(0, true)),
                List.of(call(Function.RANK, 1)), NO_BUDGET);

        assertThat(FakeStream.drain(window)).containsExactly("9|1", "9|1", "NULL|3");
    }

    @Test
    void rowsOutOfTheWindowsOrderFailInsteadOfAWrongValue() {
        List<ColumnMeta> columns = List.of(Columns.bigint("p"), Columns.bigint("o"), Columns.integer("rn"));
        WindowRows partitions = new WindowRows(FakeStream.of(columns, "2|1|0", "1|1|0"), List.of(0), List.of(),
                List.of(call(Function.ROW_NUMBER, 2)), NO_BUDGET);
        assertThat(partitions.next()).isNotNull();
        assertThatThrownBy(partitions::next).isInstanceOfSatisfying(RowStreamException.class,
                e -> assertThat(e.errorCode()).isEqualTo(1105));

        WindowRows peers = new WindowRows(FakeStream.of(columns, "1|2|0", "1|1|0"), List.of(0),
                List.of(new SortKey(1, false)), List.of(call(Function.ROW_NUMBER, 2)), NO_BUDGET);
        assertThatThrownBy(peers::next).isInstanceOf(RowStreamException.class);
    }

    @Test
    void holdingMorePeersThanTheBudgetFailsWithOutOfSortMemory() {
        List<ColumnMeta> columns = List.of(Columns.bigint("p"), Columns.bigint("o"), Columns.integer("s"));
        String[] rows = {"1|1|1", "1|1|1", "1|1|1", "1|2|1"};
        assertThat(FakeStream.drain(new WindowRows(FakeStream.of(columns, rows), List.of(0),
                List.of(new SortKey(1, false)), List.of(call(Function.SUM, 2)), 3))).hasSize(4);

        WindowRows small = new WindowRows(FakeStream.of(columns, rows), List.of(0), List.of(new SortKey(1, false)),
                List.of(call(Function.SUM, 2)), 2);
        assertThatThrownBy(small::next).isInstanceOfSatisfying(RowStreamException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(1038);
            assertThat(e.getMessage()).contains("more than 2 rows (proxy.max-sort-rows)");
        });

        // LEAD holds the whole partition: 4 rows
        WindowRows lead = new WindowRows(FakeStream.of(columns, rows), List.of(0), List.of(new SortKey(1, false)),
                List.of(call(Function.LEAD, 2)), 3);
        assertThatThrownBy(lead::next).isInstanceOf(RowStreamException.class);
    }

    @Test
    void approximatedCollationsAreRefused() {
        List<ColumnMeta> columns = List.of(Columns.varchar("p", 224), Columns.integer("rn"));
        assertThatThrownBy(() -> new WindowRows(FakeStream.of(columns), List.of(0), List.of(),
                List.of(call(Function.ROW_NUMBER, 1)), NO_BUDGET))
                .isInstanceOfSatisfying(RowStreamException.class, e -> assertThat(e.errorCode()).isEqualTo(1235));
    }
}
