package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The front door's connection limits, seen by real clients: a refused address gets 1130, a full proxy 1040 and a
 * full user 1203, each as an ERR in place of the greeting (sequence id 0, as MySQL sends it) or as the answer to
 * the login, never a silent close. Sockets that never log in do not count toward {@code max-connections}: they
 * hold handshake slots, and stale ones give way to real clients. After each refusal a fresh client still logs in.
 */
@ExtendWith(SharedBackends.class)
class ConnectionLimitsIT {

    private static final int READ_TIMEOUT_MS = 20_000;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        open.clear();
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    private static Connection jdbc(CompatProxy proxy, String user, String password, String options) throws SQLException {
        return DriverManager.getConnection(proxy.jdbcUrl(options), user, password);
    }

    private static void assertAnswers(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 'answered'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("answered");
        }
    }

    private static void assertRefusedBeforeGreeting(RawMysqlClient c, int code, String sqlState) throws IOException {
        RawMysqlClient.Packet first = c.greeting();
        assertThat(first.isErr()).as("an ERR in place of the greeting").isTrue();
        assertThat(first.sequenceId()).isZero();
        assertThat(first.errorCode()).as(first.errorMessage()).isEqualTo(code);
        assertThat(new String(first.payload(), 3, 6)).isEqualTo("#" + sqlState);
        assertThat(c.closedByServer()).as("closed after the ERR").isTrue();
    }

    @Test
    void anAddressOutsideAllowIpsGets1130() throws Exception {
        CompatProxy proxy = keep(CompatProxy.custom(backends, "compat_gate_ips", "  allow-ips: [127.0.0.1]\n", ""));
        try (RawMysqlClient refused = RawMysqlClient.connectFrom("127.0.0.2", proxy.port(), READ_TIMEOUT_MS)) {
            assertRefusedBeforeGreeting(refused, 1130, "HY000");
            assertThat(refused.greeting().errorMessage())
                    .isEqualTo("Host '127.0.0.2' is not allowed to connect to this MySQL server");
        }
        assertThatThrownBy(() -> jdbc(proxy, CompatProxy.USER, CompatProxy.PASSWORD, "localSocketAddress=127.0.0.2"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1130));
        try (Connection fresh = proxy.connect("")) {
            assertAnswers(fresh);
        }
    }

    @Test
    void pastMaxConnectionsTheNextClientGets1040() throws Exception {
        CompatProxy proxy = keep(CompatProxy.custom(backends, "compat_gate_max", "  max-connections: 2\n", ""));
        Connection first = keep(proxy.connect(""));
        keep(proxy.connect(""));
        assertThatThrownBy(() -> proxy.connect("")).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(1040);
            assertThat(e.getSQLState()).isEqualTo("08004");
            assertThat(e.getMessage()).contains("Too many connections");
        });
        try (RawMysqlClient raw = RawMysqlClient.connect(proxy.port(), READ_TIMEOUT_MS)) {
            assertRefusedBeforeGreeting(raw, 1040, "08004");
        }
        assertThat(proxy.server().clientConnections()).isEqualTo(2);
        assertAnswers(first);
        first.close();
        awaitClients(proxy, 1);
        try (Connection fresh = proxy.connect("")) {
            assertAnswers(fresh);
        }
    }

    @Test
    void socketsThatNeverLogInDoNotLockClientsOut() throws Exception {
        CompatProxy proxy = keep(CompatProxy.custom(backends, "compat_gate_slow",
                "  max-connections: 3\n  max-handshakes: 4\n", ""));
        List<RawMysqlClient> slowloris = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RawMysqlClient c = keep(RawMysqlClient.connect(proxy.port(), READ_TIMEOUT_MS));
            assertThat(c.greeting().isErr()).as("slot %s: greeted", i).isFalse();
            slowloris.add(c); // greeted, then silent
        }
        // every slot holds a login younger than a real one may take: a fifth socket is refused, not queued
        try (RawMysqlClient fifth = RawMysqlClient.connect(proxy.port(), READ_TIMEOUT_MS)) {
            assertRefusedBeforeGreeting(fifth, 1040, "08004");
        }
        Thread.sleep(2_500); // older than HandshakeSlots.EVICTABLE_AFTER_NANOS
        List<Connection> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(keep(proxy.connect("")));
        }
        for (Connection c : clients) {
            assertAnswers(c);
        }
        assertThat(proxy.server().clientConnections()).as("only logged-in clients count").isEqualTo(3);
        // the three oldest gave their slots to the three clients, with an ERR before the close
        for (RawMysqlClient c : slowloris.subList(0, 3)) {
            RawMysqlClient.Packet p = c.readOrClosed();
            assertThat(p).isNotNull();
            assertThat(p.errorCode()).as(p.errorMessage()).isEqualTo(1159);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aUserPastItsOwnLimitGets1203AndOthersStillLogIn() throws Exception {
        CompatProxy proxy = keep(CompatProxy.custom(backends, "compat_gate_user", "",
                "    - {user: capped, password: capped-pw, max-connections: 2}\n"));
        Connection first = keep(jdbc(proxy, "capped", "capped-pw", ""));
        keep(jdbc(proxy, "capped", "capped-pw", ""));
        assertThatThrownBy(() -> jdbc(proxy, "capped", "capped-pw", "")).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(1203);
            assertThat(e.getSQLState()).isEqualTo("42000");
            assertThat(e.getMessage()).contains("User capped already has more than 'max_user_connections' active connections");
        });
        try (RawMysqlClient raw = RawMysqlClient.connect(proxy.port(), READ_TIMEOUT_MS)) {
            RawMysqlClient.Packet answer = raw.login("capped", "capped-pw", null, RawMysqlClient.defaultCapabilities());
            assertThat(answer.errorCode()).isEqualTo(1203);
            assertThat(answer.sequenceId()).isEqualTo(2);
            assertThat(raw.closedByServer()).isTrue();
        }
        try (Connection other = proxy.connect("")) {
            assertAnswers(other);
        }
        first.close();
        awaitClients(proxy, 1);
        try (Connection again = jdbc(proxy, "capped", "capped-pw", "")) {
            assertAnswers(again);
        }
    }

    @Test
    void aClosedSilentSocketFreesItsSlotAtOnce() throws Exception {
        CompatProxy proxy = keep(CompatProxy.custom(backends, "compat_gate_free", "  max-handshakes: 1\n", ""));
        for (int i = 0; i < 5; i++) {
            try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), proxy.port())) {
                s.getInputStream().read(); // the greeting's first byte: the slot was taken
            }
            awaitLoggingIn(proxy);
            try (Connection c = proxy.connect("")) {
                assertAnswers(c);
            }
        }
    }

    private static void awaitClients(CompatProxy proxy, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (proxy.server().clientConnections() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(proxy.server().clientConnections()).isEqualTo(expected);
    }

    private static void awaitLoggingIn(CompatProxy proxy) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (proxy.server().loggingIn() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(proxy.server().loggingIn()).isZero();
    }

    private static Backends backends;

    @org.junit.jupiter.api.BeforeAll
    static void backends(Backends shared) {
        backends = shared;
    }
}
