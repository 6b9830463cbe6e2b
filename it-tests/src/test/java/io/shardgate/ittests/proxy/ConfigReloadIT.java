package io.shardgate.ittests.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.proxy.server.ShardgateServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloading sharding.yaml while clients run queries: a valid change takes effect with no failed query; an
 * invalid file changes nothing and clients never notice.
 */
@ExtendWith(SharedBackends.class)
class ConfigReloadIT {

    private static final String SCHEMAS_V1 = """
            schemas:
              - name: reload_a
                default-node: ds0
            """;
    private static final String SCHEMAS_V2 = SCHEMAS_V1 + """
              - name: reload_b
                default-node: ds1
            """;

    @TempDir
    Path dir;
    private Backends backends;
    private ShardgateServer server;
    private Path file;
    private int port;

    @BeforeEach
    void start(Backends shared) throws Exception {
        backends = shared;
        for (String schema : List.of("reload_a", "reload_b")) {
            for (BackendEndpoint p : backends.primaries()) {
                try (Connection c = DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
                     Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE IF NOT EXISTS " + schema);
                }
            }
        }
        port = freePort();
        file = dir.resolve("sharding.yaml");
        write(SCHEMAS_V1);
        server = ShardgateServer.serve(file);
    }

    @AfterEach
    void stop() throws SQLException {
        if (server != null) {
            server.close();
        }
        for (String schema : List.of("reload_a", "reload_b")) {
            for (BackendEndpoint p : backends.primaries()) {
                try (Connection c = DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
                     Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + schema);
                }
            }
        }
    }

    @Test
    void validChangeAppliesUnderLoadWithoutFailedQueries() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong queries = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(Thread.ofPlatform().start(() -> {
                try (Connection c = connect("reload_a"); Statement s = c.createStatement()) {
                    while (running.get()) {
                        try (ResultSet rs = s.executeQuery("SELECT 1")) {
                            rs.next();
                            queries.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        Thread.sleep(300);
        write(SCHEMAS_V2);
        awaitDatabases(Set.of("information_schema", "reload_a", "reload_b"));
        long before = queries.get();
        Thread.sleep(300);
        running.set(false);
        for (Thread t : clients) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(queries.get()).isGreaterThan(before);
        try (Connection c = connect("reload_b"); ResultSet rs = c.createStatement().executeQuery("SELECT DATABASE()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("reload_b");
        }
    }

    @Test
    void invalidFileChangesNothing() throws Exception {
        try (Connection c = connect("reload_a")) {
            write(SCHEMAS_V2.replace("default-node: ds1", "default-node: ds9"));
            // Give the watcher several poll + quiet periods to (not) apply it.
            Thread.sleep(2500);
            assertThat(databases(c)).containsExactly("information_schema", "reload_a");
            try (ResultSet rs = c.createStatement().executeQuery("SELECT 2")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
        assertThat(server.config().schemas()).extracting(s -> s.name()).containsExactly("reload_a");
        // A later valid file still applies: the failed reload did not stop the watcher.
        write(SCHEMAS_V2);
        awaitDatabases(Set.of("information_schema", "reload_a", "reload_b"));
    }

    private void awaitDatabases(Set<String> expected) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        Set<String> seen = Set.of();
        while (System.nanoTime() < deadline) {
            try (Connection c = connect("reload_a")) {
                seen = databases(c);
            }
            if (seen.equals(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(seen).as("databases after reload").isEqualTo(expected);
    }

    private static Set<String> databases(Connection c) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (ResultSet rs = c.createStatement().executeQuery("SHOW DATABASES")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + schema, ProxyFixture.USER,
                ProxyFixture.PASSWORD);
    }

    private void write(String schemas) throws IOException {
        String yaml = ProxyFixture.yaml(backends, schemas).replace("listen: 127.0.0.1:3307", "listen: 127.0.0.1:" + port);
        Path tmp = dir.resolve("sharding.yaml.tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
