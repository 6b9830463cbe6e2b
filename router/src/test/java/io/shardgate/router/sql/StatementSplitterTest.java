package io.shardgate.router.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementSplitterTest {

    @Test
    void splitsOnTopLevelSemicolons() {
        assertThat(StatementSplitter.split("SELECT 1; SELECT 2;SELECT 3"))
                .containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
    }

    @Test
    void ignoresSemicolonsInQuotesIdentifiersAndComments() {
        assertThat(StatementSplitter.split(
                "INSERT INTO t VALUES ('a;b', \"c;d\", 'e\\';f'); SELECT `x;y` FROM t /* ; */ -- ;\n; # ;\nSELECT 2"))
                .containsExactly("INSERT INTO t VALUES ('a;b', \"c;d\", 'e\\';f')", "SELECT `x;y` FROM t /* ; */ -- ;",
                        "# ;\nSELECT 2");
    }

    @Test
    void dropsEmptyAndCommentOnlyPieces() {
        assertThat(StatementSplitter.split(";; SELECT 1 ;  ; -- done")).containsExactly("SELECT 1");
        assertThat(StatementSplitter.split("")).isEmpty();
    }

    @Test
    void executableCommentContentIsCode() {
        assertThat(StatementSplitter.split("/*!40101 SET a=1*/; SELECT 1"))
                .containsExactly("/*!40101 SET a=1*/", "SELECT 1");
    }
}
