package io.shardgate.ittests.scatter;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.proxy.pool.ConnectionPool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scatter reads over 4 shards on 2 nodes (two physical tables per node): outside a transaction each shard
 * runs on a backend connection of its own, so the shards of one node run at the same time (seen in the
 * servers' process lists) and ORDER BY / GROUP BY merges stream; inside a transaction they take turns on
 * the session's connection. Either way the answers equal those computed in Java from the rows, and the
 * connections borrowed for a statement go back to the pool.
 */
@ExtendWith(SharedBackends.class)
class ScatterConnectionsIT {

    private static final String SCHEMA = "scatter_conn_it";
    private static final int ROWS = 2000;
    private static final String YAML = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - name: events
                    shard-key: id
                    strategy: hash-mod
                    nodes: [ds0, ds1]
                    locations: [2, 2]
            """;

    private record Event(long id, int grp, Integer v, String name) {
    }

    private static ProxyFixture proxy;
    private static Backends backends;
    private static final List<Event> events = new ArrayList<>();

    @BeforeAll
    static void load(Backends shared) throws SQLException {
        backends = shared;
        Random random = new Random(6L);
        for (long id = 1; id <= ROWS; id++) {
            events.add(new Event(id, random.nextInt(9), random.nextInt(8) == 0 ? null : random.nextInt(5000) - 2500,
                    "e" + random.nextInt(100)));
        }
        proxy = ProxyFixture.start(backends, SCHEMA, YAML);
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (id BIGINT NOT NULL PRIMARY KEY, grp INT NOT NULL, v INT NULL, "
                    + "name VARCHAR(20) NOT NULL) DEFAULT CHARSET=utf8mb4");
            for (int from = 0; from < ROWS; from += 200) {
                s.executeUpdate("INSERT INTO events (id, grp, v, name) VALUES " + events.subList(from, from + 200)
                        .stream().map(e -> "(" + e.id() + ", " + e.grp() + ", " + e.v() + ", '" + e.name() + "')")
                        .collect(Collectors.joining(", ")));
            }
        }
        // reads outside a transaction may go to ds0's replica
        backends.replicas().forEach(r -> backends.awaitReplicaCaughtUp(r, Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void orderByLimitAndGroupByAnswerAsOneServerWouldInAndOutOfTransactions() throws SQLException {
        List<List<Object>> page = events.stream()
                .sorted(Comparator.comparing(Event::v, Comparator.nullsFirst(Comparator.<Integer>naturalOrder()))
                        .reversed().thenComparing(Event::id))
                .skip(7).limit(20).map(e -> ResultRows.row(e.id(), e.v())).toList();
        List<List<Object>> groups = new ArrayList<>();
        events.stream().collect(Collectors.groupingBy(Event::grp, TreeMap::new, Collectors.toList())).forEach((g, es) -> {
            List<Integer> vs = es.stream().map(Event::v).filter(Objects::nonNull).toList();
            groups.add(ResultRows.row(g, (long) es.size(), java.math.BigDecimal.valueOf(vs.stream().mapToLong(Integer::longValue).sum()),
                    vs.stream().min(Integer::compare).orElseThrow(), es.stream().map(Event::name).max(String::compareTo).orElseThrow()));
        });
        String pageSql = "SELECT id, v FROM events ORDER BY v DESC, id LIMIT 7, 20";
        String groupSql = "SELECT grp, COUNT(*), SUM(v), MIN(v), MAX(name) FROM events GROUP BY grp ORDER BY grp";
        try (Connection c = proxy.connect("")) {
            assertThat(ResultRows.query(c, pageSql)).isEqualTo(page);
            assertThat(ResultRows.query(c, groupSql)).isEqualTo(groups);
            c.setAutoCommit(false);
            assertThat(ResultRows.query(c, pageSql)).isEqualTo(page);
            assertThat(ResultRows.query(c, groupSql)).isEqualTo(groups);
            c.rollback();
        }
    }

    /**
     * Runs a scatter whose shards each sleep about a second, watching the servers meanwhile.
     *
     * @return the most shard statements seen running at once on each primary
     */
    private static List<Integer> mostRunningAtOnce(Connection c, String marker) throws Exception {
        String sql = "SELECT id, SLEEP(1) AS " + marker + " FROM events ORDER BY id LIMIT 1";
        CompletableFuture<List<List<Object>>> result = CompletableFuture.supplyAsync(() -> {
            try {
                return ResultRows.query(c, sql);
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        List<Integer> most = new ArrayList<>(List.of(0, 0));
        try (RunningQueries running = new RunningQueries(backends)) {
            while (!result.isDone()) {
                Map<BackendEndpoint, Integer> now = running.containing(marker);
                for (int i = 0; i < 2; i++) {
                    most.set(i, Math.max(most.get(i), now.getOrDefault(backends.primary(i), 0)));
                }
                Thread.sleep(20);
            }
        }
        assertThat(result.join()).containsExactly(ResultRows.row(1L, 0)); // SLEEP is INT: 0 when it slept to its end
        return most;
    }

    @Test
    void outsideATransactionTheShardsOfANodeRunAtTheSameTime() throws Exception {
        try (Connection c = proxy.connect("")) {
            assertThat(mostRunningAtOnce(c, "parallel_probe")).containsExactly(2, 2);
        }
    }

    @Test
    void insideATransactionTheyTakeTurnsOnTheSessionsConnection() throws Exception {
        try (Connection c = proxy.connect("")) {
            c.setAutoCommit(false);
            assertThat(mostRunningAtOnce(c, "turns_probe")).containsExactly(1, 1);
            c.rollback();
        }
    }

    @Test
    void afterCreateTemporaryTableTheSessionsReadsStayOnItsConnections() throws Exception {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE scratch (id INT)");
            assertThat(mostRunningAtOnce(c, "temp_probe")).containsExactly(1, 1);
            s.execute("DROP TEMPORARY TABLE scratch");
        }
    }

    @Test
    void borrowedConnectionsGoBackToThePool() throws SQLException, InterruptedException {
        String sql = "SELECT id FROM events ORDER BY id LIMIT 3";
        for (int i = 0; i < 30; i++) {
            try (Connection c = proxy.connect("")) {
                assertThat(ResultRows.query(c, sql)).containsExactly(ResultRows.row(1L), ResultRows.row(2L), ResultRows.row(3L));
            }
            // the proxy ends a closed session on its event loop: wait for it, so that sessions never overlap
            // (on a loaded machine the next one could otherwise open connections the last is still giving back)
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (proxy.server().clientConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        // one session at a time, one pinned and one borrowed connection per node: were borrowed ones kept, or
        // never given back, the pools would hold one per statement
        int open = proxy.server().pools().pools().stream().mapToInt(ConnectionPool::total).sum();
        assertThat(open).isLessThanOrEqualTo(12);
    }
}
