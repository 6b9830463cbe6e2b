package io.shardgate.router.planner;

import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.sql.SqlTemplateBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.MySQLGroupConcat;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * The select list of a scatter as the merge sees it: the client's items, then hidden columns the planner
 * appends (sort keys and aggregates the client did not select, AVG's counts). Resolves an expression of
 * ORDER BY, GROUP BY or HAVING to a column: by position ({@code ORDER BY 2}), alias, identical text or
 * column name; expressions holding literals never match by text, because two statements of one shape may
 * hold different literals there.
 *
 * <p>Column references are {@code k} for item k and {@code items + j} for hidden column j until
 * {@link #column} turns them into merge indexes, counted from the end when a {@code *} makes the count of
 * leading columns unknown; an ORDER BY position inside or after a {@code *} is a column counted from the start.
 */
final class SelectItems {

    static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "MIN", "MAX", "AVG", "GROUP_CONCAT");

    /**
     * References from here on are client column positions inside or after a {@code *} ({@code ORDER BY 2} of
     * {@code SELECT *}): {@code POSITION + p - 1} is merge column {@code p - 1}, counted from the start.
     */
    private static final int POSITION = 1 << 24;

    /** One select-list item. */
    record Item(SelectItem<?> item, Expression expr, String alias, String key, boolean star, String aggregate) {
    }

    private record Hidden(List<SqlTemplate.Piece> pieces, String key) {
    }

    private final StatementTables tables;
    private final SqlTemplateBuilder builder;
    private final List<Item> items = new ArrayList<>();
    private final List<Hidden> hidden = new ArrayList<>();
    private final int firstStar;
    private final int stars;

    SelectItems(List<SelectItem<?>> selectItems, StatementTables tables, SqlTemplateBuilder builder) {
        this.tables = tables;
        this.builder = builder;
        int first = -1;
        int count = 0;
        for (SelectItem<?> si : selectItems) {
            Expression e = si.getExpression();
            boolean star = e instanceof AllColumns;
            if (star) {
                count++;
                first = first < 0 ? items.size() : first;
            }
            String alias = si.getAlias() == null ? null : StatementTables.unquote(si.getAlias().getName());
            items.add(new Item(si, e, alias, star ? null : key(e), star, aggregateName(e)));
        }
        this.firstStar = first;
        this.stars = count;
    }

    List<Item> items() {
        return items;
    }

    boolean hasStar() {
        return stars > 0;
    }

    /** The item or hidden column the expression denotes, or -1. */
    int match(Expression e) {
        if (e instanceof LongValue position) {
            long p = position.getValue();
            if (stars > 0 && p > firstStar && p <= POSITION) {
                // inside or after a *: the client's column p is merge column p - 1 whatever the * holds (a
                // position past the last column fails on the shards, 1054, as on one server)
                return POSITION + (int) p - 1;
            }
            if (p < 1 || p > items.size() || items.get((int) p - 1).star()) {
                throw PlanException.notSupported("ORDER BY/GROUP BY position " + p + " across shards");
            }
            return (int) p - 1;
        }
        if (e instanceof Column c && c.getTable() == null) {
            String name = StatementTables.unquote(c.getColumnName());
            for (int k = 0; k < items.size(); k++) {
                if (name.equalsIgnoreCase(items.get(k).alias())) {
                    return k;
                }
            }
        }
        String key = key(e);
        if (key != null) {
            for (int k = 0; k < items.size(); k++) {
                if (key.equals(items.get(k).key())) {
                    return k;
                }
            }
            for (int j = 0; j < hidden.size(); j++) {
                if (key.equals(hidden.get(j).key())) {
                    return items.size() + j;
                }
            }
        }
        if (e instanceof Column c) {
            String name = StatementTables.unquote(c.getColumnName());
            int found = -1;
            for (int k = 0; k < items.size(); k++) {
                if (items.get(k).expr() instanceof Column ic && name.equalsIgnoreCase(StatementTables.unquote(ic.getColumnName()))
                        && (c.getTable() == null || ic.getTable() == null)) {
                    if (found >= 0) {
                        return -1;
                    }
                    found = k;
                }
            }
            return found;
        }
        return -1;
    }

    /** The item or hidden column whose text key is {@code key}, or -1. */
    int matchKey(String key) {
        for (int k = 0; k < items.size(); k++) {
            if (key.equals(items.get(k).key())) {
                return k;
            }
        }
        for (int j = 0; j < hidden.size(); j++) {
            if (key.equals(hidden.get(j).key())) {
                return items.size() + j;
            }
        }
        return -1;
    }

    /** The column for {@code e}: a matching item, else a hidden column holding {@code e}. */
    int matchOrHide(Expression e) {
        int m = match(e);
        return m >= 0 ? m : hide(builder.copy(tables.start(e), tables.end(e)), key(e));
    }

    /** Appends a hidden column; returns its reference. */
    int hide(List<SqlTemplate.Piece> pieces, String key) {
        hidden.add(new Hidden(pieces, key));
        return items.size() + hidden.size() - 1;
    }

    int hiddenCount() {
        return hidden.size();
    }

    /** The edit appending the hidden columns after the last item; null when there are none. */
    SqlTemplateBuilder.Edit hiddenColumnsEdit() {
        if (hidden.isEmpty()) {
            return null;
        }
        List<SqlTemplate.Piece> pieces = new ArrayList<>();
        for (Hidden h : hidden) {
            pieces.add(new SqlTemplate.Text(", "));
            pieces.addAll(h.pieces());
        }
        return SqlTemplateBuilder.Edit.insert(tables.end(items.getLast().item()), pieces);
    }

    /** The merge index of a reference (see the class comment). */
    int column(int ref) {
        if (ref >= POSITION) {
            return ref - POSITION;
        }
        int n = items.size();
        int h = hidden.size();
        if (stars == 0) {
            return ref;
        }
        if (ref >= n) {
            return -(h - (ref - n));
        }
        if (ref < firstStar) {
            return ref;
        }
        if (ref == firstStar || stars > 1) {
            throw PlanException.notSupported("ORDER BY, GROUP BY or aggregates referring to columns after "
                    + (stars > 1 ? "several *" : "*") + " across shards; name the columns");
        }
        return -(h + n - ref);
    }

    /** How many columns the client sees: a merge count, relative when there is a {@code *}. */
    int visibleColumns() {
        return stars == 0 ? items.size() : -hidden.size();
    }

    /**
     * Text identity of an expression for matching: the shape text without spaces and backticks,
     * lower-cased; null when it holds a literal (a {@code ?}).
     */
    String key(Expression e) {
        if (!tables.hasPosition(e)) {
            return null;
        }
        String text = builder.shape().substring(tables.start(e), tables.end(e));
        if (text.indexOf('?') >= 0) {
            return null;
        }
        StringBuilder k = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '`') {
                k.append(Character.toLowerCase(c));
            }
        }
        return k.toString().toLowerCase(Locale.ROOT);
    }

    /** COUNT, SUM, MIN, MAX, AVG or GROUP_CONCAT when {@code e} is that aggregate call; else null. */
    static String aggregateName(Expression e) {
        if (e instanceof MySQLGroupConcat) {
            return "GROUP_CONCAT";
        }
        if (e instanceof Function f && !(e instanceof AnalyticExpression) && f.getName() != null) {
            String name = f.getName().toUpperCase(Locale.ROOT);
            return AGGREGATES.contains(name) ? name : null;
        }
        return null;
    }

    /** Whether something below {@code root} (not inside a subquery of it) passes {@code test}. */
    boolean containsBelow(Object root, java.util.function.Predicate<Object> test) {
        SimpleNode node = tables.node(root);
        return node != null && below(node, root, test);
    }

    private static boolean below(SimpleNode node, Object root, java.util.function.Predicate<Object> test) {
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            SimpleNode child = (SimpleNode) node.jjtGetChild(i);
            Object v = child.jjtGetValue();
            if (v != null && v != root && test.test(v)) {
                return true;
            }
            // a subquery's aggregates and windows are its own (each shard runs a co-located subquery whole)
            if (!(v instanceof net.sf.jsqlparser.statement.select.Select) && below(child, root, test)) {
                return true;
            }
        }
        return false;
    }
}
