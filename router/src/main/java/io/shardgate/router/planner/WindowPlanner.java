package io.shardgate.router.planner;

import io.shardgate.router.merge.SortKey;
import io.shardgate.router.merge.WindowCall;
import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.sql.SqlTemplateBuilder;
import io.shardgate.router.sql.SqlTemplateBuilder.Edit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
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
 * <p>Computed: ROW_NUMBER, RANK, DENSE_RANK, COUNT / SUM / AVG / MIN / MAX with the default frame, LAG and
 * LEAD, all over one window. Everything else is refused with the function or construct named.
 */
final class WindowPlanner {

    private static final Map<String, WindowCall.Function> COMPUTED = Map.ofEntries(
            Map.entry("ROW_NUMBER", WindowCall.Function.ROW_NUMBER), Map.entry("RANK", WindowCall.Function.RANK),
            Map.entry("DENSE_RANK", WindowCall.Function.DENSE_RANK), Map.entry("COUNT", WindowCall.Function.COUNT),
            Map.entry("SUM", WindowCall.Function.SUM), Map.entry("AVG", WindowCall.Function.AVG),
            Map.entry("MIN", WindowCall.Function.MIN), Map.entry("MAX", WindowCall.Function.MAX),
            Map.entry("LAG", WindowCall.Function.LAG), Map.entry("LEAD", WindowCall.Function.LEAD));

    /** One window function of the select list to compute: its item and its function. */
    private record Call(int item, AnalyticExpression expr, WindowCall.Function function) {
    }

    private final PlainSelect ps;
    private final StatementTables tables;
    private final SelectItems items;
    private final SqlTemplateBuilder builder;
    private final List<AnalyticExpression> all = new ArrayList<>();

    private WindowPlanner(PlainSelect ps, StatementTables tables, SelectItems items, SqlTemplateBuilder builder) {
        this.ps = ps;
        this.tables = tables;
        this.items = items;
        this.builder = builder;
    }

    /** The statement's window functions, or null when it has none. */
    static WindowPlanner of(PlainSelect ps, StatementTables tables, SelectItems items, SqlTemplateBuilder builder) {
        WindowPlanner planner = new WindowPlanner(ps, tables, items, builder);
        for (SelectItems.Item item : items.items()) {
            planner.collect(item.item());
        }
        if (ps.getOrderByElements() != null) {
            ps.getOrderByElements().forEach(planner::collect);
        }
        boolean named = ps.getWindowDefinitions() != null && !ps.getWindowDefinitions().isEmpty();
        if (planner.all.isEmpty() && !named) {
            return null;
        }
        if (named || planner.all.stream().anyMatch(a -> a.getWindowName() != null)) {
            throw PlanException.notSupported("named windows (WINDOW w AS ...) across shards");
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
        ExpressionList<?> partition = a.getPartitionExpressionList();
        if (partition == null) {
            return false;
        }
        for (Object e : partition) {
            if (e instanceof Column c && tables.keyTable(c) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Plans the computation in the proxy: replaces each function by its argument in the shard statement,
     * hides the window's columns, and returns the window with the shards' ORDER BY for it.
     *
     * @param edits receives the shard statement's edits
     */
    WindowTemplate compute(List<Edit> edits) {
        List<Call> calls = new ArrayList<>();
        for (int k = 0; k < items.items().size(); k++) {
            SelectItems.Item item = items.items().get(k);
            if (item.expr() instanceof AnalyticExpression a) {
                calls.add(new Call(k, a, function(a)));
            }
        }
        if (calls.size() != all.size()) {
            AnalyticExpression inside = all.stream().filter(a -> calls.stream().noneMatch(c -> c.expr() == a))
                    .findFirst().orElseThrow();
            throw PlanException.notSupported("window function " + inside.getName().toUpperCase(Locale.ROOT)
                    + " inside an expression or ORDER BY across shards; select it as a column");
        }
        AnalyticExpression window = calls.getFirst().expr();
        String spec = spec(window);
        for (Call c : calls) {
            if (spec == null || !spec.equals(spec(c.expr()))) {
                throw PlanException.notSupported("several different windows (PARTITION BY / ORDER BY) across shards");
            }
        }
        List<Integer> callItems = calls.stream().map(Call::item).toList();
        List<SqlTemplate.Piece> order = new ArrayList<>();
        List<Integer> partitionRefs = new ArrayList<>();
        if (window.getPartitionExpressionList() != null) {
            for (Object e : window.getPartitionExpressionList()) {
                partitionRefs.add(column((Expression) e, callItems));
                appendKey(order, (Expression) e, false);
            }
        }
        List<int[]> orderRefs = new ArrayList<>();
        if (window.getOrderByElements() != null) {
            for (OrderByElement o : window.getOrderByElements()) {
                orderRefs.add(new int[] {column(o.getExpression(), callItems), o.isAsc() ? 0 : 1});
                appendKey(order, o.getExpression(), !o.isAsc());
            }
        }
        List<WindowTemplate.CallTemplate> callTemplates = new ArrayList<>();
        for (Call c : calls) {
            SelectItems.Item item = items.items().get(c.item());
            AnalyticExpression a = c.expr();
            if (a.getExpression() != null && (SelectItems.aggregateName(a.getExpression()) != null
                    || items.containsBelow(a.getExpression(), v -> v instanceof Expression e
                    && SelectItems.aggregateName(e) != null))) {
                throw PlanException.notSupported("window functions with GROUP BY or aggregates across shards");
            }
            List<SqlTemplate.Piece> argument = a.getExpression() == null || a.getExpression() instanceof AllColumns
                    ? List.of(new SqlTemplate.Text("0")) : builder.copy(tables.start(a.getExpression()),
                    tables.end(a.getExpression()));
            edits.add(new Edit(tables.start(a), tables.end(a), withLabel(argument, item)));
            ValueRef offset = null;
            if (a.getOffset() != null) {
                offset = new KeyConditions(tables, builder).valueRef(a.getOffset());
                if (offset == null) {
                    throw PlanException.notSupported(c.function() + " with an offset that is not a number, across shards");
                }
            }
            callTemplates.add(new WindowTemplate.CallTemplate(c.function(), c.item(), offset));
        }
        return new WindowTemplate(partitionRefs, orderRefs, callTemplates, order);
    }

    /**
     * The column of a window key: a select item or a hidden column, never a function's own column (a
     * window cannot refer to a select alias; {@code ORDER BY amount} under {@code ... AS amount} is the
     * table's column).
     */
    private int column(Expression e, List<Integer> callItems) {
        int ref = items.matchOrHide(e);
        return callItems.contains(ref) ? items.hide(builder.copy(tables.start(e), tables.end(e)), null) : ref;
    }

    private WindowCall.Function function(AnalyticExpression a) {
        String name = a.getName().toUpperCase(Locale.ROOT);
        WindowCall.Function f = COMPUTED.get(name);
        if (f == null) {
            throw PlanException.notSupported("window function " + name + " across shards unless PARTITION BY holds "
                    + "the shard key");
        }
        if (a.getWindowElement() != null) {
            throw PlanException.notSupported("window frames (ROWS / RANGE ...) across shards unless PARTITION BY "
                    + "holds the shard key");
        }
        if (a.isDistinct() || a.getDefaultValue() != null || a.getFilterExpression() != null || a.isIgnoreNulls()
                || a.getKeep() != null) {
            throw PlanException.notSupported("this form of " + name + " OVER across shards");
        }
        boolean star = a.isAllColumns() || a.getExpression() instanceof AllColumns;
        if (f == WindowCall.Function.COUNT && star) {
            return WindowCall.Function.COUNT_ROWS;
        }
        boolean takesArgument = f != WindowCall.Function.ROW_NUMBER && f != WindowCall.Function.RANK
                && f != WindowCall.Function.DENSE_RANK;
        if (takesArgument != (a.getExpression() != null) || star) {
            throw PlanException.notSupported("this form of " + name + " OVER across shards");
        }
        if (a.getOffset() != null && f != WindowCall.Function.LAG && f != WindowCall.Function.LEAD) {
            throw PlanException.notSupported("this form of " + name + " OVER across shards");
        }
        for (OrderByElement o : a.getOrderByElements() == null ? List.<OrderByElement>of() : a.getOrderByElements()) {
            if (o.getNullOrdering() != null) {
                throw PlanException.notSupported("NULLS FIRST/LAST across shards");
            }
        }
        return f;
    }

    /** The window's PARTITION BY and ORDER BY as text, for comparing windows; null when it holds a literal. */
    private String spec(AnalyticExpression a) {
        StringBuilder s = new StringBuilder("partition");
        if (a.getPartitionExpressionList() != null) {
            for (Object e : a.getPartitionExpressionList()) {
                String key = items.key((Expression) e);
                if (key == null) {
                    return null;
                }
                s.append(' ').append(key);
            }
        }
        s.append(" order");
        if (a.getOrderByElements() != null) {
            for (OrderByElement o : a.getOrderByElements()) {
                String key = items.key(o.getExpression());
                if (key == null) {
                    return null;
                }
                s.append(' ').append(key).append(o.isAsc() ? "" : " desc");
            }
        }
        return s.toString();
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
