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
 * shard key; then the IN list on that column prunes its shards. Otherwise (an unsharded or one-shard inner
 * table, a join on another column, a lookup-strategy key, whose every value costs a lookup) the hash join.
 * Whether the outer side's values are few enough is known only when they are read: over
 * {@code proxy.max-join-rows} the executor runs the hash join instead.
 */
final class ApplyJoinPlanner {

    private ApplyJoinPlanner() {
    }

    /**
     * The apply join for {@code hash}, or {@code hash} itself.
     *
     * @param inner the build side's table
     * @param innerColumns the build side's select list, as {@code hash.build()} reads it
     * @param outerColumns the probe side's select list, as {@code hash.probe()} reads it
     * @param innerHasWhere whether the build side's statement has a WHERE clause
     */
    static PlanTemplate choose(PlanCompiler compiler, String schema, JoinTemplate hash,
                               StatementTables.Occurrence inner, List<String> innerColumns,
                               List<String> outerColumns, boolean innerHasWhere) {
        CatalogTable table = inner.catalog();
        if (!inner.sharded() || table.lookup() || table.topology().shardCount() < 2) {
            return hash;
        }
        int key = -1;
        for (int i = 0; i < hash.buildKeys().size() && key < 0; i++) {
            if (table.isShardKey(columnName(innerColumns.get(hash.buildKeys().get(i))))) {
                key = i;
            }
        }
        String outerSelect = "SELECT " + String.join(", ", outerColumns);
        String outerShape = hash.probe().shape();
        if (key < 0 || !outerShape.startsWith(outerSelect)) {
            return hash;
        }
        String valuesShape = "SELECT DISTINCT " + outerColumns.get(hash.probeKeys().get(key))
                + outerShape.substring(outerSelect.length());
        JoinTemplate.SideStatement values = new JoinTemplate.SideStatement(compiler.compile(valuesShape, schema),
                valuesShape, hash.probe().slots());
        String innerShape = hash.build().shape() + (innerHasWhere ? " AND " : " WHERE ")
                + innerColumns.get(hash.buildKeys().get(key)) + " IN ";
        return new ApplyJoinTemplate(hash, values, innerShape, hash.build().slots());
    }

    /** {@code c.id}, {@code `c`.`id`}: {@code id}. */
    private static String columnName(String column) {
        String name = column.substring(column.lastIndexOf('.') + 1).strip();
        return StatementTables.unquote(name).toLowerCase(Locale.ROOT);
    }
}
