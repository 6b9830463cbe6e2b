package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the client side of the proxy, with a certificate made by openssl for the run: Connector/J with
 * {@code sslMode=REQUIRED} logs in and works; with {@code proxy.tls.required} a client that does not
 * upgrade gets MySQL's own refusal (3159); a proxy without TLS tells a TLS-only client so.
 */
@ExtendWith(SharedBackends.class)
class TlsFrontendIT {

    @TempDir
    static Path dir;
    private static TestCertificate certificate;
    private static Backends backends;

    @BeforeAll
    static void certificate(Backends shared) throws Exception {
        backends = shared;
        certificate = TestCertificate.generate(dir);
    }

    @AfterAll
    static void done() {
        certificate = null;
    }

    @Test
    void connectorJWithSslModeRequiredWorksOverTls() throws Exception {
        try (CompatProxy proxy = CompatProxy.start(backends, "compat_tls", certificate.yaml(false), false);
             Connection c = proxy.connect("sslMode=REQUIRED");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))");
            s.execute("INSERT INTO t VALUES (1, 'over tls'), (2, REPEAT('y', 20))");
            try (ResultSet rs = s.executeQuery("SELECT v FROM t ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("over tls");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("y".repeat(20));
            }
            assertThat(TlsProbe.cipherOf(c)).as("the driver's socket is TLS").isNotEmpty();
            // without TLS required, plain clients are still welcome
            try (Connection plain = proxy.connect("sslMode=DISABLED")) {
                assertThat(TlsProbe.cipherOf(plain)).isEmpty();
                assertThat(plain.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void mariadbConnectorJOverTls() throws Exception {
        try (CompatProxy proxy = CompatProxy.start(backends, "compat_tls_mariadb", certificate.yaml(true), false);
             Connection c = java.sql.DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + proxy.port() + "/"
                     + proxy.schema() + "?sslMode=trust", CompatProxy.USER, CompatProxy.PASSWORD);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 'tls' AS t, 7 * 6")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("tls");
            assertThat(rs.getInt(2)).isEqualTo(42);
        }
    }

    @Test
    void requiredTlsRefusesPlainClientsWithAClearError() throws Exception {
        try (CompatProxy proxy = CompatProxy.start(backends, "compat_tls_req", certificate.yaml(true), false)) {
            assertThatThrownBy(() -> proxy.connect("sslMode=DISABLED").close())
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(3159);
                        assertThat(e.getMessage()).contains("insecure transport");
                    });
            try (Connection c = proxy.connect("sslMode=REQUIRED"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 1 + 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void proxyWithoutTlsTellsATlsOnlyClient() throws Exception {
        try (CompatProxy proxy = CompatProxy.start(backends, "compat_no_tls")) {
            assertThatThrownBy(() -> proxy.connect("sslMode=REQUIRED").close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("SSL");
        }
    }
}
