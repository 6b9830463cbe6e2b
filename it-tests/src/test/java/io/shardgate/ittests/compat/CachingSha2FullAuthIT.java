package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * caching_sha2_password full authentication, as a MySQL 8 server with an empty password cache runs it (the
 * proxy started with {@code cachingSha2FullAuth}): over plain TCP the client asks for the RSA public key
 * (Connector/J's {@code allowPublicKeyRetrieval=true}) and sends the password encrypted; over TLS it sends
 * it in clear; without either, the driver refuses with its usual error.
 */
@ExtendWith(SharedBackends.class)
class CachingSha2FullAuthIT {

    @TempDir
    static Path dir;
    private static CompatProxy proxy;

    @BeforeAll
    static void start(Backends backends) throws Exception {
        TestCertificate certificate = TestCertificate.generate(dir);
        proxy = CompatProxy.start(backends, "compat_sha2", certificate.yaml(false), true);
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
    }

    @Test
    void rsaPathOverPlainTcpWithPublicKeyRetrieval() throws Exception {
        try (Connection c = proxy.connect("sslMode=DISABLED&allowPublicKeyRetrieval=true")) {
            assertThat(TlsProbe.cipherOf(c)).isEmpty();
            assertWorks(c);
        }
    }

    @Test
    void clearPasswordPathOverTls() throws Exception {
        try (Connection c = proxy.connect("sslMode=REQUIRED")) {
            assertThat(TlsProbe.cipherOf(c)).isNotEmpty();
            assertWorks(c);
        }
    }

    @Test
    void withoutPublicKeyRetrievalTheDriverRefuses() {
        assertThatThrownBy(() -> proxy.connect("sslMode=DISABLED").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Public Key Retrieval is not allowed");
    }

    @Test
    void wrongPasswordIsDeniedOnBothPaths() {
        for (String options : new String[] {"sslMode=DISABLED&allowPublicKeyRetrieval=true", "sslMode=REQUIRED"}) {
            assertThatThrownBy(() -> DriverManager.getConnection(proxy.jdbcUrl(options), CompatProxy.USER, "wrong")
                    .close())
                    .as(options)
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1045);
                        assertThat(e.getMessage()).contains("Access denied for user 'app'");
                    });
        }
    }

    @Test
    void mariadbConnectorJTakesTheRsaPathToo() throws Exception {
        String url = "jdbc:mariadb://127.0.0.1:" + proxy.port() + "/" + proxy.schema()
                + "?allowPublicKeyRetrieval=true&sslMode=disable";
        try (Connection c = DriverManager.getConnection(url, CompatProxy.USER, CompatProxy.PASSWORD)) {
            assertWorks(c);
        }
    }

    private static void assertWorks(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CURRENT_USER()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("app@");
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 6 * 7")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }
}
