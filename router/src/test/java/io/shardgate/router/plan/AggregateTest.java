package io.shardgate.router.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.router.merge.AggregateFunction;
import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Columns;
import io.shardgate.router.merge.FakeStream;
import io.shardgate.router.merge.MergedStream;
import io.shardgate.router.merge.RowStreamException;
import io.shardgate.router.merge.SortKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Aggregate node: which operator it opens, and what order it promises the nodes above. */
class AggregateTest {

    private static final List<ColumnMeta> G_COUNT = List.of(Columns.bigint("g"), Columns.count("c"));

    private static AggregateSpec agg(AggregateFunction f, int column) {
        return new AggregateSpec(f, column, -1, false, null);
    }

    /** SELECT g, SUM(x) ... GROUP BY g ORDER BY g DESC, with the shards sent ORDER BY g DESC. */
    @Test
    void groupByOverShardsMergedInOrderStreamsAndNeedsNoSort() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.decimal("sum(x)", 0));
        FakeContext shards = new FakeContext(columns).shard("9|1", "5|1", "1|1").shard("7|2", "5|2");
        SortKey byGroupDesc = new SortKey(0, true);
        ReadPlan tree = new Sort(new Aggregate(shards.leaf(byGroupDesc), List.of(0),
                List.of(agg(AggregateFunction.SUM, 1))), List.of(byGroupDesc));
        MergedStream rows = ReadTree.open(tree, shards);

        assertThat(FakeStream.drain(rows)).containsExactly("9|1", "7|2", "5|3", "1|1");
        assertThat(rows.describe()).isEqualTo("""
                OrderedAggregate(group #0 desc; SUM(#1))
                  OrderedMerge(#0 desc; 2 inputs)""");
    }

    /** The same shards read one after another: the groups are hashed, and the Sort above sorts. */
    @Test
    void groupByOverShardsReadInTurnHashesAndTheSortAboveSorts() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.decimal("sum(x)", 0));
        FakeContext shards = new FakeContext(columns).shard("9|1", "5|1", "1|1").shard("7|2", "5|2").sequential();
        SortKey byGroupDesc = new SortKey(0, true);
        ReadPlan tree = new Sort(new Aggregate(shards.leaf(byGroupDesc), List.of(0),
                List.of(agg(AggregateFunction.SUM, 1))), List.of(byGroupDesc));
        MergedStream rows = ReadTree.open(tree, shards);

        assertThat(FakeStream.drain(rows)).containsExactly("9|1", "7|2", "5|3", "1|1");
        assertThat(rows.describe()).isEqualTo("""
                MemorySort(#0 desc)
                  HashAggregate(group [0]; SUM(#1))
                    Concatenation(2 inputs)""");
    }

    @Test
    void aShardOrderThatDoesNotStartWithTheGroupKeysIsHashed() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.bigint("h"), Columns.count("c"));
        FakeContext shards = new FakeContext(columns).shard("2|1|1", "1|2|1").shard("1|1|1");
        MergedStream rows = ReadTree.open(new Aggregate(shards.leaf(new SortKey(1, false), new SortKey(0, false)),
                List.of(0), List.of(agg(AggregateFunction.COUNT, 2))), shards);

        assertThat(rows.describe()).startsWith("HashAggregate");
        // merged by h: 1|1|1 comes first, so group 1 shows h = 1 (MySQL's "any value" for a plain column)
        assertThat(FakeStream.drain(rows)).containsExactlyInAnyOrder("1|1|2", "2|1|1");
    }

    @Test
    void textUnderAnApproximatedCollationIsHashedThenSorted() {
        List<ColumnMeta> columns = List.of(Columns.varchar("g", 255), Columns.count("c"));
        FakeContext shards = new FakeContext(columns).shard("Мир|1", "ёж|2").shard("мир|3");
        SortKey byGroup = new SortKey(0, false);
        MergedStream rows = ReadTree.open(new Sort(new Aggregate(shards.leaf(byGroup), List.of(0),
                List.of(agg(AggregateFunction.COUNT, 1))), List.of(byGroup)), shards);

        assertThat(rows.describe()).contains("HashAggregate").contains("MemorySort(#0)");
        // 'Мир' = 'мир' (case folded in any script); 'ё' weighs 'Е', which precedes 'М'
        assertThat(FakeStream.drain(rows)).containsExactly("ёж|2", "Мир|4");
    }

    /** The planner's rewrite: GROUP BY g sent as GROUP BY g ORDER BY g; name depends on g. */
    @Test
    void plainColumnsListedAfterTheGroupKeysStillStream() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.varchar("name"), Columns.decimal("sum(x)", 0));
        FakeContext shards = new FakeContext(columns).shard("1|one|5", "2|two|1", "3|three|7").shard("2|two|9", "3|three|1");
        ReadPlan tree = new Limit(new Sort(new Aggregate(shards.leaf(new SortKey(0, false), new SortKey(1, false)),
                List.of(0, 1), List.of(agg(AggregateFunction.SUM, 2))), List.of(new SortKey(2, true)), 2), 0, 2L);
        MergedStream rows = ReadTree.open(tree, shards);

        assertThat(FakeStream.drain(rows)).containsExactly("2|two|10", "3|three|8");
        assertThat(rows.describe()).isEqualTo("""
                Limit(offset=0, count=2)
                  MemorySort(#2 desc; keep 2)
                    OrderedAggregate(group #0, #1; SUM(#2))
                      OrderedMerge(#0, #1; 2 inputs)""");
    }

    @Test
    void withoutGroupKeysExactlyOneRowComesOutAndNothingAboveSortsIt() {
        List<ColumnMeta> columns = List.of(Columns.count("count(*)"), Columns.decimal("sum(x)", 0));
        FakeContext shards = new FakeContext(columns).shard().shard().sequential();
        ReadPlan tree = new Sort(new Distinct(new Aggregate(shards.leaf(), List.of(),
                List.of(agg(AggregateFunction.COUNT, 0), agg(AggregateFunction.SUM, 1))), 2), List.of(new SortKey(1, true)));
        MergedStream rows = ReadTree.open(tree, shards);

        assertThat(FakeStream.drain(rows)).containsExactly("0|NULL");
        assertThat(rows.describe()).startsWith("OrderedAggregate(group none").doesNotContain("MemorySort")
                .doesNotContain("Distinct");
    }

    @Test
    void shardsThatIgnoredTheGroupOrderRaiseInsteadOfSplittingGroups() {
        FakeContext shards = new FakeContext(G_COUNT).shard("2|1", "1|1").shard("3|1");
        MergedStream rows = ReadTree.open(new Aggregate(shards.leaf(new SortKey(0, false)), List.of(0),
                List.of(agg(AggregateFunction.COUNT, 1))), shards);

        // group 2 ends where 1 arrives: too late to merge 1 with anything that came before
        assertThatThrownBy(rows::next).isInstanceOf(RowStreamException.class)
                .satisfies(e -> assertThat(((RowStreamException) e).errorCode()).isEqualTo(1105));
        assertThat(shards.allClosed()).isTrue();
    }

    @Test
    void aShardErrorClosesEveryShardAndPropagates() {
        FakeContext shards = new FakeContext(G_COUNT).shard("1|1", "2|1").shard("1|1", "3|1").shard("4|1")
                .failing(1, 1);
        MergedStream rows = ReadTree.open(new Aggregate(shards.leaf(), List.of(0),
                List.of(agg(AggregateFunction.COUNT, 1))), shards);

        assertThatThrownBy(rows::next).isInstanceOf(RowStreamException.class)
                .satisfies(e -> assertThat(((RowStreamException) e).sqlState()).isEqualTo("70100"));
        assertThat(shards.allClosed()).isTrue();
        assertThat(rows.next()).isNull();
    }

    /** SELECT *, COUNT(*) ... GROUP BY k over rows (a, b, count, k): the columns after the * count from the end. */
    @Test
    void columnsCountedFromTheEndResolveAgainstTheInputWidth() {
        List<ColumnMeta> columns = List.of(Columns.bigint("a"), Columns.bigint("b"), Columns.count("c"),
                Columns.bigint("k"));
        FakeContext shards = new FakeContext(columns).shard("1|5|2|1", "2|6|1|2").shard("1|5|3|1").sequential();
        ReadPlan tree = new Aggregate(shards.leaf(), List.of(-1), List.of(agg(AggregateFunction.COUNT, -2)));

        assertThat(FakeStream.drain(ReadTree.open(tree, shards))).containsExactlyInAnyOrder("1|5|5|1", "2|6|1|2");
    }

    @Test
    void aggregatesOfSeveralColumnsCountedFromTheEndAreRefused() {
        // an AVG's count column of -1 would read as none: the planner refuses such aggregates with SELECT *
        MergeShards leaf = new FakeContext(G_COUNT).shard().leaf();
        assertThatThrownBy(() -> new Aggregate(leaf, List.of(0), List.of(new AggregateSpec(AggregateFunction.AVG, -2,
                -1, true, null)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describeShowsTheLogicalOperator() {
        MergeShards leaf = new FakeContext(G_COUNT).shard().leaf(new SortKey(0, false));
        assertThat(new Aggregate(leaf, List.of(0), List.of(agg(AggregateFunction.COUNT, 1))).describe())
                .startsWith("Aggregate [COUNT(1)] group by [0] (streams if the input order and collation allow,"
                        + " else hashes)\n  MergeShards 1 shard sorted by [0]");
        assertThat(new Aggregate(leaf, List.of(), List.of(new AggregateSpec(AggregateFunction.AVG, 0, 1, false, null)))
                .describe()).startsWith("Aggregate [AVG(0 / count 1)], one row\n");
    }
}
