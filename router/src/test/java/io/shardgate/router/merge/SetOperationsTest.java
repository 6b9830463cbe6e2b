package io.shardgate.router.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link UnionAll} and {@link MatchedRows}: the operators of UNION, INTERSECT and EXCEPT. */
class SetOperationsTest {

    private static final List<ColumnMeta> NAME_N = List.of(Columns.varchar("name"), Columns.bigint("n"));

    @Test
    void unionAllOpensEachInputOnlyAfterThePreviousEnded() {
        List<String> opened = new ArrayList<>();
        Supplier<RowStream> a = () -> {
            opened.add("a");
            return FakeStream.of(NAME_N, "x|1", "y|2");
        };
        Supplier<RowStream> b = () -> {
            opened.add("b");
            return FakeStream.of(NAME_N, "x|1");
        };
        UnionAll union = new UnionAll(List.of(a, b));
        assertThat(opened).containsExactly("a");
        assertThat(FakeStream.text(union.next())).isEqualTo("x|1");
        assertThat(FakeStream.text(union.next())).isEqualTo("y|2");
        assertThat(opened).containsExactly("a");
        assertThat(FakeStream.drain(union)).containsExactly("x|1");
        assertThat(opened).containsExactly("a", "b");
    }

    @Test
    void unionAllTakesANarrowerIntegerUnderAWiderOne() {
        UnionAll union = new UnionAll(List.of(() -> FakeStream.of(List.of(Columns.bigint("n")), "1"),
                () -> FakeStream.of(List.of(Columns.integer("q")), "2")));
        assertThat(FakeStream.drain(union)).containsExactly("1", "2");
    }

    @Test
    void unionAllRefusesColumnsOfAnotherTypeWithAnErrorThatEndsTheResult() {
        UnionAll union = new UnionAll(List.of(() -> FakeStream.of(List.of(Columns.decimal("a", 2)), "1.00"),
                () -> FakeStream.of(List.of(Columns.decimal("p", 3)), "1.000")));
        assertThat(FakeStream.text(union.next())).isEqualTo("1.00");
        assertThatThrownBy(union::next).isInstanceOfSatisfying(RowStreamException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(1235);
            assertThat(e.endsResult()).isTrue();
            assertThat(e.getMessage()).contains("column 1 of SELECT 2");
        });
    }

    @Test
    void unionAllRefusesAnotherNumberOfColumns() {
        UnionAll union = new UnionAll(List.of(() -> FakeStream.of(NAME_N),
                () -> FakeStream.of(List.of(Columns.bigint("n")))));
        assertThatThrownBy(union::next).isInstanceOfSatisfying(RowStreamException.class,
                e -> assertThat(e.errorCode()).isEqualTo(1222));
    }

    @Test
    void intersectKeepsDistinctLeftRowsFoundOnTheRightUnderTheCollation() {
        MatchedRows rows = matched(MatchedRows.Kind.INTERSECT, false, new String[] {"a|1", "b|2", "A|1", "NULL|3", "c|4"},
                new String[] {"B|2", "a|1", "NULL|3", "NULL|3"});
        assertThat(FakeStream.drain(rows)).containsExactly("a|1", "b|2", "NULL|3");
    }

    @Test
    void intersectAllKeepsTheSmallerCount() {
        MatchedRows rows = matched(MatchedRows.Kind.INTERSECT, true, new String[] {"a|1", "a|1", "a|1", "b|2"},
                new String[] {"a|1", "a|1", "b|2", "b|2"});
        assertThat(FakeStream.drain(rows)).containsExactly("a|1", "a|1", "b|2");
    }

    @Test
    void exceptKeepsDistinctLeftRowsMissingOnTheRight() {
        MatchedRows rows = matched(MatchedRows.Kind.EXCEPT, false, new String[] {"a|1", "a|1", "b|2", "c|3", "NULL|4"},
                new String[] {"B|2", "NULL|4"});
        assertThat(FakeStream.drain(rows)).containsExactly("a|1", "c|3");
    }

    @Test
    void exceptAllSubtractsCounts() {
        MatchedRows rows = matched(MatchedRows.Kind.EXCEPT, true, new String[] {"a|1", "a|1", "a|1", "b|2"},
                new String[] {"a|1", "b|2", "b|2"});
        assertThat(FakeStream.drain(rows)).containsExactly("a|1", "a|1");
    }

    @Test
    void theLeftRowsHeldAreBounded() {
        MatchedRows rows = new MatchedRows(MatchedRows.Kind.EXCEPT, false, FakeStream.of(NAME_N, "a|1", "b|2", "c|3"),
                () -> FakeStream.of(NAME_N), 2);
        assertThatThrownBy(rows::next).isInstanceOfSatisfying(RowStreamException.class,
                e -> assertThat(e.errorCode()).isEqualTo(1038));
    }

    private static MatchedRows matched(MatchedRows.Kind kind, boolean all, String[] left, String[] right) {
        return new MatchedRows(kind, all, FakeStream.of(NAME_N, left), () -> FakeStream.of(NAME_N, right), 100);
    }
}
