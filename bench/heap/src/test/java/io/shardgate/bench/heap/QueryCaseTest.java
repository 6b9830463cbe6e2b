package io.shardgate.bench.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryCaseTest {

    @Test
    void deepPageExpectsItsSlice() {
        QueryCase deepPage = QueryCase.byLabel("limit", 1_000_000);
        assertThat(deepPage.sql("t")).isEqualTo("SELECT id, name, amount FROM t ORDER BY amount, id LIMIT 900000, 100");
        assertThat(deepPage.expectedRows(1_000_000)).isEqualTo(100);
        assertThat(deepPage.expectedRows(900_050)).isEqualTo(50);
        assertThat(QueryCase.byLabel("limit", 1_000).sql("t")).endsWith("LIMIT 900, 100");
        assertThat(QueryCase.byLabel("full", 10).expectedRows(1_000_000)).isEqualTo(1_000_000);
        assertThat(QueryCase.byLabel("name", 10).sql("t")).isEqualTo("SELECT id, name, amount FROM t ORDER BY name, id");
        assertThatThrownBy(() -> QueryCase.byLabel("fast", 10)).hasMessageContaining("[full, limit, name]");
    }
}
