package io.shardgate.router.planner;

import io.shardgate.router.sql.ShapeTokens;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.schema.Table;

/**
 * One side of a join across shards and the SELECT it gets: the columns the joined row takes from it (each
 * once) and the conditions that name only it, compiled as a statement of its own so that it routes and prunes
 * as it would alone. A side is one table or, for a join of more tables, the join of all but the last
 * ({@code a JOIN b ON ...}, MySQL's left-deep order): its SELECT is then that join, which the planner plans as
 * any statement (per shard when the tables are bound, else itself joined in the proxy).
 */
final class JoinSide {

    /** Its tables, in the FROM clause's order. */
    final List<StatementTables.Occurrence> tables;
    /** The names its columns are qualified with: each table's alias, else its name (lower case). */
    final Set<String> qualifiers = new LinkedHashSet<>();
    /** Its FROM clause: [start, end) of the statement's shape. */
    private final int fromStart;
    private final int fromEnd;
    private final ShapeTokens tokens;
    private final List<String> columns = new ArrayList<>();
    private final List<List<Integer>> columnSlots = new ArrayList<>();
    private final List<int[]> conditions = new ArrayList<>();
    /** The tables whose columns the joined row takes all of ({@code t.*}, {@code *}): after the named ones. */
    private final List<StatementTables.Occurrence> allColumns = new ArrayList<>();

    /** A side of the tables whose FROM clause is [fromStart, fromEnd) of the shape (one table: its name). */
    JoinSide(List<StatementTables.Occurrence> tables, int fromStart, int fromEnd, ShapeTokens tokens) {
        this.tables = List.copyOf(tables);
        this.fromStart = fromStart;
        this.fromEnd = fromEnd;
        this.tokens = tokens;
        for (StatementTables.Occurrence o : tables) {
            qualifiers.add(qualifier(o));
        }
    }

    /** A side of one table. */
    JoinSide(StatementTables.Occurrence table, ShapeTokens tokens) {
        this(List.of(table), table.start(), table.end(), tokens);
    }

    static String qualifier(StatementTables.Occurrence o) {
        Table t = o.table();
        return (t.getAlias() != null ? StatementTables.unquote(t.getAlias().getName()) : o.name())
                .toLowerCase(Locale.ROOT);
    }

    /** Every name this side's columns are qualified with, for messages. */
    String names() {
        return String.join(", ", qualifiers);
    }

    /** The index of a column expression without literals (text of the statement's shape) in this side's row. */
    int column(String expression) {
        return column(expression, List.of());
    }

    /**
     * The index of a column expression in this side's row, added once (an expression holding literals
     * is matched only with itself: the same text may hold other values).
     *
     * @param slots the statement's literals its text holds, in order
     */
    int column(String expression, List<Integer> slots) {
        int i = columns.indexOf(expression);
        if (i >= 0 && !columnSlots.get(i).equals(slots)) { // the same text of other literals
            i = -1;
        }
        if (i < 0) {
            columns.add(expression);
            columnSlots.add(List.copyOf(slots));
            i = columns.size() - 1;
        }
        return i;
    }

    /**
     * The joined row takes all columns of these tables of the side (in their order): the SELECT ends with each
     * one's {@code t.*}. Once only: a second set would not follow the first in the joined row.
     */
    void allColumns(List<StatementTables.Occurrence> of) {
        if (!allColumns.isEmpty()) {
            throw PlanException.notSupported("two * of the tables " + names() + " in a join across shards; name the "
                    + "columns");
        }
        allColumns.addAll(of);
    }

    /** Where the tables' own columns start in this side's row ({@code t.*} comes after the named columns). */
    int allColumnsFrom() {
        return columns.size();
    }

    /** The expression at {@code column} of this side's row. */
    String columnText(int column) {
        return columns.get(column);
    }

    /** The statement's literals the expression at {@code column} holds. */
    List<Integer> columnSlots(int column) {
        return columnSlots.get(column);
    }

    /** A condition on this table alone: the statement's text at [start, end). */
    void condition(int start, int end) {
        conditions.add(new int[] {start, end});
    }

    /** The statement's literal slots within [start, end) of its shape, in order. */
    List<Integer> slotsWithin(int start, int end) {
        List<Integer> out = new ArrayList<>();
        int slot = 0;
        for (ShapeTokens.Token token : tokens.list()) {
            if (token.kind() == ShapeTokens.Kind.SLOT) {
                if (token.start() >= start && token.start() < end) {
                    out.add(slot);
                }
                slot++;
            }
        }
        return out;
    }

    /**
     * This side as the apply join's planner sees it ({@link ApplyJoinPlanner}); null for a side of several
     * tables or one that takes all of a table's columns ({@code t.*}), which only the hash join reads.
     */
    ApplyJoinPlanner.Table asApplyTable() {
        if (tables.size() != 1 || !allColumns.isEmpty()) {
            return null;
        }
        return new ApplyJoinPlanner.Table(tables.getFirst(), List.copyOf(columns), !conditions.isEmpty(),
                columnSlots.stream().anyMatch(s -> !s.isEmpty()));
    }

    /**
     * A statement computing the select items at {@code ranges} of the shape over this side's tables, named
     * {@code labels}, that reads no row: a server's column definitions for them.
     */
    JoinTemplate.SideStatement typing(PlanCompiler compiler, String schema, List<int[]> ranges, List<String> labels) {
        StringBuilder sql = new StringBuilder("SELECT ");
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            int[] r = ranges.get(i);
            sql.append(i == 0 ? "" : ", ").append(tokens.shape(), r[0], r[1]).append(" AS `")
                    .append(labels.get(i).replace("`", "``")).append('`');
            slots.addAll(slotsWithin(r[0], r[1]));
        }
        sql.append(" FROM ").append(tokens.shape(), fromStart, fromEnd);
        slots.addAll(slotsWithin(fromStart, fromEnd));
        if (tables.size() == 1 && tables.getFirst().table().getAlias() != null) {
            sql.append(" AS ").append(tables.getFirst().table().getAlias().getName());
        }
        // no row to read (an aggregate without GROUP BY still answers one, which is harmless)
        String shape = sql.append(" WHERE 1 = 0").toString();
        return new JoinTemplate.SideStatement(compiler.compile(shape, schema), shape, slots);
    }

    /** This side's SELECT: its columns from its table, under its conditions, compiled as a statement of its own. */
    JoinTemplate.SideStatement statement(PlanCompiler compiler, String schema) {
        if (columns.isEmpty()) {
            column("1");
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        List<Integer> slots = new ArrayList<>();
        sql.append(String.join(", ", columns));
        columnSlots.forEach(slots::addAll);
        for (StatementTables.Occurrence o : allColumns) {
            Table t = o.table();
            sql.append(", ").append(t.getAlias() != null ? t.getAlias().getName()
                    : tokens.shape().substring(o.start(), o.end())).append(".*");
        }
        sql.append(" FROM ").append(tokens.shape(), fromStart, fromEnd);
        slots.addAll(slotsWithin(fromStart, fromEnd));
        if (tables.size() == 1 && tables.getFirst().table().getAlias() != null) {
            sql.append(" AS ").append(tables.getFirst().table().getAlias().getName());
        }
        for (int i = 0; i < conditions.size(); i++) {
            int[] r = conditions.get(i);
            sql.append(i == 0 ? " WHERE (" : " AND (").append(tokens.shape(), r[0], r[1]).append(')');
            slots.addAll(slotsWithin(r[0], r[1]));
        }
        String shape = sql.toString();
        return new JoinTemplate.SideStatement(compiler.compile(shape, schema), shape, slots);
    }
}
