package io.shardgate.router.merge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RollupAggregateTest {

    private static final List<ColumnMeta> COLUMNS = List.of(Columns.varchar("a"), Columns.bigint("b"),
            Columns.count("count(*)"), Columns.integer("x"));
    /** COUNT(*) partials in column 2; COUNT(DISTINCT x) over the raw x in column 3. */
    private static final List<AggregateSpec> AGGREGATES = List.of(
            new AggregateSpec(AggregateFunction.COUNT, 2, -1, false, null),
            new AggregateSpec(AggregateFunction.COUNT, 3, -1, true, null));
    private static final List<SortKey> KEYS = List.of(new SortKey(0, false), new SortKey(1, false));

    @Test
    void eachGroupIsFollowedByTheSuperAggregatesItEndsDeepestFirstAndTheGrandTotalLast() {
        // two shards sorted by (a, b), 'p' = 'P' under general_ci
        RowStream merged = new OrderedMerge(List.of(
                FakeStream.of(COLUMNS, "p|1|2|7", "p|2|1|7", "q|1|1|8"),
                FakeStream.of(COLUMNS, "P|1|3|9", "q|NULL|4|1", "q|1|1|8")), KEYS);
        RollupAggregate rollup = new RollupAggregate(merged, KEYS, AGGREGATES, Long.MAX_VALUE);

        assertThat(FakeStream.drain(rollup)).containsExactly(
                "p|1|5|2", "p|2|1|1", "p|NULL|6|2",
                "q|NULL|4|1", "q|1|2|1", "q|NULL|6|2",
                "NULL|NULL|12|4");
    }

    @Test
    void noInputGivesNoRowsAsMysqlDoes() {
        RollupAggregate rollup = new RollupAggregate(FakeStream.of(COLUMNS), KEYS, AGGREGATES, Long.MAX_VALUE);

        assertThat(FakeStream.drain(rollup)).isEmpty();
    }

    @Test
    void inputOutOfGroupOrderFailsInsteadOfSplittingAGroup() {
        RollupAggregate rollup = new RollupAggregate(FakeStream.of(COLUMNS, "q|1|1|1", "p|1|1|1"), KEYS,
                AGGREGATES, Long.MAX_VALUE);

        assertThatThrownBy(() -> FakeStream.drain(rollup)).isInstanceOf(RowStreamException.class);
    }
}
