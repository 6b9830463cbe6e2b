package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.HostPort;
import io.shardgate.harness.BackendCluster;
import io.shardgate.harness.BackendServer;
import io.shardgate.harness.MariaDbBinaries;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.proxy.server.ShardgateServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on both sides of the proxy. A mariadbd of its own serves a certificate signed by a test CA and refuses plain
 * connections ({@code require_secure_transport}): nodes with {@code tls} (verify-identity with the CA file) reach it
 * encrypted, a node trusting another CA is refused with a clear error and no Java class name, a node without TLS
 * gets the server's refusal (MariaDB: 1045). On the client side, a {@code require-tls} user is refused over a plain connection (1045,
 * as MySQL answers a REQUIRE SSL account) and logs in over TLS; other users may stay plain.
 */
@ExtendWith(SharedBackends.class)
class BackendTlsIT {

    @TempDir
    static Path dir;
    private static TestAuthority authority;
    private static TestAuthority stranger;
    private static BackendCluster cluster;
    private static BackendServer server;
    private static ShardgateServer proxy;

    @BeforeAll
    static void start() throws Exception {
        MariaDbBinaries binaries = MariaDbBinaries.locate();
        Assumptions.assumeFalse(binaries.skipSsl(), "these MariaDB binaries run without TLS");
        authority = TestAuthority.generate(dir, "trusted");
        stranger = TestAuthority.generate(dir, "stranger");
        cluster = BackendCluster.builder().primaries(1).baseDir(dir.resolve("cluster"))
                .serverFlags(authority.serverFlags()).serverFlags("--require-secure-transport=ON").start();
        server = cluster.primary(0);
        for (String db : new String[] {"tls_good", "tls_stranger", "tls_plain"}) {
            root("CREATE DATABASE " + db);
        }
        String node = "{name: %s, primary: '127.0.0.1:" + server.port() + "', user: " + server.user() + ", password: '"
                + server.password() + "'%s}";
        String yaml = "proxy:\n  users: [{user: app, password: app-pw}]\nnodes:\n"
                + "  - " + node.formatted("good", ", tls: {mode: verify-identity, ca-file: '" + authority.caFile() + "'}") + "\n"
                + "  - " + node.formatted("stranger", ", tls: {ca-file: '" + stranger.caFile() + "'}") + "\n"
                + "  - " + node.formatted("plain", "") + "\n"
                + "schemas:\n  - {name: tls_good, default-node: good}\n  - {name: tls_stranger, default-node: stranger}\n"
                + "  - {name: tls_plain, default-node: plain}\n";
        proxy = ShardgateServer.start(ConfigLoader.parse(yaml, "tls.yaml"), new HostPort("127.0.0.1", 0));
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

    /** Root over TCP must use TLS too; the test trusts the server without checking it. */
    private static void root(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl() + "?sslMode=REQUIRED", "root", "root");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + proxy.address().getPort() + "/" + schema,
                "app", "app-pw");
    }

    @Test
    void aNodeWithTheRightCaIsReachedEncrypted() throws Exception {
        try (Connection c = connect("tls_good"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (1), (2)");
            try (ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).as("the backend session's cipher").isNotBlank();
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void aNodeTrustingAnotherCaIsRefusedWithAClearError() {
        assertThatThrownBy(() -> {
            try (Connection c = connect("tls_stranger"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT)");
            }
        }).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getMessage()).contains("the server's certificate is not signed by a trusted authority")
                    .contains(stranger.caFile().toString())
                    .doesNotContain("sun.").doesNotContain("java.").doesNotContain("Exception");
        });
    }

    @Test
    void aNodeWithoutTlsGetsTheServersRefusal() {
        assertThatThrownBy(() -> {
            try (Connection c = connect("tls_plain"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT)");
            }
        }).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage())
                // MariaDB answers a plain login under require_secure_transport with access denied
                .contains("Access denied for user '" + server.user() + "'"));
    }

    @Test
    void aRequireTlsUserIsRefusedOverPlainAndLogsInOverTls(Backends backends) throws Exception {
        TestCertificate front = TestCertificate.generate(dir);
        try (CompatProxy tlsProxy = CompatProxy.custom(backends, "compat_require_tls", "  tls: " + front.yaml(false) + "\n",
                "    - {user: secure, password: secure-pw, require-tls: true}\n")) {
            String url = tlsProxy.jdbcUrl("sslMode=DISABLED");
            assertThatThrownBy(() -> DriverManager.getConnection(url, "secure", "secure-pw").close())
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1045);
                        assertThat(e.getSQLState()).isEqualTo("28000");
                        assertThat(e.getMessage()).contains("Access denied for user 'secure'@'127.0.0.1' (using password: YES)");
                    });
            try (RawMysqlClient raw = RawMysqlClient.connect(tlsProxy.port(), 20_000)) {
                assertThat(raw.login("secure", "secure-pw", null, RawMysqlClient.defaultCapabilities()).errorCode())
                        .isEqualTo(1045);
            }
            try (Connection c = DriverManager.getConnection(tlsProxy.jdbcUrl("sslMode=REQUIRED"), "secure", "secure-pw")) {
                assertThat(TlsProbe.cipherOf(c)).isNotEmpty();
                assertThat(c.isValid(5)).isTrue();
            }
            try (Connection plain = tlsProxy.connect("sslMode=DISABLED")) {
                assertThat(plain.isValid(5)).as("users without require-tls may stay plain").isTrue();
            }
        }
    }
}
