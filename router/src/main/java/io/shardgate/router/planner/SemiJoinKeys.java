package io.shardgate.router.planner;

import io.shardgate.router.plan.SemiJoin;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * The semi-join columns of a statement written by {@code InlineSubqueries}: its last select items aliased
 * {@link SemiJoin#KEY_ALIAS}. They are not the client's columns: {@link #strip} takes them out of the select
 * list, and the scatter planner sends them to the shards after every other column, grouped by under
 * aggregation, for the filters it leaves right above the shard reads ({@link SemiJoin.Slot}).
 *
 * @param columns the {@code x} of each semi-join, in select-list order
 * @param start where their text starts: the end of the last client item
 * @param end where their text ends
 */
record SemiJoinKeys(List<Expression> columns, int start, int end) {

    /** Whether the statement names semi-join columns (the select list is left as it is). */
    static boolean present(PlainSelect ps) {
        return key(ps.getSelectItems().getLast());
    }

    /** The semi-join columns, taken out of the statement's select list; null when there are none. */
    static SemiJoinKeys strip(PlainSelect ps, StatementTables tables) {
        List<SelectItem<?>> items = ps.getSelectItems();
        int first = items.size();
        while (first > 0 && key(items.get(first - 1))) {
            first--;
        }
        if (first == items.size() || first == 0) {
            return null;
        }
        List<Expression> columns = new ArrayList<>();
        items.subList(first, items.size()).forEach(i -> columns.add(i.getExpression()));
        SemiJoinKeys keys = new SemiJoinKeys(List.copyOf(columns), tables.end(items.get(first - 1)),
                tables.end(items.getLast()));
        items.subList(first, items.size()).clear();
        return keys;
    }

    private static boolean key(SelectItem<?> item) {
        return item.getAlias() != null
                && SemiJoin.KEY_ALIAS.equalsIgnoreCase(StatementTables.unquote(item.getAlias().getName()));
    }
}
