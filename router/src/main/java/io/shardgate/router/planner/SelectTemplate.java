package io.shardgate.router.planner;

import io.shardgate.router.plan.Empty;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Route;
import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.strategy.ShardSet;
import java.util.ArrayList;
import java.util.List;

/**
 * A SELECT over sharded tables, compiled. Binding evaluates the shard-key condition and picks one of
 * three renderings: {@link #single} for one shard (the statement as written, tables renamed),
 * {@link #scatter} for several (rewritten for the merge), {@link #empty} when no shard can hold the keys.
 *
 * @param scatterError why the statement cannot run on several shards, or null; only an error when the
 *     keys actually reach several shards (a point query with GROUP BY ... WITH ROLLUP is fine); while a
 *     placeholder of the key is unbound the refusal carries the one-shard statement (see
 *     {@link Reject#untilBound()})
 * @param semiJoin the statement names semi-join columns ({@link SemiJoinKeys}): the merge always runs, even
 *     over one shard or none ({@code emptyScatter}: the scatter statement with a false WHERE), for its filters
 */
record SelectTemplate(List<CatalogTable> tables, KeyCondition key, int inLists, ShardBinder.Hook[] hooks,
                      SqlTemplate single, SqlTemplate empty, SqlTemplate scatter, MergeTemplate merge,
                      Reject scatterError, boolean locking, boolean semiJoin, SqlTemplate emptyScatter)
        implements PlanTemplate {

    @Override
    public Plan bind(BindContext context) {
        CatalogTable table = tables.getFirst();
        ShardRouting routing = KeyCondition.route(key, table.strategy(), context.literals(), inLists);
        ShardSet shards = routing.shards();
        boolean primary = locking || context.primaryForReads();
        ShardBinder binder = new ShardBinder(context.literals(), tables, hooks, routing);
        if (semiJoin && scatterError != null) {
            return scatterError;
        }
        if (semiJoin && shards.isEmpty()) {
            binder.at(0);
            return merge.bind(List.of(new Route(binder.node(), emptyScatter.render(binder), primary)),
                    context.literals());
        }
        if (shards.isEmpty()) {
            binder.at(0);
            return new Empty("no shard holds the requested " + table.shardKey() + " values",
                    new Route(binder.node(), empty.render(binder), primary));
        }
        if (shards.size() == 1 && !semiJoin) {
            binder.at(shards.stream().findFirst().orElseThrow());
            return new Route(binder.node(), single.render(binder), primary);
        }
        if (scatterError != null) {
            Reject refusal = scatterError;
            if (!routing.unbound()) {
                return refusal;
            }
            // PREPARE of "... WHERE key = ?": the shard is unknown, not several; EXECUTE decides with the values
            binder.at(shards.stream().findFirst().orElseThrow());
            return refusal.untilBound(new Route(binder.node(), single.render(binder), primary));
        }
        if (merge.limit() != null && merge.limit().unbound(context.literals())) {
            binder.pushedLimit = ShardBinder.UNBOUND_LIMIT;
        } else if (merge.limit() != null) {
            Long pushed = merge.limit().pushed(context.literals());
            binder.pushedLimit = pushed == null ? Long.MAX_VALUE : pushed;
        }
        List<Route> routes = new ArrayList<>(shards.size());
        shards.stream().forEach(s -> {
            binder.at(s);
            routes.add(new Route(binder.node(), scatter.render(binder), primary));
        });
        return merge.bind(routes, context.literals());
    }
}
