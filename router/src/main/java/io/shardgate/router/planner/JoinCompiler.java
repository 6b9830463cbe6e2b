package io.shardgate.router.planner;

import io.shardgate.router.merge.AggregateFunction;
import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.HashJoinRows;
import io.shardgate.router.merge.SortKey;
import io.shardgate.router.sql.ShapeParser;
import io.shardgate.router.sql.ShapeTokens;
import io.shardgate.router.sql.SqlTemplateBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Compiles a join of two tables that no shard holds together (two sharded tables not bound to each other, or a
 * sharded with an unsharded table) into a {@link JoinTemplate}: each table's own SELECT (its columns the
 * statement names, the conditions that name only it) and the {@code HashJoin} and operators above it.
 *
 * <p>What qualifies: {@code FROM a [INNER | LEFT | RIGHT] JOIN b ON a.x = b.y [AND ...]}, every column
 * qualified by its table or alias; ON equalities between the two tables are the join keys, other ON
 * conditions must name only the table an outer join extends with NULLs (or either, for an inner join); WHERE
 * conditions (ANDed) must each name one table, and for an outer join only the preserved one; select items are
 * columns or COUNT / SUM / MIN / MAX / AVG of a column (COUNT(*), COUNT and SUM with DISTINCT); GROUP BY
 * columns; ORDER BY columns, select aliases or positions; LIMIT; DISTINCT. Anything else is refused with 1235
 * naming the part, rather than computed differently from MySQL.
 */
final class JoinCompiler {

    private final PlanCompiler compiler;
    private final ShapeTokens tokens;
    private final String schema;
    private final StatementTables tables;
    private final PlainSelect ps;

    /** One table of the join and the SELECT it gets. */
    private final class Side {
        final StatementTables.Occurrence table;
        final String qualifier;
        final List<String> columns = new ArrayList<>();
        final List<int[]> conditions = new ArrayList<>();

        Side(StatementTables.Occurrence table) {
            this.table = table;
            Table t = table.table();
            this.qualifier = (t.getAlias() != null ? StatementTables.unquote(t.getAlias().getName()) : table.name())
                    .toLowerCase(Locale.ROOT);
        }

        /** The index of a column expression (text of the statement's shape) in this side's row, added once. */
        int column(String expression) {
            int i = columns.indexOf(expression);
            if (i < 0) {
                columns.add(expression);
                i = columns.size() - 1;
            }
            return i;
        }
    }

    private JoinCompiler(PlanCompiler compiler, ShapeTokens tokens, String schema, StatementTables tables,
                         PlainSelect ps) {
        this.compiler = compiler;
        this.tokens = tokens;
        this.schema = schema;
        this.tables = tables;
        this.ps = ps;
    }

    /** The template, or null when the statement is no join of two tables (then it is refused as before). */
    static PlanTemplate compile(PlanCompiler compiler, ShapeParser.Parsed parsed, ShapeTokens tokens, String schema,
                                StatementTables tables, PlainSelect ps) {
        if (ps.getJoins() == null || ps.getJoins().size() != 1 || !(ps.getFromItem() instanceof Table)
                || !(ps.getJoins().getFirst().getRightItem() instanceof Table)
                || tables.occurrences().stream().anyMatch(o -> o.depth() > 0)
                || tables.occurrences().stream().filter(o -> !o.alias()).count() != 2) {
            return null;
        }
        Join join = ps.getJoins().getFirst();
        if (join.isNatural() || join.isCross() || join.isFull() || join.isSemi() || join.isApply() || join.isSimple()
                || join.getUsingColumns() != null && !join.getUsingColumns().isEmpty()
                || join.getOnExpressions() == null || join.getOnExpressions().isEmpty()) {
            return null;
        }
        try {
            return new JoinCompiler(compiler, tokens, schema, tables, ps).compile();
        } catch (PlanException e) {
            return PlanTemplate.fixed(io.shardgate.router.plan.Reject.notSupported(e.getMessage()));
        }
    }

    private PlanTemplate compile() {
        Join join = ps.getJoins().getFirst();
        if (ps.getHaving() != null || ps.getWithItemsList() != null && !ps.getWithItemsList().isEmpty()
                || ps.getOffset() != null || ps.getFetch() != null) {
            throw PlanException.notSupported("HAVING, WITH or FETCH with a join across shards");
        }
        List<StatementTables.Occurrence> found = tables.occurrences().stream().filter(o -> !o.alias()).toList();
        Side left = new Side(found.get(0));
        Side right = new Side(found.get(1));
        if (left.qualifier.equals(right.qualifier)) {
            throw PlanException.notSupported("a join across shards of two tables with one name");
        }
        boolean leftJoin = join.isLeft();
        boolean rightJoin = join.isRight();
        // the side an outer join extends with NULLs is built; the preserved one streams as the probe side
        Side build = rightJoin ? left : right;
        Side probe = rightJoin ? right : left;
        boolean outer = leftJoin || rightJoin;

        List<Integer> buildKeys = new ArrayList<>();
        List<Integer> probeKeys = new ArrayList<>();
        for (Expression on : join.getOnExpressions()) {
            for (Expression c : conjuncts(on)) {
                if (c instanceof EqualsTo eq && eq.getLeftExpression() instanceof Column a
                        && eq.getRightExpression() instanceof Column b && sideOf(a, left, right) != sideOf(b, left, right)) {
                    Column bc = sideOf(a, left, right) == build ? a : b;
                    Column pc = bc == a ? b : a;
                    buildKeys.add(build.column(text(bc)));
                    probeKeys.add(probe.column(text(pc)));
                    continue;
                }
                Side only = onlySide(c, left, right);
                if (only == null || outer && only != build) {
                    throw PlanException.notSupported("an ON condition of a join across shards that is not an "
                            + "equality between the two tables (" + text(c) + ")");
                }
                only.conditions.add(range(c));
            }
        }
        if (buildKeys.isEmpty()) {
            throw PlanException.notSupported("a join across shards without an equality between the two tables");
        }
        if (ps.getWhere() != null) {
            for (Expression c : conjuncts(ps.getWhere())) {
                Side only = onlySide(c, left, right);
                if (only == null || outer && only == build) {
                    throw PlanException.notSupported("a WHERE condition over the joined rows of a join across shards ("
                            + text(c) + ")");
                }
                only.conditions.add(range(c));
            }
        }

        // the joined row: select items, then hidden columns (AVG's counts, sort and group keys not selected)
        List<HashJoinRows.Output> outputs = new ArrayList<>();
        List<String> outputText = new ArrayList<>();
        Map<String, Integer> aliases = new LinkedHashMap<>();
        List<AggregateSpec> aggregates = new ArrayList<>();
        List<Integer> plainColumns = new ArrayList<>();
        List<int[]> avgCounts = new ArrayList<>();
        for (SelectItem<?> item : ps.getSelectItems()) {
            Expression e = item.getExpression();
            String label = item.getAlias() != null ? StatementTables.unquote(item.getAlias().getName()) : null;
            int at = outputs.size();
            if (e instanceof Column c) {
                Side s = sideOf(c, left, right);
                outputs.add(new HashJoinRows.Output(s == build, s.column(labeled(text(c), label))));
                plainColumns.add(at);
                outputText.add(text(c).toLowerCase(Locale.ROOT));
            } else if (e instanceof Function f && !(e instanceof AllColumns)) {
                aggregate(f, label != null ? label : text(f), build, probe, left, right, outputs, aggregates,
                        avgCounts);
                outputText.add(text(f).toLowerCase(Locale.ROOT));
            } else {
                throw PlanException.notSupported("a select item of a join across shards that is not a column or an "
                        + "aggregate of one (" + text(e) + ")");
            }
            if (label != null) {
                aliases.put(label.toLowerCase(Locale.ROOT), at);
            }
        }
        int visible = outputs.size();
        for (int[] avg : avgCounts) { // the hidden partial COUNT of each AVG
            Side s = avg[1] == 1 ? build : probe;
            String arg = s.columns.get(avg[2]);
            outputs.add(new HashJoinRows.Output(s == build, s.column("(" + bare(arg) + ") IS NOT NULL")));
            outputText.add("");
            AggregateSpec a = aggregates.get(avg[0]);
            aggregates.set(avg[0], new AggregateSpec(AggregateFunction.AVG, a.column(), outputs.size() - 1, false, null));
        }
        List<Integer> groupBy = new ArrayList<>();
        if (ps.getGroupBy() != null) {
            ExpressionList<?> list = ps.getGroupBy().getGroupByExpressionList();
            for (Object o : list) {
                groupBy.add(outputColumn((Expression) o, build, left, right, outputs, outputText, aliases, false));
            }
            for (int c : plainColumns) {
                if (!groupBy.contains(c)) {
                    throw PlanException.notSupported("a selected column of a join across shards that is not "
                            + "grouped by (" + outputText.get(c) + ")");
                }
            }
        } else if (!aggregates.isEmpty() && !plainColumns.isEmpty()) {
            throw PlanException.notSupported("columns with aggregates without GROUP BY in a join across shards");
        }
        boolean aggregated = !aggregates.isEmpty() || ps.getGroupBy() != null;
        List<SortKey> order = new ArrayList<>();
        if (ps.getOrderByElements() != null) {
            for (OrderByElement o : ps.getOrderByElements()) {
                int c = outputColumn(o.getExpression(), build, left, right, outputs, outputText, aliases, aggregated);
                order.add(new SortKey(c, !o.isAsc()));
            }
        }
        boolean distinct = ps.getDistinct() != null;
        if (distinct && outputs.size() > visible) {
            throw PlanException.notSupported("DISTINCT with ORDER BY a column not selected, in a join across shards");
        }
        LimitClause limit = limit(ps.getLimit());
        if (probe.columns.isEmpty()) {
            probe.column("1");
        }
        if (build.columns.isEmpty()) {
            build.column("1");
        }
        JoinTemplate hash = new JoinTemplate(side(build), side(probe), buildKeys, probeKeys, outer, outputs,
                aggregated ? groupBy : null, aggregates, distinct, order, limit, visible);
        return ApplyJoinPlanner.choose(compiler, schema, hash,
                new ApplyJoinPlanner.Table(build.table, build.columns, !build.conditions.isEmpty()),
                new ApplyJoinPlanner.Table(probe.table, probe.columns, !probe.conditions.isEmpty()));
    }

    /** A select item's side column: named as the client sees it (its alias, or as written). */
    private static String labeled(String expression, String label) {
        return label == null ? expression : expression + " AS `" + label.replace("`", "``") + "`";
    }

    private static String bare(String column) {
        int as = column.indexOf(" AS `");
        return as < 0 ? column : column.substring(0, as);
    }

    private void aggregate(Function f, String label, Side build, Side probe, Side left, Side right,
                           List<HashJoinRows.Output> outputs, List<AggregateSpec> aggregates, List<int[]> avgCounts) {
        AggregateFunction fn;
        try {
            fn = AggregateFunction.valueOf(f.getName().toUpperCase(Locale.ROOT));
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
        if (f.getParameters() == null || f.getParameters().size() != 1
                || !(f.getParameters().getFirst() instanceof Column c)) {
            throw PlanException.notSupported("an aggregate of an expression over a join across shards (" + text(f) + ")");
        }
        Side s = sideOf(c, left, right);
        String col = text(c);
        // the partial value of one joined row: COUNT adds up 1 per non-NULL value (NULL for a row an outer
        // join added, which COUNT skips); SUM / MIN / MAX / AVG take the value; DISTINCT the value itself
        // (COALESCE of one value keeps its type and collation but, as an aggregate, names no table in the metadata)
        String partial = fn == AggregateFunction.COUNT && !f.isDistinct() ? "(" + col + ") IS NOT NULL"
                : "COALESCE(" + col + ")";
        int sideColumn = s.column(partial + " AS " + quoted);
        outputs.add(new HashJoinRows.Output(s == build, sideColumn));
        aggregates.add(new AggregateSpec(fn, outputs.size() - 1, -1, f.isDistinct(), null));
        if (fn == AggregateFunction.AVG) {
            avgCounts.add(new int[] {aggregates.size() - 1, s == build ? 1 : 0, sideColumn});
        }
    }

    /** The joined row's column for a GROUP BY / ORDER BY item: a select item, or a hidden column added. */
    private int outputColumn(Expression e, Side build, Side left, Side right, List<HashJoinRows.Output> outputs,
                             List<String> outputText, Map<String, Integer> aliases, boolean aggregated) {
        if (e instanceof LongValue position) {
            long p = position.getValue();
            if (p < 1 || p > outputText.size()) {
                throw PlanException.notSupported("ORDER BY position " + p);
            }
            return (int) p - 1;
        }
        String t = text(e).toLowerCase(Locale.ROOT);
        int at = outputText.indexOf(t);
        if (at >= 0) {
            return at;
        }
        if (e instanceof Column c && c.getTable() == null) {
            Integer alias = aliases.get(StatementTables.unquote(c.getColumnName()).toLowerCase(Locale.ROOT));
            if (alias != null) {
                return alias;
            }
        }
        if (e instanceof Column c && !aggregated) {
            Side s = sideOf(c, left, right);
            outputs.add(new HashJoinRows.Output(s == build, s.column(text(c))));
            outputText.add(t);
            return outputs.size() - 1;
        }
        throw PlanException.notSupported("GROUP BY / ORDER BY of an expression not selected, in a join across shards ("
                + text(e) + ")");
    }

    private LimitClause limit(Limit limit) {
        if (limit == null) {
            return null;
        }
        KeyConditions values = new KeyConditions(tables, new SqlTemplateBuilder(tokens.shape()));
        ValueRef count = limit.getRowCount() == null ? null : values.valueRef(limit.getRowCount());
        ValueRef offset = limit.getOffset() == null ? null : values.valueRef(limit.getOffset());
        if (count == null || limit.getOffset() != null && offset == null) {
            throw PlanException.notSupported("LIMIT with an expression across shards");
        }
        return new LimitClause(offset, count);
    }

    /** A side's SELECT: its columns from its table, under its conditions, compiled as a statement of its own. */
    private JoinTemplate.SideStatement side(Side s) {
        StringBuilder sql = new StringBuilder("SELECT ");
        List<Integer> slots = new ArrayList<>();
        sql.append(String.join(", ", s.columns));
        sql.append(" FROM ").append(tokens.shape(), s.table.start(), s.table.end());
        Table t = s.table.table();
        if (t.getAlias() != null) {
            sql.append(" AS ").append(t.getAlias().getName());
        }
        for (int i = 0; i < s.conditions.size(); i++) {
            int[] r = s.conditions.get(i);
            sql.append(i == 0 ? " WHERE (" : " AND (").append(tokens.shape(), r[0], r[1]).append(')');
            int slot = 0;
            for (ShapeTokens.Token token : tokens.list()) {
                if (token.kind() == ShapeTokens.Kind.SLOT) {
                    if (token.start() >= r[0] && token.start() < r[1]) {
                        slots.add(slot);
                    }
                    slot++;
                }
            }
        }
        String shape = sql.toString();
        return new JoinTemplate.SideStatement(compiler.compile(shape, schema), shape, slots);
    }

    private static List<Expression> conjuncts(Expression e) {
        List<Expression> out = new ArrayList<>();
        while (e instanceof net.sf.jsqlparser.expression.Parenthesis p) {
            e = p.getExpression();
        }
        if (e instanceof AndExpression and) {
            out.addAll(conjuncts(and.getLeftExpression()));
            out.addAll(conjuncts(and.getRightExpression()));
        } else {
            out.add(e);
        }
        return out;
    }

    private Side sideOf(Column c, Side left, Side right) {
        if (c.getTable() == null || c.getTable().getName() == null) {
            throw PlanException.notSupported("a column of a join across shards without its table's name ("
                    + c.getColumnName() + ")");
        }
        String q = StatementTables.unquote(c.getTable().getName()).toLowerCase(Locale.ROOT);
        if (q.equals(left.qualifier)) {
            return left;
        }
        if (q.equals(right.qualifier)) {
            return right;
        }
        throw PlanException.notSupported("a column of an unknown table in a join across shards (" + text(c) + ")");
    }

    /** The one side every column of {@code e} names; null when it names both or none. */
    private Side onlySide(Expression e, Side left, Side right) {
        Set<Side> named = new HashSet<>();
        int start = tables.start(e);
        int end = tables.end(e);
        for (Column c : tables.qualifiedColumnsWithin(start, end)) {
            named.add(sideOf(c, left, right));
        }
        // an unqualified column could be either table's
        String t = tokens.shape().substring(start, end);
        for (ShapeTokens.Token token : tokens.list()) {
            if (token.start() >= start && token.end() <= end && token.kind() == ShapeTokens.Kind.WORD
                    && !isQualifiedPart(token) && isColumnWord(token)) {
                throw PlanException.notSupported("a column of a join across shards without its table's name ("
                        + t + ")");
            }
        }
        return named.size() == 1 ? named.iterator().next() : null;
    }

    private boolean isQualifiedPart(ShapeTokens.Token token) {
        int i = tokens.indexAt(token.start());
        return i > 0 && tokens.get(i - 1).isPunct('.') || i + 1 < tokens.size() && tokens.get(i + 1).isPunct('.');
    }

    private boolean isColumnWord(ShapeTokens.Token token) {
        int i = tokens.indexAt(token.start());
        boolean call = i + 1 < tokens.size() && tokens.get(i + 1).isPunct('(');
        return !call && !KEYWORDS.contains(token.text().toUpperCase(Locale.ROOT));
    }

    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "IS", "NULL", "IN", "BETWEEN", "LIKE",
            "TRUE", "FALSE", "ESCAPE", "DATE", "TIMESTAMP", "TIME", "INTERVAL", "DAY", "MONTH", "YEAR", "CASE", "WHEN",
            "THEN", "ELSE", "END", "BINARY", "COLLATE", "DIV", "MOD", "XOR", "REGEXP", "RLIKE", "SOUNDS");

    private int[] range(Expression e) {
        return new int[] {tables.start(e), tables.end(e)};
    }

    private String text(Expression e) {
        return tables.hasPosition(e) ? tokens.shape().substring(tables.start(e), tables.end(e)) : String.valueOf(e);
    }
}
