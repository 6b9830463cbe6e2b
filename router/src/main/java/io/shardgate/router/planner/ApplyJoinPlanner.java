package io.shardgate.router.planner;

import java.util.List;
import java.util.Locale;

/**
 * Chooses between the two ways to join tables no shard holds together ({@link JoinCompiler}): the hash join,
 * which reads each side on all its shards, and the apply join ({@code ApplyJoin}), which reads the outer side's
 * join values first and sends the inner side only those values, to only the shards they route to.
 *
 * <p>The rule: apply when the inner side (the side the hash join builds: the right table of an inner or LEFT
 * join, the left of a RIGHT join) is a table sharded over more than one shard and one of its join columns is its
 * shard key; then the IN list on that column prunes its shards. The outer side must also be selective: an
 * unsharded or one-shard table, or a SELECT with conditions of its own. An outer side read whole on every shard
 * would be read twice and send the inner side nearly all its keys, for nothing the hash join does not do in one
 * pass. Otherwise (an unsharded or one-shard inner table, a join on another column, a lookup-strategy key, whose
 * every value costs a lookup, an outer side without conditions) the hash join. The sides never swap (an inner
 * join whose left table is joined on its shard key, but not its right one, is a hash join): a swapped join
 * would hold rows of the table the hash join streams, which may be more than the hash join holds.
 *
 * <p>Two things are known only later. When the statement is bound: whether the inner table's own conditions
 * already prune it to one shard (then the IN lists could prune nothing, and the plan is the hash join). When the
 * outer values are read: whether they are few enough (over {@code proxy.max-join-rows} the executor runs the
 * hash join instead).
 */
final class ApplyJoinPlanner {

    private ApplyJoinPlanner() {
    }

    /**
     * One table of the join as its SELECT reads it.
     *
     * @param columns its select list, in the order its side of the hash join reads it
     * @param filtered whether its SELECT has a WHERE clause
     * @param literalColumns whether a column of its select list holds a literal of the statement
     */
    record Table(StatementTables.Occurrence table, List<String> columns, boolean filtered, boolean literalColumns) {
    }

    /**
     * The apply join for {@code hash}, or {@code hash} itself (always when a side is no single table: null).
     * The inner side is the hash join's build table, never the other: the apply join then holds at most the
     * rows the hash join would (those its outer values find of them), and its fallback is the hash join as
     * written.
     */
    static PlanTemplate choose(PlanCompiler compiler, String schema, JoinTemplate hash, Table build, Table probe) {
        if (build == null || probe == null) {
            return hash;
        }
        int key = innerKey(build, hash.buildKeys());
        return key >= 0 && selective(probe) ? apply(compiler, schema, hash, build, probe, key) : hash;
    }

    /** Whether a table is worth reading first for its join values: it is read on one shard, or filtered. */
    private static boolean selective(Table outer) {
        return outer.filtered() || !outer.table().sharded() || outer.table().catalog().topology().shardCount() < 2;
    }

    /** Which of the join keys is {@code inner}'s shard key, when it qualifies as the inner side; -1 if not. */
    private static int innerKey(Table inner, List<Integer> keys) {
        CatalogTable table = inner.table().catalog();
        if (!inner.table().sharded() || table.lookup() || table.topology().shardCount() < 2) {
            return -1;
        }
        for (int i = 0; i < keys.size(); i++) {
            if (table.isShardKey(columnName(inner.columns().get(keys.get(i))))) {
                return i;
            }
        }
        return -1;
    }

    private static PlanTemplate apply(PlanCompiler compiler, String schema, JoinTemplate hash, Table inner,
                                      Table outer, int key) {
        if (outer.literalColumns()) { // the values statement drops the select list, and its literals with it
            return hash;
        }
        String outerSelect = "SELECT " + String.join(", ", outer.columns());
        String outerShape = hash.probe().shape();
        if (!outerShape.startsWith(outerSelect)) {
            return hash;
        }
        String valuesShape = "SELECT DISTINCT " + outer.columns().get(hash.probeKeys().get(key))
                + outerShape.substring(outerSelect.length());
        JoinTemplate.SideStatement values = new JoinTemplate.SideStatement(compiler.compile(valuesShape, schema),
                valuesShape, hash.probe().slots());
        String innerShape = hash.build().shape() + (inner.filtered() ? " AND " : " WHERE ")
                + inner.columns().get(hash.buildKeys().get(key)) + " IN ";
        return new ApplyJoinTemplate(hash, values, innerShape, hash.build().slots());
    }

    /** {@code c.id}, {@code `c`.`id`}: {@code id}. */
    private static String columnName(String column) {
        String name = column.substring(column.lastIndexOf('.') + 1).strip();
        return StatementTables.unquote(name).toLowerCase(Locale.ROOT);
    }
}
