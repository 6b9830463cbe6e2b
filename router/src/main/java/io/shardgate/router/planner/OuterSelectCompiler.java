package io.shardgate.router.planner;

import io.shardgate.router.eval.Expr;
import io.shardgate.router.eval.ExpressionCompiler;
import io.shardgate.router.eval.NotEvaluable;
import io.shardgate.router.merge.AggregateFunction;
import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.RowPartials;
import io.shardgate.router.merge.SortKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Compiles a SELECT over one derived table's rows into what the proxy evaluates ({@link OuterPipeline}):
 * WHERE, select-list expressions, GROUP BY / aggregates (COUNT, SUM, MIN, MAX, AVG; COUNT and SUM also
 * DISTINCT), HAVING, DISTINCT, ORDER BY (select items, aliases, positions, expressions) and LIMIT. Every
 * expression must have an exact evaluator ({@link ExpressionCompiler}); anything else refuses the statement
 * (1235 naming it), never approximated.
 *
 * <p>Names resolve as in MySQL: a column is one of the derived table's (bare or qualified by its alias);
 * ORDER BY and HAVING may also name a select item by its alias, which is refused where it is ambiguous
 * with a column of another meaning.
 */
final class OuterSelectCompiler {

    private static final Map<String, AggregateFunction> FUNCTIONS = Map.of("COUNT", AggregateFunction.COUNT,
            "SUM", AggregateFunction.SUM, "MIN", AggregateFunction.MIN, "MAX", AggregateFunction.MAX,
            "AVG", AggregateFunction.AVG);

    private final PlainSelect ps;
    private final DerivedRow row;
    private final int width;
    private List<RowPartials.Source> partials;
    private final List<Integer> groupBy = new ArrayList<>();
    /** In step with {@link #groupBy}: the row column and the text of each group key. */
    private final List<Integer> groupRows = new ArrayList<>();
    private final List<String> groupTexts = new ArrayList<>();
    private final List<AggregateSpec> aggregates = new ArrayList<>();
    private final Map<String, Integer> aggregateKeys = new HashMap<>();
    private final List<Expr> groupColumns = new ArrayList<>();
    private final Map<String, Integer> groupColumnKeys = new HashMap<>();
    /** The select list, a {@code *} expanded: null for a column a star stands for, in {@link #stars}. */
    private final List<Expression> items = new ArrayList<>();
    private final List<Integer> stars = new ArrayList<>();
    private final List<String> aliases = new ArrayList<>();
    private final List<Integer> itemColumns = new ArrayList<>();
    private final boolean aggregated;

    private OuterSelectCompiler(PlainSelect ps, DerivedRow row, boolean aggregated) {
        this.ps = ps;
        this.row = row;
        this.width = row.width();
        this.aggregated = aggregated;
    }

    /**
     * The pipeline.
     *
     * @throws PlanException 1235 naming what the proxy cannot evaluate exactly
     */
    static OuterPipeline compile(PlainSelect ps, String alias, List<String> labels, StatementTables tables,
                                 String shape) {
        if (ps.getMySqlSqlCalcFoundRows() || ps.getDistinct() != null && ps.getDistinct().getOnSelectItems() != null
                || ps.getFetch() != null || ps.getWindowDefinitions() != null || ps.getIntoTables() != null) {
            throw refusal("SQL_CALC_FOUND_ROWS, DISTINCT ON, FETCH, WINDOW or INTO");
        }
        // whether an aggregate hides inside a select item or ORDER BY key shows when compiling it per row
        DerivedRow perRow = new DerivedRow(alias, labels, tables, shape);
        try {
            return new OuterSelectCompiler(ps, perRow, false).compile();
        } catch (NotEvaluable e) {
            if (!perRow.sawAggregate()) {
                throw refusal(e.getMessage());
            }
        }
        try {
            return new OuterSelectCompiler(ps, new DerivedRow(alias, labels, tables, shape), true).compile();
        } catch (NotEvaluable e) {
            throw refusal(e.getMessage());
        }
    }

    private static PlanException refusal(String what) {
        return PlanException.notSupported("a SELECT over a derived table whose rows span shards: the proxy cannot "
                + "evaluate " + what);
    }

    private OuterPipeline compile() {
        for (SelectItem<?> item : ps.getSelectItems()) {
            Expression e = item.getExpression();
            boolean star = e instanceof AllTableColumns t
                    ? row.alias().equalsIgnoreCase(StatementTables.unquote(t.getTable().getName()))
                    : e instanceof AllColumns;
            if (star) {
                if (item.getAlias() != null) {
                    throw new NotEvaluable(row.text(e));
                }
                for (int i = 0; i < width; i++) {
                    items.add(null);
                    stars.add(i);
                    aliases.add(row.labels().get(i));
                }
                continue;
            }
            items.add(e);
            stars.add(-1);
            aliases.add(item.getAlias() == null ? null
                    : StatementTables.unquote(item.getAlias().getName()).toLowerCase(Locale.ROOT));
        }
        Expr where = ps.getWhere() == null ? null : row.compile(ps.getWhere());
        if (aggregated || ps.getGroupBy() != null || ps.getHaving() != null) {
            groups();
        } else {
            for (int k = 0; k < items.size(); k++) {
                itemColumns.add(items.get(k) == null ? stars.get(k) : row.rowColumn(items.get(k)));
            }
        }
        Expr having = ps.getHaving() == null ? null
                : ExpressionCompiler.compile(ps.getHaving(), new GroupLayout(-1, true));
        List<Integer> picks = new ArrayList<>(itemColumns);
        List<SortKey> orderBy = new ArrayList<>();
        boolean distinct = ps.getDistinct() != null;
        if (ps.getOrderByElements() != null) {
            for (OrderByElement o : ps.getOrderByElements()) {
                if (o.getNullOrdering() != null) {
                    throw new NotEvaluable("NULLS FIRST/LAST");
                }
                int column = orderColumn(o.getExpression());
                int at = picks.indexOf(column);
                if (at < 0) {
                    if (distinct) { // which row of a duplicate set gives the key is undefined
                        throw new NotEvaluable("ORDER BY a column SELECT DISTINCT does not select");
                    }
                    at = picks.size();
                    picks.add(column);
                }
                orderBy.add(new SortKey(at, !o.isAsc()));
            }
        }
        if (partials != null) {
            picks.replaceAll(c -> c < 0 ? partials.size() - c - 1 : c);
        }
        return new OuterPipeline(where, row.appended(), partials, groupBy, aggregates, groupColumns, having, picks,
                items.size(), distinct, orderBy, limit());
    }

    // ---- grouping ------------------------------------------------------------------------------------

    private void groups() {
        partials = new ArrayList<>();
        if (items.contains(null)) {
            throw new NotEvaluable("SELECT * with GROUP BY or aggregates");
        }
        List<Integer> plain = new ArrayList<>();
        int[] columns = new int[items.size()];
        for (int k = 0; k < items.size(); k++) {
            Expression e = items.get(k);
            Integer derived = e instanceof Column c ? row.derivedColumn(c) : null;
            if (derived != null) {
                columns[k] = partials.size();
                plain.add(partials.size());
                partials.add(new RowPartials.Source(RowPartials.Kind.VALUE, derived));
            } else if (SelectItems.aggregateName(e) != null) {
                columns[k] = aggregate(e, false);
            } else {
                columns[k] = -1; // compiled once the group keys are known
            }
        }
        GroupByElement group = ps.getGroupBy();
        if (group != null) {
            if (group.getGroupingSets() != null && !group.getGroupingSets().isEmpty() || group.isMysqlWithRollup()
                    || group.getGroupByExpressionList() == null) {
                throw new NotEvaluable("this GROUP BY");
            }
            for (Object o : group.getGroupByExpressionList()) {
                Expression g = (Expression) o;
                if (g instanceof LongValue) {
                    throw new NotEvaluable("GROUP BY " + row.text(g));
                }
                // a name that is no derived column may be a select item's alias (MySQL looks there second)
                int alias = g instanceof Column c && c.getTable() == null && row.derivedColumn(c) == null
                        ? aliases.indexOf(StatementTables.unquote(c.getColumnName()).toLowerCase(Locale.ROOT)) : -1;
                if (alias >= 0) {
                    g = items.get(alias);
                }
                int column = row.rowColumn(g);
                int at = -1;
                for (int p : plain) {
                    if (partials.get(p).column() == column) {
                        at = p;
                    }
                }
                if (at < 0) {
                    at = partials.size();
                    partials.add(new RowPartials.Source(RowPartials.Kind.VALUE, column));
                }
                groupBy.add(at);
                groupRows.add(column);
                groupTexts.add(row.key(g));
            }
        }
        for (int k = 0; k < items.size(); k++) {
            // a plain column outside GROUP BY has no one value per group a merge could pick as a server does
            if (plain.contains(columns[k]) && !groupBy.contains(columns[k])) {
                throw new NotEvaluable("the column " + row.text(items.get(k)) + ", neither grouped nor aggregated");
            }
        }
        for (int k = 0; k < items.size(); k++) {
            itemColumns.add(columns[k] >= 0 ? columns[k] : groupColumn(items.get(k), k));
        }
    }

    /**
     * The column of the aggregated row holding {@code e}, an expression over group keys and aggregates; a
     * column the proxy computes after grouping is {@code -1 - j} for its {@code j}th until every partial
     * column is known.
     */
    private int groupColumn(Expression e, int self) {
        String key = row.key(e);
        Integer known = groupColumnKeys.get(key);
        if (known != null) {
            return known;
        }
        Expr expr = ExpressionCompiler.compile(e, new GroupLayout(self, self < 0));
        if (expr instanceof Expr.ColumnRef c && c.column() >= 0) {
            return c.column();
        }
        int column = -groupColumns.size() - 1; // placed after every partial once all are known (see compile)
        groupColumns.add(expr);
        groupColumnKeys.put(key, column);
        return column;
    }

    /**
     * The aggregated-row column of aggregate {@code e}. Inside an expression, AVG is its SUM over its COUNT
     * (see {@link AggregateLayout}): the caller divides; this returns the SUM and adds the COUNT.
     */
    private int aggregate(Expression e, boolean inExpression) {
        if (!(e instanceof Function f) || f.getName() == null || f.getKeep() != null || f.getOrderByElements() != null
                || f.isIgnoreNulls()) {
            throw new NotEvaluable(row.text(e));
        }
        AggregateFunction function = FUNCTIONS.get(f.getName().toUpperCase(Locale.ROOT));
        if (function == null) {
            throw new NotEvaluable(row.text(e));
        }
        boolean star = f.isAllColumns() || f.getParameters() != null && f.getParameters().size() == 1
                && f.getParameters().getFirst() instanceof AllColumns;
        if (star) {
            if (function != AggregateFunction.COUNT || f.isDistinct()) {
                throw new NotEvaluable(row.text(e));
            }
            return addAggregate(function, -1, false);
        }
        ExpressionList<?> args = f.getParameters();
        if (args == null || args.size() != 1 || f.isDistinct() && function == AggregateFunction.AVG) {
            throw new NotEvaluable(row.text(e));
        }
        int column = row.rowColumn((Expression) args.getFirst());
        boolean distinct = f.isDistinct() && (function == AggregateFunction.COUNT || function == AggregateFunction.SUM);
        if (function == AggregateFunction.AVG && inExpression) {
            addAggregate(AggregateFunction.COUNT, column, false);
            return addAggregate(AggregateFunction.SUM, column, false);
        }
        return addAggregate(function, column, distinct);
    }

    /** An aggregate over row column {@code source} (-1: COUNT(*)), shared by every mention of it. */
    private int addAggregate(AggregateFunction function, int source, boolean distinct) {
        String key = function + (distinct ? " distinct " : " ") + source;
        Integer known = aggregateKeys.get(key);
        if (known != null) {
            return known;
        }
        int column = partials.size();
        RowPartials.Kind kind = source < 0 ? RowPartials.Kind.ONE
                : function == AggregateFunction.COUNT && !distinct ? RowPartials.Kind.PRESENT : RowPartials.Kind.VALUE;
        partials.add(new RowPartials.Source(kind, source));
        int count = -1;
        if (function == AggregateFunction.AVG) {
            count = partials.size();
            partials.add(new RowPartials.Source(RowPartials.Kind.PRESENT, source));
        }
        aggregates.add(new AggregateSpec(function, column, count, distinct, null));
        aggregateKeys.put(key, column);
        return column;
    }

    // ---- ORDER BY and LIMIT --------------------------------------------------------------------------

    /** The last row's column an ORDER BY key sorts by: a select item (position, alias, text) or a new one. */
    private int orderColumn(Expression e) {
        if (e instanceof LongValue position) {
            long p = position.getValue();
            if (p < 1 || p > items.size()) {
                throw new NotEvaluable("ORDER BY position " + p);
            }
            return itemColumns.get((int) p - 1);
        }
        int alias = e instanceof Column c ? aliasOf(c, -1) : -1;
        if (alias >= 0) {
            return itemColumns.get(alias);
        }
        String key = row.key(e);
        for (int k = 0; k < items.size(); k++) {
            if (items.get(k) != null && key.equals(row.key(items.get(k)))) {
                return itemColumns.get(k);
            }
        }
        return partials != null ? groupColumn(e, -1) : row.rowColumn(e);
    }

    private LimitClause limit() {
        Limit limit = ps.getLimit();
        if (limit == null) {
            return null;
        }
        Expression offsetExpr = limit.getOffset() != null ? limit.getOffset()
                : ps.getOffset() != null ? ps.getOffset().getOffset() : null;
        ValueRef count = limit.getRowCount() == null ? null : row.keys().valueRef(limit.getRowCount());
        ValueRef offset = offsetExpr == null ? null : row.keys().valueRef(offsetExpr);
        if (count == null || offsetExpr != null && offset == null) {
            throw new NotEvaluable("this LIMIT");
        }
        return new LimitClause(offset, count);
    }

    // ---- names ---------------------------------------------------------------------------------------

    /**
     * The select item a bare name in ORDER BY or HAVING means by its alias, or -1. A name that is also a
     * derived column meaning something else is ambiguous: refused rather than guessed.
     */
    private int aliasOf(Column c, int self) {
        if (c.getTable() != null && c.getTable().getName() != null) {
            return -1;
        }
        int k = aliases.indexOf(StatementTables.unquote(c.getColumnName()).toLowerCase(Locale.ROOT));
        if (k < 0 || k == self) {
            return -1;
        }
        Integer derived = row.derivedColumn(c);
        if (derived != null && !(items.get(k) == null || items.get(k) instanceof Column i
                && derived.equals(row.derivedColumn(i)))) {
            throw new NotEvaluable("the name " + c.getColumnName() + ", both an alias and a column");
        }
        return k;
    }

    /**
     * Leaves over an aggregated row: aggregates, group keys, and (in HAVING and ORDER BY) select items by
     * their alias.
     *
     * @param self the select item being compiled, which must not stand for itself; -1 for none
     */
    private final class GroupLayout implements ExpressionCompiler.Layout {

        private final int self;
        private final boolean aliases;

        GroupLayout(int self, boolean aliases) {
            this.self = self;
            this.aliases = aliases;
        }

        @Override
        public Expr leaf(Expression e) {
            Expr literal = row.literal(e);
            if (literal != null) {
                return literal;
            }
            if (SelectItems.aggregateName(e) != null) {
                boolean avg = e instanceof Function f && "AVG".equalsIgnoreCase(f.getName());
                int sum = aggregate(e, true);
                if (avg) {
                    int count = aggregateKeys.get(AggregateFunction.COUNT + " " + partials.get(sum).column());
                    return new Expr.Arith("/", new Expr.ColumnRef(sum, "SUM"), new Expr.ColumnRef(count, "COUNT"),
                            row.text(e));
                }
                return new Expr.ColumnRef(sum, row.text(e));
            }
            int group = groupTexts.indexOf(row.key(e));
            if (group < 0 && e instanceof Column c) {
                int alias = aliases ? aliasOf(c, self) : -1;
                if (alias >= 0 && alias < itemColumns.size()) {
                    int column = itemColumns.get(alias);
                    // an item the proxy computes is compiled again here: the same Extend cannot read it
                    return column >= 0 ? new Expr.ColumnRef(column, row.text(e))
                            : ExpressionCompiler.compile(items.get(alias), new GroupLayout(alias, false));
                }
                Integer derived = row.derivedColumn(c);
                group = derived == null ? -1 : groupRows.indexOf(derived);
                if (group < 0) {
                    throw new NotEvaluable("the column " + row.text(e) + ", neither grouped nor aggregated");
                }
            }
            return group < 0 ? null : new Expr.ColumnRef(groupBy.get(group), row.text(e));
        }

        @Override
        public String text(Expression e) {
            return row.text(e);
        }
    }
}
