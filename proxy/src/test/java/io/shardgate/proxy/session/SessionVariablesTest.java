package io.shardgate.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SessionVariablesTest {

    private static final UnaryOperator<String> SAME_NAME = UnaryOperator.identity();

    @Test
    void aConnectionAlreadyInTheSessionsStateNeedsNothing() {
        SessionVariables vars = new SessionVariables();
        vars.set("time_zone", "'+05:00'");
        assertThat(vars.syncStatements(Map.of("time_zone", "'+05:00'"), SAME_NAME)).isEmpty();
    }

    @Test
    void whatAnotherSessionLeftOnASharedConnectionGoesBackToItsDefault() {
        SessionVariables vars = new SessionVariables();
        vars.set("wait_timeout", "60");
        // the connection was last synced to a session with other variables (multiplexing)
        Map<String, String> applied = Map.of("time_zone", "'+05:00'", "@x", "1", "wait_timeout", "60");
        assertThat(vars.syncStatements(applied, SAME_NAME)).singleElement().satisfies(set -> {
            assertThat(set).startsWith("SET ");
            assertThat(set).contains("@@session.time_zone = DEFAULT", "@x = NULL");
            assertThat(set).doesNotContain("wait_timeout");
        });
    }

    @Test
    void anotherSessionsCharsetAndSqlModeAreUndoneFirst() {
        SessionVariables vars = new SessionVariables();
        vars.set("time_zone", "'+01:00'");
        Map<String, String> applied = Map.of("names", "latin1", "sql_mode", "'ANSI_QUOTES'");
        assertThat(vars.syncStatements(applied, SAME_NAME)).singleElement().satisfies(set -> {
            // neutral ASCII: one statement, the lexical assignments first
            assertThat(set).startsWith("SET ");
            assertThat(set.indexOf("NAMES utf8mb4")).isLessThan(set.indexOf("@@session.time_zone = '+01:00'"));
            assertThat(set.indexOf("@@session.sql_mode = DEFAULT")).isLessThan(set.indexOf("time_zone"));
        });
    }
}
