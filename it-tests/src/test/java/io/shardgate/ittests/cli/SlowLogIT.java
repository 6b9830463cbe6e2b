package io.shardgate.ittests.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slow log as an operator gets it: {@code shardgate serve} with the shipped logback.xml writes statements slower
 * than {@code proxy.slow-query-ms} to a file of its own under {@code SHARDGATE_LOG_DIR}, as normalized shapes, so no
 * literal (no password) reaches it; a failed login's password reaches no log either.
 */
@ExtendWith(SharedBackends.class)
class SlowLogIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final String SECRET = "hunter2-not-logged";

    @TempDir
    Path dir;

    @Test
    void slowStatementsGoToTheirOwnFileWithoutLiterals(Backends backends) throws Exception {
        BackendEndpoint primary = backends.primary(0);
        root(primary, "CREATE DATABASE IF NOT EXISTS slow_log_it");
        int port = freePort();
        Path config = Files.writeString(dir.resolve("sharding.yaml"), "proxy:\n  listen: 127.0.0.1:" + port
                + "\n  slow-query-ms: 300\n  users:\n    - {user: app, password: app}\n"
                + "nodes:\n  - {name: ds0, primary: \"" + primary.address() + "\", user: " + primary.user()
                + ", password: \"" + primary.password() + "\"}\n"
                + "schemas:\n  - {name: slow_log_it, default-node: ds0}\n");
        Path logs = dir.resolve("logs");
        String logback = Path.of("../proxy/src/main/resources/logback.xml").toAbsolutePath().normalize().toString();
        try (CliProcess serve = CliProcess.start(dir, List.of("-Dlogback.configurationFile=" + logback),
                Map.of("SHARDGATE_LOG_DIR", logs.toString()), "serve", "--config", config.toString())) {
            serve.awaitLine(l -> l.contains("listening on 127.0.0.1:" + port), START);
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/slow_log_it",
                    "app", "app"); Statement s = c.createStatement()) {
                s.executeQuery("SELECT SLEEP(0.5), '" + SECRET + "' AS pw").close();
                s.executeQuery("SELECT 'fast', 42").close();
            }
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/", "app",
                    SECRET)).isInstanceOf(SQLException.class);
            serve.awaitLine(l -> l.contains("login refused: user 'app'"), START);

            Path slowLog = logs.resolve("shardgate-slow.log");
            assertThat(slowLog).exists();
            String slow = Files.readString(slowLog);
            assertThat(slow).contains("user=app schema=slow_log_it rows=1")
                    .contains("plan=[Route ds0 primary]").contains("SELECT SLEEP(?), ? AS pw")
                    .doesNotContain(SECRET).doesNotContain("'fast'").doesNotContain("SELECT ?, ?");
            // the driver's connect-time probe may be slow too in a cold JVM: only the statements of the test count
            assertThat(slow.lines()).allMatch(l -> l.matches("\\S+ \\d+ ms user=app .*"))
                    .filteredOn(l -> l.contains("SLEEP")).hasSize(1);
            assertThat(serve.output()).as("the console log").doesNotContain(SECRET)
                    .doesNotContain("SELECT SLEEP");
        } finally {
            root(primary, "DROP DATABASE IF EXISTS slow_log_it");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void root(BackendEndpoint p, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
