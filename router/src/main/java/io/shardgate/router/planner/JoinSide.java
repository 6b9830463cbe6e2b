package io.shardgate.router.planner;

import io.shardgate.router.sql.ShapeTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.schema.Table;

/**
 * One table of a join across shards and the SELECT it gets: the columns the joined row takes from it (each
 * once) and the conditions that name only it, compiled as a statement of its own so that it routes and prunes
 * as it would alone.
 */
final class JoinSide {

    final StatementTables.Occurrence table;
    /** The name its columns are qualified with: its alias, else its table name (lower case). */
    final String qualifier;
    private final ShapeTokens tokens;
    private final List<String> columns = new ArrayList<>();
    private final List<List<Integer>> columnSlots = new ArrayList<>();
    private final List<int[]> conditions = new ArrayList<>();

    JoinSide(StatementTables.Occurrence table, ShapeTokens tokens) {
        this.table = table;
        this.tokens = tokens;
        Table t = table.table();
        this.qualifier = (t.getAlias() != null ? StatementTables.unquote(t.getAlias().getName()) : table.name())
                .toLowerCase(Locale.ROOT);
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

    /** This table as the apply join's planner sees it ({@link ApplyJoinPlanner}). */
    ApplyJoinPlanner.Table asApplyTable() {
        return new ApplyJoinPlanner.Table(table, List.copyOf(columns), !conditions.isEmpty(),
                columnSlots.stream().anyMatch(s -> !s.isEmpty()));
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
        sql.append(" FROM ").append(tokens.shape(), table.start(), table.end());
        Table t = table.table();
        if (t.getAlias() != null) {
            sql.append(" AS ").append(t.getAlias().getName());
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
