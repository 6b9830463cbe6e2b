package io.shardgate.router.planner;

import io.shardgate.router.sql.ShapeTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Subqueries that each shard can answer for its own rows: correlated to the statement around them on the shard
 * key ({@code EXISTS (SELECT 1 FROM order_items i WHERE i.user_id = o.user_id ...)}), over tables of the same
 * binding group. Every row the subquery can see for an outer row then lives on the outer row's shard, so the
 * statement runs whole on each shard, subquery included, as a join of binding tables does. The same holds for a
 * derived table or WITH body whose rows each come from one shard (see {@link #rowLocal}): the statement over it
 * runs on each shard and the shards' answers merge as for any table.
 */
final class CorrelatedSubqueries {

    private CorrelatedSubqueries() {
    }

    /**
     * Whether every sharded table below the statement's top level sits in such a subquery: a SELECT directly
     * inside the statement, naming only sharded tables of the top level's binding group, each joined by shard-key
     * equalities (ANDed in its WHERE clause or its joins' ON, both columns qualified) to the tables around it.
     */
    static boolean colocated(StatementTables tables, ShapeTokens tokens) {
        List<StatementTables.Occurrence> top = new ArrayList<>();
        List<StatementTables.Occurrence> below = new ArrayList<>();
        for (StatementTables.Occurrence o : tables.occurrences()) {
            if (o.sharded()) {
                (o.depth() == 0 ? top : below).add(o);
            }
        }
        if (below.isEmpty()) {
            return false;
        }
        String group = (top.isEmpty() ? below : top).getFirst().catalog().group();
        if (top.stream().anyMatch(o -> !o.catalog().group().equals(group))) {
            return false;
        }
        List<Select> subqueries = tables.subqueriesWithin(0, Integer.MAX_VALUE);
        for (StatementTables.Occurrence o : below) {
            if (!o.catalog().group().equals(group)) {
                return false;
            }
            Select around = subqueries.stream().filter(s -> tables.start(s) <= o.start() && o.end() <= tables.end(s))
                    .findFirst().orElse(null);
            if (around == null || nested(tables, around)) {
                return false;
            }
            boolean placed = tables.isDerived(around) ? rowLocal(tables, tokens, around)
                    : !top.isEmpty() && correlatedOnKey(tables, around, top);
            if (!placed) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether each row a derived table (or WITH body) returns comes from rows of one shard, so that the rows of
     * all shards together are the derived table's rows: no LIMIT, no window function, and either no aggregation
     * and no DISTINCT, or a GROUP BY / DISTINCT that includes a shard key (its groups live on one shard).
     */
    private static boolean rowLocal(StatementTables tables, ShapeTokens tokens, Select derived) {
        Select inner = derived instanceof ParenthesedSelect p ? p.getSelect() : derived;
        if (!(inner instanceof PlainSelect ps) || ps.getLimit() != null || ps.getOffset() != null
                || ps.getFetch() != null) {
            return false;
        }
        int start = tables.start(inner);
        int end = tables.end(inner);
        boolean aggregates = false;
        for (ShapeTokens.Token t : tokens.list()) {
            if (t.start() >= start && t.end() <= end && t.kind() == ShapeTokens.Kind.WORD) {
                String w = t.text().toUpperCase(Locale.ROOT);
                if (w.equals("OVER") || w.equals("LIMIT")) {
                    return false;
                }
                aggregates |= AGGREGATES.contains(w);
            }
        }
        List<StatementTables.Occurrence> declared = tables.occurrences().stream()
                .filter(o -> o.sharded() && o.start() >= start && o.end() <= end).toList();
        if (ps.getGroupBy() != null) {
            List<?> keys = ps.getGroupBy().getGroupByExpressionList(); // a raw ExpressionList in JSqlParser
            return keys.stream().anyMatch(e -> e instanceof Column c && isKey(c, declared));
        }
        if (ps.getDistinct() != null) {
            return ps.getSelectItems().stream().anyMatch(i -> i.getExpression() instanceof Column c && isKey(c, declared));
        }
        return !aggregates;
    }

    private static final java.util.Set<String> AGGREGATES = java.util.Set.of("COUNT", "SUM", "AVG", "MIN", "MAX",
            "GROUP_CONCAT", "STD", "STDDEV", "VARIANCE", "BIT_AND", "BIT_OR", "BIT_XOR", "JSON_ARRAYAGG",
            "JSON_OBJECTAGG");

    /** A shard key of one of {@code tables}, qualified by it or (with one table) unqualified. */
    private static boolean isKey(Column c, List<StatementTables.Occurrence> tables) {
        if (c.getTable() != null && c.getTable().getName() != null) {
            return keyOf(c, tables);
        }
        return tables.size() == 1 && tables.getFirst().catalog().isShardKey(StatementTables.unquote(c.getColumnName()));
    }

    /** The subquery holds a subquery or derived table of its own. */
    private static boolean nested(StatementTables tables, Select subquery) {
        Select inner = subquery instanceof ParenthesedSelect p ? p.getSelect() : subquery;
        return tables.subqueriesWithin(tables.start(inner), tables.end(inner)).stream()
                .anyMatch(s -> s != inner && s != subquery);
    }

    private static boolean correlatedOnKey(StatementTables tables, Select subquery, List<StatementTables.Occurrence> top) {
        Select inner = subquery instanceof ParenthesedSelect p ? p.getSelect() : subquery;
        if (!(inner instanceof PlainSelect ps) || ps.getWhere() == null) {
            return false;
        }
        int start = tables.start(subquery);
        int end = tables.end(subquery);
        List<StatementTables.Occurrence> declared = tables.occurrences().stream()
                .filter(o -> o.sharded() && o.start() >= start && o.end() <= end).toList();
        return KeyJoins.correlated(declared, top, ps);
    }

    /** The column is qualified by one of {@code tables} (its alias, or its name without one) and is its shard key. */
    private static boolean keyOf(Column c, List<StatementTables.Occurrence> tables) {
        if (c.getTable() == null || c.getTable().getName() == null) {
            return false;
        }
        String q = StatementTables.unquote(c.getTable().getName()).toLowerCase(Locale.ROOT);
        String column = StatementTables.unquote(c.getColumnName());
        for (StatementTables.Occurrence o : tables) {
            String name = o.table().getAlias() != null
                    ? StatementTables.unquote(o.table().getAlias().getName()) : o.name();
            if (name.toLowerCase(Locale.ROOT).equals(q) && o.catalog().isShardKey(column)) {
                return true;
            }
        }
        return false;
    }
}
