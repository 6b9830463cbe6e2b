package io.shardgate.router.merge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected values as MariaDB 10.11 reports them (mysql --column-type-info) for the same query on one server. */
class AggregateTypesTest {

    private static ColumnMeta client(AggregateFunction f, boolean distinct, ColumnMeta partial) {
        return AggregateTypes.clientColumn(new AggregateSpec(f, 0, -1, distinct, null), partial);
    }

    @Test
    void countIsANotNullBigint() {
        ColumnMeta c = client(AggregateFunction.COUNT, true, Columns.varchar("count(distinct s)"));
        assertThat(c).isEqualTo(new ColumnMeta("count(distinct s)", 8,
                ColumnMeta.FLAG_NOT_NULL | ColumnMeta.FLAG_BINARY, 0, 63));
    }

    @Test
    void sumOfIntegersAndDecimalsIsDecimal() {
        // SUM(int) on a shard already says DECIMAL(.., 0); SUM(DISTINCT int) partial is the int itself
        assertThat(client(AggregateFunction.SUM, true, Columns.integer("sum(distinct i)")))
                .isEqualTo(new ColumnMeta("sum(distinct i)", 246, ColumnMeta.FLAG_BINARY, 0, 63));
        assertThat(client(AggregateFunction.SUM, false, Columns.decimal("sum(d)", 2)).decimals()).isEqualTo(2);
        ColumnMeta unsigned = new ColumnMeta("sum(u)", 8, ColumnMeta.FLAG_UNSIGNED | ColumnMeta.FLAG_BINARY, 0, 63);
        assertThat(client(AggregateFunction.SUM, true, unsigned).unsigned()).isFalse();
    }

    @Test
    void sumOfFloatingIsDouble() {
        assertThat(client(AggregateFunction.SUM, false, Columns.dbl("sum(f)")))
                .isEqualTo(new ColumnMeta("sum(f)", 5, ColumnMeta.FLAG_BINARY, 31, 63));
        assertThat(client(AggregateFunction.SUM, true, Columns.varchar("sum(s)")).type()).isEqualTo(5);
    }

    @Test
    void avgAddsFourDecimals() {
        assertThat(client(AggregateFunction.AVG, false, Columns.decimal("avg(i)", 0)))
                .isEqualTo(new ColumnMeta("avg(i)", 246, ColumnMeta.FLAG_BINARY, 4, 63));
        assertThat(client(AggregateFunction.AVG, false, Columns.decimal("avg(d)", 2)).decimals()).isEqualTo(6);
        assertThat(client(AggregateFunction.AVG, false, Columns.decimal("avg(d)", 29)).decimals()).isEqualTo(30);
        assertThat(client(AggregateFunction.AVG, false, new ColumnMeta("avg(dd)", 5, 0x80, 3, 63)).decimals())
                .isEqualTo(7);
        assertThat(client(AggregateFunction.AVG, false, Columns.dbl("avg(f)")).decimals()).isEqualTo(31);
    }

    @Test
    void minMaxKeepTheColumnButBecomeNullable() {
        ColumnMeta notNull = new ColumnMeta("min(i)", 3, ColumnMeta.FLAG_NOT_NULL | ColumnMeta.FLAG_BINARY, 0, 63);
        assertThat(client(AggregateFunction.MIN, false, notNull))
                .isEqualTo(new ColumnMeta("min(i)", 3, ColumnMeta.FLAG_BINARY, 0, 63));
    }

    @Test
    void groupConcatDistinctIsABlobInTheArgumentsCollation() {
        assertThat(client(AggregateFunction.GROUP_CONCAT, true, Columns.varchar("gc", 46)))
                .isEqualTo(new ColumnMeta("gc", 252, 0, 0, 46));
        assertThat(client(AggregateFunction.GROUP_CONCAT, true, Columns.integer("gc")).collationId()).isEqualTo(45);
    }

    @Test
    void clientColumnsReplaceAggregatesAndAvgCounts() {
        List<ColumnMeta> input = List.of(Columns.varchar("g"), Columns.decimal("avg(x)", 0), Columns.bigint("cnt"));
        List<ColumnMeta> out = AggregateTypes.clientColumns(input,
                List.of(new AggregateSpec(AggregateFunction.AVG, 1, 2, false, null)));

        assertThat(out.get(0)).isEqualTo(input.get(0));
        assertThat(out.get(1).decimals()).isEqualTo(4);
        assertThat(out.get(2)).isEqualTo(AggregateTypes.countColumn("cnt"));
    }
}
