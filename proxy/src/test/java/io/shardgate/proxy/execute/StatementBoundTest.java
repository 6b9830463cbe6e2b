package io.shardgate.proxy.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.HostPort;
import io.shardgate.config.ProxySettings;
import io.shardgate.proxy.execute.StatementBound.Kind;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.session.Session;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementBoundTest {

    private static final Duration STATEMENT = Duration.ofSeconds(5);
    private static final Duration WRITE = Duration.ofSeconds(60);
    private static final Duration DDL = Duration.ofHours(2);
    private static final ProxySettings SETTINGS = new ProxySettings(new HostPort("127.0.0.1", 3307), List.of(),
            List.of(), 10, 0, Duration.ofSeconds(1), null, STATEMENT, 8, 1000, 10_000, 1_000_000, 1_000_000, "nio", 1,
            WRITE, DDL, "64-bit", io.shardgate.config.ClientLimits.DEFAULTS,
            io.shardgate.config.AuthSettings.DEFAULTS, io.shardgate.config.XaSettings.DEFAULTS);

    private final Session session = new Session(1, "127.0.0.1");

    private StatementBound of(String sql) {
        return StatementBound.of(sql, session, SETTINGS);
    }

    @Test
    void selectsGetTheirMaxExecutionTimeAndAnswer3024() {
        assertThat(of("SELECT * FROM t")).isEqualTo(new StatementBound(Kind.READ, STATEMENT));
        assertThat(of(" /* c */ (SELECT 1) UNION (SELECT 2)").kind()).isEqualTo(Kind.READ);
        assertThat(of("with x as (select 1) select * from x").kind()).isEqualTo(Kind.READ);
        assertThat(of("SELECT /*+ MAX_EXECUTION_TIME(300) */ 1").limit()).isEqualTo(Duration.ofMillis(300));
        StatementBound read = of("SELECT 1");
        assertThat(read.answersTimeout()).isTrue();
        assertThat(read.abandoned("10.0.0.1:3306", false)).isEqualTo(new ErrPacket(3024, "HY000",
                "Query execution was interrupted, maximum statement execution time exceeded"));
        assertThat(read.notSent("ds0").errorCode()).isEqualTo(3024);
        session.maxExecutionTime(0);
        assertThat(of("SELECT 1").isNone()).isTrue();
    }

    @Test
    void writesAndEverythingElseGetTheWriteTimeoutAndAnOutcomeUnknownAnswer() {
        for (String sql : List.of("INSERT INTO t VALUES (1)", "update t set a = 1", "DELETE FROM t", "REPLACE t VALUES (1)",
                "SHOW TABLES", "SET @a = 1", "CALL p()", "ROLLBACK", "PREPARE", "")) {
            assertThat(of(sql)).as(sql).isEqualTo(new StatementBound(Kind.WRITE, WRITE));
        }
        StatementBound write = of("INSERT INTO t VALUES (1)");
        assertThat(write.answersTimeout()).as("a write keeps the server's own answer to KILL QUERY").isFalse();
        ErrPacket err = write.abandoned("10.0.0.1:3306", false);
        assertThat(err.errorCode()).isEqualTo(2013);
        assertThat(err.sqlState()).isEqualTo("HY000");
        assertThat(err.message()).isEqualTo("Lost connection to backend 10.0.0.1:3306 during query: no answer within "
                + "60000 ms (proxy.write-timeout); shardgate closed the connection, and whether the statement took "
                + "effect is unknown");
        assertThat(write.notSent("ds0").message()).isEqualTo("shardgate: no usable connection to node 'ds0' within "
                + "60000 ms (proxy.write-timeout); the statement was not sent");
    }

    @Test
    void insideATransactionTheClientHearsThatTheTransactionIsGone() {
        assertThat(of("UPDATE t SET a = 1").abandoned("10.0.0.1:3306", true).message()).isEqualTo(
                "Lost connection to backend 10.0.0.1:3306 inside a transaction: no answer within 60000 ms "
                        + "(proxy.write-timeout), so shardgate closed the connection; the transaction was rolled back");
        assertThat(of("SELECT 1").abandoned("10.0.0.1:3306", true).errorCode()).isEqualTo(2013);
    }

    @Test
    void aCommitWithoutAnswerHasAnUnknownOutcomeEvenInsideATransaction() {
        StatementBound commit = of("COMMIT");
        assertThat(commit).isEqualTo(new StatementBound(Kind.COMMIT, WRITE));
        assertThat(of("XA COMMIT 'x'").kind()).isEqualTo(Kind.COMMIT);
        assertThat(commit.abandoned("10.0.0.1:3306", true).message()).contains("whether the statement took effect is unknown");
    }

    @Test
    void ddlHasItsOwnTimeout() {
        for (String sql : List.of("CREATE TABLE t (a INT)", "alter table t add b int", "DROP TABLE t", "TRUNCATE t",
                "RENAME TABLE a TO b")) {
            assertThat(of(sql)).as(sql).isEqualTo(new StatementBound(Kind.DDL, DDL));
        }
        assertThat(of("ALTER TABLE t ADD c INT").abandoned("h:1", true).message()).contains("(proxy.ddl-timeout)")
                .contains("unknown");
    }
}
