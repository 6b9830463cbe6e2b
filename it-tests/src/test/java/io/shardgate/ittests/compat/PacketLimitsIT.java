package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What one client can make the proxy hold: before login a packet may be 16 KiB at most, and the declared length
 * is checked before any of its bytes are buffered; after login {@code proxy.max-packet} (64K here) bounds it the
 * same way; a logged-in client that stalls mid-packet for {@code proxy.net-read-timeout} (1 s here) gets 1159,
 * while one that just waits between commands keeps its connection. A fresh client logs in after every refusal.
 */
@ExtendWith(SharedBackends.class)
class PacketLimitsIT {

    private static final int READ_TIMEOUT_MS = 20_000;
    private static CompatProxy proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = CompatProxy.custom(backends, "compat_packets", "  max-packet: 64K\n  net-read-timeout: 1s\n", "");
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
    }

    private static RawMysqlClient loggedIn() throws IOException {
        RawMysqlClient c = RawMysqlClient.connect(proxy.port(), READ_TIMEOUT_MS);
        assertThat(c.login(CompatProxy.USER, CompatProxy.PASSWORD, proxy.schema(), RawMysqlClient.defaultCapabilities())
                .isOk()).isTrue();
        return c;
    }

    private static byte[] header(int length, int sequenceId) {
        return new byte[] {(byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) sequenceId};
    }

    private static void assertFreshClientAnswers() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 'fresh'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("fresh");
        }
    }

    @Test
    void beforeLoginALengthOverTheLoginLimitIsRefusedFromItsHeader() throws Exception {
        for (int length : new int[] {16 * 1024 + 1, 0xFFFFFF}) {
            try (RawMysqlClient c = RawMysqlClient.connect(proxy.port(), READ_TIMEOUT_MS)) {
                c.writeRaw(header(length, 1)); // the header alone: the payload is never sent
                RawMysqlClient.Packet err = c.read();
                assertThat(err.errorCode()).as(err.errorMessage()).isEqualTo(1153);
                assertThat(err.errorMessage())
                        .isEqualTo("Got a packet bigger than the 16384 bytes a client may send before login");
                assertThat(c.closedByServer()).isTrue();
            }
        }
        assertFreshClientAnswers();
    }

    @Test
    void aLoginWithLargeConnectionAttributesStillFits() throws Exception {
        String big = "x".repeat(8_000);
        try (Connection c = proxy.connect("connectionAttributes=big:" + big); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void afterLoginAPacketOverMaxPacketIsRefusedFromItsHeader() throws Exception {
        try (RawMysqlClient c = loggedIn()) {
            c.writeRaw(header(0xFFFFFF, 0)); // a 16 MiB fragment announced, nothing sent
            RawMysqlClient.Packet err = c.read();
            assertThat(err.errorCode()).as(err.errorMessage()).isEqualTo(1153);
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawMysqlClient c = loggedIn()) {
            byte[] sql = ("SELECT '" + "y".repeat(70 * 1024) + "'").getBytes(StandardCharsets.UTF_8);
            c.command(RawMysqlClient.COM_QUERY, sql);
            RawMysqlClient.Packet err = c.readOrClosed();
            assertThat(err).isNotNull();
            assertThat(err.errorCode()).isEqualTo(1153);
        }
        try (RawMysqlClient c = loggedIn()) {
            List<RawMysqlClient.Result> under = c.query("SELECT LENGTH('" + "z".repeat(60 * 1024) + "')");
            assertThat(under.getFirst().rows()).containsExactly(List.of(String.valueOf(60 * 1024)));
        }
        assertFreshClientAnswers();
    }

    @Test
    void aStallInTheMiddleOfAPacketGets1159() throws Exception {
        try (RawMysqlClient c = loggedIn()) {
            byte[] start = {50, 0, 0, 0, RawMysqlClient.COM_QUERY, 'S', 'E', 'L'};
            long before = System.nanoTime();
            c.writeRaw(start); // 4 of 50 bytes, then nothing
            RawMysqlClient.Packet err = c.read();
            long waitedMs = (System.nanoTime() - before) / 1_000_000;
            assertThat(err.errorCode()).as(err.errorMessage()).isEqualTo(1159);
            assertThat(new String(err.payload(), 3, 6)).isEqualTo("#08S01");
            assertThat(waitedMs).as("not before net-read-timeout").isGreaterThanOrEqualTo(900);
            assertThat(waitedMs).as("well within the client's own read timeout").isLessThan(READ_TIMEOUT_MS);
            assertThat(c.closedByServer()).isTrue();
        }
        assertFreshClientAnswers();
    }

    @Test
    void aSlowButSteadyPacketIsNoStall() throws Exception {
        try (RawMysqlClient c = loggedIn()) {
            byte[] sql = "SELECT 'slow but steady, byte by byte'".getBytes(StandardCharsets.US_ASCII);
            byte[] packet = new byte[4 + 1 + sql.length];
            System.arraycopy(header(1 + sql.length, 0), 0, packet, 0, 4);
            packet[4] = RawMysqlClient.COM_QUERY;
            System.arraycopy(sql, 0, packet, 5, sql.length);
            for (byte b : packet) {
                c.writeRaw(new byte[] {b});
                Thread.sleep(60); // 43 bytes over 2.6 s, never near 1 s without progress (even on a loaded machine)
            }
            assertThat(c.readResult().rows()).containsExactly(List.of("slow but steady, byte by byte"));
        }
    }

    @Test
    void waitingBetweenCommandsIsNoStall() throws Exception {
        try (RawMysqlClient c = loggedIn()) {
            assertThat(c.query("SELECT 1").getFirst().rows()).containsExactly(List.of("1"));
            Thread.sleep(2_500);
            assertThat(c.query("SELECT 2").getFirst().rows()).containsExactly(List.of("2"));
        }
    }
}
