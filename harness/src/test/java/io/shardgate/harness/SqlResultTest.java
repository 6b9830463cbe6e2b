package io.shardgate.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlResultTest {

    @Test
    void batchOutputIsAHeaderLineAndTabSeparatedRows() {
        SqlResult result = SqlResult.parseBatch("id\tname\n1\talpha\n2\tNULL\n");

        assertThat(result.columns()).containsExactly("id", "name");
        assertThat(result.rows()).containsExactly(List.of("1", "alpha"), List.of("2", "NULL"));
        assertThat(result.firstRow("name")).isEqualTo("alpha");
    }

    @Test
    void anEmptyValueIsKeptAsAnEmptyString() {
        SqlResult result = SqlResult.parseBatch("@@GLOBAL.gtid_binlog_pos\n\n");

        assertThat(result.single()).isEmpty();
    }

    @Test
    void statementsWithoutAResultPrintNothing() {
        SqlResult result = SqlResult.parseBatch("");

        assertThat(result.columns()).isEmpty();
        assertThat(result.rows()).isEmpty();
    }

    @Test
    void escapesAreUndone() {
        assertThat(SqlResult.unescape("a\\tb\\nc\\\\d\\0e")).isEqualTo("a\tb\nc\\d\0e");
        assertThat(SqlResult.unescape("plain")).isEqualTo("plain");
    }

    @Test
    void singleRejectsAnythingButOneValue() {
        SqlResult two = SqlResult.parseBatch("a\n1\n2\n");

        assertThatThrownBy(two::single).isInstanceOf(HarnessException.class)
                .hasMessageContaining("expected one value, got 2 rows");
    }

    @Test
    void anUnknownColumnIsNamed() {
        SqlResult result = SqlResult.parseBatch("Slave_IO_Running\nYes\n");

        assertThatThrownBy(() -> result.firstRow("Nope")).hasMessageContaining("no column Nope in [Slave_IO_Running]");
    }
}
