package io.shardgate.router.plan;

/**
 * What the proxy does with one statement: a small tree of primitives, as in Vitess's engine. Only
 * {@link Route} reaches a backend; the other primitives say how several routes combine (a {@link ReadPlan}
 * tree over {@link MergeShards} leaves for a cross-shard read, {@link Broadcast} for writes), answer without
 * a backend ({@link Local}, {@link SessionCommand}, {@link Reject}) or adjust a result
 * ({@link GeneratedKeys}, {@link TableListing}, {@link RenameTable}, {@link Empty}), or show metadata with
 * logical tables ({@link CatalogRead}, {@link CatalogFold}), or take the session's table locks
 * ({@link TableLocks}).
 *
 * <p>Plans are immutable values; {@link #describe()} renders the tree (two spaces per level) with the
 * physical SQL of every route, for {@code shardgate route}, the admin {@code SHOW ROUTE FOR} and the golden
 * planner tests.
 */
public sealed interface Plan
        permits Route, ReadPlan, Broadcast, Local, SessionCommand, Reject, Empty, GeneratedKeys, TableListing,
        RenameTable, CatalogRead, CatalogFold, KeyCheckedWrite, TableLocks, InlineSubqueries,
        InsertSelect {

    /** Appends this node's lines, each indented by {@code indent} levels and ended by a newline. */
    void describeTo(StringBuilder out, int indent);

    /** The whole tree, one node per line. */
    default String describe() {
        StringBuilder out = new StringBuilder();
        describeTo(out, 0);
        return out.toString();
    }

    /** Starts a line of the description at {@code indent} levels. */
    static StringBuilder line(StringBuilder out, int indent) {
        return out.append("  ".repeat(indent));
    }
}
