package io.shardgate.router.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.router.plan.MergeSpec.AggregateFunction;
import io.shardgate.router.plan.MergeSpec.AggregateSpec;
import io.shardgate.router.plan.MergeSpec.SortKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScatterTest {

    private static final List<Route> ROUTES = List.of(new Route("ds0", "SELECT 1", false),
            new Route("ds1", "SELECT 1", false));

    @Test
    void absoluteMergesAreReturnedAsIs() {
        MergeSpec spec = new MergeSpec(List.of(), List.of(), null, false, List.of(new SortKey(1, true)), 0, 5L, 2);
        assertThat(new Scatter(ROUTES, spec).mergeFor(7)).isSameAs(spec);
    }

    @Test
    void relativeColumnsCountFromTheEndOnceTheColumnCountIsKnown() {
        // SELECT *, created_at ... ORDER BY created_at DESC: one hidden column after an unknown number
        MergeSpec spec = new MergeSpec(List.of(-2), List.of(new AggregateSpec(AggregateFunction.AVG, -2, -1, false, null)),
                null, true, List.of(new SortKey(-1, true)), 3, 10L, -1);
        MergeSpec resolved = new Scatter(ROUTES, spec, true).mergeFor(6);
        assertThat(resolved.orderBy()).containsExactly(new SortKey(5, true));
        assertThat(resolved.groupBy()).containsExactly(4);
        // -1 as count column means "none", never "the last column" (the planner rejects aggregates with *)
        assertThat(resolved.aggregates()).containsExactly(new AggregateSpec(AggregateFunction.AVG, 4, -1, false, null));
        assertThat(resolved.visibleColumns()).isEqualTo(5);
        assertThat(resolved.offset()).isEqualTo(3);
        assertThat(resolved.limit()).isEqualTo(10L);
        assertThat(resolved.distinct()).isTrue();
        // no hidden column: every column is visible
        assertThat(new Scatter(ROUTES, MergeSpec.union(0), true).mergeFor(4).visibleColumns()).isEqualTo(4);
    }

    @Test
    void describeShowsTheMergeAndEveryRoute() {
        MergeSpec spec = new MergeSpec(List.of(), List.of(), null, false, List.of(new SortKey(0, false)), 10, 5L, 1);
        assertThat(new Scatter(ROUTES, spec).describe()).isEqualTo("""
                Scatter 2 shards
                  merge: order by [0]; offset 10; limit 5; visible 1
                  Route ds0 any: SELECT 1
                  Route ds1 any: SELECT 1
                """);
    }
}
