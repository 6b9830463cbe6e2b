package io.shardgate.ittests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.proxy.server.ShardgateServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code shardgate reshard start / status / cleanup} against a running proxy's admin interface. */
@ExtendWith(SharedBackends.class)
class ReshardCliIT {

    private static final String SCHEMA = "reshard_cli";
    private static final Duration RUN = Duration.ofMinutes(5);
    private static final String LAYOUT = """
            schemas:
              - name: reshard_cli
                default-node: ds0
                tables:
                  - {name: orders, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: %s}
            """;

    @TempDir
    Path dir;

    @Test
    void startFollowsTheReshardWithAProgressBarThenCleanupDropsTheOldTables(Backends backends) throws Exception {
        for (BackendEndpoint p : backends.primaries()) {
            root(p, "DROP DATABASE IF EXISTS " + SCHEMA, "CREATE DATABASE " + SCHEMA);
        }
        int adminPort = freePort();
        String admin = "admin:\n  listen: 127.0.0.1:" + adminPort + "\n  users: [{user: ops, password: cli-pw}]\n";
        Path file = dir.resolve("sharding.yaml");
        Path target = dir.resolve("target.yaml");
        int port = freePort();
        Files.writeString(file, yaml(backends, LAYOUT.formatted("[1, 1]"), port) + admin);
        Files.writeString(target, yaml(backends, LAYOUT.formatted("[2, 2]"), port) + admin);
        ShardgateServer server = ShardgateServer.serve(file);
        try {
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + SCHEMA,
                    ProxyFixture.USER, ProxyFixture.PASSWORD); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, note VARCHAR(20))");
                for (int id = 0; id < 400; id++) {
                    s.addBatch("INSERT INTO orders (id, note) VALUES (" + id + ", 'n')");
                }
                s.executeBatch();
            }
            Map<String, String> env = Map.of("SHARDGATE_ADMIN_PASSWORD", "cli-pw");
            String[] connect = {"reshard", "--admin", "127.0.0.1:" + adminPort, "--user", "ops"};
            try (CliProcess cli = CliProcess.start(dir, List.of(), env, concat(connect, "start",
                    SCHEMA + ".orders", target.toString()))) {
                assertThat(cli.exitCode(RUN)).as(cli.output()).isZero();
                assertThat(cli.output()).contains("resharding reshard_cli.orders into generation 1")
                        .contains("[##############################] 100% done").contains("copied 400/")
                        .contains("cutover pause");
            }
            try (CliProcess cli = CliProcess.start(dir, List.of(), env, concat(connect, "status"))) {
                assertThat(cli.exitCode(RUN)).as(cli.output()).isZero();
                assertThat(cli.output()).contains("phase: done").contains("rows_copied: 400");
            }
            try (CliProcess cli = CliProcess.start(dir, List.of(), env, concat(connect, "cleanup"))) {
                assertThat(cli.exitCode(RUN)).as(cli.output()).isZero();
                assertThat(cli.output()).contains("dropped reshard_cli.orders_0000 on ds0")
                        .contains("dropped reshard_cli.orders_0001 on ds1");
            }
            try (CliProcess cli = CliProcess.start(dir, List.of(), Map.of(), concat(connect, "status"))) {
                assertThat(cli.exitCode(RUN)).isEqualTo(1); // no password: the admin interface refuses the login
                assertThat(cli.output()).contains("Access denied");
            }
            assertThat(count(backends.primary(0), "orders_g1_0000") + count(backends.primary(0), "orders_g1_0001")
                    + count(backends.primary(1), "orders_g1_0002") + count(backends.primary(1), "orders_g1_0003"))
                    .isEqualTo(400);
        } finally {
            server.close();
            for (BackendEndpoint p : backends.primaries()) {
                root(p, "DROP DATABASE IF EXISTS " + SCHEMA);
            }
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String yaml(Backends backends, String schemas, int port) {
        return ProxyFixture.yaml(backends, schemas).replace("listen: 127.0.0.1:3307", "listen: 127.0.0.1:" + port);
    }

    private static long count(BackendEndpoint p, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(p.jdbcUrl(SCHEMA), "root", p.rootPassword());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void root(BackendEndpoint p, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
             Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
