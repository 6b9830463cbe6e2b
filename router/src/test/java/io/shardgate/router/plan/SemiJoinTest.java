package io.shardgate.router.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.router.merge.AggregateFunction;
import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Columns;
import io.shardgate.router.merge.FakeStream;
import io.shardgate.router.merge.SortKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a {@link SemiJoin} puts its filters: over a plain read, or into the slots the planner left. */
class SemiJoinTest {

    /** One-column values. */
    private static List<List<Object>> values(Object... v) {
        List<List<Object>> out = new ArrayList<>();
        for (Object o : v) {
            out.add(Arrays.asList(o));
        }
        return out;
    }

    /**
     * SELECT g, COUNT(*) ... WHERE x IN (1, 2) AND y NOT IN (7) GROUP BY g: the shards return partial counts per
     * (g, x, y); the filters drop the groups of other x and y before the merge adds the counts up.
     */
    @Test
    void plannedSlotsFilterThePartialRowsBelowTheAggregate() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.count("c"), Columns.bigint("x"),
                Columns.bigint("y"));
        FakeContext shards = new FakeContext(columns).shard("1|5|1|0", "1|7|3|0", "2|1|2|7").shard("1|2|2|0", "2|4|1|0");
        ReadPlan leaf = shards.leaf(new SortKey(0, false));
        ReadPlan planned = new Limit(new Aggregate(new KeepColumns(new Filter(leaf, new SemiJoin.Slot(2)), -2),
                List.of(0), List.of(new AggregateSpec(AggregateFunction.COUNT, 1, -1, false, null))), 0, 10L);
        SemiJoin semiJoin = new SemiJoin(List.of(new SemiJoin.Member(values(1L, 2L), 1, false),
                new SemiJoin.Member(values(7L), 1, true)), true);

        Plan filled = semiJoin.around(planned);

        assertThat(FakeStream.drain(ReadTree.open((ReadPlan) filled, shards))).containsExactly("1|7", "2|4");
        assertThat(filled.describe()).contains("Filter column end-2 IN a set of 2 values")
                .contains("Filter x NOT IN a set of 1 values");
    }

    /** (x, y) IN ((1, 2), (3, 4)): one filter over the last two columns. */
    @Test
    void aRowSemiJoinFiltersOnItsColumnsTogether() {
        List<ColumnMeta> columns = List.of(Columns.bigint("id"), Columns.bigint("x"), Columns.bigint("y"));
        FakeContext shards = new FakeContext(columns).shard("1|1|2", "2|1|4", "3|3|4", "4|3|NULL");
        SemiJoin semiJoin = new SemiJoin(List.of(new SemiJoin.Member(List.of(List.of(1L, 2L), List.of(3L, 4L)), 2,
                false)), true);

        Plan filled = semiJoin.around(new KeepColumns(new Filter(shards.leaf(), new SemiJoin.Slot(2)), -2));

        assertThat(FakeStream.drain(ReadTree.open((ReadPlan) filled, shards))).containsExactly("1", "3");
    }

    @Test
    void aPlannedSemiJoinWithoutItsSlotsIsRefusedNotRunUnfiltered() {
        SemiJoin semiJoin = new SemiJoin(List.of(new SemiJoin.Member(values(1L), 1, false)), true);
        Plan outer = new MergeShards(List.of(new Route("ds0", "SELECT a, x FROM t", false)), List.of());

        assertThat(semiJoin.around(outer)).isInstanceOfSatisfying(Reject.class,
                r -> assertThat(r.code()).isEqualTo(1235));
    }

    @Test
    void aPlainSemiJoinFiltersOverTheWholeOuterPlan() {
        SemiJoin semiJoin = new SemiJoin(List.of(new SemiJoin.Member(values(1L), 1, false)), false);

        Plan filled = semiJoin.around(new Route("ds0", "SELECT a, x FROM t", false));

        assertThat(filled.describe()).isEqualTo("""
                KeepColumns all but the last 1
                  Filter x IN a set of 1 values
                    MergeShards 1 shard, concatenated
                      Route ds0 any: SELECT a, x FROM t
                """);
    }
}
