package io.shardgate.router.eval;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.RowPredicate;
import io.shardgate.router.merge.RowStreamException;
import io.shardgate.router.sql.Literal;
import java.util.List;

/**
 * An {@link Expr} with its statement's literals: what a plan node holds. {@link #open} types it against the
 * input's columns once a shard has answered; what turns out not evaluable then (a string compared under a
 * collation the proxy only approximates) fails the statement with 1235 and says what.
 */
public record BoundExpr(Expr expr, List<Literal> literals) {

    public Evaluator open(List<ColumnMeta> columns) {
        try {
            return expr.open(new Expr.Scope(literals, columns));
        } catch (NotEvaluable e) {
            throw new RowStreamException(1235, "42000", e.getMessage() + " across shards", true);
        }
    }

    /** This expression as a condition: a row passes when it is true (not false, not NULL), as WHERE/HAVING. */
    public RowPredicate predicate() {
        return new RowPredicate() {
            @Override
            public boolean test(Row row) {
                throw new IllegalStateException("open the condition first");
            }

            @Override
            public RowPredicate open(List<ColumnMeta> columns) {
                Evaluator e = BoundExpr.this.open(columns);
                return row -> Boolean.TRUE.equals(Conversions.truth(e.evaluate(row)));
            }

            @Override
            public String toString() {
                return expr.describe(literals);
            }
        };
    }

    @Override
    public String toString() {
        return expr.describe(literals);
    }
}
