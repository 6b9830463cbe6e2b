package io.shardgate.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.pool.BackendSource;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.HandshakeResponse41;
import io.shardgate.proxy.protocol.HandshakeV10;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.PacketDecoder;
import io.shardgate.proxy.protocol.PacketEncoder;
import io.shardgate.proxy.protocol.auth.CachingSha2Password;
import io.shardgate.proxy.protocol.auth.NativePassword;
import io.shardgate.proxy.session.Session;
import io.shardgate.proxy.session.SessionRegistry;
import io.shardgate.router.Router;
import io.shardgate.router.keygen.SnowflakeGenerator;
import io.shardgate.router.strategy.InMemoryLookupStore;
import io.shardgate.router.strategy.ShardStrategies;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server side of the connection phase and the backend-free commands, driven through an
 * EmbeddedChannel: what a client sends, what the proxy answers, byte for byte where it matters.
 */
class FrontendChannelTest {

    private static final String YAML = """
            proxy:
              users:
                - {user: app, password: secret}
                - {user: reporting, password: r3port, schemas: [other]}
            nodes:
              - {name: main, primary: 127.0.0.1:1, user: u, password: p}
            schemas:
              - {name: shop, default-node: main}
              - {name: other, default-node: main}
            """;

    private static final int CLIENT_CAPS = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION
            | Capabilities.PLUGIN_AUTH | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.CONNECT_WITH_DB
            | Capabilities.DEPRECATE_EOF | Capabilities.LONG_PASSWORD | Capabilities.TRANSACTIONS;

    private final ShardgateConfig config = ConfigLoader.parse(YAML, "test.yaml");
    private final SessionRegistry sessions = new SessionRegistry();
    private EmbeddedChannel channel;
    private HandshakeV10 greeting;

    @AfterEach
    void finish() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private void connect() throws Exception {
        var keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(1024);
        Router router = new Router(config, t -> ShardStrategies.create(t, config.timeZone(), l -> new InMemoryLookupStore()),
                new SnowflakeGenerator(0));
        CommandContext commands = new CommandContext(() -> config, () -> router, new NoBackends(), sessions,
                FrontendContext.DEFAULT_SERVER_VERSION, System.currentTimeMillis(), schema -> false);
        FrontendContext front = new FrontendContext(() -> config, null, false, keys.generateKeyPair(),
                FrontendContext.DEFAULT_SERVER_VERSION, false, sessions, commands.frontDoor(),
                s -> new CommandHandler(s, commands));
        Session session = new Session(sessions.nextConnectionId(), "127.0.0.1");
        channel = new EmbeddedChannel(new PacketDecoder(), new PacketEncoder(), new AuthHandler(front, session));
        MysqlPacket hello = readPacket();
        assertThat(hello.sequenceId()).isZero();
        greeting = HandshakeV10.decode(hello.payload());
        hello.release();
    }

    @Test
    void greetingAnnouncesMysql8AndCachingSha2() throws Exception {
        connect();
        assertThat(greeting.serverVersion()).isEqualTo("8.0.36-shardgate");
        assertThat(greeting.authPluginName()).isEqualTo(CachingSha2Password.PLUGIN_NAME);
        assertThat(greeting.seed()).hasSize(20);
        assertThat(Capabilities.has(greeting.capabilities(), Capabilities.DEPRECATE_EOF)).isTrue();
        assertThat(Capabilities.has(greeting.capabilities(), Capabilities.LOCAL_FILES)).isFalse();
        assertThat(Capabilities.has(greeting.capabilities(), Capabilities.SSL)).isFalse();
    }

    @Test
    void nativePasswordLogsInAndPingAnswersOk() throws Exception {
        connect();
        login("app", NativePassword.PLUGIN_NAME, NativePassword.scramble(bytes("secret"), greeting.seed()), "shop");
        MysqlPacket ok = readPacket();
        assertThat(ok.sequenceId()).isEqualTo(2);
        assertThat(OkPacket.isOk(ok.payload())).isTrue();
        ok.release();

        send(0, new byte[] {0x0E}); // COM_PING
        MysqlPacket pong = readPacket();
        assertThat(pong.sequenceId()).isEqualTo(1);
        assertThat(OkPacket.isOk(pong.payload())).isTrue();
        pong.release();
    }

    @Test
    void cachingSha2FastAuthSendsFastAuthSuccessThenOk() throws Exception {
        connect();
        login("app", CachingSha2Password.PLUGIN_NAME, CachingSha2Password.scramble(bytes("secret"), greeting.seed()), null);
        MysqlPacket more = readPacket();
        assertThat(more.payload().getByte(0)).isEqualTo((byte) 0x01);
        assertThat(more.payload().getByte(1)).isEqualTo((byte) CachingSha2Password.FAST_AUTH_SUCCESS);
        more.release();
        MysqlPacket ok = readPacket();
        assertThat(ok.sequenceId()).isEqualTo(3);
        assertThat(OkPacket.isOk(ok.payload())).isTrue();
        ok.release();
    }

    @Test
    void wrongPasswordIsAccessDenied1045AndCloses() throws Exception {
        connect();
        login("app", NativePassword.PLUGIN_NAME, NativePassword.scramble(bytes("wrong"), greeting.seed()), null);
        ErrPacket err = readError();
        assertThat(err.errorCode()).isEqualTo(1045);
        assertThat(err.sqlState()).isEqualTo("28000");
        assertThat(err.message()).isEqualTo("Access denied for user 'app'@'127.0.0.1' (using password: YES)");
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void unknownUserIsAccessDeniedToo() throws Exception {
        connect();
        login("nobody", NativePassword.PLUGIN_NAME, new byte[0], null);
        ErrPacket err = readError();
        assertThat(err.errorCode()).isEqualTo(1045);
        assertThat(err.message()).endsWith("(using password: NO)");
    }

    @Test
    void unknownSchemaIs1049() throws Exception {
        connect();
        login("app", NativePassword.PLUGIN_NAME, NativePassword.scramble(bytes("secret"), greeting.seed()), "nope");
        ErrPacket err = readError();
        assertThat(err.errorCode()).isEqualTo(1049);
        assertThat(err.message()).isEqualTo("Unknown database 'nope'");
    }

    @Test
    void schemaOutsideTheUsersListIs1044() throws Exception {
        connect();
        login("reporting", NativePassword.PLUGIN_NAME, NativePassword.scramble(bytes("r3port"), greeting.seed()), "shop");
        assertThat(readError().errorCode()).isEqualTo(1044);
    }

    @Test
    void unknownCommandIs1047AndTheConnectionStaysOpen() throws Exception {
        connect();
        login("app", NativePassword.PLUGIN_NAME, NativePassword.scramble(bytes("secret"), greeting.seed()), "shop");
        readPacket().release();
        send(0, new byte[] {(byte) 0x42});
        ErrPacket err = readError();
        assertThat(err.errorCode()).isEqualTo(1047);
        assertThat(channel.isOpen()).isTrue();
        send(0, new byte[] {0x0E});
        MysqlPacket pong = readPacket();
        assertThat(OkPacket.isOk(pong.payload())).isTrue();
        pong.release();
    }

    @Test
    void localStatementsNeedNoBackend() throws Exception {
        connect();
        login("app", NativePassword.PLUGIN_NAME, NativePassword.scramble(bytes("secret"), greeting.seed()), "shop");
        readPacket().release();
        send(0, ("\u0003SELECT @@version_comment LIMIT 1").getBytes(StandardCharsets.UTF_8));
        MysqlPacket count = readPacket();
        assertThat(count.payload().getByte(0)).isEqualTo((byte) 1);
        count.release();
        readPacket().release(); // column definition
        MysqlPacket row = readPacket();
        assertThat(row.payload().toString(StandardCharsets.UTF_8)).contains("shardgate");
        row.release();
        MysqlPacket end = readPacket();
        assertThat((int) end.payload().getUnsignedByte(0)).isEqualTo(0xFE);
        end.release();
    }

    private void login(String user, String plugin, byte[] auth, String schema) {
        HandshakeResponse41 response = new HandshakeResponse41(CLIENT_CAPS, 16 * 1024 * 1024,
                CharsetId.UTF8MB4_GENERAL_CI, user, auth, schema, plugin, Map.of(), 0);
        ByteBuf buf = Unpooled.buffer();
        response.encode(buf);
        channel.writeInbound(frame(1, buf));
    }

    private void send(int seq, byte[] payload) {
        channel.writeInbound(frame(seq, Unpooled.wrappedBuffer(payload)));
    }

    private static ByteBuf frame(int seq, ByteBuf payload) {
        ByteBuf out = Unpooled.buffer();
        out.writeMediumLE(payload.readableBytes()).writeByte(seq).writeBytes(payload);
        payload.release();
        return out;
    }

    private MysqlPacket readPacket() {
        channel.runPendingTasks();
        Object o = channel.readOutbound();
        assertThat(o).as("a packet from the proxy").isNotNull();
        ByteBuf wire = o instanceof ByteBuf b ? b : null;
        if (wire == null) {
            throw new AssertionError("unexpected outbound " + o);
        }
        // The encoder may emit header and payload separately: gather until one whole packet is here.
        ByteBuf all = Unpooled.buffer().writeBytes(wire);
        wire.release();
        while (all.readableBytes() < 4 || all.readableBytes() < 4 + all.getUnsignedMediumLE(0)) {
            ByteBuf next = channel.readOutbound();
            all.writeBytes(next);
            next.release();
        }
        int length = all.readUnsignedMediumLE();
        int seq = all.readUnsignedByte();
        return new MysqlPacket(seq, all.readRetainedSlice(length));
    }

    private ErrPacket readError() {
        MysqlPacket p = readPacket();
        try {
            assertThat(ErrPacket.isErr(p.payload())).as("an ERR packet").isTrue();
            return ErrPacket.decode(p.payload());
        } finally {
            p.release();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Statements in these tests never reach a backend. */
    private static final class NoBackends implements BackendSource {
        @Override
        public CompletableFuture<BackendConnection> acquire(String node, boolean primary, int capabilities,
                                                            io.netty.channel.EventLoop loop) {
            return CompletableFuture.failedFuture(new AssertionError("no backend in this test"));
        }

        @Override
        public void release(BackendConnection connection, boolean clean) {
        }

        @Override
        public boolean hasReplicas(String node) {
            return false;
        }

        @Override
        public void cancel(BackendConnection connection) {
        }
    }
}
