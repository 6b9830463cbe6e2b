package io.shardgate.router.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.FakeStream;
import io.shardgate.router.merge.RowStreamException;
import io.shardgate.router.merge.ValueOrder;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtendRowsTest {

    /** amount DECIMAL(12,2), balance DECIMAL(14,4), name VARCHAR utf8mb4_general_ci. */
    private static final List<ColumnMeta> COLUMNS = List.of(new ColumnMeta("amount", 246, 0, 2, 63),
            new ColumnMeta("balance", 246, 0, 4, 63), new ColumnMeta("name", 253, 0, 0, 45));

    private static BoundExpr column(int c, String label) {
        return new BoundExpr(new Expr.ColumnRef(c, label), List.of());
    }

    @Test
    void appendsTheValuesWithADefinitionTheMergeOrdersBy() {
        BoundExpr difference = new BoundExpr(new Expr.Arith("-", new Expr.ColumnRef(0, "amount"),
                new Expr.ColumnRef(1, "balance"), "amount - balance"), List.of());
        ExtendRows rows = new ExtendRows(FakeStream.of(COLUMNS, "10.50|0.2500|ann", "NULL|1.0000|bob"),
                List.of(difference, column(2, "name")));

        assertThat(rows.columns()).hasSize(5);
        ColumnMeta computed = rows.columns().get(3);
        assertThat(computed.type()).isEqualTo(246);
        assertThat(computed.decimals()).isEqualTo(4);
        assertThat(rows.columns().get(4).collationId()).isEqualTo(45);
        assertThat(FakeStream.drain(rows)).containsExactly("10.50|0.2500|ann|10.2500|ann", "NULL|1.0000|bob|NULL|bob");
        assertThat(ValueOrder.forColumn(computed).compare(new BigDecimal("10.25"), new BigDecimal("9.5")))
                .isPositive();
    }

    @Test
    void aStringOfTheConnectionsCollationIsRefusedRatherThanOrderedByAGuess() {
        BoundExpr literal = new BoundExpr(new Expr.Constant("x", "'x'"), List.of());

        assertThatThrownBy(() -> new ExtendRows(FakeStream.of(COLUMNS, "1.00|1.0000|a"), List.of(literal)))
                .isInstanceOfSatisfying(RowStreamException.class, e -> assertThat(e.errorCode()).isEqualTo(1235));
    }
}
