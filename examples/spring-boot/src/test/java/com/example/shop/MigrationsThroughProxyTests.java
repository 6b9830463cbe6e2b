package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Flyway, run by Spring Boot at startup through the proxy, created the logical schema of sharding.yaml on the
 * nodes: every physical table of the sharded tables on the node that holds it, the broadcast table and its rows
 * on each node, Flyway's own history table unsharded on the default node.
 */
class MigrationsThroughProxyTests extends ShardgateTest {

    @Autowired
    Flyway flyway;

    @Test
    void eachNodeHoldsItsPhysicalTables() throws SQLException {
        assertThat(tables(0)).containsExactly("accounts_0000", "accounts_0001", "flyway_schema_history",
                "orders_0000", "orders_0001", "products");
        assertThat(tables(1)).containsExactly("accounts_0002", "accounts_0003", "orders_0002", "orders_0003",
                "products");
    }

    @Test
    void laterMigrationsReachEveryPhysicalTable() throws SQLException {
        for (int node = 0; node < 2; node++) {
            List<String> indexed = Nodes.column(node, "SELECT DISTINCT table_name FROM information_schema.statistics"
                    + " WHERE table_schema = 'shop' AND index_name = 'orders_by_created_at' ORDER BY table_name");
            assertThat(indexed).containsExactly(node == 0
                    ? new String[] {"orders_0000", "orders_0001"}
                    : new String[] {"orders_0002", "orders_0003"});
        }
    }

    @Test
    void broadcastSeedRowsAreOnEachNode() throws SQLException {
        for (int node = 0; node < 2; node++) {
            assertThat(Nodes.column(node, "SELECT sku FROM products ORDER BY sku")).containsExactly("MUG", "TEA-BLACK",
                    "TEA-GREEN");
        }
    }

    @Test
    void flywaySeesEveryMigrationAppliedAndHasNothingLeftToDo() {
        assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank",
                String.class)).containsExactly("1", "2", "3");
        assertThat(flyway.info().pending()).isEmpty();
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
        assertThat(flyway.migrate().migrationsExecuted).isZero();
    }

    @Test
    void theApplicationSeesLogicalTablesOnly() {
        assertThat(jdbc.queryForList("SHOW TABLES", String.class)).containsExactlyInAnyOrder("accounts", "orders",
                "products", "flyway_schema_history");
    }

    private static List<String> tables(int node) throws SQLException {
        return Nodes.column(node, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'shop'"
                + " ORDER BY table_name");
    }
}
