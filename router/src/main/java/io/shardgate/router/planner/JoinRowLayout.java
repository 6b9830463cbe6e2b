package io.shardgate.router.planner;

import io.shardgate.router.eval.Expr;
import io.shardgate.router.eval.ExpressionCompiler;
import io.shardgate.router.eval.NotEvaluable;
import io.shardgate.router.sql.SqlTemplateBuilder;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;

/**
 * The leaves of a condition or ORDER BY key the proxy evaluates over each joined row of a join across shards: statement
 * literals, and the columns of either table, which the joined row carries (hidden when not selected).
 */
final class JoinRowLayout implements ExpressionCompiler.Layout {

    private final JoinScope scope;
    private final JoinSelectList row;
    private final KeyConditions values;

    JoinRowLayout(JoinScope scope, JoinSelectList row) {
        this.scope = scope;
        this.row = row;
        this.values = new KeyConditions(scope.tables, new SqlTemplateBuilder(scope.tokens.shape()));
    }

    /**
     * Gives every column the conditions read its place in the joined row first, so that no place moves while
     * they compile (after a {@code t.*}, places count from the row's end).
     */
    void place(List<Expression> conditions) {
        for (Expression c : conditions) {
            int[] r = scope.range(c);
            for (Column column : scope.tables.qualifiedColumnsWithin(r[0], r[1])) {
                row.hiddenColumn(column);
            }
        }
    }

    /** The conditions ANDed, compiled; null for none; a 1235 refusal naming what the proxy cannot evaluate. */
    Expr condition(List<Expression> conditions) {
        Expr out = null;
        for (Expression c : conditions) {
            Expr e;
            try {
                e = ExpressionCompiler.compile(c, this);
            } catch (NotEvaluable n) {
                throw PlanException.notSupported("a condition over the joined rows of a join across shards ("
                        + scope.text(c) + "): the proxy cannot evaluate " + n.getMessage());
            }
            out = out == null ? e : new Expr.Logic("AND", out, e);
        }
        return out;
    }

    /** An ORDER BY key compiled; a 1235 refusal naming what the proxy cannot evaluate. */
    Expr sortKey(Expression e) {
        try {
            return ExpressionCompiler.compile(e, this);
        } catch (NotEvaluable n) {
            throw PlanException.notSupported("an ORDER BY expression over the joined rows of a join across shards ("
                    + scope.text(e) + "): the proxy cannot evaluate " + n.getMessage());
        }
    }

    @Override
    public Expr leaf(Expression e) {
        Expr literal = values.literal(e);
        if (literal != null) {
            return literal;
        }
        if (e instanceof Column c) {
            return new Expr.ColumnRef(row.joinedIndex(row.hiddenColumn(c)), scope.text(c));
        }
        return null;
    }

    @Override
    public String text(Expression e) {
        return scope.text(e);
    }
}
