package io.shardgate.router.planner;

import io.shardgate.router.merge.AggregateFunction;
import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.RowPartials;
import io.shardgate.router.sql.ShapeTokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Compiles a SELECT over exactly one derived table or WITH body whose rows span shards, in its narrow form:
 * the select list names columns of the derived table and aggregates of them (COUNT, SUM, MIN, MAX, AVG),
 * with an optional GROUP BY of its columns, nothing else. The derived table's SELECT is compiled as a
 * statement of its own ({@link Substatement}: it routes, prunes and merges as it would alone) and the
 * proxy aggregates its merged rows ({@link DerivedTableTemplate}). Any other form is left to the caller's
 * refusal (null).
 */
final class DerivedTableCompiler {

    private static final Map<String, AggregateFunction> FUNCTIONS = Map.of("COUNT", AggregateFunction.COUNT,
            "SUM", AggregateFunction.SUM, "MIN", AggregateFunction.MIN, "MAX", AggregateFunction.MAX,
            "AVG", AggregateFunction.AVG);

    private DerivedTableCompiler() {
    }

    /** The template, or null when the statement is not of the narrow form. */
    static PlanTemplate compile(PlanCompiler compiler, ShapeTokens tokens, String schema, StatementTables tables,
                                PlainSelect ps) {
        if (ps.getWhere() != null || ps.getHaving() != null || ps.getOrderByElements() != null
                || ps.getLimit() != null || ps.getOffset() != null || ps.getFetch() != null
                || ps.getDistinct() != null || ps.getJoins() != null && !ps.getJoins().isEmpty()
                || ps.getWindowDefinitions() != null || ps.getIntoTables() != null) {
            return null;
        }
        String alias;
        Select body;
        List<WithItem<?>> with = ps.getWithItemsList();
        if (with != null && !with.isEmpty()) {
            if (with.size() != 1 || with.getFirst().isRecursive() || with.getFirst().getWithItemList() != null
                    || !(ps.getFromItem() instanceof Table t) || t.getSchemaName() != null
                    || with.getFirst().getAlias() == null) {
                return null;
            }
            alias = StatementTables.unquote(with.getFirst().getAlias().getName());
            if (!alias.equalsIgnoreCase(StatementTables.unquote(t.getName()))) {
                return null;
            }
            body = with.getFirst().getSelect();
        } else if (ps.getFromItem() instanceof ParenthesedSelect p && p.getAlias() != null
                && p.getAlias().getAliasColumns() == null) {
            alias = StatementTables.unquote(p.getAlias().getName());
            body = p;
        } else {
            return null;
        }
        Select inner = body instanceof ParenthesedSelect p ? p.getSelect() : body;
        if (!(inner instanceof PlainSelect innerSelect) || !tables.hasPosition(inner)) {
            return null;
        }
        int innerStart = tables.start(inner);
        int innerEnd = tables.end(inner);
        for (StatementTables.Occurrence o : tables.occurrences()) {
            if (o.sharded() && (o.start() < innerStart || o.end() > innerEnd)) {
                return null;
            }
        }
        Map<String, Integer> labels = labels(innerSelect);
        if (labels == null) {
            return null;
        }
        List<RowPartials.Source> sources = new ArrayList<>();
        List<AggregateSpec> aggregates = new ArrayList<>();
        List<RowPartials.Source> hidden = new ArrayList<>();
        List<Integer> plain = new ArrayList<>();
        int width = ps.getSelectItems().size();
        for (SelectItem<?> item : ps.getSelectItems()) {
            Expression e = item.getExpression();
            int column = sources.size();
            Integer named = column(e, alias, labels);
            if (named != null) {
                sources.add(new RowPartials.Source(RowPartials.Kind.VALUE, named));
                plain.add(named);
                continue;
            }
            if (!(e instanceof Function f) || f.getName() == null || f.getKeep() != null
                    || f.getOrderByElements() != null || f.isIgnoreNulls()) {
                return null;
            }
            AggregateFunction function = FUNCTIONS.get(f.getName().toUpperCase(Locale.ROOT));
            if (function == null) {
                return null;
            }
            boolean star = f.isAllColumns() || f.getParameters() != null && f.getParameters().size() == 1
                    && f.getParameters().getFirst() instanceof AllColumns;
            if (star) {
                if (function != AggregateFunction.COUNT || f.isDistinct()) {
                    return null;
                }
                sources.add(new RowPartials.Source(RowPartials.Kind.ONE, -1));
                aggregates.add(new AggregateSpec(function, column, -1, false, null));
                continue;
            }
            ExpressionList<?> args = f.getParameters();
            Integer argument = args == null || args.size() != 1 ? null : column(args.getFirst(), alias, labels);
            if (argument == null || f.isDistinct() && function == AggregateFunction.AVG) {
                return null;
            }
            boolean distinct = f.isDistinct() && (function == AggregateFunction.COUNT || function == AggregateFunction.SUM);
            RowPartials.Kind kind = function == AggregateFunction.COUNT && !distinct ? RowPartials.Kind.PRESENT
                    : RowPartials.Kind.VALUE;
            sources.add(new RowPartials.Source(kind, argument));
            int count = -1;
            if (function == AggregateFunction.AVG) {
                count = width + hidden.size();
                hidden.add(new RowPartials.Source(RowPartials.Kind.PRESENT, argument));
            }
            aggregates.add(new AggregateSpec(function, column, count, distinct, null));
        }
        List<Integer> groupBy = new ArrayList<>();
        GroupByElement group = ps.getGroupBy();
        if (group != null) {
            if (group.getGroupingSets() != null && !group.getGroupingSets().isEmpty() || group.isMysqlWithRollup()
                    || group.getGroupByExpressionList() == null) {
                return null;
            }
            for (Object o : group.getGroupByExpressionList()) {
                Integer named = o instanceof Expression e ? column(e, alias, labels) : null;
                if (named == null) {
                    return null;
                }
                int at = sources.indexOf(new RowPartials.Source(RowPartials.Kind.VALUE, named));
                if (at < 0 || at >= width || !plain.contains(named)) {
                    at = width + hidden.size();
                    hidden.add(new RowPartials.Source(RowPartials.Kind.VALUE, named));
                }
                groupBy.add(at);
            }
        }
        boolean aggregated = !aggregates.isEmpty() || group != null;
        if (aggregated) {
            // a plain column outside GROUP BY has no one value per group a merge could pick as a server does
            for (int i = 0; i < width; i++) {
                int c = i;
                if (sources.get(i).kind() == RowPartials.Kind.VALUE && aggregates.stream().noneMatch(a -> a.column() == c)
                        && !groupBy.contains(i)) {
                    return null;
                }
            }
        }
        sources.addAll(hidden);
        String shape = tokens.shape();
        int end = shape.length();
        while (end > 0 && (shape.charAt(end - 1) == ';' || Character.isWhitespace(shape.charAt(end - 1)))) {
            end--;
        }
        return new DerivedTableTemplate(Substatement.of(compiler, tokens, innerStart, innerEnd, schema),
                Substatement.text(tokens, 0, innerStart), Substatement.text(tokens, innerEnd, end), sources,
                aggregated ? groupBy : null, aggregates);
    }

    /** The derived table's column names (lower case) by position, or null when one has no plain name. */
    private static Map<String, Integer> labels(PlainSelect inner) {
        Map<String, Integer> labels = new HashMap<>();
        List<SelectItem<?>> items = inner.getSelectItems();
        for (int i = 0; i < items.size(); i++) {
            SelectItem<?> item = items.get(i);
            String label = item.getAlias() != null ? StatementTables.unquote(item.getAlias().getName())
                    : item.getExpression() instanceof Column c && !"*".equals(c.getColumnName())
                    ? StatementTables.unquote(c.getColumnName()) : null;
            if (label == null) {
                return null;
            }
            labels.putIfAbsent(label.toLowerCase(Locale.ROOT), i);
        }
        return labels;
    }

    /** The derived table's column {@code e} names (unqualified or qualified by its alias), else null. */
    private static Integer column(Expression e, String alias, Map<String, Integer> labels) {
        if (!(e instanceof Column c) || c.getTable() != null && c.getTable().getName() != null
                && (c.getTable().getSchemaName() != null
                || !alias.equalsIgnoreCase(StatementTables.unquote(c.getTable().getName())))) {
            return null;
        }
        return labels.get(StatementTables.unquote(c.getColumnName()).toLowerCase(Locale.ROOT));
    }
}
