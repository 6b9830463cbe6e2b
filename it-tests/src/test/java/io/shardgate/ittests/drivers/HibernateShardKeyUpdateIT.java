package io.shardgate.ittests.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16 item 6: an UPDATE that writes the shard key back unchanged, as Hibernate's default UPDATE does
 * ({@code update versioned_orders set amount=?, status=?, user_id=?, version=? where id=? and version=?}), runs
 * on the shard the key names once the other shards hold no matching row; an UPDATE that would really move a row
 * is still refused, and nothing is written. Hibernate 6 without {@code @DynamicUpdate} or
 * {@code updatable = false}, and plain JDBC; every outcome is checked on each backend directly.
 */
@ExtendWith(SharedBackends.class)
class HibernateShardKeyUpdateIT {

    private static final String SCHEMA = "shard_key_update";
    /** hash-mod over 4 physical tables: user u on versioned_orders_000(u % 4); _0000, _0001 on ds0, the rest on ds1. */
    private static final String SCHEMAS = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - {name: versioned_orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2]}
            """;

    private static ProxyFixture proxy;
    private static SessionFactory hibernate;

    @BeforeAll
    static void start(Backends backends) throws Exception {
        proxy = ProxyFixture.start(backends, SCHEMA, SCHEMAS, false);
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE versioned_orders (id BIGINT NOT NULL PRIMARY KEY, user_id BIGINT NOT NULL, "
                    + "amount DECIMAL(10,2) NOT NULL, status VARCHAR(16) NOT NULL, version BIGINT NOT NULL)");
        }
        hibernate = new Configuration()
                .setProperty("hibernate.connection.url", proxy.jdbcUrl(""))
                .setProperty("hibernate.connection.username", ProxyFixture.USER)
                .setProperty("hibernate.connection.password", ProxyFixture.PASSWORD)
                .setProperty("hibernate.connection.pool_size", "2")
                .addAnnotatedClass(VersionedOrder.class)
                .buildSessionFactory();
    }

    @AfterAll
    static void stop() throws Exception {
        if (hibernate != null) {
            hibernate.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("DELETE FROM versioned_orders");
        }
    }

    /** A row as a backend holds it: the physical table's index and the row's columns. */
    record Stored(int table, long id, long userId, String amount, String status, long version) {
    }

    private static List<Stored> stored() throws Exception {
        List<Stored> rows = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            try (Connection c = proxy.direct(t < 2 ? 0 : 1, ""); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, user_id, amount, status, version FROM versioned_orders_000"
                         + t + " ORDER BY id")) {
                while (rs.next()) {
                    rows.add(new Stored(t, rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3).toPlainString(),
                            rs.getString(4), rs.getLong(5)));
                }
            }
        }
        return rows;
    }

    @Test
    void hibernatesDefaultUpdateWritesTheUnchangedKeyBack() throws Exception {
        hibernate.inTransaction(s -> s.persist(new VersionedOrder(1, 6, new BigDecimal("10.00"), "new")));
        hibernate.inTransaction(s -> s.find(VersionedOrder.class, 1L).pay(new BigDecimal("12.50")));
        hibernate.inTransaction(s -> s.find(VersionedOrder.class, 1L).pay(new BigDecimal("13.75")));
        assertThat(stored()).containsExactly(new Stored(2, 1, 6, "13.75", "paid", 2));
    }

    @Test
    void hibernateMovingAnOrderToAnotherUsersShardIsRefused() throws Exception {
        hibernate.inTransaction(s -> s.persist(new VersionedOrder(2, 5, new BigDecimal("3.00"), "new")));
        assertThatThrownBy(() -> hibernate.inTransaction(s -> s.find(VersionedOrder.class, 2L).moveTo(6)))
                .hasStackTraceContaining("would move rows from shard 1 to shard 2");
        assertThat(stored()).containsExactly(new Stored(1, 2, 5, "3.00", "new", 0));
        // a move within the shard (user 9 is on shard 1 too) is an ordinary update
        hibernate.inTransaction(s -> s.find(VersionedOrder.class, 2L).moveTo(9));
        assertThat(stored()).containsExactly(new Stored(1, 2, 9, "3.00", "new", 1));
    }

    @ParameterizedTest(name = "autocommit={0}")
    @ValueSource(booleans = {true, false})
    void jdbcUpdateSettingTheKeyRunsOnItsShardOnly(boolean autocommit) throws Exception {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO versioned_orders (id, user_id, amount, status, version) VALUES "
                    + "(10, 1, 1.00, 'new', 0), (11, 2, 2.00, 'new', 0), (12, 3, 3.00, 'new', 0)");
            c.setAutoCommit(autocommit);
            try (PreparedStatement ps = c.prepareStatement("UPDATE versioned_orders SET amount = ?, user_id = ? "
                    + "WHERE id = ?")) {
                ps.setBigDecimal(1, new BigDecimal("7.00"));
                ps.setLong(2, 2);
                ps.setLong(3, 11);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            // no row matches: nothing moves, 0 rows, as on one server
            assertThat(s.executeUpdate("UPDATE versioned_orders SET user_id = 2 WHERE id = 99")).isZero();
            // id 12 lives on user 3's shard: user 2's shard would have to take it
            assertThatThrownBy(() -> s.executeUpdate("UPDATE versioned_orders SET user_id = 2, amount = 9 WHERE id = 12"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("would move rows from shard 3 to shard 2");
            if (!autocommit) {
                // the refusal leaves the transaction as it was: its first write commits
                c.commit();
            }
        }
        assertThat(stored()).containsExactly(new Stored(1, 10, 1, "1.00", "new", 0), new Stored(2, 11, 2, "7.00", "new", 0),
                new Stored(3, 12, 3, "3.00", "new", 0));
    }

    @Test
    void aMatchingRowOnAnotherShardStopsTheWholeStatement() throws Exception {
        // the same id on two users' shards: writing user 1 to both rows would move user 5's... and user 2's row
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO versioned_orders (id, user_id, amount, status, version) VALUES "
                    + "(20, 1, 1.00, 'new', 0), (20, 2, 2.00, 'new', 0)");
            assertThatThrownBy(() -> s.executeUpdate("UPDATE versioned_orders SET user_id = 1, status = 'x' WHERE id = 20"))
                    .hasMessageContaining("would move rows from shard 2 to shard 1");
        }
        assertThat(stored()).containsExactly(new Stored(1, 20, 1, "1.00", "new", 0), new Stored(2, 20, 2, "2.00", "new", 0));
    }
}
