package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Packets over 16 MiB, which the protocol splits into 0xFFFFFF-byte fragments, both ways: a 20 MiB value
 * sent by the client (as SQL text, as a binary parameter, as long data) and the 20 MiB row that brings it
 * back arrive whole and unchanged. The backend's max_allowed_packet is raised for the test and restored.
 */
@ExtendWith(SharedBackends.class)
class LargePacketIT {

    private static final int SIZE = 20 * 1024 * 1024 + 7;

    private static CompatProxy proxy;
    private static Backends backends;
    private static long maxAllowedPacketBefore;
    private static byte[] value;

    @BeforeAll
    static void start(Backends shared) throws SQLException {
        backends = shared;
        try (Connection c = java.sql.DriverManager.getConnection(shared.primary(0).jdbcUrl(), "root",
                shared.primary(0).rootPassword()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@GLOBAL.max_allowed_packet")) {
            rs.next();
            maxAllowedPacketBefore = rs.getLong(1);
            s.execute("SET GLOBAL max_allowed_packet = " + (64 * 1024 * 1024));
        }
        // the proxy's backend connections are opened after the change, so they have the new limit
        proxy = CompatProxy.start(shared, "compat_packets");
        value = new byte[SIZE];
        new Random(7).nextBytes(value);
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE blobs (id INT PRIMARY KEY, b LONGBLOB)");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
        CompatProxy.rootSql(backends.primary(0), "SET GLOBAL max_allowed_packet = " + maxAllowedPacketBefore);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"useServerPrepStmts=false", "useServerPrepStmts=true",
            "useServerPrepStmts=true&useCursorFetch=true&defaultFetchSize=1"})
    void aTwentyMebibyteValueGoesInAndComesBackWhole(String options) throws SQLException {
        try (Connection c = proxy.connect(options)) {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM blobs");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO blobs VALUES (?, ?)")) {
                insert.setInt(1, 1);
                insert.setBytes(2, value); // SQL text, or a binary parameter of COM_STMT_EXECUTE
                assertThat(insert.executeUpdate()).isEqualTo(1);
                insert.setInt(1, 2);
                insert.setBinaryStream(2, new java.io.ByteArrayInputStream(value), value.length); // long data
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement select = c.prepareStatement("SELECT id, b, LENGTH(b) FROM blobs ORDER BY id");
                 ResultSet rs = select.executeQuery()) {
                for (int id = 1; id <= 2; id++) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(id);
                    assertThat(rs.getLong(3)).isEqualTo(SIZE);
                    assertThat(rs.getBytes(2)).as("row %d unchanged", id).isEqualTo(value);
                }
                assertThat(rs.next()).isFalse();
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 'after'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("after");
            }
        }
    }
}
