package io.shardgate.router.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.RowList;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Columns the proxy appends over a derived table's rows: the values a server shows for the expression, and
 * column metadata the sort and distinct operators above can compare by.
 */
class ExtendRowsTest {

    private static final List<ColumnMeta> COLUMNS = List.of(
            new ColumnMeta("n", 8, 0, 0, 63),
            new ColumnMeta("total", 246, 0, 2, 63),
            new ColumnMeta("status", 253, 0, 0, 45));

    private static ExtendRows extend(List<Row> rows, Expr... exprs) {
        return new ExtendRows(new RowList(COLUMNS, rows),
                java.util.Arrays.stream(exprs).map(e -> new BoundExpr(e, List.of())).toList());
    }

    @Test
    void appendsEachExpressionAfterTheInputColumns() {
        Expr twice = new Expr.Arith("*", new Expr.ColumnRef(0, "n"), new Expr.Constant(2L, "2"), "n * 2");
        Expr mean = new Expr.Arith("/", new Expr.ColumnRef(1, "total"), new Expr.ColumnRef(0, "n"), "total / n");
        ExtendRows rows = extend(List.of(new Row(new Object[] {3L, new BigDecimal("10.00"), "paid"}),
                new Row(new Object[] {null, new BigDecimal("1.50"), "new"})), twice, mean);

        assertThat(rows.columns()).hasSize(5);
        assertThat(rows.columns().get(3).type()).isEqualTo(8);
        // DECIMAL(12,2) / BIGINT shows 4 more digits (div_precision_increment), as MariaDB does
        assertThat(rows.columns().get(4).type()).isEqualTo(246);
        assertThat(rows.columns().get(4).decimals()).isEqualTo(6);
        Row first = rows.next();
        assertThat(first.values()).containsExactly(3L, new BigDecimal("10.00"), "paid", 6L, new BigDecimal("3.333333"));
        Row second = rows.next();
        assertThat(second.values()[3]).isNull();
        assertThat(second.values()[4]).isNull();
        assertThat(rows.next()).isNull();
    }

    @Test
    void aStringKeepsItsColumnsCollationAndALiteralStringTheConnectionsUsualOne() {
        Expr status = new Expr.Call("IFNULL", List.of(new Expr.ColumnRef(2, "status"), new Expr.ColumnRef(2, "status")));
        Expr literal = new Expr.Case(null, List.of(new Expr.Compare(">", new Expr.ColumnRef(0, "n"),
                new Expr.Constant(1L, "1"))), List.of(new Expr.Constant("many", "'many'")), null);
        ExtendRows rows = extend(List.of(new Row(new Object[] {3L, BigDecimal.ONE, "paid"})), status, literal);

        assertThat(rows.columns().get(3).collationId()).isEqualTo(45);
        assertThat(rows.columns().get(4).collationId()).isEqualTo(45);
        assertThat(rows.next().values()).containsExactly(3L, BigDecimal.ONE, "paid", "paid", "many");
    }
}
