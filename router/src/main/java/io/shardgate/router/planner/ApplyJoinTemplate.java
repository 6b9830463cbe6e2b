package io.shardgate.router.planner;

import io.shardgate.router.plan.ApplyJoin;
import io.shardgate.router.plan.Empty;
import io.shardgate.router.plan.HashJoin;
import io.shardgate.router.plan.MergeShards;
import io.shardgate.router.plan.NodeReplacement;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Route;
import io.shardgate.router.sql.Literal;
import java.util.List;

/**
 * A join chosen to run as an apply join ({@link ApplyJoinPlanner}): the hash join's plan, bound as
 * {@link JoinTemplate} binds it, with its {@link HashJoin} wrapped in an {@link ApplyJoin} that also carries the
 * outer side's values statement and the inner side's statement up to its IN list.
 *
 * @param hash the join as a hash join
 * @param outerValues {@code SELECT DISTINCT} of the outer join column, under the outer side's conditions
 * @param innerShape the inner side's statement up to its IN list, in the statement's shape
 * @param innerSlots which of the statement's literals {@code innerShape} holds, in its order
 */
record ApplyJoinTemplate(JoinTemplate hash, JoinTemplate.SideStatement outerValues, String innerShape,
                         List<Integer> innerSlots) implements PlanTemplate {

    ApplyJoinTemplate {
        innerSlots = List.copyOf(innerSlots);
    }

    @Override
    public Plan bind(BindContext context) {
        Plan plan = hash.bind(context);
        HashJoin join = plan instanceof ReadPlan tree ? hashJoin(tree) : null;
        if (join != null && join.build().routes().size() < 2) {
            // the inner side's own conditions already keep it on one shard: a list of values prunes nothing
            return plan;
        }
        ReadPlan values = join == null ? null : values(context);
        if (values == null) {
            return plan; // a refusal, or a values statement that is no read: the hash join
        }
        List<Literal> literals = innerSlots.stream().map(context.literals()::get).toList();
        ApplyJoin apply = new ApplyJoin(join, values, Substatement.render(innerShape, literals));
        return NodeReplacement.replace((ReadPlan) plan, join, apply);
    }

    private ReadPlan values(BindContext context) {
        List<Literal> literals = outerValues.slots().stream().map(context.literals()::get).toList();
        Plan plan = outerValues.template().bind(new BindContext(Substatement.render(outerValues.shape(), literals),
                literals, context.hints(), context.session()));
        return switch (plan) {
            case ReadPlan r -> r;
            case Route r -> new MergeShards(List.of(r), List.of());
            case Empty e -> new MergeShards(List.of(e.metadata()), List.of());
            case Reject r when r.untilBound() != null -> new MergeShards(List.of(r.untilBound()), List.of());
            default -> null;
        };
    }

    private static HashJoin hashJoin(ReadPlan tree) {
        if (tree instanceof HashJoin h) {
            return h;
        }
        for (ReadPlan input : tree.inputs()) {
            HashJoin found = hashJoin(input);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
