package io.shardgate.router.plan;

/**
 * One statement on one node: the leaf of every plan that touches a backend.
 *
 * @param node the data node (config {@code nodes:} name)
 * @param sql the physical statement, table names rewritten
 * @param primaryRequired true for writes, locking reads, reads inside a transaction and reads hinted to the
 *     primary; false lets the proxy read from a replica
 */
public record Route(String node, String sql, boolean primaryRequired) implements Plan {

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("Route ").append(node).append(primaryRequired ? " primary: " : " any: ")
                .append(sql).append('\n');
    }
}
