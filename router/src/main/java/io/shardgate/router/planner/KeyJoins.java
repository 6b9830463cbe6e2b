package io.shardgate.router.planner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Whether tables of one binding group are joined on their shard keys. Binding tables share shards, yet a shard
 * holds the rows of both that a join pairs only when the join equates their shard keys: {@code i.user_id =
 * o.user_id} (ANDed at the top of an ON or WHERE clause, or {@code USING} the key), transitively for three
 * tables or more. Joined on anything else ({@code o.user_id = i.quantity}), a row's partners live on other
 * shards, and running the statement per shard would drop them.
 */
final class KeyJoins {

    /**
     * One table of the join: a sharded table, or a derived table over sharded tables whose rows each come from
     * one shard, which exposes the shard key under the names of its select items that are key columns.
     *
     * @param item the parsed table or derived table, as the joins name it
     */
    record Member(String name, String qualifier, Set<String> keys, Object item, int start) {

        static Member of(StatementTables.Occurrence o) {
            String qualifier = o.table().getAlias() != null ? StatementTables.unquote(o.table().getAlias().getName())
                    : o.name();
            return new Member(o.name(), qualifier.toLowerCase(Locale.ROOT),
                    Set.of(o.catalog().shardKey().toLowerCase(Locale.ROOT)), o.table(), o.start());
        }

        boolean hasKey(String column) {
            return keys.contains(StatementTables.unquote(column).toLowerCase(Locale.ROOT));
        }
    }

    private final List<Member> members;
    private final List<Member> anchors;
    /** Union-find over members; index {@code members.size()} stands for all anchors together. */
    private final int[] parent;

    private KeyJoins(List<Member> members, List<Member> anchors) {
        this.members = members;
        this.anchors = anchors;
        this.parent = new int[members.size() + 1];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
    }

    /**
     * Two tables at the statement's top level (sharded tables, derived tables over them) that its key
     * equalities do not join (directly or through others), or null when they all are (or there is at most one).
     */
    static Member[] unjoined(StatementTables tables, Statement statement) {
        List<Member> top = new ArrayList<>();
        // one member per name the statement's tables go by: a `t.*` in the select list is an occurrence of t too,
        // and MySQL allows no two tables of one name in a FROM clause (1066)
        Set<String> named = new HashSet<>();
        tables.occurrences().stream().filter(o -> o.sharded() && !o.alias() && o.depth() == 0)
                .filter(o -> named.add(JoinSide.qualifier(o)))
                .forEach(o -> top.add(Member.of(o)));
        if (statement instanceof PlainSelect ps) {
            derived(tables, ps, ps.getFromItem(), top);
            if (ps.getJoins() != null) {
                ps.getJoins().forEach(j -> derived(tables, ps, j.getRightItem(), top));
            }
        }
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
                return new Member[] {top.getFirst(), top.get(i)};
            }
        }
        return null;
    }

    /** A derived table (or WITH body) over sharded tables in the FROM list, as a member exposing its key columns. */
    private static void derived(StatementTables tables, PlainSelect statement, FromItem item, List<Member> top) {
        Select body = null;
        String name = null;
        if (item instanceof ParenthesedSelect p && p.getAlias() != null) {
            body = p;
            name = StatementTables.unquote(p.getAlias().getName());
        } else if (item instanceof Table t && t.getSchemaName() == null && statement.getWithItemsList() != null) {
            String table = StatementTables.unquote(t.getName());
            for (WithItem<?> w : statement.getWithItemsList()) {
                if (w.getAlias() != null && StatementTables.unquote(w.getAlias().getName()).equalsIgnoreCase(table)) {
                    body = w.getSelect();
                    name = t.getAlias() != null ? StatementTables.unquote(t.getAlias().getName()) : table;
                }
            }
        }
        Select inside = body instanceof ParenthesedSelect p ? p.getSelect() : body;
        if (body == null || !tables.hasPosition(body) || !(inside instanceof PlainSelect inner)) {
            return;
        }
        int start = tables.start(body);
        int end = tables.end(body);
        List<StatementTables.Occurrence> declared = tables.occurrences().stream()
                .filter(o -> o.sharded() && o.start() >= start && o.end() <= end).toList();
        if (declared.isEmpty()) {
            return;
        }
        Set<String> keys = new HashSet<>();
        for (SelectItem<?> si : inner.getSelectItems()) {
            if (si.getExpression() instanceof AllColumns) {
                declared.forEach(o -> keys.add(o.catalog().shardKey().toLowerCase(Locale.ROOT)));
            } else if (si.getExpression() instanceof Column c
                    && declared.stream().anyMatch(o -> o.catalog().isShardKey(StatementTables.unquote(c.getColumnName())))) {
                String exposed = si.getAlias() != null ? si.getAlias().getName() : c.getColumnName();
                keys.add(StatementTables.unquote(exposed).toLowerCase(Locale.ROOT));
            }
        }
        int at = tables.hasPosition(item) ? tables.start(item) : start; // where the FROM list names it
        top.add(new Member("derived table " + name, name.toLowerCase(Locale.ROOT), keys, item, at));
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
        KeyJoins k = new KeyJoins(declared.stream().map(Member::of).toList(), outer.stream().map(Member::of).toList());
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
            Member r = members.get(right);
            for (int i = 0; i < members.size(); i++) {
                Member l = members.get(i);
                if (l.start() >= r.start()) {
                    continue;
                }
                // NATURAL joins on every column of both names; USING (k) the right table's k with the tables' before
                boolean natural = join.isNatural() && l.keys().stream().anyMatch(r.keys()::contains);
                boolean using = join.getUsingColumns() != null && join.getUsingColumns().stream()
                        .anyMatch(u -> r.hasKey(u.getColumnName()) && l.hasKey(u.getColumnName()));
                if (natural || using) {
                    union(i, right);
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
            if (members.get(i).item() == item) {
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
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).qualifier().equals(q)) {
                return members.get(i).hasKey(c.getColumnName()) ? i : -1;
            }
        }
        for (Member o : anchors) {
            if (o.qualifier().equals(q)) {
                return o.hasKey(c.getColumnName()) ? members.size() : -1;
            }
        }
        return -1;
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
