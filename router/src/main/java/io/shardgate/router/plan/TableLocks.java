package io.shardgate.router.plan;

import java.util.List;

/**
 * {@code LOCK TABLES} over logical tables, or {@code UNLOCK TABLES}: the session's table locks, which live on its
 * connections. A lock has one route per node, a {@code LOCK TABLES} naming every physical table (each shard, each
 * broadcast copy) of the logical tables locked there; the proxy takes them node by node in name order, so two
 * sessions locking the same tables cannot each hold one node and wait for the other. As on one server, locking
 * first ends the session's transaction and the locks it held elsewhere. An unlock (no routes) ends the locks on
 * every connection of the session.
 *
 * @param locks the routes of a lock, in the order to take them; empty for UNLOCK TABLES
 */
public record TableLocks(List<Route> locks) implements Plan {

    public TableLocks {
        locks = List.copyOf(locks);
    }

    public static TableLocks unlock() {
        return new TableLocks(List.of());
    }

    public boolean unlocks() {
        return locks.isEmpty();
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        if (unlocks()) {
            Plan.line(out, indent).append("TableLocks unlock: UNLOCK TABLES on every connection of the session\n");
            return;
        }
        Plan.line(out, indent).append("TableLocks ").append(locks.size()).append(locks.size() == 1 ? " node" : " nodes")
                .append(" in order (the session's transaction and other locks end first)\n");
        locks.forEach(r -> r.describeTo(out, indent + 1));
    }
}
