package io.shardgate.ittests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.proxy.server.ShardgateServer;
import io.shardgate.router.keygen.SnowflakeLayout;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three proxies in cluster mode on a real ZooKeeper: a pushed config version is applied by all of them, a bad push is
 * refused (by the pusher when invalid, by every instance when its layout change would strand rows), and each instance
 * is registered with its version and its own leased worker id.
 */
@ExtendWith(SharedBackends.class)
class ClusterConfigIT {

    static final String SCHEMA = "fleet_config";
    static final String SCHEMAS = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - name: items
                    shard-key: id
                    strategy: hash-mod
                    nodes: [ds0, ds1]
                    locations: [LOCATIONS]
                    key-generator: {column: id}
            """;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private Backends backends;
    private ProxyFleet fleet;

    @BeforeEach
    void start(Backends backends) throws Exception {
        this.backends = backends;
        ProxyFleet.freshSchema(backends, SCHEMA);
        fleet = new ProxyFleet(backends, SCHEMA, "4s");
    }

    @AfterEach
    void stop() throws SQLException {
        fleet.close();
        ProxyFleet.dropSchema(backends, SCHEMA);
    }

    private String shared(String locations, String proxyExtra) {
        return fleet.sharedYaml(SCHEMAS.replace("LOCATIONS", locations), proxyExtra);
    }

    @Test
    void pushedVersionsAreAppliedByEveryInstanceAndBadOnesByNone() throws Exception {
        assertThat(fleet.push(shared("2, 2", ""))).isZero();
        List<ShardgateServer> proxies = List.of(fleet.startInstance(), fleet.startInstance(), fleet.startInstance());

        // every instance registered, on version 1, each with a worker id of its own
        ProxyFleet.await("three proxies registered with worker ids", WAIT, () -> proxiesOf(proxies.get(0)).stream()
                .filter(r -> r.get("worker_id") != null && "1".equals(r.get("config_version"))).count() == 3);
        List<Map<String, String>> rows = proxiesOf(proxies.get(2));
        assertThat(rows.stream().map(r -> r.get("worker_id")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("0", "1", "2");
        assertThat(rows.stream().map(r -> r.get("proxy")).toList()).containsExactlyInAnyOrderElementsOf(
                proxies.stream().map(p -> "127.0.0.1:" + p.address().getPort()).toList());
        assertThat(rows).allSatisfy(r -> assertThat(r.get("config_status")).isEqualTo("ok"));
        assertThat(rows.stream().filter(r -> r.get("self").equals("yes")).map(r -> r.get("proxy")).toList())
                .containsExactly("127.0.0.1:" + proxies.get(2).address().getPort());

        // ids made through each instance carry its own worker id
        try (Connection c = fleet.client(proxies.get(0)); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, src VARCHAR(40))");
        }
        Set<Integer> workers = new HashSet<>();
        for (ShardgateServer p : proxies) {
            try (Connection c = fleet.client(p); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO items (src) VALUES ('" + p.address().getPort() + "')",
                        Statement.RETURN_GENERATED_KEYS);
                try (ResultSet keys = s.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    workers.add(SnowflakeLayout.STANDARD.workerOf(keys.getLong(1)));
                }
            }
        }
        assertThat(workers).containsExactlyInAnyOrder(0, 1, 2);

        // version 2 reaches every instance through the same validated reload
        assertThat(fleet.push(shared("2, 2", "  slow-query-ms: 1234\n"))).isZero();
        ProxyFleet.await("version 2 applied everywhere", WAIT, () -> proxies.stream()
                .allMatch(p -> p.config().proxy().slowQuery().toMillis() == 1234));
        ProxyFleet.await("SHOW PROXIES shows version 2 for all", WAIT, () -> proxiesOf(proxies.get(1)).stream()
                .filter(r -> "2".equals(r.get("config_version"))).count() == 3);

        // an invalid file is refused by the push itself: nothing is stored
        assertThat(fleet.push(shared("2, 2", "  slow-query-msx: 5\n"))).isNotZero();

        // a valid file whose layout change would strand the rows stored: every instance refuses it, keeps version 2
        assertThat(fleet.push(shared("4, 4", "  slow-query-ms: 777\n"))).isZero();
        ProxyFleet.await("version 3 refused by all three", WAIT, () -> proxiesOf(proxies.get(0)).stream()
                .filter(r -> "2".equals(r.get("config_version"))
                        && r.get("config_status").startsWith("version 3 refused")).count() == 3);
        for (ShardgateServer p : proxies) {
            assertThat(p.config().proxy().slowQuery().toMillis()).isEqualTo(1234);
            assertThat(p.config().schemas().getFirst().tables().getFirst().locations()).containsExactly(2, 2);
        }
        assertThat(proxiesOf(proxies.get(0)).getFirst().get("config_status")).contains("holds rows");

        // RELOAD CONFIG applies the latest version again: refused while the rows are there, applied once they are not
        List<Map<String, String>> refused = ProxyFleet.query(proxies.get(1), "RELOAD CONFIG");
        assertThat(refused).isNotEmpty().allSatisfy(r -> assertThat(r.get("applied")).isEqualTo("no"));
        assertThat(refused).anySatisfy(r -> assertThat(r.get("message")).contains("holds rows"));
        try (Connection c = fleet.client(proxies.get(1)); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM items");
        }
        List<Map<String, String>> applied = ProxyFleet.query(proxies.get(1), "RELOAD CONFIG");
        assertThat(applied).isNotEmpty().allSatisfy(r -> assertThat(r.get("applied")).isEqualTo("yes"));
        assertThat(proxies.get(1).config().schemas().getFirst().tables().getFirst().locations()).containsExactly(4, 4);
        ProxyFleet.await("SHOW PROXIES shows the reloaded instance on version 3", WAIT, () -> proxiesOf(proxies.get(0))
                .stream().anyMatch(r -> "3".equals(r.get("config_version")) && "ok".equals(r.get("config_status"))));
    }

    static List<Map<String, String>> proxiesOf(ShardgateServer server) {
        try {
            return ProxyFleet.query(server, "SHOW PROXIES");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
