package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.HostPort;
import io.shardgate.harness.BackendCluster;
import io.shardgate.harness.BackendServer;
import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.LocalBackendProvider;
import io.shardgate.ittests.backends.Topology;
import io.shardgate.proxy.server.ShardgateServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A backend that dies: statements get a clear MySQL error at once (not a hang, not a dropped client
 * connection), and once the server is back the same client connections and new ones work. Runs its own
 * one-server cluster so the shared backends stay whole.
 */
class DeadBackendIT {

    private static final String SCHEMA = "compat_dead";
    /** Driver-side guard: a hang would fail the test with a timeout instead of blocking the build. */
    private static final String OPTIONS = "?socketTimeout=60000&connectTimeout=10000";

    private static BackendCluster cluster;
    private static BackendServer server;
    private static ShardgateServer proxy;

    @BeforeAll
    static void start() throws SQLException {
        cluster = LocalBackendProvider.builder(Topology.of(1, 0)).start();
        server = cluster.primary(0);
        BackendEndpoint endpoint = new BackendEndpoint(server.name(), server.host(), server.port(), server.user(),
                server.password(), server.rootUser().password());
        CompatProxy.rootSql(endpoint, "CREATE DATABASE " + SCHEMA);
        proxy = ShardgateServer.start(ConfigLoader.parse(CompatProxy.yaml(endpoint, SCHEMA, null), "dead.yaml"),
                new HostPort("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void clearErrorWhileDownThenWorksAgain() throws Exception {
        try (Connection bound = connect(); Connection running = connect()) {
            assertThat(select(bound, "SELECT 'up'")).isEqualTo("up");

            CompletableFuture<Object> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return select(running, "SELECT SLEEP(30)");
                } catch (SQLException e) {
                    return e;
                }
            });
            awaitSleeping();
            cluster.kill(server);
            assertThat(inFlight.get(30, TimeUnit.SECONDS)).as("a statement running when the server died")
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(2013);
                        assertThat(e.getMessage()).contains("Lost connection to backend");
                    });

            for (Connection c : new Connection[] {bound, running}) {
                SQLException down = failure(c);
                assertThat(down.getErrorCode()).isEqualTo(1105);
                assertThat(down.getMessage()).contains("cannot connect to backend").contains(Integer.toString(server.port()));
                assertThat(c.isValid(5)).as("the client's own connection to the proxy stays up").isTrue();
            }

            cluster.start(server);
            assertThat(select(bound, "SELECT 'back'")).isEqualTo("back");
            assertThat(select(running, "SELECT 'back too'")).isEqualTo("back too");
        }
        try (Connection fresh = connect()) {
            assertThat(select(fresh, "SELECT 'new'")).isEqualTo("new");
        }
    }

    @Test
    void newClientsWhileDownAreToldWhy() throws Exception {
        cluster.stop(server);
        try {
            SQLException refused = null;
            try (Connection c = connect()) {
                refused = failure(c);
            } catch (SQLException e) {
                refused = e; // Connector/J's own queries at connect time reach the backend first
            }
            assertThat(refused.getMessage()).contains("cannot connect to backend");
        } finally {
            cluster.start(server);
        }
        try (Connection c = connect()) {
            assertThat(select(c, "SELECT 'ok'")).isEqualTo("ok");
        }
    }

    @Test
    void aTransactionWhoseBackendConnectionDiedFailsRatherThanRestartingQuietly() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS tx (id INT PRIMARY KEY)");
            s.execute("DELETE FROM tx");
            c.setAutoCommit(false);
            s.execute("INSERT INTO tx VALUES (1)");
            String thread = select(c, "SELECT ID FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()");
            cluster.query(server, "KILL " + thread); // the backend connection dies, and with it the transaction
            Thread.sleep(500);
            SQLException lost = null;
            try {
                s.execute("INSERT INTO tx VALUES (2)");
                c.commit();
            } catch (SQLException e) {
                lost = e;
            }
            assertThat((Object) lost).as("the client must learn that its transaction is gone").isNotNull();
            c.rollback();
            c.setAutoCommit(true);
            assertThat(select(c, "SELECT COUNT(*) FROM tx")).as("nothing of the broken transaction").isEqualTo("0");
            s.execute("INSERT INTO tx VALUES (3)");
            assertThat(select(c, "SELECT GROUP_CONCAT(id) FROM tx")).isEqualTo("3");
            s.execute("DROP TABLE tx");
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + proxy.address().getPort() + "/" + SCHEMA
                + OPTIONS, CompatProxy.USER, CompatProxy.PASSWORD);
    }

    private static String select(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static SQLException failure(Connection c) {
        try {
            select(c, "SELECT 'while down' FROM DUAL WHERE 1 = 1");
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("a statement succeeded with the backend down");
    }

    private static void awaitSleeping() throws Exception {
        for (int i = 0; i < 100; i++) {
            boolean running = cluster.query(server,
                    "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT SLEEP(30)'")
                    .get(0).get(0).equals("1");
            if (running) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("SELECT SLEEP(30) never started on the backend");
    }
}
