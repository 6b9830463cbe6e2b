package io.shardgate.router.planner;

import io.shardgate.router.merge.AggregateFunction;
import io.shardgate.router.merge.SortKey;
import io.shardgate.router.merge.WindowCall;
import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.sql.SqlTemplateBuilder;
import io.shardgate.router.sql.SqlTemplateBuilder.Edit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * The window functions of a SELECT across shards. When every window's PARTITION BY holds the shard key of
 * a table of the statement, each partition lives on one shard (every strategy places one key value on one
 * shard, and a binding table's rows with a shard's keys are on that shard): the statement runs whole on
 * each shard and merges as any scatter. Otherwise the proxy computes them ({@code Window}): each shard
 * returns the functions' arguments in their place, the window's PARTITION BY and ORDER BY columns (hidden
 * where not selected), sorted by them, so the merged stream arrives partition by partition.
 *
 * <p>Computed ({@link WindowFunctions}): ROW_NUMBER, RANK, DENSE_RANK, NTILE, PERCENT_RANK, CUME_DIST, COUNT /
 * SUM / AVG / MIN / MAX, FIRST_VALUE, LAST_VALUE, NTH_VALUE with their frames, LAG and LEAD, over any number
 * of windows, written in place or named ({@code OVER w ... WINDOW w AS (...)}): one {@code Window} node per
 * distinct PARTITION BY / ORDER BY, the shards sorted for the first, the others sorting the merged rows
 * again. Everything else is refused with the function or construct named.
 */
final class WindowPlanner {

    /**
     * One window function of the select list to compute: its item (or, inside an expression, the hidden
     * column computed into) and its window.
     */
    private record Call(int item, AnalyticExpression expr, WindowSpecs.Spec spec, boolean nested) {
    }

    /** The windows to compute, and the select items over window functions a {@code Project} evaluates after. */
    record Computed(List<WindowTemplate> windows, List<MergeTemplate.Projection> projections) {
    }


    private final PlainSelect ps;
    private final StatementTables tables;
    private final SelectItems items;
    private final SqlTemplateBuilder builder;
    private final List<AnalyticExpression> all = new ArrayList<>();
    /** Over the groups of an aggregate query: the planner of its aggregates; else null. */
    private ScatterPlanner grouped;
    private final WindowSpecs specs;

    private WindowPlanner(PlainSelect ps, StatementTables tables, SelectItems items, SqlTemplateBuilder builder) {
        this.ps = ps;
        this.tables = tables;
        this.items = items;
        this.builder = builder;
        this.specs = new WindowSpecs(ps, items);
    }

    /** The statement's window functions, or null when it has none. */
    static WindowPlanner of(PlainSelect ps, StatementTables tables, SelectItems items, SqlTemplateBuilder builder) {
        WindowPlanner planner = new WindowPlanner(ps, tables, items, builder);
        for (SelectItems.Item item : items.items()) {
            planner.collect(item.item());
        }
        if (ps.getOrderByElements() != null) {
            ps.getOrderByElements().forEach(o -> planner.collect(o.getExpression()));
        }
        boolean named = ps.getWindowDefinitions() != null && !ps.getWindowDefinitions().isEmpty();
        if (planner.all.isEmpty() && !named) {
            return null;
        }
        return planner;
    }

    private void collect(Object root) {
        if (root instanceof AnalyticExpression a) {
            all.add(a);
        }
        items.containsBelow(root, v -> {
            if (v instanceof AnalyticExpression a) {
                all.add(a);
            }
            return false;
        });
    }

    /**
     * Whether {@code e} is the aggregate call a window function is parsed around ({@code SUM(x)} of
     * {@code SUM(x) OVER (...)}): no aggregate of the statement.
     */
    boolean windowed(Object e) {
        for (AnalyticExpression a : all) {
            SimpleNode node = tables.node(a);
            for (int i = 0; node != null && i < node.jjtGetNumChildren(); i++) {
                if (((SimpleNode) node.jjtGetChild(i)).jjtGetValue() == e) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether every window's PARTITION BY holds a shard key: then each shard computes its partitions whole. */
    boolean pushedDown() {
        for (AnalyticExpression a : all) {
            if (!partitionedByShardKey(a)) {
                return false;
            }
        }
        return true;
    }

    private boolean partitionedByShardKey(AnalyticExpression a) {
        ExpressionList<?> partition = specs.of(a).partition();
        if (partition == null) {
            return false;
        }
        for (Object e : partition) {
            if (e instanceof Column c && tables.keyTable(c) != null && neverNullExtended(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the column's rows cannot be NULL-extended by an outer join: the rows of an outer join's
     * missing side come from every shard with a NULL key, one partition across shards. Without outer joins
     * any key column; with LEFT JOINs only the FROM table's (named by its alias or name); with RIGHT or
     * FULL joins none.
     */
    private boolean neverNullExtended(Column c) {
        boolean left = false;
        for (Join j : ps.getJoins() == null ? List.<Join>of() : ps.getJoins()) {
            if (j.isRight() || j.isFull() || j.isNatural() && j.isOuter()) {
                return false;
            }
            left |= j.isLeft() || j.isOuter();
        }
        if (!left) {
            return true;
        }
        if (c.getTable() == null || c.getTable().getName() == null || !(ps.getFromItem() instanceof Table from)) {
            return false;
        }
        String q = StatementTables.unquote(c.getTable().getName());
        return from.getAlias() != null ? q.equalsIgnoreCase(StatementTables.unquote(from.getAlias().getName()))
                : q.equalsIgnoreCase(StatementTables.unquote(from.getName()));
    }

    /**
     * Plans the computation in the proxy: replaces each function selected as a column by its argument in
     * the shard statement; gives each function inside an expression a hidden column holding its argument,
     * leaving the expression to the shards for its column type and to a {@code Project} for its value; hides
     * the windows' columns; drops the WINDOW clause when nothing names its windows any more. Returns the
     * windows in the order of their first call, the first with the shards' ORDER BY for it.
     *
     * @param edits receives the shard statement's edits
     */
    Computed compute(List<Edit> edits, ClausePositions clauses) {
        return compute(edits, clauses, null);
    }

    /**
     * {@link #compute} over the groups of an aggregate query: the windows run over the merged groups
     * (after HAVING), their keys are group keys or aggregates ({@code grouped} resolves them, appending hidden
     * aggregates), and a function's argument is a group key or a plain aggregate, which the shards return in
     * the function's column and the merge aggregates there ({@code LAG(SUM(x))}, {@code SUM(COUNT(*))}).
     */
    Computed computeOverGroups(List<Edit> edits, ClausePositions clauses, ScatterPlanner grouped) {
        if (ps.getGroupBy() != null && ps.getGroupBy().isMysqlWithRollup()) {
            throw PlanException.notSupported("window functions with WITH ROLLUP across shards");
        }
        return compute(edits, clauses, grouped);
    }

    private Computed compute(List<Edit> edits, ClausePositions clauses, ScatterPlanner grouped) {
        this.grouped = grouped;
        List<Call> calls = new ArrayList<>();
        List<Integer> projected = new ArrayList<>();
        for (int k = 0; k < items.items().size(); k++) {
            SelectItems.Item item = items.items().get(k);
            if (item.expr() instanceof AnalyticExpression a) {
                calls.add(new Call(k, a, specs.of(a), false));
            } else if (!item.star() && items.containsBelow(item.item(), v -> v instanceof AnalyticExpression)) {
                if (grouped != null) {
                    throw PlanException.notSupported("window functions inside expressions with GROUP BY or aggregates "
                            + "across shards");
                }
                projected.add(k);
            }
        }
        List<Integer> callItems = calls.stream().map(Call::item).toList();
        WindowLayout layout = new WindowLayout(tables, builder, items, e -> column(e, callItems));
        for (int k : projected) {
            if (items.hasStar()) {
                throw PlanException.notSupported("window functions inside expressions with SELECT * across shards");
            }
            items.containsBelow(items.items().get(k).item(), v -> {
                if (v instanceof AnalyticExpression a) {
                    int ref = items.hide(argument(a), null);
                    calls.add(new Call(ref, a, specs.of(a), true));
                    layout.computedInto(a, ref);
                }
                return false;
            });
        }
        if (calls.size() != all.size()) {
            AnalyticExpression inside = all.stream().filter(a -> calls.stream().noneMatch(c -> c.expr() == a))
                    .findFirst().orElseThrow();
            throw PlanException.notSupported("window function " + inside.getName().toUpperCase(Locale.ROOT)
                    + " in ORDER BY across shards; select it with an alias and order by the alias");
        }
        Map<String, List<Call>> windows = new LinkedHashMap<>();
        for (Call c : calls) {
            String key = specs.key(c.spec());
            if (key == null) {
                throw PlanException.notSupported("window PARTITION BY / ORDER BY holding a literal across shards");
            }
            windows.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        List<WindowTemplate> out = new ArrayList<>();
        for (List<Call> window : windows.values()) {
            out.add(window(window, callItems, edits));
        }
        int[] clause = clauses.windowRange();
        if (clause != null && calls.stream().noneMatch(c -> c.nested() && c.expr().getWindowName() != null)) {
            edits.add(Edit.delete(clauses.spaceBefore(clause[0]), clause[1]));
        }
        List<MergeTemplate.Projection> projections = projected.stream()
                .map(k -> new MergeTemplate.Projection(k, layout.compile(items.items().get(k)))).toList();
        return new Computed(out, projections);
    }

    /**
     * Over groups, the argument of {@code a} computed into its column {@code item}: a plain aggregate the merge
     * finishes there (true), or a group key (constant within its group, the merged group shows its first row's).
     */
    private boolean groupedArgument(AnalyticExpression a, int item) {
        Expression arg = a.getExpression();
        String agg = SelectItems.aggregateName(arg);
        if (agg == null && arg instanceof Column) {
            grouped.columnFor(arg); // refuses a column that is neither selected nor grouped
            return false;
        }
        boolean plain = agg != null && !agg.equals("AVG") && !agg.equals("GROUP_CONCAT")
                && !(arg instanceof Function f && f.isDistinct())
                && !items.containsBelow(arg, v -> v instanceof Expression e && SelectItems.aggregateName(e) != null);
        if (!plain) {
            throw PlanException.notSupported("window function " + a.getName().toUpperCase(Locale.ROOT) + " over "
                    + text(arg) + " with GROUP BY across shards: its argument must be a group key or COUNT, SUM, "
                    + "MIN or MAX");
        }
        grouped.addAggregate(AggregateFunction.valueOf(agg), item, -1, false, null);
        return true;
    }

    private String text(Expression e) {
        return builder.shape().substring(tables.start(e), tables.end(e));
    }

    /** What the shards return for a function: its argument, or a {@code 0} for the functions without one. */
    private List<SqlTemplate.Piece> argument(AnalyticExpression a) {
        boolean placeholder = a.getExpression() == null || a.getExpression() instanceof AllColumns
                || "NTILE".equalsIgnoreCase(a.getName());
        return placeholder ? List.of(new SqlTemplate.Text("0"))
                : builder.copy(tables.start(a.getExpression()), tables.end(a.getExpression()));
    }

    private WindowTemplate window(List<Call> calls, List<Integer> callItems, List<Edit> edits) {
        WindowSpecs.Spec spec = calls.getFirst().spec();
        List<SqlTemplate.Piece> order = new ArrayList<>();
        List<Integer> partitionRefs = new ArrayList<>();
        if (spec.partition() != null) {
            for (Object e : spec.partition()) {
                partitionRefs.add(column((Expression) e, callItems));
                appendKey(order, (Expression) e, false);
            }
        }
        List<int[]> orderRefs = new ArrayList<>();
        if (spec.order() != null) {
            for (OrderByElement o : spec.order()) {
                orderRefs.add(new int[] {column(o.getExpression(), callItems), o.isAsc() ? 0 : 1});
                appendKey(order, o.getExpression(), !o.isAsc());
            }
        }
        KeyConditions values = new KeyConditions(tables, builder);
        List<WindowFunctions.CallTemplate> callTemplates = new ArrayList<>();
        for (Call c : calls) {
            AnalyticExpression a = c.expr();
            WindowFunctions.CallTemplate call = WindowFunctions.template(a, c.item(),
                    a.getWindowElement() != null ? a.getWindowElement() : spec.frame(), orderRefs.size(), values);
            if (grouped != null && a.getExpression() != null && call.function() != WindowCall.Function.COUNT_ROWS
                    && call.function() != WindowCall.Function.NTILE) {
                if (groupedArgument(a, c.item())) {
                    call = call.overAnAggregate();
                }
            }
            if (grouped == null && a.getExpression() != null && (SelectItems.aggregateName(a.getExpression()) != null
                    || items.containsBelow(a.getExpression(), v -> v instanceof Expression e
                    && SelectItems.aggregateName(e) != null))) {
                throw PlanException.notSupported("window functions over aggregates without GROUP BY across shards");
            }
            if (!c.nested()) {
                edits.add(new Edit(tables.start(a), tables.end(a), withLabel(argument(a), items.items().get(c.item()))));
            }
            callTemplates.add(call);
        }
        return new WindowTemplate(partitionRefs, orderRefs, callTemplates, order);
    }

    /**
     * The column of a window key: a select item or a hidden column, never a function's own column (a
     * window cannot refer to a select alias; {@code ORDER BY amount} under {@code ... AS amount} is the
     * table's column).
     */
    private int column(Expression e, List<Integer> callItems) {
        if (grouped != null) {
            int ref = grouped.columnFor(e);
            if (callItems.contains(ref)) {
                throw PlanException.notSupported("a window over another window function's value across shards");
            }
            return ref;
        }
        int ref = items.matchOrHide(e);
        return callItems.contains(ref) ? items.hide(builder.copy(tables.start(e), tables.end(e)), null) : ref;
    }

    private void appendKey(List<SqlTemplate.Piece> order, Expression e, boolean descending) {
        order.add(new SqlTemplate.Text(order.isEmpty() ? " ORDER BY " : ", "));
        order.addAll(builder.copy(tables.start(e), tables.end(e)));
        if (descending) {
            order.add(new SqlTemplate.Text(" DESC"));
        }
    }

    /** {@code pieces AS `label`}: the argument keeps the column name the client expects for the function. */
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

    /** The keys of the merged rows' order the window needs: partition columns ascending, then its ORDER BY. */
    static List<SortKey> order(List<Integer> partitionBy, List<SortKey> orderBy) {
        List<SortKey> keys = new ArrayList<>();
        partitionBy.forEach(c -> keys.add(new SortKey(c, false)));
        keys.addAll(orderBy);
        return keys;
    }
}
