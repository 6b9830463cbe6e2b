package io.shardgate.router.planner;

import io.shardgate.router.plan.InlineSubqueries;
import io.shardgate.router.sql.ShapeParser;
import io.shardgate.router.sql.ShapeTokens;
import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.sql.SqlTemplateBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Compiles a SELECT whose WHERE clause holds subqueries over sharded tables into an
 * {@link InlineSubqueryTemplate}: each subquery is compiled as a statement of its own ({@link Substatement}),
 * the rest of the statement is kept as text around them. Only uncorrelated subqueries qualify: one naming a
 * table or alias of the outer statement (a correlation) is not, and neither is a subquery outside WHERE (a
 * derived table, a select-list subquery); the statement is then refused as before. A subquery whose columns
 * name the outer statement without a qualifier is read by the shards as its own and fails there (1054
 * unknown column) rather than give a wrong answer.
 */
final class SubqueryCompiler {

    private SubqueryCompiler() {
    }

    /** The template, or null when the statement's subqueries do not all qualify. */
    static PlanTemplate compile(PlanCompiler compiler, ShapeParser.Parsed parsed, ShapeTokens tokens, String schema,
                                StatementTables tables, PlainSelect ps) {
        if (ps.getWhere() == null || ps.getWithItemsList() != null && !ps.getWithItemsList().isEmpty()) {
            return null;
        }
        int whereStart = tables.start(ps.getWhere());
        int whereEnd = tables.end(ps.getWhere());
        List<Select> found = tables.subqueriesWithin(whereStart, whereEnd);
        if (found.isEmpty()) {
            return null;
        }
        List<int[]> ranges = new ArrayList<>();
        List<InlineSubqueries.Use> uses = new ArrayList<>();
        List<Substatement> statements = new ArrayList<>();
        List<InlineSubqueries.SemiJoinSite> sites = new ArrayList<>();
        int selectEnd = semiJoinSelectEnd(tables, ps);
        for (Select s : found) {
            int start = tables.start(s);
            int end = tables.end(s);
            int open = tokens.indexBefore(start);
            boolean parenthesized = tokens.shape().charAt(start) == '(';
            int innerStart = parenthesized ? tokens.get(tokens.indexAt(start) + 1).start() : start;
            int innerEnd = parenthesized ? end - 1 : end;
            int outerStart = parenthesized ? start : open >= 0 && tokens.get(open).isPunct('(') ? tokens.get(open).start() : -1;
            int outerEnd = parenthesized ? end : closeAfter(tokens, end);
            if (outerStart < 0 || outerEnd < 0 || correlated(tables, innerStart, innerEnd)) {
                return null;
            }
            int before = tokens.indexBefore(outerStart);
            ShapeTokens.Token prev = before >= 0 ? tokens.get(before) : null;
            InlineSubqueries.Use use = prev == null ? InlineSubqueries.Use.SCALAR
                    : prev.is("IN") ? InlineSubqueries.Use.IN_LIST
                    : prev.is("EXISTS") ? InlineSubqueries.Use.EXISTS
                    : prev.is("ANY") || prev.is("SOME") || prev.is("ALL") ? InlineSubqueries.Use.QUANTIFIED
                    : InlineSubqueries.Use.SCALAR;
            ranges.add(new int[] {outerStart, outerEnd});
            uses.add(use);
            sites.add(use == InlineSubqueries.Use.IN_LIST && selectEnd >= 0
                    ? site(tables, tokens, ps.getWhere(), outerStart, selectEnd, !plainRead(ps)) : null);
            statements.add(Substatement.of(compiler, tokens, innerStart, innerEnd, schema));
        }
        // every sharded table below the top level must be inside one of them
        for (StatementTables.Occurrence o : tables.occurrences()) {
            if (o.sharded() && o.depth() > 0 && ranges.stream().noneMatch(r -> r[0] <= o.start() && o.end() <= r[1])) {
                return null;
            }
        }
        List<Substatement> parts = new ArrayList<>();
        boolean anySite = sites.stream().anyMatch(java.util.Objects::nonNull);
        // the first part split where the select list ends, for a semi-join's column to be appended there
        Substatement head = anySite ? Substatement.text(tokens, 0, selectEnd) : null;
        int at = anySite ? selectEnd : 0;
        for (int[] r : ranges) {
            parts.add(Substatement.text(tokens, at, r[0]));
            at = r[1];
        }
        parts.add(Substatement.text(tokens, at, tokens.shape().length()));
        SqlTemplateBuilder builder = new SqlTemplateBuilder(tokens.shape());
        tables.registerTableHoles(builder);
        SqlTemplate metadata = builder.template(List.of());
        return new InlineSubqueryTemplate(head, parts, uses, sites, statements, List.copyOf(tables.sharded()),
                metadata);
    }

    /**
     * Where the select list ends when the outer statement may filter its rows by a semi-join, else -1: a select
     * from tables without INTO, locking or windows (the planner places a semi-join's filter right above the
     * shard reads, which a window computed there would have to sit above).
     */
    private static int semiJoinSelectEnd(StatementTables tables, PlainSelect ps) {
        if (ps.getWindowDefinitions() != null || ps.getFromItem() == null || ps.getIntoTables() != null
                || ps.getForMode() != null) {
            return -1;
        }
        SelectItem<?> last = ps.getSelectItems().getLast();
        return tables.hasPosition(last) ? tables.end(last)
                : tables.hasPosition(last.getExpression()) ? tables.end(last.getExpression()) : -1;
    }

    /**
     * Whether the outer rows are the statement's rows, x appended (no grouping, aggregate, DISTINCT, LIMIT):
     * then a filter over the outer plan decides. Any function call in the select list counts as not plain: an
     * aggregate is not told apart from the rest.
     */
    private static boolean plainRead(PlainSelect ps) {
        if (ps.getDistinct() != null || ps.getGroupBy() != null || ps.getHaving() != null || ps.getLimit() != null
                || ps.getOffset() != null || ps.getFetch() != null) {
            return false;
        }
        return ps.getSelectItems().stream().noneMatch(item -> item.toString().contains("("));
    }

    /**
     * The semi-join site of the IN subquery starting at {@code subqueryStart}: when it is {@code column [NOT] IN}
     * or {@code (column, column ...) [NOT] IN} in the WHERE's top-level AND, else null.
     */
    private static InlineSubqueries.SemiJoinSite site(StatementTables tables, ShapeTokens tokens, Expression where,
                                                      int subqueryStart, int selectEnd, boolean planned) {
        for (Expression e : conjuncts(where)) {
            if (!(e instanceof InExpression in) || !tables.hasPosition(in.getRightExpression())
                    || tables.start(in.getRightExpression()) != subqueryStart) {
                continue;
            }
            List<Column> columns = new ArrayList<>();
            if (in.getLeftExpression() instanceof Column c) {
                columns.add(c);
            } else if (in.getLeftExpression() instanceof ParenthesedExpressionList<?> list) {
                list.forEach(x -> columns.add(x instanceof Column c ? c : null));
            }
            if (columns.isEmpty() || columns.stream().anyMatch(c -> c == null || !tables.hasPosition(c))) {
                return null;
            }
            int start = tables.start(columns.getFirst());
            if (columns.size() > 1) { // the row constructor's '('
                int open = tokens.indexBefore(start);
                if (open < 0 || !tokens.get(open).isPunct('(')) {
                    return null;
                }
                start = tokens.get(open).start();
            }
            List<String> text = columns.stream().map(c -> tokens.shape().substring(tables.start(c), tables.end(c)))
                    .toList();
            return new InlineSubqueries.SemiJoinSite(text, in.isNot(), subqueryStart - start, selectEnd, planned);
        }
        return null;
    }

    /**
     * The terms of a top-level AND. JSqlParser 5.3 reads {@code a IN (s) AND b} as {@code a IN ((s) AND b)} (and
     * so with OR, XOR): such an IN is put back in its place first ({@link KeyConditions#repaired}), so that an IN
     * under OR is never taken for a term.
     */
    private static List<Expression> conjuncts(Expression e) {
        List<Expression> out = new ArrayList<>();
        if (e instanceof AndExpression and) {
            out.addAll(conjuncts(and.getLeftExpression()));
            out.addAll(conjuncts(and.getRightExpression()));
        } else if (e instanceof InExpression in && (in.getRightExpression() instanceof AndExpression
                || in.getRightExpression() instanceof OrExpression || in.getRightExpression() instanceof XorExpression)) {
            out.addAll(conjuncts(KeyConditions.repaired(in, in.getRightExpression())));
        } else {
            out.add(e);
        }
        return out;
    }

    /** Index-free: the offset just after the ')' that closes a subquery ending at {@code end}, or -1. */
    private static int closeAfter(ShapeTokens tokens, int end) {
        for (ShapeTokens.Token t : tokens.list()) {
            if (t.start() >= end) {
                return t.isPunct(')') ? t.end() : -1;
            }
        }
        return -1;
    }

    /** A qualified column inside [start, end) whose qualifier no table inside it declares. */
    private static boolean correlated(StatementTables tables, int start, int end) {
        Set<String> declared = new HashSet<>();
        for (StatementTables.Occurrence o : tables.occurrences()) {
            if (!o.alias() && o.start() >= start && o.end() <= end) {
                declared.add(o.name().toLowerCase(Locale.ROOT));
                if (o.table().getAlias() != null) {
                    declared.add(StatementTables.unquote(o.table().getAlias().getName()).toLowerCase(Locale.ROOT));
                }
            }
        }
        for (Column c : tables.qualifiedColumnsWithin(start, end)) {
            String q = StatementTables.unquote(c.getTable().getName()).toLowerCase(Locale.ROOT);
            if (!declared.contains(q)) {
                return true;
            }
        }
        return false;
    }
}
