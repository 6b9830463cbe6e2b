package io.shardgate.router.planner;

import io.shardgate.router.eval.Expr;
import io.shardgate.router.merge.AggregateFunction;
import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.HashJoinRows;
import io.shardgate.router.merge.SortKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * The joined row of a join across shards and what is computed over it: the select items (columns and
 * expressions a side's SELECT computes, aggregates), then hidden columns (AVG's counts, sort keys not selected,
 * columns the conditions after the join read), GROUP BY and ORDER BY as columns of that row.
 *
 * <p>An expression of one table's columns is computed by that table's SELECT, as the server would compute it;
 * not so for the table an outer join extends with NULLs, whose expression MySQL evaluates over the NULLs
 * ({@code COALESCE(c.name, '-')}): refused there.
 */
final class JoinSelectList {

    private final JoinScope scope;
    private final JoinSide build;
    private final JoinSide probe;
    private final boolean outer;
    final List<HashJoinRows.Output> outputs = new ArrayList<>();
    private final List<String> outputText = new ArrayList<>();
    private final Map<String, Integer> aliases = new LinkedHashMap<>();
    final List<AggregateSpec> aggregates = new ArrayList<>();
    private final List<Integer> plainColumns = new ArrayList<>();
    private final List<int[]> avgCounts = new ArrayList<>();
    /** How many of the outputs the client sees (each {@code t.*} one output). */
    int visible;
    /** The first and last {@code t.*} output; -1 for none. */
    private int firstRest = -1;
    private int lastRest = -1;
    /** Joined-row columns to group by; null without aggregation. */
    List<Integer> groupBy;
    /** Sort keys over the joined row as a whole (key {@code -1 - i} of {@link #order} until appended). */
    final List<SortKey> order = new ArrayList<>();
    /** ORDER BY expressions the proxy evaluates over each joined row, in order. */
    final List<Expression> evaluatedKeys = new ArrayList<>();
    /** Select items over aggregates, which the proxy computes. */
    final JoinComputedItems computed;

    JoinSelectList(JoinScope scope, JoinSide build, JoinSide probe, boolean outer) {
        this.scope = scope;
        this.build = build;
        this.probe = probe;
        this.outer = outer;
        this.computed = new JoinComputedItems(scope);
    }

    /** Compiles the select list, GROUP BY and ORDER BY of {@code ps}. */
    void compile(PlainSelect ps) {
        for (SelectItem<?> item : ps.getSelectItems()) {
            Expression e = item.getExpression();
            String label = item.getAlias() != null ? StatementTables.unquote(item.getAlias().getName()) : null;
            int at = outputs.size();
            if (e instanceof AllColumns all && scope.tables.hasPosition(item)) {
                allColumns(all, scope.text(scope.range(item)));
            } else if (e instanceof Column c) {
                JoinSide s = scope.sideOf(c);
                outputs.add(new HashJoinRows.Output(s == build, s.column(labeled(text(c), label))));
                plainColumns.add(at);
                outputText.add(text(c).toLowerCase(Locale.ROOT));
            } else if (e instanceof Function f && !(e instanceof AllColumns) && SelectItems.aggregateName(f) != null) {
                if (label == null && text(f).indexOf('?') >= 0) {
                    // the client sees the call as written, with its literals, which the shape leaves as '?'
                    throw PlanException.notSupported("an aggregate holding literals over a join across shards "
                            + "without an alias (" + text(f) + "); name it with AS");
                }
                aggregate(f, label != null ? label : text(f));
                outputText.add(text(f).toLowerCase(Locale.ROOT));
            } else if (!(e instanceof AllColumns) && scope.tables.hasPosition(item)
                    && scope.perRow(scope.range(item))) {
                int[] r = scope.range(item);
                JoinSide s = computingSide(r, "a select item");
                outputs.add(new HashJoinRows.Output(s == build,
                        s.column(labeled(scope.text(r), label), s.slotsWithin(r[0], r[1]))));
                plainColumns.add(at);
                outputText.add(scope.text(r).toLowerCase(Locale.ROOT));
            } else if (!(e instanceof AllColumns) && scope.tables.hasPosition(item)) {
                // over aggregates: a placeholder the proxy fills once the rows are aggregated
                int[] r = scope.range(item);
                computed.add(e, r, label, outputs.size(), probe);
                outputs.add(new HashJoinRows.Output(false, probe.column("NULL")));
                outputText.add(scope.text(r).toLowerCase(Locale.ROOT));
            } else {
                throw PlanException.notSupported("a select item of a join across shards that is not a column, an "
                        + "expression of one table's columns or an aggregate of a column (" + text(e) + ")");
            }
            if (label != null) {
                aliases.put(label.toLowerCase(Locale.ROOT), at);
            }
        }
        visible = outputs.size();
        if (firstRest >= 0 && (!aggregates.isEmpty() || !computed.isEmpty() || ps.getGroupBy() != null)) {
            throw PlanException.notSupported("* with aggregates or GROUP BY in a join across shards");
        }
        for (int[] avg : avgCounts) { // the hidden partial COUNT of each AVG
            JoinSide s = avg[1] == 1 ? build : probe;
            String arg = s.columnText(avg[2]);
            outputs.add(new HashJoinRows.Output(s == build,
                    s.column("(" + bare(arg) + ") IS NOT NULL", s.columnSlots(avg[2]))));
            outputText.add("");
            AggregateSpec a = aggregates.get(avg[0]);
            aggregates.set(avg[0],
                    new AggregateSpec(AggregateFunction.AVG, a.column(), outputs.size() - 1, false, null));
        }
        computed.compile(this);
        if (ps.getGroupBy() != null) {
            groupBy = new ArrayList<>();
            ExpressionList<?> list = ps.getGroupBy().getGroupByExpressionList();
            for (Object o : list) {
                Expression g = (Expression) o;
                groupBy.add(outputColumn(g, scope.tables.hasPosition(g) ? scope.range(g) : null, false));
            }
            for (int c : plainColumns) {
                if (!groupBy.contains(c)) {
                    throw PlanException.notSupported("a selected column of a join across shards that is not "
                            + "grouped by (" + outputText.get(c) + ")");
                }
            }
        } else if (!aggregates.isEmpty() && !plainColumns.isEmpty()) {
            throw PlanException.notSupported("columns with aggregates without GROUP BY in a join across shards");
        } else if (!aggregates.isEmpty()) {
            groupBy = List.of();
        } else if (!computed.isEmpty()) {
            throw PlanException.notSupported("an expression over no aggregate in a join across shards ("
                    + outputText.get(computed.columns.getFirst()) + ")");
        }
        if (ps.getOrderByElements() != null) {
            List<int[]> ranges = scope.orderRanges();
            for (int i = 0; i < ps.getOrderByElements().size(); i++) {
                OrderByElement o = ps.getOrderByElements().get(i);
                int[] r = ranges.size() == ps.getOrderByElements().size() ? ranges.get(i) : null;
                order.add(new SortKey(outputColumn(o.getExpression(), r, groupBy != null), !o.isAsc()));
            }
        }
    }

    /**
     * The side whose SELECT computes {@code e} (the probe side for an expression of literals only, whose row
     * is always there).
     */
    private JoinSide computingSide(int[] r, String what) {
        Set<JoinSide> named = scope.sidesWithin(r);
        if (named.size() > 1) {
            throw PlanException.notSupported(what + " of a join across shards over columns of both tables ("
                    + scope.text(r) + ")");
        }
        JoinSide s = named.isEmpty() ? probe : named.iterator().next();
        if (outer && s == build) {
            throw PlanException.notSupported(what + " of a join across shards over the columns of the table an outer "
                    + "join extends with NULLs (" + scope.text(r) + ")");
        }
        return s;
    }

    /**
     * The aggregated row's column a HAVING condition reads for {@code c}: a group key, or a select alias (not
     * of an AVG, whose merged value is rounded as shown, where MySQL compares its exact value: -2); -1 for none.
     */
    int havingColumn(Column c) {
        if (c.getTable() == null) {
            Integer alias = aliases.get(StatementTables.unquote(c.getColumnName()).toLowerCase(Locale.ROOT));
            boolean avg = alias != null && aggregates.stream()
                    .anyMatch(a -> a.column() == alias && a.function() == AggregateFunction.AVG);
            return alias == null ? -1 : avg ? -2 : alias;
        }
        int at = outputText.indexOf(text(c).toLowerCase(Locale.ROOT));
        return at >= 0 && groupBy != null && groupBy.contains(at) ? at : -1;
    }

    /** A hidden aggregate column of {@code f} (inside a select item the proxy computes). */
    int hiddenAggregate(Function f) {
        return hiddenAggregate(f, null);
    }

    /** A hidden aggregate column of {@code as} over {@code f}'s argument (null: {@code f} itself). */
    int hiddenAggregate(Function f, AggregateFunction as) {
        aggregate(f, as, "partial " + outputs.size());
        outputText.add("");
        return outputs.size() - 1;
    }

    /**
     * AVG inside an expression: its SUM divided by its COUNT, both hidden, so that the expression sees the
     * digits MySQL's AVG holds, not the rounded value the merge shows.
     */
    Expr average(Function f) {
        int sum = hiddenAggregate(f, AggregateFunction.SUM);
        int count = hiddenAggregate(f, AggregateFunction.COUNT);
        return new Expr.Arith("/", new Expr.ColumnRef(sum, "SUM"), new Expr.ColumnRef(count, "COUNT"), text(f));
    }

    /** {@code *} (every table's columns, in the FROM clause's order) or {@code t.*}. */
    private void allColumns(AllColumns all, String text) {
        if (all instanceof AllTableColumns t && text.endsWith(".*")) {
            JoinSide s = scope.sideOf(new Column(t.getTable(), "x"));
            String q = StatementTables.unquote(t.getTable().getName()).toLowerCase(java.util.Locale.ROOT);
            allColumns(s, s.tables.stream().filter(o -> JoinSide.qualifier(o).equals(q)).toList());
        } else if (text.equals("*")) {
            for (JoinSide s : scope.sides) {
                allColumns(s, s.tables);
            }
        } else {
            throw PlanException.notSupported("this select item of a join across shards (" + text + ")");
        }
    }

    private void allColumns(JoinSide s, List<StatementTables.Occurrence> of) {
        s.allColumns(of);
        if (firstRest < 0) {
            firstRest = outputs.size();
        }
        lastRest = outputs.size();
        outputs.add(new HashJoinRows.Output(s == build, -1, true));
        outputText.add("");
    }

    /**
     * Where output {@code i} stands in the joined row: its index, or, after a {@code t.*} whose width only the
     * shards know, counted from the row's end (negative, see {@code ReadPlan}).
     */
    int joinedIndex(int i) {
        if (firstRest < 0 || i < firstRest) {
            return i;
        }
        if (i > lastRest) {
            return i - outputs.size();
        }
        throw PlanException.notSupported("ORDER BY or a condition referring to a select item between two * in a join"
                + " across shards; name the columns");
    }

    /** The client's column count: relative to the row's end after a {@code t.*} (see {@code ReadPlan}). */
    int visibleCount() {
        return firstRest < 0 ? visible : visible - outputs.size();
    }

    /** The outputs, each {@code t.*} starting where its side's named columns end (once every side is complete). */
    List<HashJoinRows.Output> finalOutputs() {
        List<HashJoinRows.Output> out = new ArrayList<>(outputs.size());
        for (HashJoinRows.Output o : outputs) {
            out.add(o.rest() ? new HashJoinRows.Output(o.build(), (o.build() ? build : probe).allColumnsFrom(), true)
                    : o);
        }
        return out;
    }

    /**
     * The sort keys as columns of the joined row; an ORDER BY key the proxy evaluates is a column {@code Extend}
     * appends after the outputs.
     */
    List<SortKey> finalOrder() {
        return order.stream().map(k -> new SortKey(k.column() < 0 ? outputs.size() - 1 - k.column()
                : joinedIndex(k.column()), k.descending())).toList();
    }

    /** Whether one side's SELECT can compute the expression at {@code r} as MySQL would over the joined row. */
    private boolean inOneSide(int[] r) {
        Set<JoinSide> named = scope.sidesWithin(r);
        return named.size() < 2 && !(outer && named.contains(build));
    }

    /** A column of the joined row for the conditions after the join: one of the select list's, or hidden. */
    int hiddenColumn(Column c) {
        JoinSide s = scope.sideOf(c);
        String t = text(c);
        HashJoinRows.Output column = new HashJoinRows.Output(s == build, s.column(t));
        // the conditions read the rows before any aggregation; after a t.* only a hidden column has a known place
        int from = firstRest < 0 ? 0 : visible;
        int at = outputs.subList(from, outputs.size()).indexOf(column);
        at = at < 0 ? -1 : from + at;
        if (at < 0) {
            outputs.add(column);
            outputText.add("");
            at = outputs.size() - 1;
        }
        return at;
    }

    /** A select item's side column: named as the client sees it (its alias, or as written). */
    private static String labeled(String expression, String label) {
        return label == null ? expression : expression + " AS `" + label.replace("`", "``") + "`";
    }

    private static String bare(String column) {
        int as = column.indexOf(" AS `");
        return as < 0 ? column : column.substring(0, as);
    }

    private void aggregate(Function f, String label) {
        aggregate(f, null, label);
    }

    /** @param as the function to compute over {@code f}'s argument instead of {@code f}'s own; null for its own */
    private void aggregate(Function f, AggregateFunction as, String label) {
        AggregateFunction fn;
        try {
            fn = as != null ? as : AggregateFunction.valueOf(f.getName().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            fn = null;
        }
        if (fn == null || fn == AggregateFunction.GROUP_CONCAT
                || f.isDistinct() && fn != AggregateFunction.COUNT && fn != AggregateFunction.SUM) {
            throw PlanException.notSupported("this function over a join across shards (" + text(f) + ")");
        }
        String quoted = "`" + label.replace("`", "``") + "`";
        boolean star = f.isAllColumns() || f.getParameters() != null && f.getParameters().size() == 1
                && f.getParameters().getFirst() instanceof AllColumns;
        if (star && fn != AggregateFunction.COUNT || star && f.isDistinct()) {
            throw PlanException.notSupported("this function over a join across shards (" + text(f) + ")");
        }
        if (star) { // one per joined row: the probe row is always there
            outputs.add(new HashJoinRows.Output(false, probe.column("1 AS " + quoted)));
            aggregates.add(new AggregateSpec(fn, outputs.size() - 1, -1, false, null));
            return;
        }
        int[] arg = f.getParameters() == null || f.getParameters().size() != 1 ? null : scope.argumentRange(f);
        if (arg == null || !scope.perRow(arg)) {
            throw PlanException.notSupported("an aggregate of this argument over a join across shards ("
                    + text(f) + ")");
        }
        JoinSide s = f.getParameters().getFirst() instanceof Column c ? scope.sideOf(c)
                : computingSide(arg, "an aggregate's argument");
        String col = scope.text(arg);
        // the partial value of one joined row: COUNT adds up 1 per non-NULL value (NULL for a row an outer
        // join added, which COUNT skips); SUM / MIN / MAX / AVG take the value; DISTINCT the value itself
        // (COALESCE of one value keeps its type and collation but, as an aggregate, names no table in the metadata)
        String partial = fn == AggregateFunction.COUNT && !f.isDistinct() ? "(" + col + ") IS NOT NULL"
                : "COALESCE(" + col + ")";
        int sideColumn = s.column(partial + " AS " + quoted, s.slotsWithin(arg[0], arg[1]));
        outputs.add(new HashJoinRows.Output(s == build, sideColumn));
        aggregates.add(new AggregateSpec(fn, outputs.size() - 1, -1, f.isDistinct(), null));
        if (fn == AggregateFunction.AVG) {
            avgCounts.add(new int[] {aggregates.size() - 1, s == build ? 1 : 0, sideColumn});
        }
    }

    /**
     * The joined row's column for a GROUP BY / ORDER BY item: a select item, or a hidden column added.
     *
     * @param r where the item stands in the shape; null when not known
     */
    private int outputColumn(Expression e, int[] r, boolean aggregated) {
        if (e instanceof LongValue position) {
            long p = position.getValue();
            if (firstRest >= 0) {
                throw PlanException.notSupported("ORDER BY position with * in a join across shards; name the column");
            }
            if (p < 1 || p > visible) {
                throw PlanException.notSupported("ORDER BY position " + p);
            }
            return (int) p - 1;
        }
        String t = (r == null ? text(e) : scope.text(r)).toLowerCase(Locale.ROOT);
        int at = t.indexOf('?') >= 0 ? -1 : outputText.indexOf(t); // literals are not known: never the same
        if (at >= 0) {
            return at;
        }
        if (e instanceof Column c && c.getTable() == null) {
            Integer alias = aliases.get(StatementTables.unquote(c.getColumnName()).toLowerCase(Locale.ROOT));
            if (alias != null) {
                return alias;
            }
        }
        if (!aggregated && e instanceof Column c) {
            JoinSide s = scope.sideOf(c);
            outputs.add(new HashJoinRows.Output(s == build, s.column(text(c))));
            outputText.add(t);
            return outputs.size() - 1;
        }
        if (!aggregated && r != null && scope.perRow(r) && !inOneSide(r) && firstRest < 0) {
            // over both sides (or over the NULLs an outer join added): the proxy computes it (Extend)
            evaluatedKeys.add(e);
            return -evaluatedKeys.size();
        }
        if (!aggregated && r != null && scope.perRow(r)) {
            JoinSide s = computingSide(r, "an ORDER BY expression");
            outputs.add(new HashJoinRows.Output(s == build, s.column(scope.text(r), s.slotsWithin(r[0], r[1]))));
            outputText.add(t);
            return outputs.size() - 1;
        }
        throw PlanException.notSupported("GROUP BY / ORDER BY of an expression not selected, in a join across shards ("
                + text(e) + ")");
    }

    private String text(Expression e) {
        return scope.text(e);
    }
}
