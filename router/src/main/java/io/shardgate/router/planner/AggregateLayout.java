package io.shardgate.router.planner;

import io.shardgate.router.eval.Expr;
import io.shardgate.router.eval.ExpressionCompiler;
import io.shardgate.router.eval.NotEvaluable;
import io.shardgate.router.merge.AggregateFunction;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;

/**
 * The leaves of an expression the proxy evaluates over merged groups (a select item such as
 * {@code SUM(a) / COUNT(*)}, HAVING, an ORDER BY expression): statement literals; aggregates, which the
 * shards return as (hidden) columns the merge finishes; group keys and expressions the select list already
 * holds. AVG becomes its SUM divided by its COUNT, both hidden columns, so that arithmetic over it sees the
 * digits MySQL's AVG holds, not the rounded value the merge shows.
 */
final class AggregateLayout implements ExpressionCompiler.Layout {

    private final ScatterPlanner planner;
    private final SelectItems items;
    private final int self;

    /**
     * @param self the select item being compiled (it must not stand for itself), or -1
     */
    AggregateLayout(ScatterPlanner planner, int self) {
        this.planner = planner;
        this.items = planner.items();
        this.self = self;
    }

    /** {@code e} compiled, or a 1235 refusal naming what the proxy cannot evaluate. */
    Expr compile(Expression e, String clause) {
        try {
            return ExpressionCompiler.compile(e, this);
        } catch (NotEvaluable n) {
            throw PlanException.notSupported(clause + " " + planner.text(e) + " across shards: the proxy cannot evaluate "
                    + n.getMessage());
        }
    }

    @Override
    public Expr leaf(Expression e) {
        Expr literal = planner.literal(e);
        if (literal != null) {
            return literal;
        }
        String aggregate = SelectItems.aggregateName(e);
        if (aggregate != null) {
            return aggregate(aggregate, e);
        }
        int m = items.match(e);
        if (m >= 0 && m != self) {
            return column(m, e);
        }
        if (e instanceof Column) {
            return column(planner.columnFor(e), e);
        }
        return null;
    }

    private Expr aggregate(String name, Expression e) {
        Function f = e instanceof Function fn ? fn : null;
        if (f == null || name.equals("GROUP_CONCAT")) {
            int m = items.match(e);
            if (m >= 0 && m != self) {
                return column(m, e); // selected: the merge finishes it
            }
            throw new NotEvaluable(planner.text(e) + " without selecting it (GROUP_CONCAT is merged only as a"
                    + " select item)");
        }
        if (f.isDistinct() || !name.equals("AVG")) { // DISTINCT ones become hidden distinct partials
            return column(planner.columnFor(e), e);
        }
        if (f.getParameters() == null || f.getParameters().size() != 1) {
            throw new NotEvaluable(planner.text(e));
        }
        Expression arg = (Expression) f.getParameters().getFirst();
        int sum = planner.hiddenAggregate(AggregateFunction.SUM, arg);
        int count = planner.hiddenAggregate(AggregateFunction.COUNT, arg);
        return new Expr.Arith("/", new Expr.ColumnRef(items.column(sum), "SUM"),
                new Expr.ColumnRef(items.column(count), "COUNT"), planner.text(e));
    }

    private Expr column(int ref, Expression e) {
        return new Expr.ColumnRef(items.column(ref), planner.text(e));
    }

    @Override
    public String text(Expression e) {
        return planner.text(e);
    }
}
