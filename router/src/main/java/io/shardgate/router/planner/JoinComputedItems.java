package io.shardgate.router.planner;

import io.shardgate.router.eval.Expr;
import io.shardgate.router.eval.ExpressionCompiler;
import io.shardgate.router.eval.NotEvaluable;
import io.shardgate.router.sql.SqlTemplateBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;

/**
 * Select items of a join across shards that are expressions over aggregates ({@code SUM(o.amount) / COUNT(*)}):
 * the joined row holds a placeholder column for each, its aggregates are hidden columns, and the proxy
 * evaluates the expression over the aggregated row ({@code Project}). Their column definitions come from a
 * server: the same items over the one table whose columns they name, reading no row ({@code Typed}).
 * Aggregates inside them: COUNT, SUM, MIN, MAX, AVG (as its SUM divided by its COUNT) of a column or of one
 * side's expression; columns outside an aggregate are refused.
 */
final class JoinComputedItems implements ExpressionCompiler.Layout {

    private final JoinScope scope;
    private final List<Expression> items = new ArrayList<>();
    private final List<int[]> ranges = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    /** The placeholder column of each item in the joined row. */
    final List<Integer> columns = new ArrayList<>();
    /** Each item compiled over the aggregated row. */
    final List<Expr> expressions = new ArrayList<>();
    private JoinSide side;
    private JoinSelectList row;
    private final KeyConditions values;

    JoinComputedItems(JoinScope scope) {
        this.scope = scope;
        this.values = new KeyConditions(scope.tables, new SqlTemplateBuilder(scope.tokens.shape()));
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /**
     * An item at [r[0], r[1]) of the shape, whose placeholder is joined-row column {@code column}.
     *
     * @param label its alias, or null (then its text, which must hold no literal: the client sees them)
     * @param probe the side an item naming no column is typed by
     */
    void add(Expression item, int[] r, String label, int column, JoinSide probe) {
        String text = scope.text(r);
        if (label == null && text.indexOf('?') >= 0) {
            throw PlanException.notSupported("an expression holding literals over a join across shards without an "
                    + "alias (" + text + "); name it with AS");
        }
        Set<JoinSide> named = scope.sidesWithin(r);
        JoinSide s = named.isEmpty() ? probe : named.iterator().next();
        if (named.size() > 1 || side != null && side != s) {
            throw PlanException.notSupported("expressions over aggregates of both tables in a join across shards ("
                    + text + ")");
        }
        if (s.tables.size() > 1) {
            throw PlanException.notSupported("expressions over aggregates of a join of more than two tables across "
                    + "shards (" + text + ")");
        }
        side = s;
        items.add(item);
        ranges.add(r);
        labels.add(label == null ? text : label);
        columns.add(column);
    }

    /** Compiles the items, adding their aggregates to {@code row} as hidden columns. */
    void compile(JoinSelectList row) {
        this.row = row;
        for (Expression item : items) {
            try {
                expressions.add(ExpressionCompiler.compile(item, this));
            } catch (NotEvaluable n) {
                throw PlanException.notSupported("a select item of a join across shards (" + scope.text(item)
                        + "): the proxy cannot evaluate " + n.getMessage());
            }
        }
    }

    /** The statement that types the items: them, over their side's tables, returning no row. */
    JoinTemplate.SideStatement typing(PlanCompiler compiler, String schema) {
        return side.typing(compiler, schema, ranges, labels);
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
                throw new NotEvaluable(scope.text(e) + " inside an expression");
            }
            return new Expr.ColumnRef(row.hiddenAggregate(f), scope.text(e));
        }
        if (e instanceof Column) {
            throw new NotEvaluable("a column outside an aggregate (" + scope.text(e) + ")");
        }
        return null;
    }

    @Override
    public String text(Expression e) {
        return scope.text(e);
    }
}
