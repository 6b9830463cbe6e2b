package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad input, in the handshake and after login: truncated, oversized, out-of-order and random packets. Each
 * time the proxy answers with an ERR or closes that one connection; after an ERR that leaves it open, the
 * connection still serves a query. A well-behaved Connector/J connection keeps working throughout, and
 * Netty's leak detector (PARANOID, from the surefire argLine) reports nothing. Loops are bounded and seeded.
 */
@ExtendWith(SharedBackends.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {

    /** Reads wait this long: past the proxy's 10 s login timeout, so a stalled handshake ends in time. */
    private static final int READ_TIMEOUT_MS = 20_000;

    private static CompatProxy proxy;
    private static Connection bystander;
    private static LeakLog leaks;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        leaks = LeakLog.attach();
        proxy = CompatProxy.start(backends, "compat_fuzz");
        bystander = proxy.connect("");
    }

    @AfterAll
    static void stop() throws SQLException {
        bystander.close();
        proxy.close();
        leaks.detach();
    }

    @FunctionalInterface
    interface Attack {
        void send(RawMysqlClient client) throws IOException;
    }

    // ---------------------------------------------------------------- handshake

    @Test
    @Order(1)
    void badHandshakeResponsesGetAnErrOrAClose() throws Exception {
        Random random = new Random(20240531);
        int caps = RawMysqlClient.defaultCapabilities();
        for (int cut : new int[] {0, 1, 4, 31, 32, 33, 36, 40}) {
            handshake("handshake response cut to " + cut,
                    c -> c.write(1, Arrays.copyOf(c.handshakeResponse(CompatProxy.USER, CompatProxy.PASSWORD,
                            proxy.schema(), caps), cut)));
        }
        handshake("wrong sequence id", c -> c.write(7,
                c.handshakeResponse(CompatProxy.USER, CompatProxy.PASSWORD, proxy.schema(), caps)));
        handshake("no PROTOCOL_41", c -> c.write(1, c.handshakeResponse(CompatProxy.USER, CompatProxy.PASSWORD,
                null, RawMysqlClient.LONG_PASSWORD)));
        handshake("SSLRequest to a proxy without TLS", c -> c.write(1, Arrays.copyOf(new byte[] {0, 0x0A, 0, 0}, 32)));
        handshake("auth response length past the end", c -> {
            byte[] response = c.handshakeResponse(CompatProxy.USER, CompatProxy.PASSWORD, null, caps);
            response[32 + CompatProxy.USER.length() + 1] = (byte) 0xF0;
            c.write(1, response);
        });
        handshake("length header promising 16 MiB", c -> c.writeRaw(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 9}));
        for (int i = 0; i < 8; i++) {
            byte[] garbage = new byte[1 + random.nextInt(300)];
            random.nextBytes(garbage);
            handshake("random payload " + i, c -> c.write(1, garbage));
        }
        handshake("unframed random bytes, then end of input", c -> {
            byte[] bytes = new byte[64];
            random.nextBytes(bytes);
            bytes[2] = 0; // a length under 64 KiB, so the end of input is reached mid-packet
            c.writeRaw(bytes);
            c.shutdownOutput();
        });
        assertBystanderWorks();
    }

    private static void handshake(String name, Attack attack) throws Exception {
        try (RawMysqlClient c = RawMysqlClient.connect(proxy.port(), READ_TIMEOUT_MS)) {
            attack.send(c);
            RawMysqlClient.Packet answer = c.readOrClosed();
            if (answer != null) {
                assertThat(answer.isErr()).as("%s: answered %s", name, answer.header()).isTrue();
                assertThat(c.closedByServer()).as("%s: closed after the ERR", name).isTrue();
            }
        }
    }

    // ---------------------------------------------------------------- after login

    @Test
    @Order(2)
    void malformedCommandsGetAnErrAndTheConnectionGoesOn() throws Exception {
        List<byte[]> commands = List.of(
                new byte[0],                         // no command byte at all
                new byte[] {0x1B},                   // COM_SET_OPTION without its option
                new byte[] {0x1B, 7, 0},             // COM_SET_OPTION, unknown option
                new byte[] {0x0C, 1},                // COM_PROCESS_KILL, id cut short
                new byte[] {0x17, 1},                // COM_STMT_EXECUTE, id cut short
                new byte[] {0x17, 9, 0, 0, 0, 0, 1, 0, 0, 0}, // ... of a statement never prepared
                new byte[] {0x1C, 1},                // COM_STMT_FETCH cut short
                new byte[] {0x1A},                   // COM_STMT_RESET without id
                new byte[] {0x11, 1, 2, 3},          // COM_CHANGE_USER, no NUL after the user name
                new byte[] {0x04},                   // COM_FIELD_LIST without a table
                new byte[] {0x02},                   // COM_INIT_DB without a schema
                new byte[] {0x16, 'S', 'E', 'L'},    // COM_STMT_PREPARE of broken SQL
                new byte[] {(byte) 0xEE, 1, 2});     // no such command
        for (byte[] command : commands) {
            afterLogin("command " + Arrays.toString(command), c -> c.write(0, command));
        }
        assertBystanderWorks();
    }

    @Test
    @Order(3)
    void randomCommandPacketsGetAnErr() throws Exception {
        Random random = new Random(42);
        // commands whose garbage argument must fail: unknown codes, and ones whose argument names something
        // (SQL, a schema, a table, a statement id) that random bytes do not name
        int[] codes = {0x00, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0A, 0x0D, 0x13, 0x16, 0x17, 0x1A, 0x1C, 0x20, 0x7F, 0xFF};
        for (int i = 0; i < 40; i++) {
            byte[] payload = new byte[1 + random.nextInt(200)];
            random.nextBytes(payload);
            payload[0] = (byte) codes[i % codes.length];
            afterLogin("random command " + i + " (0x" + Integer.toHexString(codes[i % codes.length]) + ")",
                    c -> c.write(0, payload));
        }
        assertBystanderWorks();
    }

    @Test
    @Order(4)
    void framingViolationsCloseThatConnection() throws Exception {
        expectCloseAfterLogin("wrong sequence id on a command", c -> c.write(5, new byte[] {0x03, 'S', 'E', 'L', 'E', 'C', 'T', ' ', '1'}),
                1156);
        expectCloseAfterLogin("header promising 16 MiB, then end of input", c -> {
            c.writeRaw(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0x03, 'S'});
            c.shutdownOutput();
        }, 0);
        expectCloseAfterLogin("truncated query, then end of input", c -> {
            c.writeRaw(new byte[] {50, 0, 0, 0, 0x03, 'S', 'E'});
            c.shutdownOutput();
        }, 0);
        // fragments past max_allowed_packet (64 MiB = 4 full fragments and 4 bytes): refused at the header of
        // the fifth, before its bytes are buffered
        byte[] fragment = new byte[0xFFFFFF];
        fragment[0] = 0x03;
        expectCloseAfterLogin("packet over max_allowed_packet", c -> {
            for (int seq = 0; seq < 4; seq++) {
                c.write(seq, fragment);
                fragment[0] = 'x';
            }
            c.writeRaw(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 4});
        }, 1153);
        assertBystanderWorks();
    }

    /** Logs in, sends, and expects an ERR (then the connection still works) or a close. */
    private static void afterLogin(String name, Attack attack) throws Exception {
        try (RawMysqlClient c = loggedIn()) {
            attack.send(c);
            RawMysqlClient.Packet answer = c.readOrClosed();
            if (answer == null) {
                return;
            }
            assertThat(answer.isErr()).as("%s: answered with header %s", name, answer.header()).isTrue();
            List<RawMysqlClient.Result> after = c.query("SELECT 'still here'");
            assertThat(after).as("%s: a query after the ERR", name).hasSize(1);
            assertThat(after.get(0).rows()).as(name).containsExactly(List.of("still here"));
        }
    }

    /** Logs in, sends, and expects the connection closed, after an ERR with {@code code} when not 0. */
    private static void expectCloseAfterLogin(String name, Attack attack, int code) throws Exception {
        try (RawMysqlClient c = loggedIn()) {
            attack.send(c);
            RawMysqlClient.Packet answer = c.readOrClosed();
            if (code != 0) {
                assertThat(answer).as(name).isNotNull();
                assertThat(answer.isErr()).as(name).isTrue();
                assertThat(answer.errorCode()).as("%s: %s", name, answer.errorMessage()).isEqualTo(code);
                answer = c.readOrClosed();
            }
            assertThat(answer).as("%s: closed", name).isNull();
        }
    }

    private static RawMysqlClient loggedIn() throws IOException {
        RawMysqlClient c = RawMysqlClient.connect(proxy.port(), READ_TIMEOUT_MS);
        RawMysqlClient.Packet ok = c.login(CompatProxy.USER, CompatProxy.PASSWORD, proxy.schema(),
                RawMysqlClient.defaultCapabilities());
        assertThat(ok.isOk()).as("login").isTrue();
        return c;
    }

    private static void assertBystanderWorks() throws SQLException {
        try (Statement s = bystander.createStatement(); ResultSet rs = s.executeQuery("SELECT 'unharmed'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("unharmed");
        }
    }

    // ---------------------------------------------------------------- leaks

    @Test
    @Order(Integer.MAX_VALUE)
    void nettyReportsNoLeak() throws Exception {
        assertThat(System.getProperty("io.netty.leakDetection.level")).isEqualToIgnoringCase("paranoid");
        assertThat(leaks.reportsAfterGc(() -> {
            for (int i = 0; i < 20; i++) {
                assertBystanderWorks();
            }
        })).isEmpty();
    }
}
