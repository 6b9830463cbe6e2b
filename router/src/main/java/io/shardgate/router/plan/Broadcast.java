package io.shardgate.router.plan;

import java.util.List;

/**
 * The same change on several shards or nodes: DDL on every physical table, writes to broadcast tables on
 * every node, and writes whose rows span shards. The client gets one OK. Its affected-row count is the sum
 * over all routes when the routes touch different rows (shards), and the first route's count when they are
 * {@code copies} of one write (a broadcast table's copy on each node, a database on each node): the
 * application wrote one logical table, and an ORM checking "updated 1 row" must not see one per copy. With no
 * routes (a write whose key no shard can hold) the answer is an OK with 0 rows.
 *
 * <p>A data change (INSERT, REPLACE, UPDATE, DELETE) with several routes runs in one transaction, the session's or
 * one of its own in autocommit mode, so that a failure on one route undoes the others; DDL routes run independently.
 *
 * @param copies every route applies the same statement to its own copy of the same data
 */
public record Broadcast(List<Route> routes, boolean copies) implements Plan {

    public Broadcast {
        routes = List.copyOf(routes);
    }

    /** Routes over different shards: affected rows add up. */
    public Broadcast(List<Route> routes) {
        this(routes, false);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("Broadcast ").append(routes.size()).append(routes.size() == 1 ? " route" : " routes")
                .append(copies ? " (copies: affected rows of one)" : "")
                .append(routes.isEmpty() ? " (no shard can hold the key: OK, 0 rows)" : "").append('\n');
        routes.forEach(r -> r.describeTo(out, indent + 1));
    }
}
