package io.shardgate.router.merge;

import io.shardgate.router.plan.MergeSpec;
import io.shardgate.router.plan.MergeSpec.AggregateFunction;
import io.shardgate.router.plan.MergeSpec.AggregateSpec;
import io.shardgate.router.plan.MergeSpec.SortKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MergePipelineTest {

    private static List<RowStream> shards(List<ColumnMeta> columns, List<FakeStream> created, String[]... rows) {
        List<RowStream> out = new ArrayList<>();
        for (String[] r : rows) {
            FakeStream s = FakeStream.of(columns, r);
            created.add(s);
            out.add(s);
        }
        return out;
    }

    private static MergeSpec spec(List<Integer> groupBy, List<AggregateSpec> aggregates, MergeSpec.RowPredicate having,
                                  boolean distinct, List<SortKey> orderBy, long offset, Long limit, int visible) {
        return new MergeSpec(groupBy, aggregates, having, distinct, orderBy, offset, limit, visible);
    }

    @Test
    void unionReturnsEveryRow() {
        List<ColumnMeta> columns = List.of(Columns.bigint("id"));
        List<FakeStream> created = new ArrayList<>();
        MergedStream merged = MergePipeline.build(MergeSpec.union(1),
                shards(columns, created, new String[] {"1", "2"}, new String[] {}, new String[] {"3"}));

        assertThat(FakeStream.drain(merged)).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(merged.describe()).isEqualTo("Concatenation(3 inputs)");
    }

    /** SELECT name FROM t ORDER BY created DESC LIMIT 1, 3: 'created' is a hidden sort column. */
    @Test
    void orderByHiddenColumnWithOffsetAndLimitStreams() {
        List<ColumnMeta> columns = List.of(Columns.varchar("name"), Columns.datetime("created"));
        List<FakeStream> created = new ArrayList<>();
        List<SortKey> order = List.of(new SortKey(1, true));
        MergedStream merged = MergePipeline.build(spec(List.of(), List.of(), null, false, order, 1, 3L, 1),
                shards(columns, created,
                        new String[] {"a|2024-01-09 00:00:00", "b|2024-01-05 00:00:00", "c|2024-01-01 00:00:00"},
                        new String[] {"d|2024-01-08 00:00:00", "e|2024-01-07 00:00:00", "f|2024-01-02 00:00:00"}));

        assertThat(merged.columns()).extracting(ColumnMeta::name).containsExactly("name");
        assertThat(FakeStream.drain(merged)).containsExactly("d", "e", "b");
        assertThat(created).allMatch(FakeStream::closed);
        assertThat(merged.describe()).isEqualTo("""
                DropHiddenColumns(keep 1)
                  Limit(offset=1, count=3)
                    OrderedMerge(#1 desc; 2 inputs)""");
    }

    /**
     * SELECT g, COUNT(*) FROM t GROUP BY g HAVING COUNT(*) > 1 ORDER BY COUNT(*) DESC LIMIT 2, the shards
     * sent no ORDER BY.
     */
    @Test
    void groupByOrderedByAnAggregateOverUnsortedShardsUsesHashAndBoundedSort() {
        List<ColumnMeta> columns = List.of(Columns.varchar("g"), Columns.count("count(*)"));
        List<FakeStream> created = new ArrayList<>();
        MergeSpec spec = spec(List.of(0), List.of(new AggregateSpec(AggregateFunction.COUNT, 1, -1, false, null)),
                row -> (Long) row.get(1) > 1, false, List.of(new SortKey(1, true)), 0, 2L, 2);
        MergedStream merged = MergePipeline.build(spec, List.of(), shards(columns, created,
                new String[] {"x|1", "y|5", "z|1"}, new String[] {"w|1", "x|3", "z|1"}, new String[] {"Y|1", "v|9"}));

        assertThat(FakeStream.drain(merged)).containsExactly("v|9", "y|6");
        assertThat(merged.columns().get(1)).isEqualTo(AggregateTypes.countColumn("count(*)"));
        assertThat(merged.describe()).isEqualTo("""
                Limit(offset=0, count=2)
                  MemorySort(#1 desc; keep 2)
                    Having
                      HashAggregate(group [0]; COUNT(#1))
                        Concatenation(3 inputs)""");
    }

    /** SELECT g, SUM(x) ... GROUP BY g ORDER BY g DESC, with the shards sent ORDER BY g DESC. */
    @Test
    void groupByOnSortedShardsStreamsWithoutASort() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.decimal("sum(x)", 0));
        List<FakeStream> created = new ArrayList<>();
        List<SortKey> byGroupDesc = List.of(new SortKey(0, true));
        MergeSpec spec = spec(List.of(0), List.of(new AggregateSpec(AggregateFunction.SUM, 1, -1, false, null)),
                null, false, byGroupDesc, 0, null, 2);
        MergedStream merged = MergePipeline.build(spec, byGroupDesc, shards(columns, created,
                new String[] {"9|1", "5|1", "1|1"}, new String[] {"7|2", "5|2"}));

        assertThat(FakeStream.drain(merged)).containsExactly("9|1", "7|2", "5|3", "1|1");
        assertThat(merged.describe()).isEqualTo("""
                OrderedAggregate(group #0 desc; SUM(#1))
                  OrderedMerge(#0 desc; 2 inputs)""");
    }

    @Test
    void groupByAShardOrderThatDoesNotStartWithTheGroupKeysFallsBackToHash() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.bigint("h"), Columns.count("c"));
        MergeSpec spec = spec(List.of(0), List.of(new AggregateSpec(AggregateFunction.COUNT, 2, -1, false, null)),
                null, false, List.of(), 0, null, 3);
        MergedStream merged = MergePipeline.build(spec, List.of(new SortKey(1, false), new SortKey(0, false)),
                shards(columns, new ArrayList<>(), new String[] {"2|1|1", "1|2|1"}, new String[] {"1|1|1"}));

        assertThat(merged.describe()).startsWith("HashAggregate");
        // merged by h: 1|1|1 comes first, so group 1 shows h = 1 (MySQL's "any value" for a plain column)
        assertThat(FakeStream.drain(merged)).containsExactlyInAnyOrder("1|1|2", "2|1|1");
    }

    @Test
    void groupByTextUnderAnApproximatedCollationUsesHash() {
        List<ColumnMeta> columns = List.of(Columns.varchar("g", 255), Columns.count("c"));
        List<SortKey> byGroup = List.of(new SortKey(0, false));
        MergeSpec spec = spec(List.of(0), List.of(new AggregateSpec(AggregateFunction.COUNT, 1, -1, false, null)),
                null, false, byGroup, 0, null, 2);
        MergedStream merged = MergePipeline.build(spec, byGroup, shards(columns, new ArrayList<>(),
                new String[] {"Мир|1", "ёж|2"}, new String[] {"мир|3"}));

        assertThat(merged.describe()).contains("HashAggregate").contains("MemorySort(#0)");
        // 'Мир' = 'мир' (case folded in any script); 'ё' weighs 'Е', which precedes 'М'
        assertThat(FakeStream.drain(merged)).containsExactly("ёж|2", "Мир|4");
    }

    @Test
    void distinctStreamsWhenShardsAreSortedOnTheVisibleColumns() {
        List<ColumnMeta> columns = List.of(Columns.varchar("a"), Columns.bigint("b"));
        List<SortKey> order = List.of(new SortKey(1, false), new SortKey(0, true));
        MergedStream merged = MergePipeline.build(spec(List.of(), List.of(), null, true, order, 0, null, 2),
                shards(columns, new ArrayList<>(), new String[] {"b|1", "a|1", "a|2"}, new String[] {"B|1", "a|2"}));

        assertThat(FakeStream.drain(merged)).containsExactly("b|1", "a|1", "a|2");
        assertThat(merged.describe()).startsWith("Distinct(sorted on #1, #0 desc)");
    }

    @Test
    void distinctOverAPartialOrderIsHashedAndKeepsTheOrder() {
        List<ColumnMeta> columns = List.of(Columns.varchar("a"), Columns.bigint("b"));
        List<SortKey> order = List.of(new SortKey(1, false));
        MergedStream merged = MergePipeline.build(spec(List.of(), List.of(), null, true, order, 0, null, 2),
                shards(columns, new ArrayList<>(), new String[] {"x|1", "y|1", "x|3"}, new String[] {"y|1", "z|2"}));

        assertThat(FakeStream.drain(merged)).containsExactly("x|1", "y|1", "z|2", "x|3");
        assertThat(merged.describe()).startsWith("Distinct(hashed)");
    }

    /** The planner's rewrite: GROUP BY g sent as GROUP BY g ORDER BY g; ORDER BY SUM(x) DESC stays in the merge. */
    @Test
    void defaultShardOrderForGroupByIsTheGroupKeys() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.varchar("name"), Columns.decimal("sum(x)", 0));
        // name depends on g; the planner lists it in groupBy after the group key
        MergeSpec spec = spec(List.of(0, 1), List.of(new AggregateSpec(AggregateFunction.SUM, 2, -1, false, null)),
                null, false, List.of(new SortKey(2, true)), 0, 2L, 3);
        assertThat(MergePipeline.defaultShardOrder(spec)).containsExactly(new SortKey(0, false), new SortKey(1, false));

        MergedStream merged = MergePipeline.build(spec, shards(columns, new ArrayList<>(),
                new String[] {"1|one|5", "2|two|1", "3|three|7"}, new String[] {"2|two|9", "3|three|1"}));

        assertThat(FakeStream.drain(merged)).containsExactly("2|two|10", "3|three|8");
        assertThat(merged.describe()).isEqualTo("""
                Limit(offset=0, count=2)
                  MemorySort(#2 desc; keep 2)
                    OrderedAggregate(group #0, #1; SUM(#2))
                      OrderedMerge(#0, #1; 2 inputs)""");
    }

    @Test
    void shardsThatIgnoredTheGroupOrderRaiseInsteadOfSplittingGroups() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.count("c"));
        MergeSpec spec = spec(List.of(0), List.of(new AggregateSpec(AggregateFunction.COUNT, 1, -1, false, null)),
                null, false, List.of(new SortKey(0, false)), 0, null, 2);
        List<FakeStream> created = new ArrayList<>();
        MergedStream merged = MergePipeline.build(spec, shards(columns, created,
                new String[] {"2|1", "1|1"}, new String[] {"3|1"}));

        // group 2 ends where 1 arrives: too late to merge 1 with anything that came before
        assertThatThrownBy(merged::next).isInstanceOf(RowStreamException.class)
                .satisfies(e -> assertThat(((RowStreamException) e).errorCode()).isEqualTo(1105));
        assertThat(created).allMatch(FakeStream::closed);
    }

    @Test
    void aggregateWithoutGroupByOverEmptyShardsReturnsOneRow() {
        List<ColumnMeta> columns = List.of(Columns.count("count(*)"), Columns.decimal("sum(x)", 0));
        MergeSpec spec = spec(List.of(), List.of(new AggregateSpec(AggregateFunction.COUNT, 0, -1, false, null),
                new AggregateSpec(AggregateFunction.SUM, 1, -1, false, null)), null, false,
                List.of(new SortKey(0, false)), 0, 10L, 2);
        MergedStream merged = MergePipeline.build(spec, shards(columns, new ArrayList<>(), new String[] {},
                new String[] {}));

        assertThat(FakeStream.drain(merged)).containsExactly("0|NULL");
        assertThat(merged.describe()).doesNotContain("MemorySort");
    }

    @Test
    void aShardErrorClosesEveryShardAndPropagates() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.count("c"));
        List<FakeStream> created = new ArrayList<>();
        List<RowStream> inputs = shards(columns, created, new String[] {"1|1", "2|1"}, new String[] {"1|1", "3|1"},
                new String[] {"4|1"});
        created.get(1).failingAfter(1);
        MergeSpec spec = spec(List.of(0), List.of(new AggregateSpec(AggregateFunction.COUNT, 1, -1, false, null)),
                null, false, List.of(), 0, null, 2);
        MergedStream merged = MergePipeline.build(spec, List.of(), inputs);

        assertThatThrownBy(merged::next).isInstanceOf(RowStreamException.class)
                .satisfies(e -> assertThat(((RowStreamException) e).sqlState()).isEqualTo("70100"));
        assertThat(created).allMatch(FakeStream::closed);
        assertThat(merged.next()).isNull();
    }

    @Test
    void aFailingHavingClosesEveryShard() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.count("c"));
        List<FakeStream> created = new ArrayList<>();
        MergeSpec spec = spec(List.of(0), List.of(new AggregateSpec(AggregateFunction.COUNT, 1, -1, false, null)),
                row -> {
                    throw new ArithmeticException("division by zero in HAVING");
                }, false, List.of(), 0, null, 2);
        MergedStream merged = MergePipeline.build(spec, List.of(new SortKey(0, false)),
                shards(columns, created, new String[] {"1|1", "2|1"}, new String[] {"3|1"}));

        assertThatThrownBy(merged::next).isInstanceOf(ArithmeticException.class);
        assertThat(created).allMatch(FakeStream::closed);
    }

    @Test
    void closeClosesShardsNotYetReached() {
        List<ColumnMeta> columns = List.of(Columns.bigint("id"));
        List<FakeStream> created = new ArrayList<>();
        MergedStream merged = MergePipeline.build(MergeSpec.union(1),
                shards(columns, created, new String[] {"1", "2"}, new String[] {"3"}));

        assertThat(FakeStream.text(merged.next())).isEqualTo("1");
        merged.close();
        assertThat(created).allMatch(FakeStream::closed);
        assertThat(merged.next()).isNull();
    }

    @Test
    void invalidSpecsAreRejectedAndShardsClosed() {
        assertThatThrownBy(() -> MergePipeline.build(MergeSpec.union(1), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        List<FakeStream> created = new ArrayList<>();
        List<RowStream> inputs = shards(List.of(Columns.bigint("id")), created, new String[] {"1"});
        assertThatThrownBy(() -> MergePipeline.build(MergeSpec.union(2), inputs))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("visibleColumns");
        assertThat(created).allMatch(FakeStream::closed);
    }

    @Test
    void prefixOnFindsTheShortestPrefixMadeOfExactlyTheColumns() {
        List<SortKey> order = List.of(new SortKey(2, false), new SortKey(0, true), new SortKey(1, false));
        assertThat(MergePipeline.prefixOn(order, List.of(0, 2))).containsExactly(order.get(0), order.get(1));
        assertThat(MergePipeline.prefixOn(order, List.of(0))).isNull();
        assertThat(MergePipeline.prefixOn(order, List.of(0, 1, 2, 3))).isNull();
        assertThat(MergePipeline.defaultShardOrder(MergeSpec.union(1))).isEmpty();
        MergeSpec scalar = spec(List.of(), List.of(new AggregateSpec(AggregateFunction.COUNT, 0, -1, false, null)),
                null, false, List.of(new SortKey(0, false)), 0, null, 1);
        assertThat(MergePipeline.defaultShardOrder(scalar)).isEmpty();
    }
}
