package io.shardgate.router.planner;

import io.shardgate.router.eval.Expr;
import io.shardgate.router.eval.ExpressionCompiler;
import io.shardgate.router.eval.NotEvaluable;
import io.shardgate.router.sql.SqlTemplateBuilder;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;

/**
 * The leaves of a select-list expression over window functions ({@code ROW_NUMBER() OVER (...) + 1},
 * {@code amount - LAG(amount) OVER (...)}), which a {@code Project} evaluates once the {@code Window} nodes
 * have computed the functions: each window function is the hidden column it was computed into, a column
 * is the select item or hidden column holding it, literals are the statement's.
 */
final class WindowLayout implements ExpressionCompiler.Layout {

    private final StatementTables tables;
    private final SqlTemplateBuilder builder;
    private final SelectItems items;
    private final Map<AnalyticExpression, Integer> computed = new IdentityHashMap<>();
    private final Function<Expression, Integer> columnOf;

    /**
     * @param columnOf the reference of the column holding a plain column of the statement
     */
    WindowLayout(StatementTables tables, SqlTemplateBuilder builder, SelectItems items,
                 Function<Expression, Integer> columnOf) {
        this.tables = tables;
        this.builder = builder;
        this.items = items;
        this.columnOf = columnOf;
    }

    /** {@code a}'s value is computed into hidden column {@code ref}. */
    void computedInto(AnalyticExpression a, int ref) {
        computed.put(a, ref);
    }

    /** Select item {@code item}'s expression compiled, or a 1235 naming what the proxy cannot evaluate. */
    Expr compile(SelectItems.Item item) {
        try {
            return ExpressionCompiler.compile(item.expr(), this);
        } catch (NotEvaluable n) {
            throw PlanException.notSupported("window function inside " + text(item.expr())
                    + " across shards: the proxy cannot evaluate " + n.getMessage());
        }
    }

    @Override
    public Expr leaf(Expression e) {
        Integer ref = e instanceof AnalyticExpression a ? computed.get(a) : null;
        if (ref != null) {
            return new Expr.ColumnRef(items.column(ref), text(e));
        }
        Expr literal = new KeyConditions(tables, builder).literal(e);
        if (literal != null) {
            return literal;
        }
        if (e instanceof Column) {
            return new Expr.ColumnRef(items.column(columnOf.apply(e)), text(e));
        }
        return null;
    }

    @Override
    public String text(Expression e) {
        return tables.hasPosition(e) ? builder.shape().substring(tables.start(e), tables.end(e)) : String.valueOf(e);
    }
}
