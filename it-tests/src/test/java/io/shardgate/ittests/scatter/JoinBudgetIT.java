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
 * {@code proxy.max-join-rows}: a join of two sharded tables that are not bound to each other holds its build
 * side (the right table of an inner or LEFT JOIN) in the proxy's memory; past the budget the statement fails
 * with 1038 naming the setting instead of filling the heap, and the session goes on. A condition on the build
 * table is read by its shards, so the same join within the budget answers.
 */
@ExtendWith(SharedBackends.class)
class JoinBudgetIT {

    private static final String SCHEMA = "join_budget_it";
    private static final String YAML = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - {name: notes, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2]}
                  - {name: tags, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2]}
            """;
    private static final String JOIN = "SELECT n.id, t.id FROM notes n JOIN tags t ON t.note_id = n.id";

    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = BudgetProxy.start(backends, SCHEMA, YAML, "max-join-rows: 30",
                "CREATE TABLE notes (id BIGINT NOT NULL PRIMARY KEY)",
                "CREATE TABLE tags (id BIGINT NOT NULL PRIMARY KEY, note_id BIGINT NULL)",
                "INSERT INTO notes (id) VALUES " + BudgetProxy.values(40, Long::toString),
                // tag i belongs to note 41 - i (tag 40 to no note: a NULL key never matches)
                "INSERT INTO tags (id, note_id) VALUES "
                        + BudgetProxy.values(40, i -> i + ", " + (i == 40 ? "NULL" : Long.toString(41 - i))));
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aBuildSidePastTheBudgetFailsWith1038AndTheSessionGoesOn() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> pairs(s, JOIN + " ORDER BY n.id")).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(1038);
                assertThat(e.getSQLState()).isEqualTo("HY001");
                assertThat(e.getMessage()).contains("more than 30 rows of one side (proxy.max-join-rows)");
            });
            // the build table's own condition is read by its shards: 20 rows are held
            assertThat(pairs(s, JOIN + " WHERE t.id <= 20 ORDER BY n.id")).hasSize(20)
                    .startsWith("21:20", "22:19").endsWith("40:1");
            // LEFT JOIN: a note without a tag comes once, with NULL
            assertThat(pairs(s, "SELECT n.id, t.id FROM notes n LEFT JOIN tags t ON t.note_id = n.id AND t.id <= 20"
                    + " WHERE n.id IN (1, 21) ORDER BY n.id")).containsExactly("1:null", "21:20");
        }
    }

    private static List<String> pairs(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1) + ":" + rs.getString(2));
            }
        }
        return out;
    }
}
