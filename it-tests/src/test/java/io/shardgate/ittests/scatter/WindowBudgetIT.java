package io.shardgate.ittests.scatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The memory of a window function computed in the proxy: the {@code Window} node holds one group of peers
 * (a partition when the window has no ORDER BY), so an ordered window over any number of rows streams, while
 * one group beyond {@code proxy.max-sort-rows} fails with 1038 and the session goes on. Inside a transaction
 * the shards take turns on one connection, their rows are sorted into the window's order in memory first,
 * within the same budget. NTILE, PERCENT_RANK, CUME_DIST, the value functions and explicit frames hold a
 * whole partition, and a second window sorts all rows again: both within the same budget.
 */
@ExtendWith(SharedBackends.class)
class WindowBudgetIT {

    private static final String SCHEMA = "window_budget_it";
    private static final String YAML = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - {name: notes, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2]}
            """;
    private static final int ROWS = 40;
    private static final int BUDGET = 30;

    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = BudgetProxy.start(backends, SCHEMA, YAML, "max-sort-rows: " + BUDGET,
                "CREATE TABLE notes (id BIGINT NOT NULL PRIMARY KEY, grp INT NOT NULL, val INT NOT NULL)",
                "INSERT INTO notes (id, grp, val) VALUES "
                        + BudgetProxy.values(ROWS, i -> i + ", " + (i % 2) + ", " + (i * 10)));
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void anOrderedWindowOverMoreRowsThanTheBudgetStreams() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            List<List<Long>> rows = rows(s, "SELECT id, ROW_NUMBER() OVER (ORDER BY id DESC) AS rn, "
                    + "SUM(val) OVER (ORDER BY id DESC) AS running FROM notes ORDER BY id DESC", 3);
            List<List<Long>> expected = new ArrayList<>();
            long running = 0;
            for (long id = ROWS; id >= 1; id--) {
                running += id * 10;
                expected.add(List.of(id, ROWS - id + 1, running));
            }
            assertThat(rows).isEqualTo(expected);
        }
    }

    @Test
    void aGroupOfPeersBeyondTheBudgetFailsWith1038AndTheSessionGoesOn() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            // no ORDER BY in the window: every row of the partition is a peer, all 40 are held
            assertThatThrownBy(() -> rows(s, "SELECT id, SUM(val) OVER () AS total FROM notes", 2))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1038);
                        assertThat(e.getSQLState()).isEqualTo("HY001");
                        assertThat(e.getMessage()).contains("more than " + BUDGET + " rows (proxy.max-sort-rows)");
                    });
            // two partitions of 20 rows each fit (ORDER BY grp is the window's order: no sort of all 40 rows)
            List<List<Long>> rows = rows(s, "SELECT id, SUM(val) OVER (PARTITION BY grp) AS total FROM notes "
                    + "ORDER BY grp", 2);
            long evens = LongStream.rangeClosed(1, ROWS).filter(i -> i % 2 == 0).map(i -> i * 10).sum();
            long odds = LongStream.rangeClosed(1, ROWS).filter(i -> i % 2 == 1).map(i -> i * 10).sum();
            assertThat(rows).hasSize(ROWS);
            assertThat(rows.subList(0, ROWS / 2)).allSatisfy(r -> assertThat(r).containsExactly(r.getFirst(), evens)
                    .first().matches(id -> id % 2 == 0));
            assertThat(rows.subList(ROWS / 2, ROWS)).allSatisfy(r -> assertThat(r).containsExactly(r.getFirst(), odds)
                    .first().matches(id -> id % 2 == 1));
        }
    }

    @Test
    void insideATransactionTheRowsAreSortedIntoTheWindowsOrderWithinTheBudget() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> rows(s, "SELECT id, RANK() OVER (ORDER BY grp) AS r FROM notes", 2))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1038));
            List<List<Long>> rows = rows(s, "SELECT id, RANK() OVER (ORDER BY grp) AS r, "
                    + "LAG(id) OVER (ORDER BY grp) AS prev FROM notes WHERE id <= 6 ORDER BY grp, id", 3);
            // grp 0: ids 2, 4, 6 (rank 1); grp 1: ids 1, 3, 5 (rank 4); LAG follows the window's order, in
            // which peers come in any order: only its first row has no previous one
            assertThat(rows.stream().map(r -> r.subList(0, 2)).toList()).containsExactly(
                    List.of(2L, 1L), List.of(4L, 1L), List.of(6L, 1L), List.of(1L, 4L), List.of(3L, 4L), List.of(5L, 4L));
            assertThat(rows.stream().filter(r -> r.get(2) == null)).hasSize(1);
            c.commit();
        }
    }

    @Test
    void functionsThatHoldAPartitionFailWith1038BeyondTheBudgetAndComputeWithinIt() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            // one partition of 40 rows
            assertThatThrownBy(() -> rows(s, "SELECT id, NTILE(4) OVER (ORDER BY id) AS t FROM notes", 2))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1038);
                        assertThat(e.getSQLState()).isEqualTo("HY001");
                        assertThat(e.getMessage()).contains("a partition of more than " + BUDGET + " rows");
                    });
            // two partitions of 20: NTILE(4) puts 5 rows in each bucket; the frame sums a row and the one before
            // (ORDER BY the window's order: the rows need no sort of all 40 afterwards)
            List<List<Long>> rows = rows(s, "SELECT id, NTILE(4) OVER (PARTITION BY grp ORDER BY id) AS t, "
                    + "SUM(val) OVER (PARTITION BY grp ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s, "
                    + "FIRST_VALUE(id) OVER (PARTITION BY grp ORDER BY id) AS f FROM notes ORDER BY grp, id", 4);
            assertThat(rows).hasSize(ROWS);
            for (List<Long> r : rows) {
                long id = r.get(0);
                long position = (id - 1) / 2; // 0-based within its partition (grp = id % 2)
                assertThat(r.get(1)).as("NTILE of %d", id).isEqualTo(position / 5 + 1);
                assertThat(r.get(2)).as("SUM of %d", id).isEqualTo(id * 10 + (position > 0 ? (id - 2) * 10 : 0));
                assertThat(r.get(3)).as("FIRST_VALUE of %d", id).isEqualTo(id % 2 == 0 ? 2L : 1L);
            }
        }
    }

    @Test
    void aSecondWindowSortsAllRowsWithinTheBudget() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            String sql = "SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS a, ROW_NUMBER() OVER (ORDER BY val DESC) AS b "
                    + "FROM notes";
            assertThatThrownBy(() -> rows(s, sql, 3))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1038));
            List<List<Long>> rows = rows(s, sql + " WHERE id <= 25 ORDER BY id", 3);
            assertThat(rows).hasSize(25);
            assertThat(rows).allSatisfy(r -> assertThat(r).containsExactly(r.get(0), r.get(0), 26 - r.get(0)));
        }
    }

    @Test
    void aLimitOverAComputedWindowHoldsOnlyTheRowsItKeeps() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            String sql = "SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM notes ORDER BY val DESC, id";
            // sorting all 40 numbered rows by another order exceeds the budget
            assertThatThrownBy(() -> rows(s, sql, 2))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1038));
            // with LIMIT the window streams and the sort keeps the first 5 only
            assertThat(rows(s, sql + " LIMIT 5", 2)).containsExactly(List.of(40L, 40L), List.of(39L, 39L),
                    List.of(38L, 38L), List.of(37L, 37L), List.of(36L, 36L));
            // in the window's own order nothing is sorted: the first 3 rows are numbered and the shards closed
            assertThat(rows(s, "SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM notes ORDER BY id LIMIT 3", 2))
                    .containsExactly(List.of(1L, 1L), List.of(2L, 2L), List.of(3L, 3L));
        }
    }

    private static List<List<Long>> rows(Statement s, String sql, int columns) throws SQLException {
        List<List<Long>> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<Long> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    long v = rs.getLong(i);
                    row.add(rs.wasNull() ? null : v);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
