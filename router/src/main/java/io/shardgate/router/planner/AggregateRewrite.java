package io.shardgate.router.planner;

import io.shardgate.router.merge.AggregateFunction;
import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.sql.SqlTemplateBuilder;
import io.shardgate.router.sql.SqlTemplateBuilder.Edit;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.MySQLGroupConcat;
import net.sf.jsqlparser.statement.select.OrderByElement;

/**
 * How an aggregate select item of a scatter SELECT is rewritten for the shards and finished by the merge: partial
 * COUNT / SUM / MIN / MAX, AVG as SUM plus a hidden COUNT, DISTINCT aggregates as their distinct values, and
 * GROUP_CONCAT with DISTINCT or ORDER BY as its rendered values. The edits and the shards' extra GROUP BY terms go
 * into the {@link ScatterPlanner}'s lists.
 */
final class AggregateRewrite {

    private final ScatterPlanner planner;
    private final SelectItems items;
    private final SqlTemplateBuilder builder;
    private final StatementTables tables;
    private final List<Edit> edits;
    /** What the shards must add to their GROUP BY: the arguments of the DISTINCT and ordered aggregates. */
    private final List<List<SqlTemplate.Piece>> distinctArgs;

    AggregateRewrite(ScatterPlanner planner, SelectItems items, SqlTemplateBuilder builder, StatementTables tables,
                     List<Edit> edits, List<List<SqlTemplate.Piece>> distinctArgs) {
        this.planner = planner;
        this.items = items;
        this.builder = builder;
        this.tables = tables;
        this.edits = edits;
        this.distinctArgs = distinctArgs;
    }

    /** Select item {@code k}, an aggregate: its shard rewrite and its merge. */
    void item(int k, SelectItems.Item item) {
        String name = item.aggregate();
        if (item.expr() instanceof MySQLGroupConcat gc) {
            groupConcat(k, item, gc);
            return;
        }
        Function f = (Function) item.expr();
        int args = f.getParameters() == null ? 0 : f.getParameters().size();
        if (f.isDistinct() && !name.equals("MIN") && !name.equals("MAX")) {
            distinct(k, item, f);
            return;
        }
        switch (name) {
            case "COUNT", "SUM" -> planner.addAggregate(AggregateFunction.valueOf(name), k, -1, false, null);
            case "MIN", "MAX" -> planner.addAggregate(AggregateFunction.valueOf(name), k, -1, false, null);
            case "AVG" -> {
                if (args != 1) {
                    throw PlanException.notSupported("AVG of several arguments across shards");
                }
                Expression arg = (Expression) f.getParameters().getFirst();
                List<SqlTemplate.Piece> argPieces = builder.copy(tables.start(arg), tables.end(arg));
                List<SqlTemplate.Piece> sum = new ArrayList<>();
                sum.add(new SqlTemplate.Text("SUM("));
                sum.addAll(argPieces);
                sum.add(new SqlTemplate.Text(")"));
                edits.add(new Edit(tables.start(f), tables.end(f), withLabel(sum, item)));
                List<SqlTemplate.Piece> count = new ArrayList<>();
                count.add(new SqlTemplate.Text("COUNT("));
                count.addAll(argPieces);
                count.add(new SqlTemplate.Text(")"));
                planner.addAggregate(AggregateFunction.AVG, k, items.hide(count, null), false, null);
            }
            default -> throw new IllegalStateException(name);
        }
    }

    /**
     * COUNT/SUM/AVG(DISTINCT x): the shards return x itself, with x added to their GROUP BY, and the merge
     * aggregates the distinct x across shards. COUNT(DISTINCT a, b) returns a and hidden b.
     *
     * @param item the select item the aggregate is, replaced by x; null for a hidden column (HAVING,
     *     ORDER BY), which is appended as x
     * @return the aggregate's column ref
     */
    int distinct(int k, SelectItems.Item item, Function f) {
        AggregateFunction fn = AggregateFunction.valueOf(f.getName().toUpperCase(java.util.Locale.ROOT));
        List<Expression> args = new ArrayList<>();
        f.getParameters().forEach(a -> args.add((Expression) a));
        if (args.size() != 1 && fn != AggregateFunction.COUNT) {
            throw PlanException.notSupported(fn + "(DISTINCT with several arguments) across shards");
        }
        List<SqlTemplate.Piece> first = planner.copy(args.getFirst());
        int ref = k;
        if (item != null) {
            edits.add(new Edit(tables.start(f), tables.end(f), withLabel(first, item)));
        } else {
            ref = items.hide(first, items.key(f));
        }
        List<Integer> more = new ArrayList<>();
        for (Expression a : args) {
            distinctArgs.add(planner.copy(a));
            if (a != args.getFirst()) {
                more.add(items.hide(planner.copy(a), null));
            }
        }
        planner.addAggregate(new AggregateSpec(fn, 0, -1, true, null), ref, -1, more, List.of());
        return ref;
    }

    /**
     * GROUP_CONCAT without DISTINCT or ORDER BY: the shards' partial GROUP_CONCATs are joined. With them,
     * the shards return each value as GROUP_CONCAT renders it ({@code CONCAT(x)}), with x and the sort keys
     * added to their GROUP BY, the sort keys as hidden columns and, without DISTINCT, a hidden
     * {@code COUNT(*)} of the rows sharing them (grouped by x's exact bytes too, so values a collation calls
     * equal stay apart); the merge de-duplicates, sorts and joins them per group.
     */
    private void groupConcat(int k, SelectItems.Item item, MySQLGroupConcat gc) {
        String sep = gc.getSeparator() == null ? "," : StatementTables.unquote(ClausePositions.unquoteString(gc.getSeparator()));
        List<OrderByElement> order = gc.getOrderByElements() == null ? List.of() : gc.getOrderByElements();
        if (!gc.isDistinct() && order.isEmpty()) {
            planner.addAggregate(AggregateFunction.GROUP_CONCAT, k, -1, false, sep);
            return;
        }
        if (gc.getExpressionList().size() != 1) {
            throw PlanException.notSupported("GROUP_CONCAT of several expressions with DISTINCT or ORDER BY across"
                    + " shards");
        }
        Expression x = (Expression) gc.getExpressionList().getFirst();
        List<SqlTemplate.Piece> value = new ArrayList<>();
        value.add(new SqlTemplate.Text("CONCAT("));
        value.addAll(planner.copy(x));
        value.add(new SqlTemplate.Text(")"));
        edits.add(new Edit(tables.start(gc), tables.end(gc), withLabel(value, item)));
        int times = -1;
        if (gc.isDistinct()) {
            distinctArgs.add(planner.copy(x));
        } else {
            List<SqlTemplate.Piece> exact = new ArrayList<>();
            exact.add(new SqlTemplate.Text("CAST("));
            exact.addAll(planner.copy(x));
            exact.add(new SqlTemplate.Text(" AS BINARY)"));
            distinctArgs.add(exact);
            distinctArgs.add(planner.copy(x)); // so that ONLY_FULL_GROUP_BY accepts the selected CONCAT(x)
            times = items.hide(List.of(new SqlTemplate.Text("COUNT(*)")), null);
        }
        List<int[]> keys = new ArrayList<>();
        for (OrderByElement o : order) {
            if (o.getNullOrdering() != null || !tables.hasPosition(o.getExpression())
                    || o.getExpression() instanceof net.sf.jsqlparser.expression.LongValue) {
                throw PlanException.notSupported("GROUP_CONCAT ordered by " + o + " across shards");
            }
            distinctArgs.add(planner.copy(o.getExpression()));
            keys.add(new int[] {items.hide(planner.copy(o.getExpression()), null), o.isAsc() ? 0 : 1});
        }
        planner.addAggregate(new AggregateSpec(AggregateFunction.GROUP_CONCAT, 0, -1, gc.isDistinct(), sep), k, times,
                List.of(), keys);
    }

    /** {@code pieces AS `label`}: a rewritten aggregate keeps the column name the client expects. */
    private List<SqlTemplate.Piece> withLabel(List<SqlTemplate.Piece> pieces, SelectItems.Item item) {
        List<SqlTemplate.Piece> out = new ArrayList<>(pieces);
        if (item.alias() == null) {
            out.add(new SqlTemplate.Text(" AS `"));
            for (SqlTemplate.Piece p : builder.copy(tables.start(item.expr()), tables.end(item.expr()))) {
                out.add(p instanceof SqlTemplate.Text t ? new SqlTemplate.Text(t.text().replace("`", "``")) : p);
            }
            out.add(new SqlTemplate.Text("`"));
        }
        return out;
    }
}
