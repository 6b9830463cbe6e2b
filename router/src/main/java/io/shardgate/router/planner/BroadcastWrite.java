package io.shardgate.router.planner;

import io.shardgate.router.plan.Broadcast;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.Route;
import java.util.List;

/**
 * A write (or DDL) to a broadcast table, or DDL on a database: the statement as written, on every node holding a
 * copy.
 */
record BroadcastWrite(List<String> nodes) implements PlanTemplate {

    BroadcastWrite {
        nodes = List.copyOf(nodes);
    }

    @Override
    public Plan bind(BindContext context) {
        return new Broadcast(nodes.stream().map(n -> new Route(n, context.original(), true)).toList(), true);
    }
}
