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
            if (with.size() != 1 || with.getFirst().isRecursive() || !(ps.getFromItem() instanceof Table t)
                    || t.getSchemaName() != null || with.getFirst().getAlias() == null) {
                return null;
            }
            alias = StatementTables.unquote(with.getFirst().getAlias().getName());
            if (!alias.equalsIgnoreCase(StatementTables.unquote(t.getName()))) {
                return null;
            }
            if (t.getAlias() != null) {
                alias = StatementTables.unquote(t.getAlias().getName());
            }
            if (with.getFirst().getWithItemList() != null) {
                columnList = new ArrayList<>();
                for (SelectItem<?> item : with.getFirst().getWithItemList()) {
                    if (!(item.getExpression() instanceof Column c) || item.getAlias() != null) {
                        return null;
                    }
                    columnList.add(StatementTables.unquote(c.getColumnName()));
                }
            }
            body = with.getFirst().getSelect();
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
        for (StatementTables.Occurrence o : tables.occurrences()) {
            if (o.sharded() && (o.start() < innerStart || o.end() > innerEnd)) {
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
        OuterPipeline outer = OuterSelectCompiler.compile(ps, alias, labels, tables,
                tokens.shape());
        if (outer == null) {
            return null;
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
        return new DerivedTableTemplate(Substatement.of(compiler, tokens, innerStart, innerEnd, schema),
                inner instanceof SetOperationList, Substatement.text(tokens, 0, innerStart), Substatement.text(tokens, innerEnd, end), labels.size(),
                outer);
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
