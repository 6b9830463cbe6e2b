package io.shardgate.router.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.router.merge.AggregateFunction;
import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.AggregateTypes;
import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Columns;
import io.shardgate.router.merge.FakeStream;
import io.shardgate.router.merge.MergedStream;
import io.shardgate.router.merge.RowPredicate;
import io.shardgate.router.merge.SortKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterTest {

    private static final List<ColumnMeta> G_COUNT = List.of(Columns.varchar("g"), Columns.count("count(*)"));
    private static final AggregateSpec COUNT = new AggregateSpec(AggregateFunction.COUNT, 1, -1, false, null);

    /**
     * SELECT g, COUNT(*) FROM t GROUP BY g HAVING COUNT(*) > 1 ORDER BY COUNT(*) DESC LIMIT 2, the shards
     * sent no ORDER BY.
     */
    @Test
    void havingDropsTheGroupsItRejectsBeforeTheSortAndLimit() {
        FakeContext shards = new FakeContext(G_COUNT).shard("x|1", "y|5", "z|1").shard("w|1", "x|3", "z|1")
                .shard("Y|1", "v|9");
        RowPredicate moreThanOne = row -> (Long) row.get(1) > 1;
        ReadPlan tree = new Limit(new Sort(new Filter(new Aggregate(shards.leaf(), List.of(0), List.of(COUNT)),
                moreThanOne), List.of(new SortKey(1, true)), 2), 0, 2L);
        MergedStream rows = ReadTree.open(tree, shards);

        assertThat(FakeStream.drain(rows)).containsExactly("v|9", "y|6");
        assertThat(rows.columns().get(1)).isEqualTo(AggregateTypes.countColumn("count(*)"));
        assertThat(rows.describe()).isEqualTo("""
                Limit(offset=0, count=2)
                  MemorySort(#1 desc; keep 2)
                    Filter(%s)
                      HashAggregate(group [0]; COUNT(#1))
                        Concatenation(3 inputs)""".formatted(moreThanOne));
    }

    @Test
    void keepsTheInputOrderSoASortOnItIsNotNeeded() {
        FakeContext shards = new FakeContext(G_COUNT).shard("a|1", "c|3").shard("b|2");
        SortKey byG = new SortKey(0, false);
        MergedStream rows = ReadTree.open(new Sort(new Filter(shards.leaf(byG), row -> (Long) row.get(1) != 2),
                List.of(byG)), shards);

        assertThat(FakeStream.drain(rows)).containsExactly("a|1", "c|3");
        assertThat(rows.describe()).doesNotContain("MemorySort");
    }

    @Test
    void aFailingPredicateClosesEveryShard() {
        FakeContext shards = new FakeContext(G_COUNT).shard("a|1", "b|1").shard("c|1");
        MergedStream rows = ReadTree.open(new Filter(new Aggregate(shards.leaf(new SortKey(0, false)), List.of(0),
                List.of(COUNT)), row -> {
                    throw new ArithmeticException("division by zero in HAVING");
                }), shards);

        assertThatThrownBy(rows::next).isInstanceOf(ArithmeticException.class);
        assertThat(shards.allClosed()).isTrue();
    }

    @Test
    void describeShowsThePredicate() {
        RowPredicate p = new RowPredicate() {
            @Override
            public boolean test(io.shardgate.router.merge.Row row) {
                return true;
            }

            @Override
            public String toString() {
                return "COUNT(*)#1 > 2";
            }
        };
        assertThat(new Filter(new FakeContext(G_COUNT).shard().leaf(), p).describe())
                .startsWith("Filter COUNT(*)#1 > 2\n  MergeShards 1 shard, concatenated\n");
    }
}
