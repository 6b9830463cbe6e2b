package io.shardgate.ittests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.proxy.server.ShardgateServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operations state a fleet shares: a replica taken OFFLINE through one instance's admin interface is read from by
 * none of them (a marker row written on the replica alone tells who answered), the blacklist applies everywhere, and
 * a session on one instance is killed from another's admin interface.
 */
@ExtendWith(SharedBackends.class)
class ClusterOperationsIT {

    private static final String SCHEMA = "fleet_ops";
    private static final String MARKER = "SELECT v FROM t WHERE id > 1000";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private Backends backends;
    private ProxyFleet fleet;
    private List<ShardgateServer> proxies;
    private String replica;

    @BeforeEach
    void start(Backends backends) throws Exception {
        this.backends = backends;
        ProxyFleet.freshSchema(backends, SCHEMA);
        ProxyFleet.root(backends.primary(0), "CREATE TABLE " + SCHEMA + ".t (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO " + SCHEMA + ".t VALUES (1, 'primary')");
        BackendEndpoint r = backends.replica(0);
        backends.awaitReplicaCaughtUp(r, Duration.ofSeconds(30));
        ProxyFleet.root(r, "INSERT INTO " + SCHEMA + ".t VALUES (1001, 'replica')");
        replica = r.address();
        fleet = new ProxyFleet(backends, SCHEMA, "4s");
        assertThat(fleet.push(fleet.sharedYaml("schemas:\n  - {name: %s, default-node: ds0}\n", ""))).isZero();
        proxies = List.of(fleet.startInstance(), fleet.startInstance(), fleet.startInstance());
    }

    @AfterEach
    void stop() throws SQLException {
        for (Connection c : sessions.values()) {
            c.close();
        }
        fleet.close();
        ProxyFleet.dropSchema(backends, SCHEMA);
    }

    /** A session per instance, kept: a new session reads from the primary for 5 s (read-your-writes after its SETs). */
    private final java.util.Map<ShardgateServer, Connection> sessions = new java.util.HashMap<>();

    /** What {@code proxy}'s session reads: {@code replica}, or null from the primary. */
    private String read(ShardgateServer proxy) {
        try {
            Connection c = sessions.get(proxy);
            if (c == null) {
                c = fleet.client(proxy);
                sessions.put(proxy, c);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(MARKER)) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void admin(ShardgateServer proxy, String command) throws SQLException {
        try (Connection c = ProxyFleet.admin(proxy); Statement s = c.createStatement()) {
            s.execute(command);
        }
    }

    @Test
    void aReplicaTakenOfflineThroughOneInstanceIsReadByNone() throws Exception {
        ProxyFleet.await("every instance reads from the replica", WAIT,
                () -> proxies.stream().allMatch(p -> "replica".equals(read(p))));

        admin(proxies.get(0), "SET NODE ds0 REPLICA '" + replica + "' OFFLINE");
        ProxyFleet.await("no instance reads from the replica", WAIT,
                () -> proxies.stream().allMatch(p -> read(p) == null));
        for (int i = 0; i < 20; i++) {
            for (ShardgateServer p : proxies) {
                assertThat(read(p)).isNull();
            }
        }
        assertThat(ProxyFleet.query(proxies.get(2), "SHOW NODES")).filteredOn(r -> r.get("address").equals(replica))
                .singleElement().satisfies(r -> assertThat(r.get("state")).isEqualTo("offline"));
        // an instance that joins later takes the fleet's switches too
        ShardgateServer late = fleet.startInstance();
        ProxyFleet.await("the late instance has the replica offline", WAIT, () -> late.pools().servers().stream()
                .anyMatch(h -> h.address().toString().equals(replica) && h.offline()));
        read(late);
        Thread.sleep(6_000); // past its session's read-your-writes window: a read could go to the replica now
        for (int i = 0; i < 20; i++) {
            assertThat(read(late)).isNull();
        }

        admin(proxies.get(1), "SET NODE ds0 REPLICA '" + replica + "' WEIGHT 3");
        admin(proxies.get(1), "SET NODE ds0 REPLICA '" + replica + "' ONLINE");
        ProxyFleet.await("every instance reads from the replica again, with weight 3", WAIT,
                () -> proxies.stream().allMatch(p -> "replica".equals(read(p)) && p.pools().servers().stream()
                        .anyMatch(h -> h.address().toString().equals(replica) && h.weightOverride() == 3)));
    }

    @Test
    void theBlacklistAppliesOnEveryInstance() throws Exception {
        admin(proxies.get(1), "ADD BLACKLIST 'SELECT v FROM t WHERE id = 5'");
        ProxyFleet.await("instance 2 refuses the shape", WAIT, () -> refused(proxies.get(2)));
        ProxyFleet.await("instance 0 refuses the shape", WAIT, () -> refused(proxies.get(0)));
        assertThat(ProxyFleet.query(proxies.get(0), "SHOW BLACKLIST")).extracting(r -> r.get("digest"))
                .containsExactly("SELECT v FROM t WHERE id = ?");

        admin(proxies.get(2), "REMOVE BLACKLIST 'SELECT v FROM t WHERE id = 9'");
        ProxyFleet.await("every instance runs the shape again", WAIT,
                () -> proxies.stream().noneMatch(ClusterOperationsIT.this::refused));
    }

    private boolean refused(ShardgateServer proxy) {
        try (Connection c = fleet.client(proxy); Statement s = c.createStatement()) {
            s.executeQuery("SELECT v FROM t WHERE id = 7").close();
            return false;
        } catch (SQLException e) {
            if (e.getErrorCode() != 1148) {
                throw new AssertionError(e);
            }
            return true;
        }
    }

    @Test
    void aSessionOnOneInstanceIsKilledFromAnother() throws Exception {
        String target = "127.0.0.1:" + proxies.get(0).address().getPort();
        try (Connection victim = fleet.client(proxies.get(0)); Statement s = victim.createStatement()) {
            long id;
            try (ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                id = rs.getLong(1);
            }
            CompletableFuture<Throwable> sleeping = CompletableFuture.supplyAsync(() -> {
                try {
                    s.executeQuery("SELECT SLEEP(30)").close();
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(300);
            admin(proxies.get(2), "KILL " + id + " ON '" + target + "'");
            assertThat(sleeping.get(20, TimeUnit.SECONDS)).as("the killed session's statement ends with an error")
                    .isInstanceOf(SQLException.class);
            ProxyFleet.await("the session is gone from instance 0", WAIT,
                    () -> proxies.get(0).sessions().find(id) == null);
        }
        assertThatThrownBy(() -> admin(proxies.get(1), "KILL 987654 ON '" + target + "'"))
                .isInstanceOf(SQLException.class).satisfies(e -> assertThat(((SQLException) e).getErrorCode())
                        .isEqualTo(1094));
        assertThatThrownBy(() -> admin(proxies.get(1), "KILL 1 ON '10.9.9.9:3307'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("no proxy '10.9.9.9:3307' in the fleet");
    }
}
