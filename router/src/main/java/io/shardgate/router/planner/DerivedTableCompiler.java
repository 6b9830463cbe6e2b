package io.shardgate.router.planner;

import io.shardgate.router.sql.ShapeTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Compiles a SELECT over exactly one derived table or WITH body whose rows span shards: the derived table's
 * SELECT (or UNION) is compiled as a statement of its own ({@link Substatement}: it routes, prunes and
 * merges as it would alone) and the proxy evaluates the outer SELECT over its merged rows
 * ({@link OuterSelectCompiler}, {@link DerivedTableTemplate}). Any other form is left to the caller's
 * refusal (null).
 */
final class DerivedTableCompiler {

    private DerivedTableCompiler() {
    }

    /** The template, or null when the statement is not of this form. */
    static PlanTemplate compile(PlanCompiler compiler, ShapeTokens tokens, String schema, StatementTables tables,
                                PlainSelect ps) {
        if (ps.getJoins() != null && !ps.getJoins().isEmpty() || ps.getIntoTables() != null) {
            return null;
        }
        String alias;
        Select body;
        List<String> columnList = null;
        List<WithItem<?>> with = ps.getWithItemsList();
        if (with != null && !with.isEmpty()) {
            // the outer SELECT reads the last WITH body, which may read the ones before it
            WithItem<?> last = with.getLast();
            if (with.stream().anyMatch(WithItem::isRecursive) || !(ps.getFromItem() instanceof Table t)
                    || t.getSchemaName() != null || last.getAlias() == null) {
                return null;
            }
            alias = StatementTables.unquote(last.getAlias().getName());
            if (!alias.equalsIgnoreCase(StatementTables.unquote(t.getName()))) {
                return null;
            }
            if (t.getAlias() != null) {
                alias = StatementTables.unquote(t.getAlias().getName());
            }
            if (last.getWithItemList() != null) {
                columnList = new ArrayList<>();
                for (SelectItem<?> item : last.getWithItemList()) {
                    if (!(item.getExpression() instanceof Column c) || item.getAlias() != null) {
                        return null;
                    }
                    columnList.add(StatementTables.unquote(c.getColumnName()));
                }
            }
            body = last.getSelect();
        } else if (ps.getFromItem() instanceof ParenthesedSelect p && p.getAlias() != null) {
            alias = StatementTables.unquote(p.getAlias().getName());
            if (p.getAlias().getAliasColumns() != null) {
                columnList = p.getAlias().getAliasColumns().stream().map(c -> StatementTables.unquote(c.name)).toList();
            }
            body = p;
        } else {
            return null;
        }
        Select inner = body instanceof ParenthesedSelect p ? p.getSelect() : body;
        if (!tables.hasPosition(inner)) {
            return null;
        }
        int innerStart = tables.start(inner);
        int innerEnd = tables.end(inner);
        String lead = "";
        int beforeStart = 0;
        int readsFrom = innerStart;
        Substatement innerStatement;
        if (with != null && !with.isEmpty()) {
            // "WITH a AS (A), b AS (" + B + ...: the derived rows are those of "WITH a AS (A) B", and the
            // typing statement keeps only "WITH b AS (" + its shard's statement for them
            int c = tokens.indexBefore(innerStart);
            while (c > 0 && !(tokens.get(c).depth() == 0 && (tokens.get(c).isPunct(',') || tokens.get(c).is("WITH")))) {
                c--;
            }
            if (c < 0 || c + 1 >= tokens.size()) {
                return null;
            }
            lead = "WITH ";
            beforeStart = tokens.get(c + 1).start();
            if (with.size() > 1) {
                int withStart = tokens.get(0).start();
                int withEnd = tokens.get(c).start();
                if (!tokens.get(0).is("WITH") || Substatement.text(tokens, withEnd, innerStart).slots() != 0) {
                    return null;
                }
                readsFrom = withStart;
                String shape = tokens.shape().substring(withStart, withEnd) + " "
                        + tokens.shape().substring(innerStart, innerEnd);
                Substatement range = Substatement.text(tokens, withStart, innerEnd);
                innerStatement = new Substatement(compiler.compile(shape, schema), shape, range.firstSlot(),
                        range.slots());
            } else {
                innerStatement = Substatement.of(compiler, tokens, innerStart, innerEnd, schema);
            }
        } else {
            innerStatement = Substatement.of(compiler, tokens, innerStart, innerEnd, schema);
        }
        for (StatementTables.Occurrence o : tables.occurrences()) {
            if (o.sharded() && (o.start() < readsFrom || o.end() > innerEnd)) {
                return null;
            }
        }
        List<String> labels = labels(inner);
        if (labels == null || columnList != null && columnList.size() != labels.size()) {
            return null;
        }
        if (columnList != null) {
            labels = columnList.stream().map(l -> l.toLowerCase(Locale.ROOT)).toList();
        }
        OuterPipeline outer;
        try {
            outer = OuterSelectCompiler.compile(ps, alias, labels, tables, tokens.shape());
        } catch (PlanException e) {
            return PlanTemplate.fixed(e.reject()); // no other planner reads a lone derived table
        }
        String shape = tokens.shape();
        int end = shape.length();
        while (end > 0 && (shape.charAt(end - 1) == ';' || Character.isWhitespace(shape.charAt(end - 1)))) {
            end--;
        }
        // the typing statement replaces the outer LIMIT by LIMIT 0
        for (int i = tokens.indexBefore(innerEnd) + 1; i < tokens.size(); i++) {
            if (tokens.get(i).depth() == 0 && tokens.get(i).is("LIMIT")) {
                end = tokens.get(i).start();
                while (end > 0 && Character.isWhitespace(shape.charAt(end - 1))) {
                    end--;
                }
                break;
            }
        }
        return new DerivedTableTemplate(innerStatement, inner instanceof SetOperationList, lead,
                Substatement.text(tokens, beforeStart, innerStart), Substatement.text(tokens, innerEnd, end),
                labels.size(), outer);
    }

    /**
     * The derived table's column names (lower case; null where one has no plain name, which only a
     * {@code *} of the outer SELECT can read) by position, or null when a {@code *} hides how many there
     * are. A UNION's columns are named by its first SELECT.
     */
    private static List<String> labels(Select inner) {
        Select first = inner;
        while (first instanceof SetOperationList list) {
            first = list.getSelects().getFirst();
        }
        while (first instanceof ParenthesedSelect p) {
            first = p.getSelect();
        }
        if (!(first instanceof PlainSelect select)) {
            return null;
        }
        List<String> labels = new ArrayList<>();
        for (SelectItem<?> item : select.getSelectItems()) {
            if (item.getExpression() instanceof AllColumns) {
                return null;
            }
            String label = item.getAlias() != null ? StatementTables.unquote(item.getAlias().getName())
                    : item.getExpression() instanceof Column c ? StatementTables.unquote(c.getColumnName()) : null;
            labels.add(label == null ? null : label.toLowerCase(Locale.ROOT));
        }
        return labels;
    }
}
