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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code proxy.max-sort-rows}: inside a transaction the shards of one node take turns on the session's
 * connection, so a cross-shard ORDER BY is sorted in the proxy's memory; past the budget it fails with
 * MySQL's 1038 instead of filling the heap, and the session goes on. Outside a transaction the same query
 * streams (every shard on its own connection) and the budget does not apply. The same budget bounds the
 * distinct values a cross-shard DISTINCT aggregate holds over its open groups, and the rows the proxy sorts
 * for a SELECT over a derived table whose rows span shards.
 */
@ExtendWith(SharedBackends.class)
class SortBudgetIT {

    private static final String SCHEMA = "sort_budget_it";
    private static final String YAML = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - {name: notes, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2]}
            """;
    private static final String SORTED = "SELECT id FROM notes ORDER BY id DESC";

    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = BudgetProxy.start(backends, SCHEMA, YAML, "max-sort-rows: 30",
                "CREATE TABLE notes (id BIGINT NOT NULL PRIMARY KEY)",
                "INSERT INTO notes (id) VALUES " + BudgetProxy.values(40, Long::toString));
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void anInMemorySortPastTheBudgetFailsWith1038AndTheSessionGoesOn() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> ids(s, SORTED)).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(1038);
                assertThat(e.getSQLState()).isEqualTo("HY001");
                assertThat(e.getMessage()).contains("more than 30 rows (proxy.max-sort-rows)");
            });
            // within the budget: LIMIT keeps only the best rows
            assertThat(ids(s, SORTED + " LIMIT 3")).containsExactly(40L, 39L, 38L);
            c.commit();
            c.setAutoCommit(true);
            List<Long> all = ids(s, SORTED);
            assertThat(all).hasSize(40).startsWith(40L, 39L).endsWith(1L);
        }
    }

    @Test
    void distinctValuesPastTheBudgetFailWith1038WhileStreamedGroupsGiveTheirsBack() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            // one group holding 40 distinct ids, in or out of a transaction
            assertThatThrownBy(() -> ids(s, "SELECT COUNT(DISTINCT id) FROM notes"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1038);
                        assertThat(e.getSQLState()).isEqualTo("HY001");
                        assertThat(e.getMessage()).contains("more than 30 values (proxy.max-sort-rows)");
                    });
            // ten groups of four, streamed one group at a time: within the budget
            assertThat(ids(s, "SELECT COUNT(DISTINCT id), id % 10 AS m FROM notes GROUP BY m"))
                    .hasSize(10).containsOnly(4L);
            // exactly the budget: 30 values held at once
            assertThat(ids(s, "SELECT SUM(DISTINCT id) FROM notes WHERE id <= 30")).containsExactly(465L);
        }
    }

    @Test
    void theProxysSortOverADerivedTablesRowsHasTheSameBudget() throws SQLException {
        // the derived table's LIMIT spans shards: its rows merge as alone, the outer ORDER BY sorts them
        String derived = "SELECT t.id FROM (SELECT id FROM notes ORDER BY id LIMIT 35) t ORDER BY t.id DESC";
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> ids(s, derived)).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(1038);
                assertThat(e.getSQLState()).isEqualTo("HY001");
                assertThat(e.getMessage()).contains("more than 30 rows (proxy.max-sort-rows)");
            });
            // with a LIMIT only the best rows are held
            assertThat(ids(s, derived + " LIMIT 3")).containsExactly(35L, 34L, 33L);
            assertThat(ids(s, derived.replace("LIMIT 35", "LIMIT 30"))).hasSize(30).startsWith(30L, 29L).endsWith(1L);
        }
    }

    private static List<Long> ids(Statement s, String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
