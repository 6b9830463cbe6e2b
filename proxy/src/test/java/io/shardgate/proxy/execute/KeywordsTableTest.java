package io.shardgate.proxy.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.router.sql.SqlMode;
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
        assertThat(KeywordsTable.rewrite(sql, SqlMode.DEFAULT)).isEqualTo("SELECT WORD FROM " + KeywordsTable.DERIVED
                + " AS KEYWORDS WHERE RESERVED=1 ORDER BY WORD");
        assertThat(BackendDialect.translate(sql, MARIADB, SqlMode.DEFAULT)).isEqualTo(KeywordsTable.rewrite(sql, SqlMode.DEFAULT));
        assertThat(BackendDialect.translate(sql, "8.0.36", SqlMode.DEFAULT)).as("MySQL has the real table").isNull();
    }

    @Test
    void anyQuotingAndAnAliasOfTheQueryAreKept() {
        assertThat(KeywordsTable.rewrite("select k.word from `information_schema` . `Keywords` k where k.reserved", SqlMode.DEFAULT))
                .isEqualTo("select k.word from " + KeywordsTable.DERIVED + " k where k.reserved");
        assertThat(KeywordsTable.rewrite("SELECT * FROM information_schema.keywords AS kw", SqlMode.DEFAULT))
                .isEqualTo("SELECT * FROM " + KeywordsTable.DERIVED + " AS kw");
        assertThat(KeywordsTable.rewrite("SELECT COUNT(*) FROM information_schema.KEYWORDS", SqlMode.DEFAULT))
                .isEqualTo("SELECT COUNT(*) FROM " + KeywordsTable.DERIVED + " AS KEYWORDS");
    }

    @Test
    void ansiQuotesMakeDoubleQuotesAnIdentifier() {
        SqlMode ansi = SqlMode.of("ANSI_QUOTES");
        assertThat(KeywordsTable.rewrite("SELECT * FROM \"information_schema\".\"KEYWORDS\"", ansi))
                .isEqualTo("SELECT * FROM " + KeywordsTable.DERIVED + " AS KEYWORDS");
        assertThat(KeywordsTable.rewrite("SELECT \"information_schema.keywords\"", SqlMode.DEFAULT)).isNull();
    }

    @Test
    void otherMentionsStayAsWritten() {
        assertThat(KeywordsTable.rewrite("SELECT 'information_schema.keywords' FROM t", SqlMode.DEFAULT)).isNull();
        assertThat(KeywordsTable.rewrite("SELECT keywords FROM information_schema_x.keywords", SqlMode.DEFAULT)).isNull();
        assertThat(KeywordsTable.rewrite("SELECT * FROM t /* information_schema.keywords */", SqlMode.DEFAULT)).isNull();
        assertThat(KeywordsTable.rewrite("SELECT 1", SqlMode.DEFAULT)).isNull();
    }
}
