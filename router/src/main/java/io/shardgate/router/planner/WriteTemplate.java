package io.shardgate.router.planner;

import io.shardgate.router.plan.Broadcast;
import io.shardgate.router.plan.KeyCheckedWrite;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Route;
import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.strategy.NoShardException;
import io.shardgate.router.strategy.ShardSet;
import java.util.ArrayList;
import java.util.List;

/**
 * An UPDATE or DELETE over sharded tables, compiled. No shard for the keys means no row to change: an
 * empty {@link Broadcast} (OK, 0 rows).
 *
 * @param keyChanges the new shard-key values of {@code UPDATE ... SET k = ?}
 * @param rowCheck the WHERE clause as a locking read of one shard ({@link KeyCheckedWrite}); null when a key
 *     change the WHERE clause does not pin to its shard is refused (several tables)
 * @param oneShardOnly ORDER BY or LIMIT: refused when the statement reaches several shards
 */
record WriteTemplate(String verb, List<CatalogTable> tables, KeyCondition key, int inLists, ShardBinder.Hook[] hooks,
                     SqlTemplate sql, List<ValueRef> keyChanges, boolean oneShardOnly, SqlTemplate rowCheck)
        implements PlanTemplate {

    @Override
    public Plan bind(BindContext context) {
        CatalogTable table = tables.getFirst();
        ShardRouting routing = KeyCondition.route(key, table.strategy(), context.literals(), inLists);
        ShardSet shards = routing.shards();
        if (shards.isEmpty()) {
            return new Broadcast(List.of());
        }
        int target = -1;
        for (ValueRef change : keyChanges) {
            Object value = change.value(context.literals());
            if (value instanceof byte[] || change.unbound(context.literals())) {
                return Reject.notSupported("UPDATE of shard key " + table.shardKey()
                        + " to a hexadecimal or bit literal or an unbound '?'");
            }
            int shard;
            try {
                shard = table.strategy().shardOf(value);
            } catch (NoShardException e) {
                return new Reject(1526, "HY000", e.getMessage());
            } catch (RuntimeException e) {
                return Reject.notSupported("UPDATE of shard key " + table.shardKey() + " to " + change.text(context.literals()));
            }
            if (shards.size() == 1 && shards.contains(shard)) {
                continue;
            }
            if (rowCheck == null || target >= 0 && target != shard) {
                return Reject.notSupported("UPDATE of shard key " + table.shardKey() + " of " + table.name() + " to "
                        + change.text(context.literals()) + " would move rows from shard(s) " + shards + " to shard "
                        + shard + "; rows cannot move between shards: DELETE and INSERT them instead");
            }
            target = shard;
        }
        if (target >= 0) {
            return checked(context, routing, target);
        }
        if (shards.size() > 1 && oneShardOnly) {
            return Reject.notSupported(verb + " with ORDER BY or LIMIT across shards");
        }
        ShardBinder binder = new ShardBinder(context.literals(), tables, hooks, routing);
        List<Route> routes = new ArrayList<>(shards.size());
        shards.stream().forEach(s -> {
            binder.at(s);
            routes.add(new Route(binder.node(), sql.render(binder), true));
        });
        return routes.size() == 1 ? routes.getFirst() : new Broadcast(routes);
    }

    /**
     * The shard key set to a value of shard {@code target} while the WHERE clause reaches other shards too:
     * the write on {@code target} once those hold no matching row.
     */
    private Plan checked(BindContext context, ShardRouting routing, int target) {
        CatalogTable table = tables.getFirst();
        ShardBinder binder = new ShardBinder(context.literals(), tables, hooks, routing);
        Route write = null;
        List<KeyCheckedWrite.Check> checks = new ArrayList<>();
        for (int shard : routing.shards().stream().toArray()) {
            binder.at(shard);
            if (shard == target) {
                write = new Route(binder.node(), sql.render(binder), true);
            } else {
                checks.add(new KeyCheckedWrite.Check(new Route(binder.node(), rowCheck.render(binder), true), shard));
            }
        }
        return new KeyCheckedWrite(write, checks, table.name(), table.shardKey(),
                keyChanges.getFirst().text(context.literals()), target);
    }
}
