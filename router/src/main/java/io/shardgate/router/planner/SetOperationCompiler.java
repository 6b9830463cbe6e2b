package io.shardgate.router.planner;

import io.shardgate.router.merge.SortKey;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.sql.ShapeParser;
import io.shardgate.router.sql.ShapeTokens;
import io.shardgate.router.sql.SqlTemplateBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ExceptOp;
import net.sf.jsqlparser.statement.select.IntersectOp;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.MinusOp;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperation;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.UnionOp;

/**
 * Compiles {@code UNION [ALL] / INTERSECT [ALL] / EXCEPT [ALL]} over sharded tables, and a parenthesized
 * SELECT: each SELECT is compiled on its own, as a statement of its own shape (so it routes, prunes and
 * merges as it would alone), and the set operation combines their plans ({@link SetOperationTemplate}).
 * INTERSECT binds tighter than UNION and EXCEPT, which apply left to right, as in MariaDB. ORDER BY over the
 * whole names a column of the first SELECT (its label) or a position; LIMIT takes numbers.
 */
final class SetOperationCompiler {

    private final PlanCompiler compiler;
    private final ShapeParser.Parsed parsed;
    private final ShapeTokens tokens;
    private final String schema;
    private final StatementTables tables;

    private SetOperationCompiler(PlanCompiler compiler, ShapeParser.Parsed parsed, ShapeTokens tokens, String schema,
                                 StatementTables tables) {
        this.compiler = compiler;
        this.parsed = parsed;
        this.tokens = tokens;
        this.schema = schema;
        this.tables = tables;
    }

    static PlanTemplate compile(PlanCompiler compiler, ShapeParser.Parsed parsed, ShapeTokens tokens, String schema,
                                StatementTables tables) {
        return new SetOperationCompiler(compiler, parsed, tokens, schema, tables).compile();
    }

    private PlanTemplate compile() {
        Select statement = (Select) parsed.statement();
        if (statement.getWithItemsList() != null && !statement.getWithItemsList().isEmpty()) {
            return refuse("WITH (common table expressions) over sharded tables");
        }
        if (statement instanceof ParenthesedSelect p && p.getOrderByElements() == null && p.getLimit() == null
                && p.getOffset() == null && tables.hasPosition(p.getSelect())) {
            Substatement alone = side(p.getSelect(), false).select();
            return alone::bind;
        }
        if (!(statement instanceof SetOperationList list) || list.getFetch() != null || list.getForMode() != null
                || list.getSelects().stream().anyMatch(s -> !tables.hasPosition(inner(s)))) {
            return refuse("this UNION / INTERSECT / EXCEPT form over sharded table " + tables.sharded().getFirst().name());
        }
        // terms of INTERSECT chains, joined left to right by UNION / EXCEPT
        List<SetOperationTemplate.Node> terms = new ArrayList<>();
        List<SetOperation> joins = new ArrayList<>();
        int last = list.getSelects().size() - 1;
        SetOperationTemplate.Node term = side(inner(list.getSelect(0)), last == 0 && list.getSelect(0) instanceof PlainSelect);
        for (int i = 0; i < list.getOperations().size(); i++) {
            SetOperation op = list.getOperation(i);
            SetOperationTemplate.Node next = side(inner(list.getSelect(i + 1)),
                    i + 1 == last && list.getSelect(i + 1) instanceof PlainSelect);
            if (op instanceof IntersectOp x) {
                term = new SetOperationTemplate.Combine(SetOperationTemplate.Kind.INTERSECT, x.isAll(), term, next);
            } else if (op instanceof UnionOp || op instanceof ExceptOp || op instanceof MinusOp) {
                terms.add(term);
                joins.add(op);
                term = next;
            } else {
                return refuse("set operation " + op + " over sharded tables");
            }
        }
        terms.add(term);
        SetOperationTemplate.Node tree = terms.getFirst();
        for (int i = 0; i < joins.size(); i++) {
            SetOperation op = joins.get(i);
            SetOperationTemplate.Kind kind = op instanceof UnionOp ? SetOperationTemplate.Kind.UNION
                    : SetOperationTemplate.Kind.EXCEPT;
            boolean all = op instanceof UnionOp u ? u.isAll() : op instanceof ExceptOp e && e.isAll();
            tree = new SetOperationTemplate.Combine(kind, all, tree, terms.get(i + 1));
        }
        try {
            return new SetOperationTemplate(tree, orderBy(list), limit(list));
        } catch (PlanException e) {
            return PlanTemplate.fixed(e.reject());
        }
    }

    /** The SELECT inside parentheses, which runs as a statement of its own. */
    private static Select inner(Select s) {
        return s instanceof ParenthesedSelect p && p.getOrderByElements() == null && p.getLimit() == null
                && p.getAlias() == null ? p.getSelect() : s;
    }

    /**
     * One SELECT: its range of the shape compiled as a statement, with its own literals.
     *
     * @param last the statement's last SELECT: unparenthesized, its ORDER BY and LIMIT are the whole
     *     statement's (the parser gives them to it)
     */
    private SetOperationTemplate.Side side(Select select, boolean last) {
        int start = tables.start(select);
        int end = tables.end(select);
        if (last && select instanceof PlainSelect) {
            int depth = tokens.get(tokens.indexAt(start)).depth();
            for (int i = tokens.indexAt(start); i < tokens.size() && tokens.get(i).start() < end; i++) {
                ShapeTokens.Token t = tokens.get(i);
                if (t.depth() == depth && (t.is("LIMIT") || t.is("ORDER") && i + 1 < tokens.size()
                        && tokens.get(i + 1).is("BY"))) {
                    end = t.start() > 0 && tokens.shape().charAt(t.start() - 1) == ' ' ? t.start() - 1 : t.start();
                    break;
                }
            }
        }
        return new SetOperationTemplate.Side(Substatement.of(compiler, tokens, start, end, schema));
    }

    /** ORDER BY over the whole result: positions, or labels of the first SELECT's columns. */
    private List<SortKey> orderBy(SetOperationList list) {
        List<OrderByElement> elements = list.getOrderByElements();
        if ((elements == null || elements.isEmpty()) && list.getSelects().getLast() instanceof PlainSelect ps
                && !(list.getSelects().getLast() instanceof ParenthesedSelect)) {
            elements = ps.getOrderByElements();
        }
        if (elements == null || elements.isEmpty()) {
            return List.of();
        }
        List<SelectItem<?>> items = firstItems(list);
        List<SortKey> keys = new ArrayList<>();
        for (OrderByElement e : elements) {
            if (e.getNullOrdering() != null) {
                throw PlanException.notSupported("NULLS FIRST/LAST across shards");
            }
            keys.add(new SortKey(column(e.getExpression(), items), !e.isAsc()));
        }
        return keys;
    }

    private int column(Expression e, List<SelectItem<?>> items) {
        if (e instanceof LongValue n && n.getValue() >= 1 && (items == null || n.getValue() <= items.size())) {
            return (int) n.getValue() - 1;
        }
        if (e instanceof Column c && c.getTable() == null && items != null) {
            String name = StatementTables.unquote(c.getColumnName()).toLowerCase(Locale.ROOT);
            for (int i = 0; i < items.size(); i++) {
                SelectItem<?> item = items.get(i);
                String label = item.getAlias() != null ? StatementTables.unquote(item.getAlias().getName())
                        : item.getExpression() instanceof Column ic ? StatementTables.unquote(ic.getColumnName())
                        : null;
                if (label != null && label.toLowerCase(Locale.ROOT).equals(name)) {
                    return i;
                }
            }
        }
        throw PlanException.notSupported("ORDER BY " + text(e) + " over UNION / INTERSECT / EXCEPT across shards "
                + "(order by a column of the first SELECT, by name or position)");
    }

    /** The select list of the first SELECT, or null when it has a {@code *} (positions only then). */
    private static List<SelectItem<?>> firstItems(Select s) {
        while (true) {
            if (s instanceof ParenthesedSelect p) {
                s = p.getSelect();
            } else if (s instanceof SetOperationList l) {
                s = l.getSelect(0);
            } else if (s instanceof PlainSelect ps) {
                boolean star = ps.getSelectItems().stream().anyMatch(i -> String.valueOf(i.getExpression()).endsWith("*"));
                return star ? null : ps.getSelectItems();
            } else {
                return null;
            }
        }
    }

    private LimitClause limit(SetOperationList list) {
        Limit limit = list.getLimit();
        Select owner = list;
        if (limit == null && list.getSelects().getLast() instanceof PlainSelect ps) {
            limit = ps.getLimit();
            owner = ps;
        }
        return LimitClause.of(limit, owner.getOffset(),
                new KeyConditions(tables, new SqlTemplateBuilder(tokens.shape())));
    }

    private String text(Expression e) {
        return tables.hasPosition(e) ? tokens.shape().substring(tables.start(e), tables.end(e)) : String.valueOf(e);
    }

    private static PlanTemplate refuse(String what) {
        return PlanTemplate.fixed(Reject.notSupported(what));
    }
}
