package io.shardgate.router.planner;

import io.shardgate.router.plan.Empty;
import io.shardgate.router.plan.InsertSelect;
import io.shardgate.router.plan.MergeShards;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Route;
import io.shardgate.router.sql.Hints;
import java.util.List;

/**
 * {@code INSERT ... SELECT} compiled ({@link InsertSelectCompiler}): binding plans the SELECT as the statement
 * it is and renders the INSERT's text around it, for the executor to write the SELECT's rows into
 * ({@link InsertSelect}). A SELECT refused alone refuses the statement with its error.
 */
record InsertSelectTemplate(Substatement prefix, Substatement select, Substatement suffix, InsertSelect.Conflict conflict)
        implements PlanTemplate {

    @Override
    public Plan bind(BindContext context) {
        // the rows are written next: read them where writes go, never on a lagging replica
        Hints hints = new Hints(context.hints().node(), true, context.hints().error());
        Plan plan = select.bind(new BindContext(context.original(), context.literals(), hints, context.session()));
        ReadPlan read = switch (plan) {
            case ReadPlan r -> r;
            case Route r -> new MergeShards(List.of(r), List.of());
            case Empty e -> new MergeShards(List.of(e.metadata()), List.of());
            // refused only while a '?' key is unknown (PREPARE): an INSERT's PREPARE needs no columns
            case Reject r when r.untilBound() != null -> new MergeShards(List.of(r.untilBound()), List.of());
            default -> null;
        };
        if (read == null) {
            return plan instanceof Reject r ? r : Reject.notSupported("this SELECT inside INSERT ... SELECT");
        }
        return new InsertSelect(prefix.render(context.literals()), suffix.render(context.literals()), read,
                conflict);
    }
}
