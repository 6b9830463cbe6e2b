package io.shardgate.router.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Columns;
import io.shardgate.router.merge.FakeStream;
import io.shardgate.router.merge.SortKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an opened node promises the nodes above it: the questions they ask before choosing an operator. */
class OpenedTest {

    private static final SortKey C2 = new SortKey(2, false);
    private static final SortKey C0_DESC = new SortKey(0, true);
    private static final SortKey C1 = new SortKey(1, false);

    private static ReadPlan.Opened sortedBy(List<ColumnMeta> columns, SortKey... order) {
        return new ReadPlan.Opened(FakeStream.of(columns), List.of(order), false);
    }

    private static final List<ColumnMeta> NUMBERS = List.of(Columns.bigint("a"), Columns.bigint("b"),
            Columns.bigint("c"));

    @Test
    void adjacentOnFindsTheShortestPrefixMadeOfExactlyTheColumns() {
        ReadPlan.Opened opened = sortedBy(NUMBERS, C2, C0_DESC, C1);
        assertThat(opened.adjacentOn(List.of(0, 2))).containsExactly(C2, C0_DESC);
        assertThat(opened.adjacentOn(List.of(2))).containsExactly(C2);
        // equal on column 0 alone does not make rows adjacent: they are sorted by 2 first
        assertThat(opened.adjacentOn(List.of(0))).isNull();
        assertThat(opened.adjacentOn(List.of(0, 1, 2, 3))).isNull();
        assertThat(sortedBy(NUMBERS).adjacentOn(List.of(0))).isNull();
    }

    @Test
    void anApproximatedCollationMakesNoPromiseOfAdjacency() {
        List<ColumnMeta> text = List.of(Columns.varchar("exact"), Columns.varchar("uca", 255));
        ReadPlan.Opened opened = sortedBy(text, new SortKey(0, false), new SortKey(1, false));
        assertThat(opened.adjacentOn(List.of(0))).containsExactly(new SortKey(0, false));
        assertThat(opened.adjacentOn(List.of(0, 1))).isNull();
    }

    @Test
    void sortedByIsAPrefixTestAndAnyOrderHoldsForOneRow() {
        ReadPlan.Opened opened = sortedBy(NUMBERS, C2, C0_DESC);
        assertThat(opened.sortedBy(List.of(C2))).isTrue();
        assertThat(opened.sortedBy(List.of(C2, C0_DESC))).isTrue();
        assertThat(opened.sortedBy(List.of(C0_DESC))).isFalse();
        assertThat(opened.sortedBy(List.of(C2, C0_DESC, C1))).isFalse();
        assertThat(new ReadPlan.Opened(FakeStream.of(NUMBERS), List.of(), true).sortedBy(List.of(C1))).isTrue();
    }
}
