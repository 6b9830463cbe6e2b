package io.shardgate.proxy.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.proxy.session.Session;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatementTimeoutsTest {

    private static final Duration CONFIGURED = Duration.ofSeconds(5);
    private final Session session = new Session(1, "127.0.0.1");

    @Test
    void aSelectGetsTheConfiguredDefault() {
        assertThat(StatementTimeouts.of("SELECT * FROM t", session, CONFIGURED)).isEqualTo(CONFIGURED);
        assertThat(StatementTimeouts.of("  (select 1) union (select 2)", session, CONFIGURED)).isEqualTo(CONFIGURED);
        assertThat(StatementTimeouts.of("WITH x AS (SELECT 1) SELECT * FROM x", session, CONFIGURED)).isEqualTo(CONFIGURED);
    }

    @Test
    void otherStatementsAreNotLimited() {
        assertThat(StatementTimeouts.of("UPDATE t SET a = 1", session, CONFIGURED)).isZero();
        assertThat(StatementTimeouts.of("INSERT INTO t SELECT * FROM u", session, CONFIGURED)).isZero();
        assertThat(StatementTimeouts.of("SHOW TABLES", session, CONFIGURED)).isZero();
    }

    @Test
    void theSessionsSetValueWinsOverTheDefaultAndZeroMeansNone() {
        session.maxExecutionTime(300);
        assertThat(StatementTimeouts.of("SELECT 1", session, CONFIGURED)).isEqualTo(Duration.ofMillis(300));
        session.maxExecutionTime(0);
        assertThat(StatementTimeouts.of("SELECT 1", session, CONFIGURED)).isZero();
        session.maxExecutionTime(-1); // SET max_execution_time = DEFAULT
        assertThat(StatementTimeouts.of("SELECT 1", session, CONFIGURED)).isEqualTo(CONFIGURED);
    }

    @Test
    void theHintRightAfterSelectWinsOverBoth() {
        session.maxExecutionTime(300);
        assertThat(StatementTimeouts.of("SELECT /*+ MAX_EXECUTION_TIME(1000) */ * FROM t", session, CONFIGURED))
                .isEqualTo(Duration.ofMillis(1000));
        assertThat(StatementTimeouts.of("select /*+ BKA(t) max_execution_time( 0 ) */ * from t", session, CONFIGURED))
                .isZero();
    }

    @Test
    void aHintElsewhereOrMalformedIsIgnored() {
        assertThat(StatementTimeouts.of("SELECT a /*+ MAX_EXECUTION_TIME(1) */ FROM t", session, CONFIGURED))
                .isEqualTo(CONFIGURED);
        assertThat(StatementTimeouts.of("SELECT /*+ MAX_EXECUTION_TIME(x) */ a FROM t", session, CONFIGURED))
                .isEqualTo(CONFIGURED);
        assertThat(StatementTimeouts.of("SELECT /* MAX_EXECUTION_TIME(1) */ a FROM t", session, CONFIGURED))
                .isEqualTo(CONFIGURED);
    }
}
