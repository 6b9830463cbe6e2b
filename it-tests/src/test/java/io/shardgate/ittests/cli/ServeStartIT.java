package io.shardgate.ittests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shardgate serve} as an operator meets it at start: a taken port is one line and exit code 1, a node
 * that does not answer is logged by name and the proxy serves the others.
 */
@ExtendWith(SharedBackends.class)
class ServeStartIT {

    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void portInUseIsOneLineNamingTheAddressAndExitCodeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path config = write(yaml(port, "127.0.0.1:" + freePort(), null));
            try (CliProcess serve = CliProcess.start(dir, "serve", "--config", config.toString())) {
                assertThat(serve.exitCode(START)).isEqualTo(1);
                List<String> lines = Arrays.stream(serve.output().split("\n")).filter(l -> !l.isBlank()).toList();
                assertThat(lines).as(serve.output()).hasSize(1);
                assertThat(lines.getFirst()).contains("127.0.0.1:" + port).contains("address already in use")
                        .doesNotContain("Exception").doesNotContain("io.netty");
            }
        }
    }

    @Test
    void unreachableNodeIsLoggedAndTheOthersAreServed(Backends backends) throws Exception {
        BackendEndpoint primary = backends.primary(0);
        rootSql(primary, "CREATE DATABASE IF NOT EXISTS cli_serve");
        int port = freePort();
        String dead = "127.0.0.1:" + freePort();
        Path config = write(yaml(port, dead, primary));
        // the file as a positional argument: the older spelling, kept as an alias of --config
        try (CliProcess serve = CliProcess.start(dir, "serve", config.toString())) {
            serve.awaitLine(l -> l.contains("listening on 127.0.0.1:" + port), START);
            String down = serve.awaitLine(l -> l.contains("node ds1 primary " + dead), START);
            assertThat(down).contains("WARN").contains("cannot be reached at start").contains("serving anyway")
                    .doesNotContain("Exception");
            serve.awaitLine(l -> l.contains("node ds0 primary " + primary.address() + " reachable"), START);
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/cli_serve",
                    "app", "app"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 7")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
            assertThat(serve.isAlive()).isTrue();
        } finally {
            rootSql(primary, "DROP DATABASE IF EXISTS cli_serve");
        }
    }

    /** ds0 on {@code primary} (or a closed port), ds1 at {@code ds1Address}; schema cli_serve on ds0. */
    private static String yaml(int listenPort, String ds1Address, BackendEndpoint primary) {
        String ds0 = primary == null ? "127.0.0.1:" + freePort() : primary.address();
        String user = primary == null ? "shard" : primary.user();
        String password = primary == null ? "shard" : primary.password();
        return "proxy:\n  listen: 127.0.0.1:" + listenPort + "\n  users:\n    - {user: app, password: app}\n"
                + "nodes:\n"
                + "  - {name: ds0, primary: \"" + ds0 + "\", user: " + user + ", password: \"" + password + "\"}\n"
                + "  - {name: ds1, primary: \"" + ds1Address + "\", user: shard, password: shard}\n"
                + "schemas:\n  - name: cli_serve\n    default-node: ds0\n    tables:\n"
                + "      - {name: t, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [1, 1]}\n";
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("sharding.yaml"), yaml);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void rootSql(BackendEndpoint p, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
