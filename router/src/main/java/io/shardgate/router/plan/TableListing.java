package io.shardgate.router.plan;

import java.util.List;
import java.util.Set;

/**
 * {@code SHOW [FULL] TABLES}: the default node lists the unsharded tables (and whatever physical shard tables
 * it holds); the client must see logical names instead. The executor runs {@link #source()}, drops rows whose
 * first column is in {@link #hidden()} (compared case-insensitively), adds one row per {@link #logical()}
 * name not already listed (second column {@code BASE TABLE} for SHOW FULL TABLES), and sorts rows by the
 * first column.
 *
 * @param hidden physical names of sharded tables, lower-cased
 * @param logical names of sharded and broadcast tables as configured, already filtered by the statement's
 *     {@code LIKE} pattern
 */
public record TableListing(Route source, Set<String> hidden, List<String> logical) implements Plan {

    public TableListing {
        hidden = Set.copyOf(hidden);
        logical = List.copyOf(logical);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("TableListing add ").append(logical).append(", hide ").append(hidden.size())
                .append(" physical tables\n");
        source.describeTo(out, indent + 1);
    }
}
