package io.shardgate.router.planner;

import io.shardgate.router.plan.Empty;
import io.shardgate.router.plan.InlineSubqueries;
import io.shardgate.router.plan.MergeShards;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Route;
import io.shardgate.router.sql.SqlTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * A SELECT with uncorrelated subqueries over sharded tables, compiled ({@link SubqueryCompiler}): binding plans
 * each subquery as the statement it is and keeps the rest as text, for the executor to write the subqueries'
 * rows into ({@link InlineSubqueries}). A subquery refused alone refuses the statement with its error.
 *
 * @param head the statement's text up to the end of its select list when a subquery may become a semi-join
 *     (then the first part starts there), else null
 * @param parts the statement's text around the subqueries
 * @param sites per subquery, where it may become a semi-join, or null; their select ends as in the shape
 * @param metadata the whole statement with every sharded table's names, rendered on shard 0 of each table
 */
record InlineSubqueryTemplate(Substatement head, List<Substatement> parts, List<InlineSubqueries.Use> uses,
                              List<InlineSubqueries.SemiJoinSite> sites, List<Substatement> subqueries,
                              List<CatalogTable> tables, SqlTemplate metadata) implements PlanTemplate {

    @Override
    public Plan bind(BindContext context) {
        List<InlineSubqueries.Subquery> bound = new ArrayList<>(subqueries.size());
        for (int i = 0; i < subqueries.size(); i++) {
            Plan plan = subqueries.get(i).bind(context);
            ReadPlan read = switch (plan) {
                case ReadPlan r -> r;
                case Route r -> new MergeShards(List.of(r), List.of());
                case Empty e -> new MergeShards(List.of(e.metadata()), List.of());
                // refused only while a '?' key is unknown (PREPARE): its one-shard statement is enough there
                case Reject r when r.untilBound() != null -> new MergeShards(List.of(r.untilBound()), List.of());
                default -> null;
            };
            if (read == null) {
                return plan instanceof Reject r ? r : Reject.notSupported("this subquery across shards");
            }
            bound.add(new InlineSubqueries.Subquery(uses.get(i), read, null));
        }
        List<String> text = new ArrayList<>(parts.stream().map(p -> p.render(context.literals())).toList());
        if (head != null) {
            String rendered = head.render(context.literals());
            text.set(0, rendered + text.getFirst());
            for (int i = 0; i < bound.size(); i++) {
                InlineSubqueries.SemiJoinSite s = sites.get(i);
                if (s != null) { // the select list ends where its rendered text does ('?' may have been bound)
                    bound.set(i, new InlineSubqueries.Subquery(uses.get(i), bound.get(i).plan(),
                            new InlineSubqueries.SemiJoinSite(s.columns(), s.negated(), s.conditionChars(),
                                    rendered.length(), s.planned())));
                }
            }
        }
        ShardBinder binder = new ShardBinder(context.literals(), tables, new ShardBinder.Hook[0], null).at(0);
        Route first = new Route(binder.node(), metadata.render(binder), context.primaryForReads());
        return new InlineSubqueries(text, bound, first);
    }
}
