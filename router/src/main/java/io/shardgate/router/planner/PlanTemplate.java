package io.shardgate.router.planner;

import io.shardgate.router.plan.Plan;

/**
 * A statement shape compiled once, cached in the {@link PlanCache}: binding a statement's literals yields
 * its {@link Plan}. Implementations are immutable and thread-safe, and binding does no parsing.
 */
@FunctionalInterface
public interface PlanTemplate {

    Plan bind(BindContext context);

    /** A template whose plan does not depend on the literals. */
    static PlanTemplate fixed(Plan plan) {
        return context -> plan;
    }
}
