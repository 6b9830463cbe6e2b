package io.shardgate.ittests.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Server-side prepared statements on a sharded table: the proxy prepares, binds the parameters per
 * EXECUTE, routes by the bound key, and answers in the binary protocol — point reads, scatter merges,
 * aggregates, writes split by key.
 */
@ExtendWith(SharedBackends.class)
class ShardedPreparedIT {

    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = ProxyFixture.start(backends, "prepared_it", """
                schemas:
                  - name: %s
                    default-node: ds0
                    tables:
                      - name: items
                        shard-key: owner
                        strategy: hash-mod
                        nodes: [ds0, ds1]
                        locations: [2, 2]
                """);
        try (Connection c = proxy.connect("")) {
            c.createStatement().execute("CREATE TABLE items (id BIGINT PRIMARY KEY, owner INT NOT NULL, "
                    + "price DECIMAL(10,2), label VARCHAR(40), made DATETIME, data MEDIUMBLOB)");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
    }

    @Test
    void serverSidePreparedStatementsRouteByTheBoundKey() throws SQLException {
        try (Connection c = proxy.connect("useServerPrepStmts=true&cachePrepStmts=true")) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO items (id, owner, price, label, made) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= 40; i++) {
                    insert.setLong(1, i);
                    insert.setInt(2, i % 7);
                    insert.setBigDecimal(3, new BigDecimal(i + ".25"));
                    insert.setString(4, i % 3 == 0 ? null : "label-" + i);
                    insert.setTimestamp(5, Timestamp.valueOf("2025-03-0" + (1 + i % 9) + " 10:00:00"));
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
            }
            try (PreparedStatement point = c.prepareStatement("SELECT id, price, label, made FROM items WHERE owner = ? ORDER BY id")) {
                point.setInt(1, 3);
                assertThat(ids(point.executeQuery())).containsExactly(3L, 10L, 17L, 24L, 31L, 38L);
                point.setInt(1, 5);
                try (ResultSet rs = point.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(5);
                    assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("5.25");
                    assertThat(rs.getString(3)).isEqualTo("label-5");
                    assertThat(rs.getTimestamp(4)).isEqualTo(Timestamp.valueOf("2025-03-06 10:00:00"));
                }
            }
            try (PreparedStatement scatter = c.prepareStatement("SELECT id FROM items WHERE price > ? ORDER BY id DESC LIMIT ?")) {
                scatter.setBigDecimal(1, new BigDecimal("30"));
                scatter.setInt(2, 3);
                assertThat(ids(scatter.executeQuery())).containsExactly(40L, 39L, 38L);
            }
            try (PreparedStatement agg = c.prepareStatement(
                    "SELECT owner, COUNT(*), SUM(price) FROM items WHERE id <= ? GROUP BY owner ORDER BY owner")) {
                agg.setInt(1, 14);
                try (ResultSet rs = agg.executeQuery()) {
                    List<String> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(rs.getInt(1) + ":" + rs.getLong(2) + ":" + rs.getBigDecimal(3));
                    }
                    assertThat(rows).containsExactly("0:2:21.50", "1:2:9.50", "2:2:11.50", "3:2:13.50",
                            "4:2:15.50", "5:2:17.50", "6:2:19.50");
                }
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE items SET label = ? WHERE owner = ?")) {
                update.setString(1, "six");
                update.setInt(2, 6);
                assertThat(update.executeUpdate()).isEqualTo(5);
            }
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM items WHERE label = ?")) {
                count.setString(1, "six");
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(5);
                }
            }
        }
    }

    @Test
    void shardKeyMoveIsRefusedAtExecute() throws SQLException {
        try (Connection c = proxy.connect("useServerPrepStmts=true");
             PreparedStatement move = c.prepareStatement("UPDATE items SET owner = ? WHERE owner = ? AND id = ?")) {
            move.setInt(1, 2);
            move.setInt(2, 1);
            move.setLong(3, 1);
            assertThatThrownBy(move::executeUpdate).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1235));
        }
    }

    private static List<Long> ids(ResultSet rs) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
