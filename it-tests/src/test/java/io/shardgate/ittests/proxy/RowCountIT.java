package io.shardgate.ittests.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ROW_COUNT() and FOUND_ROWS() describe the previous statement, wherever it ran: the proxy answers ROW_COUNT()
 * of a statement it spread over shards (the affected rows it summed, -1 after a result set or an error),
 * and asks the connection that ran a one-shard statement, not the default node's.
 */
@ExtendWith(SharedBackends.class)
class RowCountIT {

    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = ProxyFixture.start(backends, "row_count_it", """
                schemas:
                  - name: %s
                    default-node: ds0
                    tables:
                      - name: accounts
                        shard-key: owner
                        strategy: hash-mod
                        nodes: [ds0, ds1]
                        locations: [2, 2]
                      - name: tickets
                        shard-key: owner
                        strategy: hash-mod
                        nodes: [ds0, ds1]
                        locations: [2, 2]
                """);
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id INT PRIMARY KEY, owner INT NOT NULL, v INT NOT NULL)");
            s.execute("CREATE TABLE notes (id INT PRIMARY KEY)");
            s.execute("CREATE TABLE tickets (seq BIGINT NOT NULL AUTO_INCREMENT, owner INT NOT NULL,"
                    + " PRIMARY KEY (seq, owner))");
            s.execute("CREATE TABLE serials (seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, x INT)");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
    }

    @Test
    void rowCountDescribesThePreviousStatementWhereverItRan() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO accounts (id, owner, v) VALUES (1, 1, 0), (2, 2, 0), (3, 3, 0), (4, 4, 0), (5, 5, 0)"))
                    .isEqualTo(5);
            assertThat(rowCount(s)).as("multi-row insert over four shards").isEqualTo(5);
            assertThat(rowCount(s)).as("after SELECT ROW_COUNT() itself, a result set").isEqualTo(-1);

            assertThat(s.executeUpdate("UPDATE accounts SET v = v + 1 WHERE v = 0")).isEqualTo(5);
            assertThat(rowCount(s)).as("update on every shard").isEqualTo(5);

            // owner 2 lives on ds1; the default node ds0 did not run it
            assertThat(s.executeUpdate("UPDATE accounts SET v = 7 WHERE owner = 2")).isEqualTo(1);
            assertThat(rowCount(s)).as("one-shard update on another node").isEqualTo(1);

            s.executeUpdate("INSERT INTO notes VALUES (1), (2)");
            assertThat(rowCount(s)).as("unsharded insert on the default node").isEqualTo(2);

            drain(s.executeQuery("SELECT * FROM accounts"));
            assertThat(rowCount(s)).as("scatter select").isEqualTo(-1);
            drain(s.executeQuery("SELECT * FROM accounts"));
            assertThat(foundRows(s)).as("rows a scatter select returned").isEqualTo(5);
            drain(s.executeQuery("SELECT id FROM accounts ORDER BY id LIMIT 1, 3"));
            assertThat(foundRows(s)).as("a merged page: the rows returned, as a server counts them").isEqualTo(3);
            drain(s.executeQuery("SELECT owner, COUNT(*) FROM accounts GROUP BY owner HAVING COUNT(*) > 5"));
            assertThat(foundRows(s)).as("an empty merged result").isZero();

            drain(s.executeQuery("SELECT * FROM accounts WHERE owner IN (3, 7) ORDER BY id"));
            assertThat(foundRows(s)).as("one-shard select on ds1").isEqualTo(1);

            assertThatThrownBy(() -> s.executeUpdate("UPDATE accounts SET owner = 2 WHERE owner = 1"))
                    .isInstanceOf(SQLException.class);
            assertThat(rowCount(s)).as("after an error").isEqualTo(-1);

            assertThat(s.executeUpdate("DELETE FROM accounts WHERE id > 3")).isEqualTo(2);
            try (ResultSet rs = s.executeQuery("SELECT ROW_COUNT(), LAST_INSERT_ID(), DATABASE()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("delete on every shard, mixed items").isEqualTo(2);
                assertThat(rs.getString(3)).isEqualTo(proxy.schema());
            }
        }
        try (Connection c = proxy.connect("useServerPrepStmts=true");
             PreparedStatement update = c.prepareStatement("UPDATE accounts SET v = ? WHERE v <> ?");
             Statement s = c.createStatement()) {
            update.setInt(1, 100);
            update.setInt(2, 100);
            assertThat(update.executeUpdate()).isEqualTo(3);
            assertThat(rowCount(s)).as("server-side prepared update on every shard").isEqualTo(3);
            try (PreparedStatement one = c.prepareStatement("UPDATE notes SET id = id + ? WHERE id = 2")) {
                one.setInt(1, 10);
                assertThat(one.executeUpdate()).isEqualTo(1);
            }
            assertThat(rowCount(s)).as("pinned prepared update").isEqualTo(1);
        }
    }

    /** LAST_INSERT_ID() is the value of the connection that generated the last AUTO_INCREMENT id. */
    @Test
    void lastInsertIdIsTheConnectionsThatGeneratedIt() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO serials (x) VALUES (1), (2), (3)"); // default node ds0: ids 1..3
            assertThat(single(s, "SELECT LAST_INSERT_ID()")).isEqualTo(1);
            s.executeUpdate("INSERT INTO serials (x) VALUES (4)");
            assertThat(single(s, "SELECT LAST_INSERT_ID()")).isEqualTo(4);
            // owner 2 lives on ds1, whose tickets_0002 starts its own sequence
            s.executeUpdate("INSERT INTO tickets (owner) VALUES (2)");
            long generated = single(s, "SELECT MAX(seq) FROM tickets WHERE owner = 2");
            assertThat(single(s, "SELECT LAST_INSERT_ID()")).as("ds1's id, not ds0's 4").isEqualTo(generated)
                    .isNotEqualTo(4);
            try (ResultSet rs = s.executeQuery("SELECT LAST_INSERT_ID(), @@identity, DATABASE()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(generated);
                assertThat(rs.getLong(2)).isEqualTo(generated);
            }
            s.executeUpdate("INSERT INTO serials (x) VALUES (5)");
            assertThat(single(s, "SELECT LAST_INSERT_ID()")).as("back on ds0").isEqualTo(5);
        }
    }

    private static long rowCount(Statement s) throws SQLException {
        return single(s, "SELECT ROW_COUNT()");
    }

    private static long foundRows(Statement s) throws SQLException {
        return single(s, "SELECT FOUND_ROWS()");
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static void drain(ResultSet rs) throws SQLException {
        try (rs) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }
}
