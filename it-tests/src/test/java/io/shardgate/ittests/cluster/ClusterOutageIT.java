package io.shardgate.ittests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.proxy.server.ShardgateServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ZooKeeper stopped and started again under load: the three instances serve on with their config, reads never fail,
 * INSERTs that need a generated key are refused with a clear error only while the leases are out, then succeed again;
 * /ready stays 200 and says ZooKeeper is down, the metrics too. Every stored id is distinct (read from the backends).
 */
@ExtendWith(SharedBackends.class)
class ClusterOutageIT {

    private static final String SCHEMA = "fleet_outage";
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

    @Test
    void zooKeeperDownAndBackUnderLoadPausesOnlyIdGeneration() throws Exception {
        assertThat(fleet.push(fleet.sharedYaml(ClusterConfigIT.SCHEMAS.replace("LOCATIONS", "2, 2"), ""))).isZero();
        List<ShardgateServer> proxies = List.of(fleet.startInstance(), fleet.startInstance(), fleet.startInstance());
        ProxyFleet.await("every instance holds a worker id", WAIT,
                () -> proxies.stream().allMatch(p -> p.cluster().workerId().getAsInt() >= 0));
        try (Connection c = fleet.client(proxies.get(0)); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, src VARCHAR(40))");
        }
        assertThat(http(proxies.get(1), "/ready")).startsWith("200 ready\n").contains("zookeeper: connected");

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        AtomicLong inserts = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (ShardgateServer p : proxies) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (Connection c = fleet.client(p); Statement s = c.createStatement()) {
                    while (!stop.get()) {
                        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM items")) {
                            rs.next();
                            reads.incrementAndGet();
                        }
                        Thread.sleep(2);
                    }
                } catch (SQLException | InterruptedException e) {
                    unexpected.add("read: " + e.getMessage());
                }
            }));
            threads.add(Thread.ofPlatform().start(() -> {
                try (Connection c = fleet.client(p); Statement s = c.createStatement()) {
                    while (!stop.get()) {
                        try {
                            s.executeUpdate("INSERT INTO items (src) VALUES ('" + p.address().getPort() + "')");
                            inserts.incrementAndGet();
                        } catch (SQLException e) {
                            if (e.getErrorCode() != 1105 || !e.getMessage().contains("cannot generate")) {
                                throw e;
                            }
                            refused.incrementAndGet();
                        }
                        Thread.sleep(2);
                    }
                } catch (SQLException | InterruptedException e) {
                    unexpected.add("insert: " + e.getMessage());
                }
            }));
        }
        ProxyFleet.await("load running", WAIT, () -> inserts.get() > 100 && reads.get() > 100);

        fleet.zookeeper().stop();
        ProxyFleet.await("/ready says ZooKeeper is down", WAIT, () -> http(proxies.get(1), "/ready")
                .startsWith("200 ready\n") && http(proxies.get(1), "/ready").contains("zookeeper: disconnected since"));
        assertThat(http(proxies.get(2), "/metrics")).contains("shardgate_cluster_connected 0.0");
        ProxyFleet.await("generated keys pause once the leases run out", WAIT, () -> refused.get() > 0);
        long readsWhileDown = reads.get();
        ProxyFleet.await("reads go on", WAIT, () -> reads.get() > readsWhileDown + 100);
        ProxyFleet.await("/ready says keys are paused (each instance's deadline passes on its own)", WAIT,
                () -> http(proxies.get(0), "/ready").contains("worker id: none (generated keys paused"));
        Thread.sleep(2_000);

        fleet.zookeeper().restart();
        long insertsAtRestart = inserts.get();
        ProxyFleet.await("inserts succeed again on every instance", WAIT, () -> inserts.get() > insertsAtRestart + 300
                && proxies.stream().allMatch(p -> p.cluster().workerId().getAsInt() >= 0));
        ProxyFleet.await("/ready and metrics say connected again", WAIT, () -> http(proxies.get(1), "/ready")
                .contains("zookeeper: connected") && http(proxies.get(2), "/metrics")
                .contains("shardgate_cluster_connected 1.0"));
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertThat(unexpected).as("no client error but paused key generation").isEmpty();
        Set<Integer> workers = new HashSet<>();
        proxies.forEach(p -> workers.add(p.cluster().workerId().getAsInt()));
        assertThat(workers).hasSize(3);
        long stored = storedRows();
        assertThat(stored).isEqualTo(inserts.get());
        System.out.printf("ZooKeeper outage: %d reads and %d inserts served, %d inserts refused while the leases "
                + "were out, %d rows stored (primary key: none repeated)%n", reads.get(), inserts.get(), refused.get(),
                stored);
    }

    private static String http(ShardgateServer p, String path) {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + p.httpAddress().getPort() + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private long storedRows() throws SQLException {
        long rows = 0;
        int table = 0;
        for (BackendEndpoint p : backends.primaries()) {
            try (Connection c = DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
                 Statement s = c.createStatement()) {
                for (int i = 0; i < 2; i++, table++) {
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + SCHEMA + ".items_"
                            + String.format("%04d", table))) {
                        rs.next();
                        rows += rs.getLong(1);
                    }
                }
            }
        }
        return rows;
    }
}
