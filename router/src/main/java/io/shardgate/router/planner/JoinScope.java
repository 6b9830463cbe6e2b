package io.shardgate.router.planner;

import io.shardgate.router.sql.ShapeTokens;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * The sides of a join across shards and how the statement's columns name them: each column must be
 * qualified by its table's name or alias (without the tables' column lists the planner cannot tell which
 * table an unqualified name belongs to).
 */
final class JoinScope {

    final ShapeTokens tokens;
    final StatementTables tables;
    final List<JoinSide> sides;

    JoinScope(ShapeTokens tokens, StatementTables tables, List<JoinSide> sides) {
        this.tokens = tokens;
        this.tables = tables;
        this.sides = List.copyOf(sides);
    }

    /** The side a qualified column belongs to. */
    JoinSide sideOf(Column c) {
        if (c.getTable() == null || c.getTable().getName() == null) {
            throw PlanException.notSupported("a column of a join across shards without its table's name ("
                    + c.getColumnName() + ")");
        }
        String q = StatementTables.unquote(c.getTable().getName()).toLowerCase(Locale.ROOT);
        for (JoinSide s : sides) {
            if (s.qualifiers.contains(q)) {
                return s;
            }
        }
        throw PlanException.notSupported("a column of an unknown table in a join across shards (" + text(c) + ")");
    }

    /** The sides the columns of {@code e} name (none for an expression of literals only). */
    Set<JoinSide> sidesOf(Expression e) {
        return sidesWithin(range(e));
    }

    /** The sides the columns within [r[0], r[1]) of the shape name. */
    Set<JoinSide> sidesWithin(int[] r) {
        Set<JoinSide> named = new LinkedHashSet<>();
        for (Column c : tables.qualifiedColumnsWithin(r[0], r[1])) {
            named.add(sideOf(c));
        }
        // an unqualified column could be either table's
        for (ShapeTokens.Token token : tokens.list()) {
            if (token.start() >= r[0] && token.end() <= r[1] && token.kind() == ShapeTokens.Kind.WORD
                    && !isQualifiedPart(token) && isColumnWord(token)) {
                throw PlanException.notSupported("a column of a join across shards without its table's name ("
                        + text(r) + ")");
            }
        }
        return named;
    }

    /** The one side every column of {@code e} names; null when it names several or none. */
    JoinSide onlySide(Expression e) {
        Set<JoinSide> named = sidesOf(e);
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
            "THEN", "ELSE", "END", "BINARY", "COLLATE", "DIV", "MOD", "XOR", "REGEXP", "RLIKE", "SOUNDS", "DISTINCT");

    /**
     * Whether {@code e} is computed from one row alone: it calls no aggregate and no window function (a side's
     * SELECT may then compute it).
     */
    boolean perRow(int[] r) {
        for (int i = 0; i < tokens.size(); i++) {
            ShapeTokens.Token token = tokens.get(i);
            if (token.start() >= r[0] && token.end() <= r[1] && token.kind() == ShapeTokens.Kind.WORD) {
                String word = token.text().toUpperCase(Locale.ROOT);
                boolean call = i + 1 < tokens.size() && tokens.get(i + 1).isPunct('(');
                if (word.equals("OVER") || call && AGGREGATES.contains(word)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static final Set<String> AGGREGATES = Set.of("AVG", "BIT_AND", "BIT_OR", "BIT_XOR", "COUNT",
            "GROUP_CONCAT", "JSON_ARRAYAGG", "JSON_OBJECTAGG", "MAX", "MIN", "STD", "STDDEV", "STDDEV_POP",
            "STDDEV_SAMP", "SUM", "VARIANCE", "VAR_POP", "VAR_SAMP");

    /** Where {@code e} stands in the statement's shape: [start, end). */
    int[] range(Expression e) {
        return new int[] {tables.start(e), tables.end(e)};
    }

    /** Where a select item's expression stands (without its alias). */
    int[] range(SelectItem<?> item) {
        int start = tables.start(item);
        int end = tables.end(item);
        if (item.getAlias() != null) {
            int last = tokens.indexBefore(end);
            if (last > 0 && tokens.get(last - 1).is("AS")) {
                last--;
            }
            end = tokens.get(last - 1).end();
        }
        return new int[] {start, end};
    }

    /** Where the one argument of an aggregate call stands (after DISTINCT), or null. */
    int[] argumentRange(Expression call) {
        if (!tables.hasPosition(call)) {
            return null;
        }
        int open = tokens.indexAt(tables.start(call)) + 1;
        int close = tokens.indexBefore(tables.end(call));
        if (open <= 0 || !tokens.get(open).isPunct('(') || !tokens.get(close).isPunct(')')) {
            return null;
        }
        int first = tokens.get(open + 1).is("DISTINCT") ? open + 2 : open + 1;
        return first < close ? new int[] {tokens.get(first).start(), tokens.get(close - 1).end()} : null;
    }

    /** Where each ORDER BY item's expression stands (without ASC / DESC), in order. */
    List<int[]> orderRanges() {
        int at = -1;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).depth() == 0 && tokens.get(i).is("ORDER") && tokens.get(i + 1).is("BY")) {
                at = i + 2;
            }
        }
        List<int[]> out = new ArrayList<>();
        int first = at;
        for (int i = at; i <= tokens.size(); i++) {
            boolean ends = i == tokens.size() || tokens.get(i).depth() == 0
                    && (tokens.get(i).isPunct(',') || tokens.get(i).is("LIMIT") || tokens.get(i).is("FOR")
                    || tokens.get(i).is("LOCK"));
            if (ends) {
                int last = i - 1;
                if (tokens.get(last).is("ASC") || tokens.get(last).is("DESC")) {
                    last--;
                }
                out.add(new int[] {tokens.get(first).start(), tokens.get(last).end()});
                first = i + 1;
                if (i == tokens.size() || !tokens.get(i).isPunct(',')) {
                    break;
                }
            }
        }
        return out;
    }

    String text(int[] r) {
        return tokens.shape().substring(r[0], r[1]);
    }

    /** The statement's text (shape) of {@code e}. */
    String text(Expression e) {
        return tables.hasPosition(e) ? tokens.shape().substring(tables.start(e), tables.end(e)) : String.valueOf(e);
    }
}
