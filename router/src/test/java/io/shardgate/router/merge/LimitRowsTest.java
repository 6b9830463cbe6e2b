package io.shardgate.router.merge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitRowsTest {

    private static final List<ColumnMeta> COLUMNS = List.of(Columns.bigint("n"));

    private static FakeStream numbers() {
        return FakeStream.of(COLUMNS, "1", "2", "3", "4", "5", "6");
    }

    @Test
    void skipsOffsetAndReturnsCount() {
        FakeStream input = numbers();
        assertThat(FakeStream.drain(new LimitRows(input, 2, 3L))).containsExactly("3", "4", "5");
    }

    @Test
    void closesTheInputAsSoonAsTheLastRowIsReturned() {
        FakeStream input = numbers();
        LimitRows limit = new LimitRows(input, 1, 2L);

        assertThat(FakeStream.text(limit.next())).isEqualTo("2");
        assertThat(input.closed()).isFalse();
        assertThat(FakeStream.text(limit.next())).isEqualTo("3");
        assertThat(input.closed()).isTrue();
        assertThat(input.returned()).isEqualTo(3);
        assertThat(limit.next()).isNull();
    }

    @Test
    void limitZeroReadsNothing() {
        FakeStream input = numbers();
        LimitRows limit = new LimitRows(input, 0, 0L);
        assertThat(limit.next()).isNull();
        assertThat(input.returned()).isZero();
        assertThat(input.closed()).isTrue();
    }

    @Test
    void offsetPastTheEndAndNoLimit() {
        assertThat(FakeStream.drain(new LimitRows(numbers(), 10, 5L))).isEmpty();
        assertThat(FakeStream.drain(new LimitRows(numbers(), 4, null))).containsExactly("5", "6");
    }

    @Test
    void rejectsNegativeValues() {
        assertThatThrownBy(() -> new LimitRows(numbers(), -1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LimitRows(numbers(), 0, -1L)).isInstanceOf(IllegalArgumentException.class);
    }
}
