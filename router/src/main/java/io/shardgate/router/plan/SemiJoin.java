package io.shardgate.router.plan;

import io.shardgate.router.merge.SemiJoinSet;
import java.util.List;

/**
 * An {@code x [NOT] IN (subquery)} too large to write in as literals: the outer statement was written with the
 * condition replaced by {@code 1} and {@code x} appended to its select list; the rows it returns are filtered
 * by membership ({@link SemiJoinSet}) and {@code x} cut off again.
 *
 * @param values the subquery's values
 */
public record SemiJoin(List<Object> values, boolean negated) {

    /** The outer statement's plan with the filter on top, or a refusal for a plan that is not a read. */
    public Plan around(Plan outer) {
        ReadPlan read = switch (outer) {
            case ReadPlan r -> r;
            case Route r -> new MergeShards(List.of(r), List.of());
            case Empty e -> new MergeShards(List.of(e.metadata()), List.of());
            default -> null;
        };
        if (read == null) {
            return outer instanceof Reject r ? r
                    : Reject.notSupported("this statement with a subquery over proxy.subquery-inline-limit");
        }
        return new KeepColumns(new Filter(read, new SemiJoinSet(values, negated)), -1);
    }
}
