package io.shardgate.router.planner;

import io.shardgate.router.keygen.NoWorkerIdException;
import io.shardgate.router.plan.Broadcast;
import io.shardgate.router.plan.GeneratedKeys;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Route;
import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.strategy.NoShardException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;

/**
 * An INSERT / REPLACE compiled as prefix + rows + suffix. Binding first generates the missing ids (so a
 * generated shard key routes like a given one), then routes each row with the strategy's
 * {@link io.shardgate.router.strategy.ShardStrategy#shardOf} (for a lookup table this records new keys),
 * and renders one statement per shard holding that shard's rows in their original order. A broadcast table
 * gets every row on every node.
 */
record InsertTemplate(CatalogTable table, SqlTemplate prefix, List<Row> rows, SqlTemplate suffix,
                      ShardBinder.Hook[] hooks, boolean keyIsGenerated) implements PlanTemplate {

    /** When a row's generated column gets an id. */
    enum Generation { NONE, ALWAYS, WHEN_ZERO_OR_NULL }

    /**
     * One VALUES row (or the whole statement for INSERT ... SET).
     *
     * @param key the shard key's literal; null when the key is the generated column and it is generated
     * @param generatedValue the literal in the generated column, for {@link Generation#WHEN_ZERO_OR_NULL}
     */
    record Row(SqlTemplate sql, ValueRef key, Generation generation, ValueRef generatedValue) {
    }

    @Override
    public Plan bind(BindContext context) {
        int n = rows.size();
        boolean[] generate = new boolean[n];
        int generated = 0;
        for (int r = 0; r < n; r++) {
            Row row = rows.get(r);
            generate[r] = row.generation() == Generation.ALWAYS
                    || row.generation() == Generation.WHEN_ZERO_OR_NULL && isZeroOrNull(row.generatedValue().value(context.literals()));
            generated += generate[r] ? 1 : 0;
        }
        // one block for the statement: consecutive where the layout allows, as clients expect insertId + i
        long[] block;
        try {
            block = generated == 0 ? new long[0] : table.ids().next(generated);
        } catch (NoWorkerIdException e) {
            return new Reject(1105, "HY000", "shardgate: cannot generate " + table.name() + "." + table.generatedColumn()
                    + " now: " + e.getMessage() + "; statements that need no generated key still run, retry this "
                    + "one when the lease is back");
        }
        long[] ids = new long[n];
        for (int r = 0, next = 0; r < n; r++) {
            ids[r] = generate[r] ? block[next++] : 0;
        }
        long firstId = generated == 0 ? 0 : block[0];
        ShardBinder binder = new ShardBinder(context.literals(), List.of(table), hooks, null);
        Plan plan;
        if (table.broadcast()) {
            String sql = render(binder, allRows(), ids);
            plan = new Broadcast(table.topology().nodes().stream().map(node -> new Route(node, sql, true)).toList(), true);
        } else {
            Map<Integer, List<Integer>> byShard = new TreeMap<>();
            for (int r = 0; r < n; r++) {
                Row row = rows.get(r);
                if (row.key() != null && ids[r] == 0 && row.key().unbound(context.literals())) {
                    return Reject.notSupported("INSERT into " + table.name() + " with an unbound '?' for shard key "
                            + table.shardKey() + "; execute it as a prepared statement with the value bound");
                }
                Object key = row.key() == null || keyIsGenerated && ids[r] != 0 ? (Long) ids[r]
                        : row.key().value(context.literals());
                if (key instanceof byte[]) {
                    return Reject.notSupported("INSERT into " + table.name() + " with shard key " + table.shardKey()
                            + " given as a hexadecimal or bit literal; write the value as a number or string");
                }
                int shard;
                try {
                    shard = table.strategy().shardOf(key);
                } catch (NoShardException e) {
                    return new Reject(1526, "HY000", e.getMessage());
                } catch (RuntimeException e) {
                    return Reject.notSupported("INSERT into " + table.name() + ": cannot route " + table.shardKey()
                            + " = " + key + " (" + e.getMessage() + ")");
                }
                byShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(r);
            }
            List<Route> routes = new ArrayList<>(byShard.size());
            for (Map.Entry<Integer, List<Integer>> e : byShard.entrySet()) {
                binder.at(e.getKey());
                routes.add(new Route(binder.node(), render(binder, e.getValue(), ids), true));
            }
            plan = routes.size() == 1 ? routes.getFirst() : new Broadcast(routes);
        }
        return generated == 0 ? plan : new GeneratedKeys(table.generatedColumn(), firstId, generated, plan);
    }

    private List<Integer> allRows() {
        List<Integer> all = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            all.add(r);
        }
        return all;
    }

    private String render(ShardBinder binder, List<Integer> which, long[] ids) {
        StringBuilder out = new StringBuilder(64 + 32 * which.size());
        binder.generatedId = 0;
        prefix.renderTo(out, binder);
        boolean first = true;
        for (int r : which) {
            if (!first) {
                out.append(", ");
            }
            binder.generatedId = ids[r];
            rows.get(r).sql().renderTo(out, binder);
            first = false;
        }
        binder.generatedId = 0;
        suffix.renderTo(out, binder);
        return out.toString();
    }

    private static boolean isZeroOrNull(Object v) {
        return switch (v) {
            case null -> true;
            case Long l -> l == 0;
            case BigInteger b -> b.signum() == 0;
            case BigDecimal d -> d.signum() == 0;
            case String s -> s.strip().equals("0");
            default -> false;
        };
    }
}
