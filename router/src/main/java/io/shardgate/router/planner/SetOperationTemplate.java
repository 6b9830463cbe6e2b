package io.shardgate.router.planner;

import io.shardgate.router.merge.SortKey;
import io.shardgate.router.merge.MatchedRows;
import io.shardgate.router.plan.Distinct;
import io.shardgate.router.plan.Empty;
import io.shardgate.router.plan.InlineSubqueries;
import io.shardgate.router.plan.MatchedSets;
import io.shardgate.router.plan.Limit;
import io.shardgate.router.plan.MergeShards;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.Sort;
import io.shardgate.router.plan.Union;
import io.shardgate.router.sql.Literal;
import java.util.ArrayList;
import java.util.List;

/**
 * A set operation over sharded tables, compiled: a tree of SELECTs ({@link Side}, each its own compiled
 * statement with its share of the literals) combined by {@link Combine} nodes, then ORDER BY / LIMIT over
 * the whole. Binding binds every SELECT as the statement it is (one shard, a scatter with its merge, an
 * unsharded route) and builds the read tree over them:
 * <pre>
 *   UNION ALL          Union [a, b, ...]
 *   UNION              Distinct (Union [a, b, ...])
 *   INTERSECT [ALL]    MatchedSets INTERSECT (a, b)
 *   EXCEPT [ALL]       MatchedSets EXCEPT (a, b)
 *   ORDER BY / LIMIT   Sort / Limit above
 * </pre>
 * A SELECT that is refused alone refuses the statement with its own error.
 */
record SetOperationTemplate(Node tree, List<SortKey> orderBy, LimitClause limit) implements PlanTemplate {

    enum Kind { UNION, INTERSECT, EXCEPT }

    sealed interface Node permits Side, Combine {
    }

    /** One SELECT of the statement. */
    record Side(Substatement select) implements Node {
    }

    record Combine(Kind kind, boolean all, Node left, Node right) implements Node {
    }

    /** A SELECT refused on its own: the statement gets its error. */
    private static final class Refused extends RuntimeException {
        final transient Reject reject;

        Refused(Reject reject) {
            super(reject.message(), null, false, false);
            this.reject = reject;
        }
    }

    @Override
    public Plan bind(BindContext context) {
        ReadPlan node;
        try {
            node = bind(tree, context);
        } catch (Refused r) {
            return r.reject;
        }
        List<Literal> literals = context.literals();
        boolean limited = limit != null && !limit.unbound(literals);
        long offset = limited ? limit.offset(literals) : 0;
        Long count = limited ? limit.count(literals) : null;
        if (!orderBy.isEmpty()) {
            long needed = count == null ? Long.MAX_VALUE : offset + count < 0 ? Long.MAX_VALUE : offset + count;
            node = new Sort(node, orderBy, needed);
        }
        if (offset > 0 || count != null) {
            node = new Limit(node, offset, count);
        }
        return node;
    }

    private static ReadPlan bind(Node node, BindContext context) {
        return switch (node) {
            case Side s -> side(s, context);
            case Combine c when c.kind() == Kind.UNION -> {
                ReadPlan left = bind(c.left(), context);
                List<ReadPlan> inputs = new ArrayList<>();
                // a UNION ALL chain is one Union; a DISTINCT union over a distinct one is one Distinct
                if (left instanceof Union u) {
                    inputs.addAll(u.inputs());
                } else if (!c.all() && left instanceof Distinct d && d.input() instanceof Union u) {
                    inputs.addAll(u.inputs());
                } else {
                    inputs.add(left);
                }
                inputs.add(bind(c.right(), context));
                Union union = new Union(inputs);
                yield c.all() ? union : new Distinct(union, 0);
            }
            case Combine c -> new MatchedSets(c.kind() == Kind.INTERSECT ? MatchedRows.Kind.INTERSECT
                    : MatchedRows.Kind.EXCEPT, bind(c.left(), context), bind(c.right(), context), c.all());
        };
    }

    /** One SELECT bound as the statement it is, as a read: a route is a leaf of one shard. */
    private static ReadPlan side(Side side, BindContext context) {
        Plan plan = side.select().bind(context);
        return switch (plan) {
            case ReadPlan read -> read;
            case Route r -> new MergeShards(List.of(r), List.of());
            case Empty e -> new MergeShards(List.of(e.metadata()), List.of());
            // refused only while a '?' key is unknown (PREPARE): its one-shard statement tells the columns
            case Reject r when r.untilBound() != null -> new MergeShards(List.of(r.untilBound()), List.of());
            case Reject r -> throw new Refused(r);
            case InlineSubqueries i -> throw new Refused(Reject.notSupported("a subquery over sharded tables inside "
                    + "UNION / INTERSECT / EXCEPT"));
            default -> throw new Refused(Reject.notSupported("this SELECT inside UNION / INTERSECT / EXCEPT across "
                    + "shards"));
        };
    }
}
