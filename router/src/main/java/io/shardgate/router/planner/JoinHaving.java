package io.shardgate.router.planner;

import io.shardgate.router.eval.Expr;
import io.shardgate.router.eval.ExpressionCompiler;
import io.shardgate.router.eval.NotEvaluable;
import io.shardgate.router.sql.SqlTemplateBuilder;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;

/**
 * The HAVING condition of a join across shards, evaluated by the proxy over the aggregated rows
 * ({@code Filter}): its leaves are literals, group keys, select aliases (not of an AVG, whose merged value is
 * rounded as shown), and aggregates of a column or of one side's expression, as hidden columns (AVG as its SUM
 * divided by its COUNT, the digits MySQL compares).
 */
final class JoinHaving implements ExpressionCompiler.Layout {

    private final JoinScope scope;
    private final JoinSelectList row;
    private final KeyConditions values;

    JoinHaving(JoinScope scope, JoinSelectList row) {
        this.scope = scope;
        this.row = row;
        this.values = new KeyConditions(scope.tables, new SqlTemplateBuilder(scope.tokens.shape()));
    }

    /** The condition compiled; a 1235 refusal naming what the proxy cannot evaluate. */
    Expr compile(Expression having) {
        if (row.groupBy == null) {
            throw PlanException.notSupported("HAVING without GROUP BY or aggregates in a join across shards");
        }
        try {
            return ExpressionCompiler.compile(having, this);
        } catch (NotEvaluable n) {
            throw PlanException.notSupported("HAVING " + scope.text(having) + " in a join across shards: the proxy "
                    + "cannot evaluate " + n.getMessage());
        }
    }

    @Override
    public Expr leaf(Expression e) {
        Expr literal = values.literal(e);
        if (literal != null) {
            return literal;
        }
        String aggregate = SelectItems.aggregateName(e);
        if (aggregate != null) {
            if (e instanceof Function f && aggregate.equals("AVG")) {
                return row.average(f);
            }
            if (!(e instanceof Function f) || aggregate.equals("GROUP_CONCAT")) {
                throw new NotEvaluable(scope.text(e));
            }
            return new Expr.ColumnRef(row.hiddenAggregate(f), scope.text(e));
        }
        if (e instanceof Column c) {
            int at = row.havingColumn(c);
            if (at == -2) {
                throw new NotEvaluable("the alias " + scope.text(e)
                        + " of an AVG, rounded as shown; use the AVG itself");
            }
            if (at < 0) {
                throw new NotEvaluable(scope.text(e) + ", which is neither grouped by nor a select alias");
            }
            return new Expr.ColumnRef(at, scope.text(e));
        }
        return null;
    }

    @Override
    public String text(Expression e) {
        return scope.text(e);
    }
}
