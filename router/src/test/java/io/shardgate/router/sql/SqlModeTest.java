package io.shardgate.router.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The lexical part of sql_mode: reading it from an {@code @@sql_mode} value, and writing values that read back
 * unchanged in each mode. The payloads are those that injected SQL through the proxy when it escaped with
 * backslashes for a session in NO_BACKSLASH_ESCAPES.
 */
class SqlModeTest {

    private static final SqlMode NO_BACKSLASH = new SqlMode(true, false);
    private static final SqlMode ANSI = new SqlMode(false, true);

    private static final List<String> PAYLOADS = List.of("x\\' OR 1=1 -- ", "\\'; DROP TABLE victim; -- ", "it's",
            "\\", "\\\\'", "''", "a\0b\nc\r\u001a", "\"; DROP TABLE t; --", "\\0\\n", "中\\'", "`x`");

    @Test
    void readsTheFlagsOfAnSqlModeValue() {
        assertThat(SqlMode.of("")).isSameAs(SqlMode.DEFAULT);
        assertThat(SqlMode.of(null)).isSameAs(SqlMode.DEFAULT);
        assertThat(SqlMode.of("STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION")).isSameAs(SqlMode.DEFAULT);
        assertThat(SqlMode.of("STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES")).isEqualTo(NO_BACKSLASH);
        assertThat(SqlMode.of("no_backslash_escapes")).isEqualTo(NO_BACKSLASH);
        assertThat(SqlMode.of("ANSI_QUOTES")).isEqualTo(ANSI);
        // combination modes as the server expands them, and unexpanded
        assertThat(SqlMode.of("REAL_AS_FLOAT,PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,ANSI")).isEqualTo(ANSI);
        assertThat(SqlMode.of("ANSI")).isEqualTo(ANSI);
        assertThat(SqlMode.of("ORACLE,NO_BACKSLASH_ESCAPES")).isEqualTo(new SqlMode(true, true));
        assertThat(SqlMode.of("NO_BACKSLASH_ESCAPESX,XANSI_QUOTES")).isSameAs(SqlMode.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "no_backslash", "ansi", "both"})
    void everyPayloadReadsBackAsOneStringLiteral(String name) {
        SqlMode mode = switch (name) {
            case "default" -> SqlMode.DEFAULT;
            case "no_backslash" -> NO_BACKSLASH;
            case "ansi" -> ANSI;
            default -> new SqlMode(true, true);
        };
        for (String payload : PAYLOADS) {
            String sql = "SELECT COUNT(*) FROM t WHERE s = " + mode.quote(payload);
            NormalizedSql n = Normalizer.normalize(sql, mode);
            assertThat(n.shape()).as(sql).isEqualTo("SELECT COUNT(*) FROM t WHERE s = ?");
            assertThat(n.literals()).hasSize(1);
            assertThat(n.literals().getFirst().value()).as(sql).isEqualTo(payload);
            assertThat(StatementSplitter.split(sql, mode)).as(sql).containsExactly(sql);
        }
    }

    @Test
    void backslashEscapedTextEndsItsStringEarlyWithoutBackslashEscapes() {
        // what the proxy used to send: a default-mode rendering read by a NO_BACKSLASH_ESCAPES server
        String sent = "SELECT COUNT(*) FROM t WHERE s = 'x\\' OR 1=1 -- '";
        assertThat(Normalizer.normalize(sent, NO_BACKSLASH).shape())
                .isEqualTo("SELECT COUNT(*) FROM t WHERE s = ? OR ?=?");
        assertThat(Normalizer.normalize(sent, SqlMode.DEFAULT).shape())
                .isEqualTo("SELECT COUNT(*) FROM t WHERE s = ?");
    }

    @Test
    void theSplitterSeesTheStatementsTheServerWillRun() {
        // an application in NO_BACKSLASH_ESCAPES escaped x\'; DROP TABLE victim; --  correctly for its mode:
        // one statement for its server, two for a splitter lexing with backslash escapes
        String sql = "SELECT * FROM t WHERE s='x\\''; DROP TABLE victim; -- '";
        assertThat(StatementSplitter.split(sql, NO_BACKSLASH)).containsExactly(sql);
        assertThat(StatementSplitter.split(sql, SqlMode.DEFAULT))
                .containsExactly("SELECT * FROM t WHERE s='x\\''", "DROP TABLE victim");
    }

    @Test
    void ansiQuotesMakeDoubleQuotesIdentifiersWrittenWithBackticksInTheShape() {
        NormalizedSql n = Normalizer.normalize("SELECT \"a\"\"b\", 'v' FROM \"orders\" WHERE \"user_id\" = 3", ANSI);
        assertThat(n.shape()).isEqualTo("SELECT `a\"b`, ? FROM `orders` WHERE `user_id` = ?");
        assertThat(n.literals()).extracting(Literal::value).containsExactly("v", 3L);
        assertThat(Normalizer.normalize("SELECT \"x`y\" FROM t", ANSI).shape()).isEqualTo("SELECT `x``y` FROM t");
        // without ANSI_QUOTES it is a string
        assertThat(Normalizer.normalize("SELECT \"a\" FROM t", SqlMode.DEFAULT).shape()).isEqualTo("SELECT ? FROM t");
    }

    @Test
    void aStringKeptInTheShapeReadsTheSameInEveryMode() {
        String sql = "SELECT GROUP_CONCAT(s SEPARATOR 'it''s') FROM t";
        assertThat(Normalizer.normalize(sql, NO_BACKSLASH).shape()).isEqualTo(Normalizer.normalize(sql).shape())
                .isEqualTo("SELECT GROUP_CONCAT(s SEPARATOR 'it''s') FROM t");
        assertThat(Normalizer.normalize("SELECT GROUP_CONCAT(s SEPARATOR \"|\") FROM t").shape())
                .isEqualTo("SELECT GROUP_CONCAT(s SEPARATOR '|') FROM t");
        NormalizedSql backslash = Normalizer.normalize("SELECT GROUP_CONCAT(s SEPARATOR '\\') FROM t", NO_BACKSLASH);
        assertThat(backslash.hints().error()).contains("NO_BACKSLASH_ESCAPES");
    }

    @Test
    void quotingForAnyModeRefusesABackslash() {
        assertThat(SqlMode.quoteAnyMode("orders_0001")).isEqualTo("'orders_0001'");
        assertThat(SqlMode.quoteAnyMode("o'k")).isEqualTo("'o''k'");
        assertThatThrownBy(() -> SqlMode.quoteAnyMode("a\\b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SqlMode.quoteIdentifier("sp`1")).isEqualTo("`sp``1`");
    }

    @Test
    void boundParametersFollowTheSessionMode() {
        assertThat(Literal.of("x\\' OR 1=1 -- ", NO_BACKSLASH).text()).isEqualTo("'x\\'' OR 1=1 -- '");
        assertThat(Literal.of("x\\' OR 1=1 -- ", SqlMode.DEFAULT).text()).isEqualTo("'x\\\\'' OR 1=1 -- '");
        assertThat(Literal.of(new byte[] {'\\', '\''}, NO_BACKSLASH).text()).isEqualTo("X'5c27'");
        assertThatThrownBy(() -> Literal.of(Double.NaN, SqlMode.DEFAULT)).hasMessageNotContaining("java.");
        assertThatThrownBy(() -> Literal.of(new Object(), SqlMode.DEFAULT)).hasMessageNotContaining("java.");
    }

    @Test
    void translatesValueTextsBetweenModes() {
        // SET @v = 'a\'b' written in the default mode, read again under NO_BACKSLASH_ESCAPES
        assertThat(NO_BACKSLASH.translate("'a\\'b'", SqlMode.DEFAULT)).isEqualTo("'a''b'");
        assertThat(SqlMode.DEFAULT.translate("CONCAT('x\\', _utf8mb4'y''z', \"w\")", NO_BACKSLASH))
                .isEqualTo("CONCAT('x\\\\', _utf8mb4'y''z', 'w')");
        assertThat(SqlMode.DEFAULT.translate("\"col\" + 1", ANSI)).isEqualTo("`col` + 1");
        assertThat(ANSI.translate("X'5C' , DATE '2024-01-02'", SqlMode.DEFAULT)).isEqualTo("X'5C' , DATE '2024-01-02'");
        for (String payload : PAYLOADS) {
            String written = SqlMode.DEFAULT.quote(payload);
            String translated = NO_BACKSLASH.translate(written, SqlMode.DEFAULT);
            assertThat(Normalizer.normalize("SELECT " + translated, NO_BACKSLASH).literals().getFirst().value())
                    .isEqualTo(payload);
        }
    }
}
