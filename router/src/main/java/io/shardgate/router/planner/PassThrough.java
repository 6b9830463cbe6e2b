package io.shardgate.router.planner;

import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.Route;

/**
 * A statement that names no sharded or broadcast table runs unchanged, as the client wrote it (comments
 * included), on one node: the schema's default node, or the node holding every broadcast table it reads.
 *
 * @param read true for statements a replica may answer outside a transaction
 */
record PassThrough(String node, boolean read) implements PlanTemplate {

    @Override
    public Plan bind(BindContext context) {
        return new Route(node, context.original(), !read || context.primaryForReads());
    }
}
