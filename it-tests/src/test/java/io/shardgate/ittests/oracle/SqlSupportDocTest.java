package io.shardgate.ittests.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlSupportDocTest {

    @Test
    void readsQueriesAndErrorLinesOfItsSectionOnly() {
        Map<String, String> list = SqlSupportDoc.parse(List.of("# SQL support", "- `SELECT 0`", "ERROR 1 (x): y",
                SqlSupportDoc.HEADING, "intro", "", "- `SELECT a FROM t`", "  ERROR 1235 (42000): no 'a'", "",
                "- `SELECT b`", "  ERROR 1105 (HY000): b", "## Next", "- `SELECT c`", "  ERROR 1 (x): c"));
        assertThat(list).containsExactly(Map.entry("SELECT a FROM t", "ERROR 1235 (42000): no 'a'"),
                Map.entry("SELECT b", "ERROR 1105 (HY000): b"));
    }

    @Test
    void aQueryWithoutItsErrorIsAnError() {
        assertThatThrownBy(() -> SqlSupportDoc.parse(List.of(SqlSupportDoc.HEADING, "- `SELECT a`", "- `SELECT b`",
                "ERROR 1 (x): y"))).hasMessageContaining("no error line for SELECT a");
    }

    @Test
    void theRepositoryDocHasTheSection() {
        assertThat(SqlSupportDoc.refusedQueries(SqlSupportDoc.locate())).isNotEmpty();
    }
}
