package io.shardgate.proxy.execute;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeywordsTableTest {

    private static final String MARIADB = "5.5.5-10.11.6-MariaDB-0+deb12u1";

    @Test
    void theListIsMySql8sReservedWords() {
        assertThat(KeywordsTable.RESERVED).hasSize(262).contains("ACCESSIBLE", "CUME_DIST", "LATERAL", "ZEROFILL")
                .doesNotContain("USER", "STATUS", "MANUAL").isSorted();
    }

    @Test
    void connectorJsQueryReadsTheDerivedTable() {
        String sql = "SELECT WORD FROM INFORMATION_SCHEMA.KEYWORDS WHERE RESERVED=1 ORDER BY WORD";
        assertThat(KeywordsTable.rewrite(sql)).isEqualTo("SELECT WORD FROM " + KeywordsTable.DERIVED
                + " AS KEYWORDS WHERE RESERVED=1 ORDER BY WORD");
        assertThat(BackendDialect.translate(sql, MARIADB)).isEqualTo(KeywordsTable.rewrite(sql));
        assertThat(BackendDialect.translate(sql, "8.0.36")).as("MySQL has the real table").isNull();
    }

    @Test
    void anyQuotingAndAnAliasOfTheQueryAreKept() {
        assertThat(KeywordsTable.rewrite("select k.word from `information_schema` . `Keywords` k where k.reserved"))
                .isEqualTo("select k.word from " + KeywordsTable.DERIVED + " k where k.reserved");
        assertThat(KeywordsTable.rewrite("SELECT * FROM information_schema.keywords AS kw"))
                .isEqualTo("SELECT * FROM " + KeywordsTable.DERIVED + " AS kw");
        assertThat(KeywordsTable.rewrite("SELECT COUNT(*) FROM information_schema.KEYWORDS"))
                .isEqualTo("SELECT COUNT(*) FROM " + KeywordsTable.DERIVED + " AS KEYWORDS");
    }

    @Test
    void otherMentionsStayAsWritten() {
        assertThat(KeywordsTable.rewrite("SELECT 'information_schema.keywords' FROM t")).isNull();
        assertThat(KeywordsTable.rewrite("SELECT keywords FROM information_schema_x.keywords")).isNull();
        assertThat(KeywordsTable.rewrite("SELECT * FROM t /* information_schema.keywords */")).isNull();
        assertThat(KeywordsTable.rewrite("SELECT 1")).isNull();
    }
}
