package io.shardgate.proxy.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.proxy.session.SessionVariables;
import io.shardgate.router.sql.SqlMode;
import org.junit.jupiter.api.Test;

class UserVariableValuesTest {

    private static boolean literal(String value) {
        return UserVariableValues.isLiteral(value, SqlMode.DEFAULT);
    }

    @Test
    void literalsReadTheSameOnEveryConnection() {
        assertThat(literal("5")).isTrue();
        assertThat(literal(" -1.5e3 ")).isTrue();
        assertThat(literal(".5")).isTrue();
        assertThat(literal("NULL")).isTrue();
        assertThat(literal("true")).isTrue();
        assertThat(literal("0xFF")).isTrue();
        assertThat(literal("X'0a'")).isTrue();
        assertThat(literal("b'101'")).isTrue();
        assertThat(literal("'it''s'")).isTrue();
        assertThat(literal("\"a\\\"b\"")).isTrue();
        assertThat(literal("_utf8mb4'x' COLLATE utf8mb4_bin")).isTrue();
        assertThat(literal("N'x'")).isTrue();
    }

    @Test
    void expressionsAreComputedWhereTheyRun() {
        assertThat(literal("(SELECT SUM(balance) FROM accounts)")).isFalse();
        assertThat(literal("@@server_id")).isFalse();
        assertThat(literal("NOW()")).isFalse();
        assertThat(literal("@a + 1")).isFalse();
        assertThat(literal("1 + 1")).isFalse();
        assertThat(literal("'a' 'b'")).isFalse();
        assertThat(literal("'a', @b := 2")).isFalse();
        assertThat(literal("DATE '2024-01-01'")).isFalse();
        assertThat(literal("'unclosed")).isFalse();
    }

    @Test
    void doubleQuotesNameAColumnUnderAnsiQuotes() {
        assertThat(UserVariableValues.isLiteral("\"id\"", SqlMode.of("ANSI_QUOTES"))).isFalse();
    }

    @Test
    void onlyTheSessionsLiteralVariablesAreReplayable() {
        SessionVariables vars = new SessionVariables();
        vars.set("@Fixed", "42");
        vars.set("@total", "(SELECT SUM(x) FROM t)");
        vars.set("time_zone", "'+00:00'");
        assertThat(UserVariableValues.literals(vars, SqlMode.DEFAULT)).containsExactly("@fixed");
    }
}
