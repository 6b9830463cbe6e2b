package io.shardgate.proxy.execute.scatter;

import static io.shardgate.proxy.execute.scatter.Wire.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.proxy.execute.rows.TextRowDecoder;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ColumnFlags;
import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.router.merge.AggregateTypes;
import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.AggregateFunction;
import io.shardgate.router.merge.AggregateSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client metadata of merged columns; the shard definitions are what MariaDB 10.11 sends for the partials. */
class ClientColumnsTest {

    private static final int BIN = CharsetId.BINARY;
    private static final int NUM = ColumnFlags.NUM;

    private static ColumnDefinition41 merged(ColumnDefinition41 shard, AggregateFunction f, boolean distinct) {
        ColumnMeta partial = TextRowDecoder.meta(shard);
        ColumnMeta client = AggregateTypes.clientColumn(new AggregateSpec(f, 0, -1, distinct, null), partial);
        return ClientColumns.of(List.of(shard), List.of(client)).get(0);
    }

    @Test
    void columnsTheMergeDidNotChangeAreTheShardsOwnDefinitions() {
        ColumnDefinition41 id = Wire.bigint("id");
        ColumnDefinition41 name = Wire.varchar("name");
        List<ColumnDefinition41> out = ClientColumns.of(List.of(id, name, Wire.bigint("hidden")),
                List.of(TextRowDecoder.meta(id), TextRowDecoder.meta(name)));
        assertThat(out).containsExactly(id, name);
        assertThat(out.get(0)).isSameAs(id);
    }

    @Test
    void aComputedValueOfATableColumnIsAnExpressionOfTheSameType() {
        ColumnDefinition41 amount = column("prev", ColumnType.NEWDECIMAL, BIN, 14, NUM | ColumnFlags.BINARY, 2);
        ColumnMeta meta = TextRowDecoder.meta(amount);
        ColumnDefinition41 c = ClientColumns.of(List.of(amount), List.of(new ColumnMeta(meta.name(), meta.type(),
                meta.flags() | ColumnMeta.FLAG_COMPUTED, meta.decimals(), meta.collationId()))).get(0);
        assertThat(List.of(c.type(), c.columnLength(), c.decimals(), c.flags()))
                .containsExactly(ColumnType.NEWDECIMAL, 14L, 2, NUM | ColumnFlags.BINARY);
        assertThat(List.of(c.schema(), c.table(), c.orgTable(), c.orgName())).containsOnly("");
        assertThat(amount.table()).isEqualTo("orders");
    }

    @Test
    void countOfPartialCountsKeepsTheServersMetadata() {
        ColumnDefinition41 partial = column("count(*)", ColumnType.LONGLONG, BIN, 21,
                ColumnFlags.NOT_NULL | ColumnFlags.BINARY | NUM, 0);
        assertThat(merged(partial, AggregateFunction.COUNT, false)).isEqualTo(partial);
    }

    @Test
    void countDistinctOverTheShardsValuesBecomesBigint() {
        ColumnDefinition41 x = column("count(distinct s)", ColumnType.VAR_STRING, CharsetId.UTF8MB4_GENERAL_CI, 80, 0, 0);
        ColumnDefinition41 c = merged(x, AggregateFunction.COUNT, true);
        assertThat(c.type()).isEqualTo(ColumnType.LONGLONG);
        assertThat(c.columnLength()).isEqualTo(21);
        assertThat(c.characterSet()).isEqualTo(BIN);
        assertThat(c.flags()).isEqualTo(ColumnFlags.NOT_NULL | ColumnFlags.BINARY | NUM);
        assertThat(c.name()).isEqualTo("count(distinct s)");
        // the shard's column was the table column s; the client's is an expression, as from one server
        assertThat(List.of(c.schema(), c.table(), c.orgTable(), c.orgName())).containsOnly("");
        assertThat(x.table()).isEqualTo("orders");
    }

    @Test
    void avgOfADecimalPartialSumGainsFourDecimals() {
        // the shard's SUM(DECIMAL(10,3)) partial: NEWDECIMAL(34,3)
        ColumnDefinition41 sum = column("avg(d)", ColumnType.NEWDECIMAL, BIN, 34, ColumnFlags.BINARY | NUM, 3);
        ColumnDefinition41 avg = merged(sum, AggregateFunction.AVG, false);
        assertThat(avg.type()).isEqualTo(ColumnType.NEWDECIMAL);
        assertThat(avg.decimals()).isEqualTo(7);
        assertThat(avg.columnLength()).isEqualTo(38);
        assertThat(avg.flags()).isEqualTo(ColumnFlags.BINARY | NUM);
    }

    @Test
    void avgDistinctOfAnIntegerGainsAPointToo() {
        ColumnDefinition41 x = column("avg(distinct i)", ColumnType.LONG, BIN, 11, NUM, 0);
        ColumnDefinition41 avg = merged(x, AggregateFunction.AVG, true);
        assertThat(avg.type()).isEqualTo(ColumnType.NEWDECIMAL);
        assertThat(avg.decimals()).isEqualTo(4);
        assertThat(avg.columnLength()).isEqualTo(16); // what MariaDB reports for AVG(INT)
    }

    @Test
    void sumOfDoublesIsADouble() {
        ColumnDefinition41 x = column("sum(distinct f)", ColumnType.FLOAT, BIN, 12, NUM, 31);
        ColumnDefinition41 sum = merged(x, AggregateFunction.SUM, true);
        assertThat(sum.type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(sum.columnLength()).isEqualTo(23);
        assertThat(sum.decimals()).isEqualTo(31);
    }

    @Test
    void minOfANotNullColumnBecomesNullableAndKeepsTheRest() {
        ColumnDefinition41 x = column("min(s)", ColumnType.VAR_STRING, CharsetId.UTF8MB4_GENERAL_CI, 80,
                ColumnFlags.NOT_NULL | ColumnFlags.MULTIPLE_KEY, 0);
        ColumnDefinition41 min = merged(x, AggregateFunction.MIN, false);
        assertThat(min.flags()).isEqualTo(ColumnFlags.MULTIPLE_KEY);
        assertThat(min.columnLength()).isEqualTo(80);
        assertThat(min.type()).isEqualTo(ColumnType.VAR_STRING);
    }

    @Test
    void groupConcatDistinctIsABlobOfGroupConcatMaxLenCharacters() {
        ColumnDefinition41 x = column("group_concat(distinct i)", ColumnType.LONG, BIN, 11, NUM, 0);
        ColumnDefinition41 g = merged(x, AggregateFunction.GROUP_CONCAT, true);
        assertThat(g.type()).isEqualTo(ColumnType.BLOB);
        assertThat(g.characterSet()).isEqualTo(CharsetId.UTF8MB4_GENERAL_CI);
        assertThat(g.columnLength()).isEqualTo(4L * 1024 * 1024);
        assertThat(g.flags()).isEqualTo(ColumnFlags.BLOB);
    }

    @Test
    void moreMergedColumnsThanTheShardsReturnedIsABug() {
        assertThatThrownBy(() -> ClientColumns.of(List.of(Wire.bigint("a")),
                List.of(TextRowDecoder.meta(Wire.bigint("a")), TextRowDecoder.meta(Wire.bigint("b")))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
