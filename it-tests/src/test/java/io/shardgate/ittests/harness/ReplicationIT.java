package io.shardgate.ittests.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;

/** The shared backends (2 primaries, 1 replica of primary 0) replicate for real. */
@ExtendWith(SharedBackends.class)
class ReplicationIT {

    private static final String SCHEMA = "replication_it";

    private final List<HikariDataSource> pools = new ArrayList<>();

    @BeforeEach
    void dropLeftovers(Backends backends) throws SQLException {
        cleanUp(backends);
    }

    @AfterEach
    void cleanUp(Backends backends) throws SQLException {
        for (BackendEndpoint primary : backends.primaries()) {
            execute(pool(primary), "DROP DATABASE IF EXISTS " + SCHEMA);
        }
        for (BackendEndpoint replica : backends.replicas()) {
            backends.awaitReplicaCaughtUp(replica, Duration.ofSeconds(30));
        }
        pools.forEach(HikariDataSource::close);
        pools.clear();
    }

    @Test
    void aRowWrittenOnThePrimaryIsReadBackFromItsReplica(Backends backends) throws SQLException {
        BackendEndpoint primary = backends.primary(0);
        BackendEndpoint replica = backends.replica(0);
        assertThat(backends.primaryOf(replica)).isEqualTo(primary);

        execute(pool(primary), "CREATE DATABASE " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".orders (order_id BIGINT PRIMARY KEY, note VARCHAR(40))",
                "INSERT INTO " + SCHEMA + ".orders VALUES (42, 'written on primary-0')");
        backends.awaitReplicaCaughtUp(replica, Duration.ofSeconds(30));

        assertThat(queryOne(pool(replica), "SELECT note FROM " + SCHEMA + ".orders WHERE order_id = 42"))
                .isEqualTo("written on primary-0");
    }

    @Test
    void aReplicaFollowsOnlyItsOwnPrimary(Backends backends) throws SQLException {
        BackendEndpoint other = backends.primary(1);
        BackendEndpoint replica = backends.replica(0);

        execute(pool(other), "CREATE DATABASE " + SCHEMA);
        // something to wait for on the replica's own primary, written after the other primary's schema
        execute(pool(backends.primary(0)), "CREATE DATABASE IF NOT EXISTS replication_it_marker",
                "DROP DATABASE replication_it_marker");
        backends.awaitReplicaCaughtUp(replica, Duration.ofSeconds(30));

        assertThat(queryOne(pool(replica), "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                + SCHEMA + "'")).isEqualTo("0");
        assertThat(queryOne(pool(other), "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                + SCHEMA + "'")).isEqualTo("1");
    }

    @Test
    void theProxyAccountHasAllPrivilegesWithNativePasswordAndRootWorksOverTcp(Backends backends) throws SQLException {
        BackendEndpoint primary = backends.primary(0);

        assertThat(queryOne(pool(primary), "SELECT CONCAT(CURRENT_USER(), ' ', plugin) FROM mysql.user"
                + " WHERE user = 'shard'")).isEqualTo("shard@% mysql_native_password");
        // MariaDB prints ALL PRIVILEGES, MySQL 8 the list it stands for; both are global
        assertThat(queryOne(pool(primary), "SHOW GRANTS")).startsWith("GRANT ").contains(" ON *.* TO `shard`@`%`");
        execute(pool(primary), "CREATE DATABASE " + SCHEMA, "DROP DATABASE " + SCHEMA);
        try (HikariDataSource root = dataSource(primary.jdbcUrl(), "root", primary.rootPassword())) {
            assertThat(queryOne(root, "SELECT CURRENT_USER()")).startsWith("root@");
        }
    }

    private HikariDataSource pool(BackendEndpoint server) {
        HikariDataSource pool = dataSource(server.jdbcUrl(), server.user(), server.password());
        pools.add(pool);
        return pool;
    }

    private static HikariDataSource dataSource(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    static void execute(HikariDataSource pool, String... statements) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    static String queryOne(HikariDataSource pool, String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("a row from: %s", sql).isTrue();
            return rows.getString(1);
        }
    }
}
