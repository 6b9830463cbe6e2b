package io.shardgate.proxy.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.shardgate.proxy.protocol.AuthMoreData;
import io.shardgate.proxy.protocol.AuthSwitchRequest;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.HandshakeResponse41;
import io.shardgate.proxy.protocol.HandshakeV10;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.proxy.protocol.TextRow;
import io.shardgate.proxy.protocol.auth.CachingSha2Password;
import io.shardgate.proxy.protocol.auth.NativePassword;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client handshake against a scripted server in an EmbeddedChannel: every auth path,
 * including caching_sha2_password, which MariaDB 10.11 cannot serve.
 */
class BackendHandshakeTest {

    private static final String PASSWORD = "pässword";
    private static final byte[] SEED = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED2 = "ABCDEFGHIJ0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final int SERVER_CAPS = Capabilities.LONG_PASSWORD | Capabilities.LONG_FLAG
            | Capabilities.CONNECT_WITH_DB | Capabilities.PROTOCOL_41 | Capabilities.TRANSACTIONS
            | Capabilities.SECURE_CONNECTION | Capabilities.MULTI_STATEMENTS | Capabilities.MULTI_RESULTS
            | Capabilities.PS_MULTI_RESULTS | Capabilities.PLUGIN_AUTH | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA
            | Capabilities.DEPRECATE_EOF | Capabilities.LOCAL_FILES | Capabilities.SSL | Capabilities.SESSION_TRACK
            | Capabilities.CONNECT_ATTRS;

    private static KeyPair keys;

    private final CompletableFuture<BackendConnection> promise = new CompletableFuture<>();
    private EmbeddedChannel channel;

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private void start(BackendSettings settings) {
        channel = new EmbeddedChannel(new BackendHandshake(settings, null, promise));
    }

    private static BackendSettings settings(String schema) {
        return BackendSettings.of("127.0.0.1", 3306, "app", PASSWORD, schema);
    }

    private void serverSends(int sequenceId, Consumer<ByteBuf> payload) {
        ByteBuf buf = Unpooled.buffer();
        payload.accept(buf);
        channel.writeInbound(new MysqlPacket(sequenceId, buf));
    }

    private void greet(String plugin) {
        HandshakeV10 greeting = new HandshakeV10("8.0.36", 77, SEED, SERVER_CAPS, CharsetId.UTF8MB4_0900_AI_CI,
                ServerStatus.AUTOCOMMIT, plugin, 0);
        serverSends(0, greeting::encode);
    }

    /** The next packet the client sent: its sequence id and payload bytes. */
    private byte[] clientSent(int expectedSequenceId) {
        MysqlPacket packet = channel.readOutbound();
        assertThat(packet).as("client packet").isNotNull();
        try {
            assertThat(packet.sequenceId()).isEqualTo(expectedSequenceId);
            return ByteBufUtil.getBytes(packet.payload());
        } finally {
            packet.release();
        }
    }

    private HandshakeResponse41 response() {
        ByteBuf buf = Unpooled.wrappedBuffer(clientSent(1));
        try {
            return HandshakeResponse41.decode(buf);
        } finally {
            buf.release();
        }
    }

    /** The server accepts the login, then answers the client's question for its sql_mode. */
    private void ok(int sequenceId) {
        serverSends(sequenceId, b -> OkPacket.of(0, 0, ServerStatus.AUTOCOMMIT, 0).encode(b, SERVER_CAPS));
        MysqlPacket query = channel.readOutbound();
        assertThat(query).as("the sql_mode query after login").isNotNull();
        try {
            assertThat(query.payload().toString(1, query.payload().readableBytes() - 1, StandardCharsets.UTF_8))
                    .isEqualTo("SELECT @@session.sql_mode");
        } finally {
            query.release();
        }
        serverSends(1, b -> b.writeByte(1));
        serverSends(2, b -> ColumnDefinition41.of("@@session.sql_mode", ColumnType.VAR_STRING,
                CharsetId.UTF8MB4_GENERAL_CI, 256, 0).encode(b));
        serverSends(3, TextRow.of("STRICT_TRANS_TABLES".getBytes(StandardCharsets.US_ASCII))::encode);
        serverSends(4, b -> OkPacket.terminator(ServerStatus.AUTOCOMMIT, 0).encode(b, SERVER_CAPS));
    }

    private Throwable failure() {
        assertThat(promise).isCompletedExceptionally();
        return promise.handle((c, e) -> e).join();
    }

    @Test
    void nativePasswordAndNegotiatedCapabilities() {
        start(settings("shop"));
        greet(NativePassword.PLUGIN_NAME);
        HandshakeResponse41 response = response();
        assertThat(NativePassword.verify(response.authResponse(), SEED, PASSWORD.getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(response.username()).isEqualTo("app");
        assertThat(response.database()).isEqualTo("shop");
        assertThat(response.characterSet()).isEqualTo(CharsetId.UTF8MB4_GENERAL_CI);
        assertThat(response.connectAttributes()).containsEntry("_client_name", "shardgate");
        int caps = response.capabilities();
        assertThat(Capabilities.has(caps, Capabilities.CONNECT_WITH_DB | Capabilities.DEPRECATE_EOF
                | Capabilities.MULTI_RESULTS | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA)).isTrue();
        assertThat(caps & (Capabilities.LOCAL_FILES | Capabilities.SSL | Capabilities.SESSION_TRACK)).isZero();
        ok(2);
        BackendConnection connection = promise.join();
        assertThat(connection.connectionId()).isEqualTo(77);
        assertThat(connection.serverVersion()).isEqualTo("8.0.36");
        assertThat(connection.capabilities()).isEqualTo(caps);
        assertThat(connection.initialSqlMode()).isEqualTo("STRICT_TRANS_TABLES");
        assertThat(channel.pipeline().get(BackendHandshake.class)).as("handshake handler removed").isNull();
    }

    @Test
    void withoutSchemaConnectWithDbIsNotRequested() {
        start(settings(null));
        greet(NativePassword.PLUGIN_NAME);
        assertThat(response().capabilities() & Capabilities.CONNECT_WITH_DB).isZero();
    }

    @Test
    void cachingSha2FastPath() {
        start(settings(null));
        greet(CachingSha2Password.PLUGIN_NAME);
        HandshakeResponse41 response = response();
        assertThat(response.authPluginName()).isEqualTo(CachingSha2Password.PLUGIN_NAME);
        assertThat(CachingSha2Password.verify(response.authResponse(), SEED, PASSWORD.getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        serverSends(2, new AuthMoreData(new byte[] {CachingSha2Password.FAST_AUTH_SUCCESS})::encode);
        assertThat(channel.<Object>readOutbound()).as("nothing to answer after fast-auth success").isNull();
        ok(3);
        assertThat(promise.join().isUsable()).isTrue();
    }

    @Test
    void cachingSha2FullPathRequestsTheKeyAndSendsTheRsaEncryptedPassword() throws Exception {
        start(settings(null).withPublicKey(null, true));
        greet(CachingSha2Password.PLUGIN_NAME);
        response();
        serverSends(2, new AuthMoreData(new byte[] {CachingSha2Password.PERFORM_FULL_AUTHENTICATION})::encode);
        assertThat(clientSent(3)).containsExactly(CachingSha2Password.REQUEST_PUBLIC_KEY);
        byte[] pem = CachingSha2Password.toPem(keys.getPublic()).getBytes(StandardCharsets.US_ASCII);
        serverSends(4, new AuthMoreData(pem)::encode);
        byte[] encrypted = clientSent(5);
        assertThat(CachingSha2Password.decryptPassword(encrypted, SEED, keys.getPrivate()))
                .isEqualTo(PASSWORD.getBytes(StandardCharsets.UTF_8));
        ok(6);
        assertThat(promise).isCompleted();
    }

    @Test
    void cachingSha2FullPathWithAConfiguredKey() throws Exception {
        start(settings(null).withPublicKey(CachingSha2Password.toPem(keys.getPublic()), false));
        greet(CachingSha2Password.PLUGIN_NAME);
        response();
        serverSends(2, new AuthMoreData(new byte[] {CachingSha2Password.PERFORM_FULL_AUTHENTICATION})::encode);
        byte[] encrypted = clientSent(3);
        assertThat(CachingSha2Password.decryptPassword(encrypted, SEED, keys.getPrivate()))
                .isEqualTo(PASSWORD.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cachingSha2FullPathWithoutTlsOrKeyIsRefusedClearly() {
        start(settings(null));
        greet(CachingSha2Password.PLUGIN_NAME);
        response();
        serverSends(2, new AuthMoreData(new byte[] {CachingSha2Password.PERFORM_FULL_AUTHENTICATION})::encode);
        assertThat(failure()).isInstanceOf(BackendConnectionException.class)
                .hasMessageContaining("needs TLS, the server's RSA public key, or allowPublicKeyRetrieval");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void authSwitchToCachingSha2UsesTheNewSeed() {
        start(settings(null));
        greet(NativePassword.PLUGIN_NAME);
        response();
        serverSends(2, new AuthSwitchRequest(CachingSha2Password.PLUGIN_NAME, Arrays.copyOf(SEED2, 21))::encode);
        byte[] scramble = clientSent(3);
        assertThat(CachingSha2Password.verify(scramble, SEED2, PASSWORD.getBytes(StandardCharsets.UTF_8))).isTrue();
        serverSends(4, new AuthMoreData(new byte[] {CachingSha2Password.FAST_AUTH_SUCCESS})::encode);
        ok(5);
        assertThat(promise).isCompleted();
    }

    @Test
    void authSwitchToAnUnsupportedPluginFails() {
        start(settings(null));
        greet(NativePassword.PLUGIN_NAME);
        response();
        serverSends(2, new AuthSwitchRequest("client_ed25519", new byte[32])::encode);
        assertThat(failure()).isInstanceOf(BackendConnectionException.class)
                .hasMessageContaining("'client_ed25519'").hasMessageContaining("mysql_native_password");
    }

    @Test
    void anUnknownDefaultPluginIsAnsweredAsNative() {
        start(settings(null));
        greet("auth_gssapi_client");
        HandshakeResponse41 response = response();
        assertThat(response.authPluginName()).isEqualTo(NativePassword.PLUGIN_NAME);
        assertThat(NativePassword.verify(response.authResponse(), SEED, PASSWORD.getBytes(StandardCharsets.UTF_8)))
                .isTrue();
    }

    @Test
    void anErrInsteadOfTheGreetingCarriesTheServerError() {
        start(settings(null));
        serverSends(0, MysqlError.CON_COUNT_ERROR.toPacket()::encode);
        assertThat(failure()).isInstanceOf(BackendErrorException.class)
                .hasMessage("backend 127.0.0.1:3306: ERROR 1040 (08004): Too many connections");
    }

    @Test
    void accessDeniedCarriesTheServerError() {
        start(settings(null));
        greet(NativePassword.PLUGIN_NAME);
        response();
        serverSends(2, new ErrPacket(1045, "28000", "Access denied for user 'app'@'localhost'")::encode);
        BackendErrorException error = (BackendErrorException) failure();
        assertThat(error.errorCode()).isEqualTo(1045);
        assertThat(error.sqlState()).isEqualTo("28000");
        assertThat(error.backend()).isEqualTo("127.0.0.1:3306");
    }

    @Test
    void theServerClosingDuringAuthFailsClearly() {
        start(settings(null));
        greet(NativePassword.PLUGIN_NAME);
        response();
        channel.close();
        assertThat(failure()).isInstanceOf(BackendConnectionException.class)
                .hasMessageContaining("closed the connection during the auth phase");
    }

    @Test
    void aGarbledGreetingFailsClearly() {
        start(settings(null));
        serverSends(0, b -> b.writeByte(9).writeBytes("x".getBytes(StandardCharsets.US_ASCII)));
        assertThat(failure()).isInstanceOf(BackendConnectionException.class)
                .hasMessageContaining("HandshakeV10 protocol version");
    }
}
