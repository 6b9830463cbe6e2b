package io.shardgate.ittests.sharding;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A backend's error names the logical table the client wrote, never a physical one, however the statement ran:
 * forwarded from one shard (text or prepared on the server), merged over shards, written on several shards.
 * The errors are real: a physical table dropped behind the proxy's back, a foreign key a row breaks.
 */
@ExtendWith(SharedBackends.class)
class LogicalErrorNamesIT {

    private static final String SCHEMA = "logical_errors";
    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws Exception {
        proxy = ProxyFixture.start(backends, SCHEMA, """
                schemas:
                  - name: %s
                    default-node: ds0
                    tables:
                      - {name: orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2]}
                      - {name: order_items, binding: orders, shard-key: user_id}
                """);
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGINT NOT NULL, user_id BIGINT NOT NULL, n INT, "
                    + "PRIMARY KEY (id, user_id))");
            s.execute("CREATE TABLE order_items (id BIGINT NOT NULL PRIMARY KEY, order_id BIGINT NOT NULL, "
                    + "user_id BIGINT NOT NULL, FOREIGN KEY (order_id, user_id) REFERENCES orders (id, user_id))");
            s.execute("INSERT INTO orders (id, user_id, n) VALUES (1, 1, 1), (2, 2, 2)");
        }
        // orders_0003 (user_id 3, on ds1) disappears behind the proxy's back
        try (Connection c = proxy.direct(1, ""); Statement s = c.createStatement()) {
            s.execute("DROP TABLE order_items_0003");
            s.execute("DROP TABLE orders_0003");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static void failsNaming(String sql, String expected) {
        assertThatThrownBy(() -> {
            try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }).as(sql).isInstanceOf(SQLException.class).hasMessageContaining(expected)
                .hasMessageNotContainingAny("_0003", "_0001", "_0002");
    }

    @Test
    void oneShard() {
        failsNaming("SELECT * FROM orders WHERE user_id = 3", "Table '" + SCHEMA + ".orders' doesn't exist");
    }

    @Test
    void preparedOnTheServer() {
        assertThatThrownBy(() -> {
            try (Connection c = proxy.connect("useServerPrepStmts=true");
                 PreparedStatement ps = c.prepareStatement("SELECT n FROM orders WHERE user_id = 3 AND id = ?")) {
                ps.setLong(1, 1);
                ps.executeQuery().close();
            }
        }).hasMessageContaining("Table '" + SCHEMA + ".orders' doesn't exist").hasMessageNotContaining("orders_0003");
    }

    @Test
    void mergedOverShards() {
        failsNaming("SELECT * FROM orders ORDER BY id", "Table '" + SCHEMA + ".orders' doesn't exist");
    }

    @Test
    void writtenOnSeveralShards() {
        failsNaming("UPDATE orders SET n = n + 1", "Table '" + SCHEMA + ".orders' doesn't exist");
    }

    @Test
    void aForeignKeyConstraintNamesLogicalTables() {
        failsNaming("INSERT INTO order_items (id, order_id, user_id) VALUES (10, 99, 1)",
                "REFERENCES `orders` (`id`, `user_id`)");
        failsNaming("INSERT INTO order_items (id, order_id, user_id) VALUES (11, 98, 2)", "`order_items`, CONSTRAINT "
                + "`order_items_ibfk_1`");
    }
}
