package io.shardgate.ittests.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.HostPort;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.harness.BackendCluster;
import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.LocalBackendProvider;
import io.shardgate.ittests.backends.Topology;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.proxy.pool.ServerHealth;
import io.shardgate.proxy.server.ShardgateServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replica choice and draining against a primary and two real GTID replicas of its own. Which server answered a
 * read is told by a marker row written on each replica only ({@code r0} / {@code r1}; none on the primary).
 */
class ReplicaDrainIT {

    private static final String SCHEMA = "drain_it";
    private static final String WHERE = "SELECT v FROM t WHERE id > 1000";

    private static Backends backends;
    private static BackendCluster cluster;
    private static ShardgateServer server;
    private static String r0;
    private static String r1;

    @BeforeAll
    static void start() throws Exception {
        backends = new LocalBackendProvider().start(Topology.of(1, 2));
        cluster = backends.localCluster().orElseThrow();
        AdminProxy.root(backends.primary(0), "CREATE DATABASE " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".t (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO " + SCHEMA + ".t VALUES (1, 'primary')",
                // a slow read the router does not know (it sends SLEEP() to the primary): replicated to both replicas
                "CREATE FUNCTION " + SCHEMA + ".pause(s INT) RETURNS INT NO SQL RETURN SLEEP(s)");
        for (int i = 0; i < 2; i++) {
            BackendEndpoint replica = backends.replica(i);
            backends.awaitReplicaCaughtUp(replica, Duration.ofSeconds(30));
            AdminProxy.root(replica, "INSERT INTO " + SCHEMA + ".t VALUES (" + (1001 + i) + ", 'r" + i + "')");
        }
        r0 = backends.replica(0).address();
        r1 = backends.replica(1).address();
        server = ShardgateServer.start(config(true), new HostPort("127.0.0.1", 0));
    }

    private static ShardgateConfig config(boolean bothReplicas) throws java.io.IOException {
        // sessions keep their read connection (multiplexing off): a drain must move a session that holds one; a
        // multiplexed session takes a connection per statement and so is drained by the replica choice alone
        String yaml = AdminProxy.yaml(backends, SCHEMA,
                "schemas:\n  - {name: %s, default-node: ds0, multiplexing: false}\n", "");
        if (!bothReplicas) {
            yaml = yaml.replace("replicas: [" + r0 + ", " + r1 + "]", "replicas: [" + r1 + "]");
        }
        return ConfigLoader.parse(yaml, "drain.yaml");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (backends != null) {
            backends.close();
        }
    }

    @Test
    void aReplicaDrainedUnderLoadWithNoClientError() throws Exception {
        try (Load load = new Load(6)) {
            load.awaitBoth();
            try (Connection onR0 = sessionOn("r0"); Connection admin = admin(); Statement a = admin.createStatement()) {
                CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() ->
                        read(onR0, "SELECT v FROM t WHERE id > 1000 AND pause(2) = 0"));
                awaitRunning(backends.replica(0), "pause(2)");
                a.execute("SET NODE ds0 REPLICA '" + r0 + "' OFFLINE");
                load.mark();
                assertThat(inFlight.get(30, TimeUnit.SECONDS)).as("the statement running on the drained replica "
                        + "finishes there").isEqualTo("r0");
                assertThat(read(onR0, WHERE)).as("its session's next read moves").isEqualTo("r1");
                load.awaitReadsAfterMark(60);
                assertThat(load.readsAfterMark()).as("no new read on the drained replica").doesNotContain("r0")
                        .contains("r1");
                assertThat(AdminProxy.query(admin, "SHOW NODES").maps()).filteredOn(r -> r.get("address").equals(r0))
                        .singleElement().satisfies(r -> assertThat(r.get("state")).isEqualTo("offline"));

                a.execute("SET NODE ds0 REPLICA '" + r0 + "' ONLINE");
                assertThat(freshReads(4)).as("new sessions are spread over both again").contains("r0", "r1");
            }
            assertThat(load.errors()).as("clients saw no error").isEmpty();
        }
    }

    @Test
    void aReplicaRemovedByAReloadIsDrainedToo() throws Exception {
        try (Load load = new Load(4)) {
            load.awaitBoth();
            try (Connection onR0 = sessionOn("r0")) {
                CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() ->
                        read(onR0, "SELECT v FROM t WHERE id > 1000 AND pause(2) = 0"));
                awaitRunning(backends.replica(0), "pause(2)");
                server.apply(config(false));
                load.mark();
                try {
                    assertThat(inFlight.get(30, TimeUnit.SECONDS)).isEqualTo("r0");
                    assertThat(read(onR0, WHERE)).isEqualTo("r1");
                    load.awaitReadsAfterMark(40);
                    assertThat(load.readsAfterMark()).doesNotContain("r0").contains("r1");
                } finally {
                    server.apply(config(true));
                }
            }
            assertThat(load.errors()).isEmpty();
        }
    }

    @Test
    void aReplicaThatStopsIsLeftOutAndTakenBackWhenItAnswers() throws Exception {
        var replica1 = cluster.replica(1);
        HostPort address = HostPort.parse(r1);
        awaitUp(address);
        long downBefore = server.pools().server("ds0", address).orElseThrow().events(ServerHealth.Event.DOWN);
        cluster.stop(replica1);
        try {
            assertThat(freshReads(4)).as("new sessions read elsewhere, without an error").doesNotContain("r1")
                    .doesNotContain("primary");
            ServerHealth health = server.pools().server("ds0", address).orElseThrow();
            assertThat(health.state()).isEqualTo("down");
            try (Connection admin = admin()) {
                Map<String, String> row = AdminProxy.query(admin, "SHOW NODES").maps().stream()
                        .filter(r -> r.get("address").equals(r1)).findFirst().orElseThrow();
                assertThat(row.get("state")).isEqualTo("down");
                assertThat(row.get("last_error")).contains("cannot connect");
                assertThat(Long.parseLong(row.get("failed"))).isPositive();
            }
            assertThat(health.events(ServerHealth.Event.DOWN)).as("logged and counted once").isEqualTo(downBefore + 1);
        } finally {
            cluster.start(replica1);
        }
        long backBefore = server.pools().server("ds0", address).orElseThrow().events(ServerHealth.Event.BACK);
        ServerHealth health = awaitUp(address);
        assertThat(health.state()).as("the monitor tried it again and found it").isEqualTo("up");
        assertThat(health.events(ServerHealth.Event.BACK)).isGreaterThanOrEqualTo(Math.max(1, backBefore));
        assertThat(freshReads(4)).contains("r1");
    }

    private static ServerHealth awaitUp(HostPort address) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ServerHealth health = server.pools().server("ds0", address).orElseThrow();
        while (!health.up() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            health = server.pools().server("ds0", address).orElseThrow();
        }
        return health;
    }

    @Test
    void aNodeUnreachableAtStartShowsDownAndTheProxyIsNotReady() throws Exception {
        int dead = AdminProxy.freePort();
        String yaml = AdminProxy.yaml(backends, SCHEMA, """
                schemas:
                  - {name: %s, default-node: ds0, multiplexing: false}
                  - {name: lost, default-node: dead}
                """, "") + "";
        yaml = yaml.replace("nodes:\n", "nodes:\n  - {name: dead, primary: 127.0.0.1:" + dead
                + ", user: u, password: p, pool: {connect-timeout: 1s}}\n");
        try (ShardgateServer other = ShardgateServer.start(ConfigLoader.parse(yaml, "dead.yaml"),
                new HostPort("127.0.0.1", 0))) {
            ServerHealth health = other.pools().server("dead", new HostPort("127.0.0.1", dead)).orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (other.pools().servers().stream().anyMatch(h -> h.state().equals("unknown"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(health.state()).isEqualTo("down");
            assertThat(health.events(ServerHealth.Event.UNREACHABLE_AT_START)).isEqualTo(1);
            assertThat(other.admin().notReady()).containsExactly(
                    "schema lost: no primary of [dead] is reachable");
            var http = java.net.http.HttpClient.newHttpClient();
            var ready = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                    + other.httpAddress().getPort() + "/ready")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("schema lost: no primary of [dead] is reachable");
            String metrics = other.metrics().scrape();
            assertThat(MetricsIT.value(metrics, "shardgate_node_events_total{address=\"127.0.0.1:" + dead
                    + "\",event=\"unreachable_at_start\",node=\"dead\",role=\"primary\"}")).isEqualTo(1);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Clients reading in a loop, each on its own session, recording who answered and any error. */
    private static final class Load implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicBoolean marked = new AtomicBoolean();
        private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> afterMark = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        private final List<Thread> threads = new ArrayList<>();

        Load(int clients) {
            for (int i = 0; i < clients; i++) {
                threads.add(Thread.ofPlatform().name("load-" + i).start(this::loop));
            }
        }

        private void loop() {
            try (Connection c = client(); Statement s = c.createStatement()) {
                while (running.get()) {
                    boolean after = marked.get(); // read before the statement starts
                    try (ResultSet rs = s.executeQuery(WHERE)) {
                        String who = rs.next() ? rs.getString(1) : "primary";
                        seen.add(who);
                        if (after) {
                            afterMark.add(who);
                        }
                    }
                }
            } catch (Throwable t) {
                errors.add(t);
            }
        }

        void awaitBoth() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!(seen.contains("r0") && seen.contains("r1")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(seen).as("the load reads from both replicas").contains("r0", "r1");
        }

        void mark() {
            marked.set(true);
        }

        void awaitReadsAfterMark(int reads) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (afterMark.size() < reads && System.nanoTime() < deadline && errors.isEmpty()) {
                Thread.sleep(20);
            }
        }

        List<String> readsAfterMark() {
            return List.copyOf(afterMark);
        }

        List<Throwable> errors() {
            return List.copyOf(errors);
        }

        @Override
        public void close() {
            running.set(false);
            try {
                for (Thread t : threads) {
                    t.join(30_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A session whose read connection is on replica {@code marker} (sessions are spread round-robin). */
    private static Connection sessionOn(String marker) throws Exception {
        List<Connection> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(client());
        }
        List<String> where = settledReads(batch);
        Connection found = null;
        for (int i = 0; i < batch.size(); i++) {
            if (found == null && marker.equals(where.get(i))) {
                found = batch.get(i);
            } else {
                batch.get(i).close();
            }
        }
        if (found == null) {
            throw new AssertionError("no session landed on " + marker + ": " + where);
        }
        return found;
    }

    /** Where new sessions read from: one settled read per new session. */
    private static List<String> freshReads(int sessions) throws Exception {
        List<Connection> batch = new ArrayList<>();
        try {
            for (int i = 0; i < sessions; i++) {
                batch.add(client());
            }
            return settledReads(batch);
        } finally {
            for (Connection c : batch) {
                c.close();
            }
        }
    }

    /**
     * Each session's read, once it reads from a replica: a read lands on the primary while no replica is known to
     * be readable yet (a replica just started again), so the sessions are read again until they leave it, at most
     * 20 s.
     */
    private static List<String> settledReads(List<Connection> sessions) throws InterruptedException {
        List<String> where = new ArrayList<>();
        for (Connection c : sessions) {
            where.add(read(c, WHERE));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (where.contains("primary") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            for (int i = 0; i < sessions.size(); i++) {
                if (where.get(i).equals("primary")) {
                    where.set(i, read(sessions.get(i), WHERE));
                }
            }
        }
        return where;
    }

    private static String read(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "primary";
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitRunning(BackendEndpoint on, String fragment) throws Exception {
        try (Connection root = DriverManager.getConnection(on.jdbcUrl(), "root", on.rootPassword());
             Statement s = root.createStatement()) {
            for (int i = 0; i < 200; i++) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%"
                        + fragment + "%' AND INFO NOT LIKE '%PROCESSLIST%'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(25);
            }
        }
        throw new AssertionError(fragment + " never ran on " + on);
    }

    private static Connection client() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.address().getPort() + "/" + SCHEMA,
                ProxyFixture.USER, ProxyFixture.PASSWORD);
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.adminAddress().getPort() + "/",
                AdminProxy.ADMIN, AdminProxy.ADMIN_PASSWORD);
    }
}
