package io.shardgate.router.planner;

import io.shardgate.router.eval.Expr;
import io.shardgate.router.eval.ExpressionCompiler;
import io.shardgate.router.eval.NotEvaluable;
import io.shardgate.router.sql.SqlTemplateBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;

/**
 * A derived table's row as the SELECT around it sees it: the derived table's columns by name (bare or
 * qualified by its alias), the statement's literals, and the expressions over them the proxy appends to
 * each row before grouping ({@link #rowColumn}), which a plan's {@code Extend} computes. Also the
 * statement's text of an expression, for messages and for recognising the same expression twice.
 */
final class DerivedRow {

    private final String alias;
    private final List<String> labels;
    private final StatementTables tables;
    private final KeyConditions keys;
    private final String shape;
    private final List<Expr> appended = new ArrayList<>();
    private final Map<String, Integer> appendedKeys = new HashMap<>();
    /** An aggregate was met in an expression over single rows. */
    private boolean sawAggregate;

    /**
     * @param labels the derived table's column names by position, lower case (null where a column has no
     *     plain name: only a {@code *} reads it)
     */
    DerivedRow(String alias, List<String> labels, StatementTables tables, String shape) {
        this.alias = alias;
        this.labels = labels;
        this.tables = tables;
        this.shape = shape;
        this.keys = new KeyConditions(tables, new SqlTemplateBuilder(shape));
    }

    String alias() {
        return alias;
    }

    List<String> labels() {
        return labels;
    }

    /** How many columns the derived table has. */
    int width() {
        return labels.size();
    }

    /** The expressions appended to each row, in order after the derived table's columns. */
    List<Expr> appended() {
        return appended;
    }

    boolean sawAggregate() {
        return sawAggregate;
    }

    KeyConditions keys() {
        return keys;
    }

    /** {@code e} over one row (WHERE). */
    Expr compile(Expression e) {
        return ExpressionCompiler.compile(e, new RowLayout());
    }

    /** The row's column holding {@code e}: a derived column, or an expression appended for it. */
    int rowColumn(Expression e) {
        Integer derived = e instanceof Column c ? derivedColumn(c) : null;
        if (derived != null) {
            return derived;
        }
        String key = key(e);
        Integer known = appendedKeys.get(key);
        if (known != null) {
            return known;
        }
        Expr expr = compile(e);
        int column = width() + appended.size();
        appended.add(expr);
        appendedKeys.put(key, column);
        return column;
    }

    /** The derived table's column {@code c} names (bare or qualified by its alias), else null. */
    Integer derivedColumn(Column c) {
        if (c.getTable() != null && c.getTable().getName() != null && (c.getTable().getSchemaName() != null
                || !alias.equalsIgnoreCase(StatementTables.unquote(c.getTable().getName())))) {
            return null;
        }
        int i = labels.indexOf(StatementTables.unquote(c.getColumnName()).toLowerCase(Locale.ROOT));
        return i < 0 ? null : i;
    }

    /** A statement literal's slot, or a number the normalizer left in the shape; else null. */
    Expr literal(Expression e) {
        return keys.literal(e);
    }

    /** The same for the same expression however it is spaced or cased. */
    String key(Expression e) {
        return text(e).toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
    }

    String text(Expression e) {
        return tables.hasPosition(e) ? shape.substring(tables.start(e), tables.end(e)) : String.valueOf(e);
    }

    /** Leaves over the derived table's row (WHERE, and everything before grouping). */
    private final class RowLayout implements ExpressionCompiler.Layout {

        @Override
        public Expr leaf(Expression e) {
            Expr literal = literal(e);
            if (literal != null) {
                return literal;
            }
            if (SelectItems.aggregateName(e) != null) {
                sawAggregate = true;
                throw new NotEvaluable(text(e) + " over ungrouped rows");
            }
            if (e instanceof Column c) {
                Integer derived = derivedColumn(c);
                if (derived == null) {
                    throw new NotEvaluable(text(e));
                }
                return new Expr.ColumnRef(derived, text(e));
            }
            // an operator: compiled from its parts, never from another appended column (the same Extend
            // computes those)
            return null;
        }

        @Override
        public String text(Expression e) {
            return DerivedRow.this.text(e);
        }
    }
}
