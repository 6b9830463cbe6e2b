package io.shardgate.router.plan;

import java.util.List;

/**
 * The same change on several shards or nodes: DDL on every physical table, writes to broadcast tables on
 * every node, and writes whose rows span shards. The client gets one OK whose affected-row count is the sum
 * over all routes. With no routes (a write whose key no shard can hold) the answer is an OK with 0 rows.
 *
 * <p>Routes run independently; outside a transaction a failure on one route does not undo the others.
 */
public record Broadcast(List<Route> routes) implements Plan {

    public Broadcast {
        routes = List.copyOf(routes);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("Broadcast ").append(routes.size()).append(routes.size() == 1 ? " route" : " routes")
                .append(routes.isEmpty() ? " (no shard can hold the key: OK, 0 rows)" : "").append('\n');
        routes.forEach(r -> r.describeTo(out, indent + 1));
    }
}
