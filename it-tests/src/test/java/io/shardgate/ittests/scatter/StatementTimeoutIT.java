package io.shardgate.ittests.scatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MySQL's max_execution_time through the proxy, against real servers: {@code proxy.statement-timeout} and
 * {@code SET max_execution_time} stop a SELECT whose shards sleep far longer (30 s) than the limit (300 ms):
 * the client gets 3024, no backend is still running the statement afterwards, and the same session goes on.
 * The sleeps are long so that a limit that did not work shows as a statement that succeeded; nothing here
 * asserts on elapsed time.
 */
@ExtendWith(SharedBackends.class)
class StatementTimeoutIT {

    private static final String SCHEMA = "statement_timeout_it";
    private static final String YAML = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - name: jobs
                    shard-key: id
                    strategy: hash-mod
                    nodes: [ds0, ds1]
                    locations: [2, 2]
            """;
    /** Each shard sleeps 30 s on its first row: a limit that works ends it long before. */
    private static final String SLOW_SCATTER = "SELECT id, SLEEP(30) AS slow_scatter FROM jobs ORDER BY id LIMIT 1";
    private static final String SLOW_POINT = "SELECT id, SLEEP(30) AS slow_point FROM jobs WHERE id = 5";

    private static Backends backends;
    private static ProxyFixture proxy;
    private static ShardgateConfig withoutTimeout;

    @BeforeAll
    static void start(Backends shared) throws SQLException {
        backends = shared;
        proxy = ProxyFixture.start(backends, SCHEMA, YAML);
        withoutTimeout = proxy.server().config();
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE jobs (id BIGINT NOT NULL PRIMARY KEY, state VARCHAR(10) NOT NULL)");
            s.executeUpdate("INSERT INTO jobs (id, state) VALUES " + LongStream.rangeClosed(1, 40)
                    .mapToObj(i -> "(" + i + ", 'new')").collect(Collectors.joining(", ")));
        }
    }

    @AfterEach
    void noTimeoutByDefault() {
        proxy.server().apply(withoutTimeout);
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** The same config with {@code proxy.statement-timeout} set, applied as a reload would. */
    private static void configureTimeout(String duration) {
        String yaml = ProxyFixture.yaml(backends, YAML.formatted(SCHEMA))
                .replace("proxy:\n", "proxy:\n  statement-timeout: " + duration + "\n");
        proxy.server().apply(ConfigLoader.parse(yaml, "timeout.yaml"));
    }

    private static void assertTimesOut(Statement s, String sql) {
        assertThatThrownBy(() -> {
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        }).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(3024);
            assertThat(e.getSQLState()).isEqualTo("HY000");
            assertThat(e.getMessage()).isEqualTo(
                    "Query execution was interrupted, maximum statement execution time exceeded");
        });
    }

    /** No backend still runs a statement containing {@code marker}: the proxy answered after they stopped. */
    private static void assertNothingRuns(String marker) throws SQLException {
        try (RunningQueries running = new RunningQueries(backends)) {
            assertThat(running.containing(marker)).allSatisfy((server, count) -> assertThat(count).as(server.toString())
                    .isZero());
        }
    }

    private static void assertSessionWorks(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM jobs")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(40);
        }
    }

    private static long maxExecutionTime(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT @@max_execution_time")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    @Test
    void theConfiguredTimeoutStopsAScatterOnEveryShard() throws SQLException {
        configureTimeout("300ms");
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            assertThat(maxExecutionTime(s)).isEqualTo(300);
            assertTimesOut(s, SLOW_SCATTER);
            assertNothingRuns("slow_scatter");
            assertSessionWorks(s);
        }
    }

    @Test
    void setMaxExecutionTimeStopsAScatterAndASingleShardSelect() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            assertThat(maxExecutionTime(s)).isZero();
            s.execute("SET max_execution_time = 300");
            assertThat(maxExecutionTime(s)).isEqualTo(300);
            assertTimesOut(s, SLOW_SCATTER);
            assertNothingRuns("slow_scatter");
            assertSessionWorks(s);
            assertTimesOut(s, SLOW_POINT);
            assertNothingRuns("slow_point");
            assertSessionWorks(s);
        }
    }

    @Test
    void everySpellingOfTheSessionVariableWorks() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("SET SESSION max_execution_time = 250");
            assertThat(maxExecutionTime(s)).isEqualTo(250);
            s.execute("SET @@max_execution_time = 260");
            assertThat(maxExecutionTime(s)).isEqualTo(260);
            s.execute("SET @@session.max_execution_time = 270, sql_mode = 'STRICT_TRANS_TABLES'");
            assertThat(maxExecutionTime(s)).isEqualTo(270);
            assertThatThrownBy(() -> s.execute("SET max_execution_time = 'soon'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1232));
            assertThat(maxExecutionTime(s)).isEqualTo(270);
            assertTimesOut(s, SLOW_SCATTER);
        }
    }

    @Test
    void zeroMeansNoLimitAndDefaultReturnsToTheConfiguredOne() throws SQLException {
        configureTimeout("300ms");
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("SET max_execution_time = 0");
            assertThat(maxExecutionTime(s)).isZero();
            try (ResultSet rs = s.executeQuery("SELECT id, SLEEP(1) FROM jobs ORDER BY id LIMIT 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1);
                assertThat(rs.getLong(2)).isZero(); // SLEEP ran to its end
            }
            s.execute("SET max_execution_time = DEFAULT");
            assertThat(maxExecutionTime(s)).isEqualTo(300);
            assertTimesOut(s, SLOW_SCATTER);
        }
    }

    @Test
    void theOptimizerHintLimitsOneStatement() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            assertTimesOut(s, "SELECT /*+ MAX_EXECUTION_TIME(300) */ id, SLEEP(30) AS hinted FROM jobs ORDER BY id LIMIT 1");
            assertNothingRuns("hinted");
            assertSessionWorks(s);
        }
    }

    @Test
    void aServerPreparedScatterTimesOutToo() throws SQLException {
        try (Connection c = proxy.connect("useServerPrepStmts=true"); Statement s = c.createStatement()) {
            s.execute("SET max_execution_time = 300");
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id, SLEEP(30) AS prepared_scatter FROM jobs WHERE id > ? ORDER BY id LIMIT 1")) {
                p.setLong(1, 0);
                assertThatThrownBy(p::executeQuery).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(3024));
            }
            assertNothingRuns("prepared_scatter");
            assertSessionWorks(s);
        }
    }
}
