package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * KILL QUERY and KILL with the proxy's connection ids, COM_PROCESS_KILL, COM_STATISTICS and COM_PING.
 */
@ExtendWith(SharedBackends.class)
class KillAndAdminCommandsIT {

    private static CompatProxy proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = CompatProxy.start(backends, "compat_kill");
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
    }

    @Test
    void killQueryInterruptsASleepAndKillClosesTheConnection() throws Exception {
        try (Connection victim = proxy.connect(""); Connection killer = proxy.connect("");
             Statement k = killer.createStatement()) {
            long id = connectionId(victim);
            CompletableFuture<Object> sleeping = CompletableFuture.supplyAsync(() -> {
                try (Statement s = victim.createStatement(); ResultSet rs = s.executeQuery("SELECT SLEEP(10)")) {
                    rs.next();
                    return "finished with " + rs.getString(1);
                } catch (SQLException e) {
                    return e;
                }
            });
            awaitRunningOnBackend("SELECT SLEEP(10)");
            k.execute("KILL QUERY " + id);
            Object outcome = sleeping.get(30, TimeUnit.SECONDS);
            assertThat(outcome).as("the sleep was interrupted").isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo(1317));
            assertThat(connectionId(victim)).as("KILL QUERY leaves the connection").isEqualTo(id);

            k.execute("KILL " + id);
            assertThatThrownBy(() -> connectionId(victim)).as("KILL closes it").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> k.execute("KILL " + id))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1094));
            assertThat(killer.isValid(5)).isTrue();
        }
    }

    @Test
    void comProcessKillClosesTheVictim() throws Exception {
        try (Connection victim = proxy.connect(""); RawMysqlClient raw = loggedIn()) {
            long id = connectionId(victim);
            raw.command(0x0C, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) id).array());
            RawMysqlClient.Packet ok = raw.read();
            assertThat(ok.isOk()).as("COM_PROCESS_KILL answers OK").isTrue();
            assertThatThrownBy(() -> connectionId(victim)).isInstanceOf(SQLException.class);
            assertThat(raw.query("SELECT 'killer lives'").get(0).rows().get(0)).containsExactly("killer lives");
        }
    }

    @Test
    void statisticsAndPing() throws Exception {
        try (RawMysqlClient raw = loggedIn()) {
            raw.command(RawMysqlClient.COM_STATISTICS, new byte[0]);
            RawMysqlClient.Packet stats = raw.read();
            assertThat(stats.sequenceId()).isEqualTo(1);
            String text = new String(stats.payload(), StandardCharsets.UTF_8);
            assertThat(text).matches("Uptime: \\d+ {2}Threads: \\d+ {2}Questions: \\d+ .*Queries per second avg: [0-9.]+");
            raw.command(RawMysqlClient.COM_PING, new byte[0]);
            RawMysqlClient.Packet pong = raw.read();
            assertThat(pong.isOk()).isTrue();
            assertThat(pong.sequenceId()).isEqualTo(1);
            assertThat(raw.query("SELECT 1").get(0).rows()).hasSize(1);
        }
        try (Connection c = proxy.connect("")) {
            assertThat(c.isValid(5)).as("Connector/J pings").isTrue();
        }
    }

    private static long connectionId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static RawMysqlClient loggedIn() throws java.io.IOException {
        RawMysqlClient c = RawMysqlClient.connect(proxy.port(), 20_000);
        assertThat(c.login(CompatProxy.USER, CompatProxy.PASSWORD, proxy.schema(),
                RawMysqlClient.defaultCapabilities()).isOk()).isTrue();
        return c;
    }

    /** Waits, boundedly, until the backend runs the statement (a KILL QUERY before it would hit nothing). */
    private static void awaitRunningOnBackend(String sql) throws Exception {
        try (Connection root = proxy.root(); Statement s = root.createStatement()) {
            for (int i = 0; i < 100; i++) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO = '"
                        + sql + "'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError(sql + " never showed up in the backend's processlist");
    }
}
