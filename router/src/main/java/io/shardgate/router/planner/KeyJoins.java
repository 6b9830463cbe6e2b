package io.shardgate.router.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Whether tables of one binding group are joined on their shard keys. Binding tables share shards, yet a shard
 * holds the rows of both that a join pairs only when the join equates their shard keys: {@code i.user_id =
 * o.user_id} (ANDed at the top of an ON or WHERE clause, or {@code USING} the key), transitively for three
 * tables or more. Joined on anything else ({@code o.user_id = i.quantity}), a row's partners live on other
 * shards, and running the statement per shard would drop them.
 */
final class KeyJoins {

    private final List<StatementTables.Occurrence> members;
    private final List<StatementTables.Occurrence> anchors;
    /** Union-find over members; index {@code members.size()} stands for all anchors together. */
    private final int[] parent;

    private KeyJoins(List<StatementTables.Occurrence> members, List<StatementTables.Occurrence> anchors) {
        this.members = members;
        this.anchors = anchors;
        this.parent = new int[members.size() + 1];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
    }

    /**
     * Two top-level sharded tables of the statement that its key equalities do not join (directly or through
     * others), or null when they all are (or there is at most one).
     */
    static StatementTables.Occurrence[] unjoined(StatementTables tables, Statement statement) {
        List<StatementTables.Occurrence> top = tables.occurrences().stream()
                .filter(o -> o.sharded() && !o.alias() && o.depth() == 0).toList();
        if (top.size() < 2) {
            return null;
        }
        KeyJoins k = new KeyJoins(top, List.of());
        if (statement instanceof PlainSelect ps) {
            k.add(ps.getWhere(), ps.getJoins());
        } else if (statement instanceof Update u) {
            k.add(u.getWhere(), u.getStartJoins());
            k.add(null, u.getJoins());
        } else if (statement instanceof Delete d) {
            k.add(d.getWhere(), d.getJoins());
        }
        for (int i = 1; i < top.size(); i++) {
            if (k.find(i) != k.find(0)) {
                return new StatementTables.Occurrence[] {top.getFirst(), top.get(i)};
            }
        }
        return null;
    }

    /**
     * Whether every table a correlated subquery declares is joined by key equalities to the tables around it
     * ({@code outer}, themselves joined on their keys): in its WHERE clause or its joins' ON.
     */
    static boolean correlated(List<StatementTables.Occurrence> declared, List<StatementTables.Occurrence> outer,
                              PlainSelect subquery) {
        if (declared.isEmpty()) {
            return false;
        }
        KeyJoins k = new KeyJoins(declared, outer);
        k.add(subquery.getWhere(), subquery.getJoins());
        for (int i = 0; i < declared.size(); i++) {
            if (k.find(i) != k.find(declared.size())) {
                return false;
            }
        }
        return true;
    }

    private void add(Expression where, List<Join> joins) {
        for (Expression c : conjuncts(where)) {
            equality(c);
        }
        if (joins == null) {
            return;
        }
        for (Join join : joins) {
            if (join.getOnExpressions() != null) {
                for (Expression on : join.getOnExpressions()) {
                    for (Expression c : conjuncts(on)) {
                        equality(c);
                    }
                }
            }
            int right = indexOfTable(join.getRightItem());
            if (right < 0) {
                continue;
            }
            if (join.isNatural()) { // joins on every column of both names: the keys, when they share a name
                String key = members.get(right).catalog().shardKey();
                for (int i = 0; i < members.size(); i++) {
                    if (members.get(i).start() < members.get(right).start() && members.get(i).catalog().isShardKey(key)) {
                        union(i, right);
                    }
                }
            }
            if (join.getUsingColumns() == null) {
                continue;
            }
            // USING (k): the right table's k equals k of the tables before it that have it
            for (Column using : join.getUsingColumns()) {
                String name = StatementTables.unquote(using.getColumnName());
                if (!members.get(right).catalog().isShardKey(name)) {
                    continue;
                }
                for (int i = 0; i < members.size(); i++) {
                    if (members.get(i).start() < members.get(right).start() && members.get(i).catalog().isShardKey(name)) {
                        union(i, right);
                    }
                }
            }
        }
    }

    private void equality(Expression c) {
        if (c instanceof EqualsTo eq && eq.getLeftExpression() instanceof Column a
                && eq.getRightExpression() instanceof Column b) {
            int x = keyOwner(a);
            int y = keyOwner(b);
            if (x >= 0 && y >= 0) {
                union(x, y);
            }
        }
    }

    private int indexOfTable(Object item) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).table() == item) {
                return i;
            }
        }
        return -1;
    }

    /** The member (or the anchor index) whose shard key the qualified column is, else -1. */
    private int keyOwner(Column c) {
        if (c.getTable() == null || c.getTable().getName() == null) {
            return -1;
        }
        String q = StatementTables.unquote(c.getTable().getName()).toLowerCase(Locale.ROOT);
        String column = StatementTables.unquote(c.getColumnName());
        for (int i = 0; i < members.size(); i++) {
            if (names(members.get(i), q)) {
                return members.get(i).catalog().isShardKey(column) ? i : -1;
            }
        }
        for (StatementTables.Occurrence o : anchors) {
            if (names(o, q)) {
                return o.catalog().isShardKey(column) ? members.size() : -1;
            }
        }
        return -1;
    }

    /** The qualifier names the table: its alias, or its name when it has none. */
    private static boolean names(StatementTables.Occurrence o, String qualifier) {
        String name = o.table().getAlias() != null ? StatementTables.unquote(o.table().getAlias().getName()) : o.name();
        return name.toLowerCase(Locale.ROOT).equals(qualifier);
    }

    private int find(int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private void union(int a, int b) {
        parent[find(a)] = find(b);
    }

    private static List<Expression> conjuncts(Expression e) {
        List<Expression> out = new ArrayList<>();
        while (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) { // JSqlParser 5's parentheses
            e = (Expression) p.getFirst();
        }
        if (e instanceof AndExpression and) {
            out.addAll(conjuncts(and.getLeftExpression()));
            out.addAll(conjuncts(and.getRightExpression()));
        } else if (e != null) {
            out.add(e);
        }
        return out;
    }
}
