package io.shardgate.router.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.router.merge.HashJoinRows;
import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.SortKey;
import io.shardgate.router.sql.SqlMode;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ApplyJoinTest {

    private static final String PREFIX = "SELECT a.id, a.name FROM accounts AS a WHERE a.id IN ";

    private static MergeShards leaf(String... sql) {
        return new MergeShards(Arrays.stream(sql).map(s -> new Route("ds0", s, false)).toList(), List.of());
    }

    private static final HashJoin JOIN = new HashJoin(leaf("inner-0", "inner-1"), leaf("outer"), List.of(0),
            List.of(0), true, List.of(new HashJoinRows.Output(false, 1), new HashJoinRows.Output(true, 1)));
    private static final ApplyJoin APPLY = new ApplyJoin(JOIN, leaf("values"), PREFIX);

    private static List<Row> rows(Object... values) {
        List<Row> out = new ArrayList<>();
        for (Object v : values) {
            out.add(new Row(new Object[] {v}));
        }
        return out;
    }

    @Test
    void valuesAreWrittenOnceEachAsLiteralsOfTheirTypeAndNullsAreLeftOut() {
        List<String> sql = APPLY.batches(rows(4L, null, "it's", 4L, new BigDecimal("2.50"),
                LocalDateTime.of(2025, 3, 1, 0, 0), "it's"), SqlMode.DEFAULT);
        assertThat(sql).containsExactly(PREFIX + "(4, 'it''s', 2.50, TIMESTAMP'2025-03-01 00:00:00.000000')");
    }

    @Test
    void aBatchHoldsAtMost500Values() {
        List<String> sql = APPLY.batches(rows(LongStream.rangeClosed(1, 1001).boxed().toArray()), SqlMode.DEFAULT);
        assertThat(sql).hasSize(3);
        assertThat(sql.get(0)).startsWith(PREFIX + "(1, 2, ").endsWith(", 500)");
        assertThat(sql.get(1)).startsWith(PREFIX + "(501, ").endsWith(", 1000)");
        assertThat(sql.get(2)).isEqualTo(PREFIX + "(1001)");
        assertThat(sql.get(0).split(",")).hasSize(ApplyJoin.BATCH_VALUES + 1); // the select list's comma
    }

    @Test
    void noValueMeansNoBatchAndAStatementThatMatchesNothing() {
        assertThat(APPLY.batches(rows((Object) null), SqlMode.DEFAULT)).isEmpty();
        assertThat(APPLY.batches(List.of(), SqlMode.DEFAULT)).isEmpty();
        assertThat(APPLY.noValues()).isEqualTo(PREFIX + "(NULL)");
    }

    @Test
    void theBatchesReplaceOnlyTheInnerSide() {
        MergeShards batches = leaf("batch-0");
        HashJoin resolved = APPLY.withInner(batches);
        assertThat(resolved.build()).isSameAs(batches);
        assertThat(resolved.probe()).isSameAs(JOIN.probe());
        assertThat(resolved.keepUnmatchedProbe()).isTrue();
        assertThat(resolved.outputs()).isEqualTo(JOIN.outputs());
    }

    @Test
    void itReadsAndDescribesItsColumnsAsTheHashJoin() {
        assertThat(APPLY.inputs()).containsExactly(JOIN.build(), JOIN.probe());
        assertThat(APPLY.routes()).extracting(Route::sql).containsExactly("inner-0", "inner-1", "outer");
        assertThat(APPLY.columnCount(7)).isEqualTo(2);
        assertThat(APPLY.shardColumns(l -> List.of(l.routes().getFirst().sql() + ".c0",
                l.routes().getFirst().sql() + ".c1"))).containsExactly("outer.c1", "inner-0.c1");
        assertThat(APPLY.describe()).startsWith("ApplyJoin left outer on build [0] = probe [0], columns [p1, b1]")
                .contains("inner batches: " + PREFIX + "(...)");
    }

    @Test
    void theApplyJoinIsFoundAndReplacedWhereverItSits() {
        ReadPlan tree = new KeepColumns(new Limit(new Sort(new Distinct(APPLY, 2), List.of(new SortKey(0, false)),
                10), 0, 10L), 1);
        assertThat(ApplyJoin.in(tree)).isSameAs(APPLY);
        ReadPlan replaced = NodeReplacement.replace(tree, APPLY, APPLY.join());
        assertThat(ApplyJoin.in(replaced)).isNull();
        ReadPlan node = replaced;
        for (int depth = 0; depth < 4; depth++) { // KeepColumns, Limit, Sort, Distinct: rebuilt around the join
            assertThat(node.getClass()).isEqualTo(descend(tree, depth).getClass());
            node = node.inputs().getFirst();
        }
        assertThat(node).isSameAs(JOIN);
        assertThat(NodeReplacement.replace(tree, leaf("elsewhere"), JOIN).describe()).isEqualTo(tree.describe());
        ReadPlan union = new Union(List.of(leaf("first"), tree));
        assertThat(ApplyJoin.in(NodeReplacement.replace(union, APPLY, JOIN))).isNull();
    }

    private static ReadPlan descend(ReadPlan tree, int depth) {
        ReadPlan node = tree;
        for (int i = 0; i < depth; i++) {
            node = node.inputs().getFirst();
        }
        return node;
    }
}
