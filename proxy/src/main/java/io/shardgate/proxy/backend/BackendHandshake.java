package io.shardgate.proxy.backend;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.shardgate.proxy.protocol.AuthMoreData;
import io.shardgate.proxy.protocol.AuthSwitchRequest;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.HandshakeResponse41;
import io.shardgate.proxy.protocol.HandshakeV10;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.SslRequest;
import io.shardgate.proxy.protocol.auth.CachingSha2Password;
import io.shardgate.proxy.protocol.auth.NativePassword;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The client side of the connection phase, as a pipeline handler: greeting, optional TLS,
 * handshake response, then the auth exchange (auth switch, caching_sha2_password fast and full
 * paths) until OK or ERR. On OK it hands the channel to a new {@link BackendConnection} and
 * removes itself.
 */
final class BackendHandshake extends ChannelInboundHandlerAdapter {

    /** What we ask for; the server's offer is intersected with it. */
    static final int WANTED_CAPABILITIES = Capabilities.LONG_PASSWORD | Capabilities.LONG_FLAG
            | Capabilities.PROTOCOL_41 | Capabilities.TRANSACTIONS | Capabilities.SECURE_CONNECTION
            | Capabilities.MULTI_STATEMENTS | Capabilities.MULTI_RESULTS | Capabilities.PS_MULTI_RESULTS
            | Capabilities.PLUGIN_AUTH | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.CONNECT_ATTRS;

    static final Map<String, String> CONNECT_ATTRIBUTES = Map.of("_client_name", "shardgate", "program_name",
            "shardgate");

    private enum Phase { GREETING, TLS, AUTH, DONE }

    private final BackendSettings settings;
    private final SslContext sslContext;
    private final CompletableFuture<BackendConnection> promise;

    private Phase phase = Phase.GREETING;
    private HandshakeV10 greeting;
    private int capabilities;
    private boolean tls;
    private String plugin;
    private byte[] seed;
    private boolean publicKeyRequested;

    /** @param sslContext client TLS context, or null when settings.tlsMode() is DISABLED */
    BackendHandshake(BackendSettings settings, SslContext sslContext, CompletableFuture<BackendConnection> promise) {
        this.settings = settings;
        this.sslContext = sslContext;
        this.promise = promise;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MysqlPacket packet)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            switch (phase) {
                case GREETING -> onGreeting(ctx, packet);
                case AUTH -> onAuth(ctx, packet);
                default -> fail(ctx, new BackendConnectionException(settings.address(),
                        "unexpected packet during " + phase + " phase of the handshake"));
            }
        } catch (RuntimeException e) {
            fail(ctx, e instanceof BackendException ? e : new BackendConnectionException(settings.address(),
                    "handshake failed: " + e.getMessage(), e));
        } finally {
            packet.release();
        }
    }

    private void onGreeting(ChannelHandlerContext ctx, MysqlPacket packet) {
        if (ErrPacket.isErr(packet.payload())) {
            // e.g. 1040 too many connections, 1129 host blocked
            throw new BackendErrorException(settings.address(), ErrPacket.decode(packet.payload()));
        }
        greeting = HandshakeV10.decode(packet.payload());
        int offered = greeting.capabilities();
        if (!Capabilities.has(offered, Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION)) {
            throw new BackendConnectionException(settings.address(), "server " + greeting.serverVersion()
                    + " does not speak protocol 4.1 with secure authentication");
        }
        int wanted = WANTED_CAPABILITIES | settings.flavor()
                | (settings.schema() != null ? Capabilities.CONNECT_WITH_DB : 0);
        boolean serverTls = Capabilities.has(offered, Capabilities.SSL);
        if (settings.tlsMode() == TlsMode.REQUIRED && !serverTls) {
            throw new BackendConnectionException(settings.address(), "TLS is required but server "
                    + greeting.serverVersion() + " does not offer it");
        }
        tls = serverTls && settings.tlsMode() != TlsMode.DISABLED;
        capabilities = Capabilities.negotiate(offered, wanted | (tls ? Capabilities.SSL : 0));
        plugin = greeting.authPluginName();
        seed = greeting.seed();
        int sequenceId = packet.nextSequenceId();
        if (!tls) {
            sendResponse(ctx, sequenceId);
            return;
        }
        phase = Phase.TLS;
        SslRequest request = new SslRequest(capabilities, settings.maxPacketSize(), CharsetId.UTF8MB4_GENERAL_CI, 0);
        write(ctx, sequenceId, request::encode);
        SslHandler sslHandler = sslContext.newHandler(ctx.alloc(), settings.host(), settings.port());
        ctx.pipeline().addFirst("tls", sslHandler);
        sslHandler.handshakeFuture().addListener(future -> {
            if (future.isSuccess()) {
                sendResponse(ctx, (sequenceId + 1) & 0xFF);
            } else {
                fail(ctx, new BackendConnectionException(settings.address(),
                        TlsFailure.describe(future.cause(), settings), future.cause()));
            }
        });
    }

    private void sendResponse(ChannelHandlerContext ctx, int sequenceId) {
        phase = Phase.AUTH;
        if (!isSupported(plugin)) {
            // Answer as native; a server that insists on another plugin sends an auth switch.
            plugin = NativePassword.PLUGIN_NAME;
        }
        HandshakeResponse41 response = new HandshakeResponse41(capabilities, settings.maxPacketSize(),
                CharsetId.UTF8MB4_GENERAL_CI, settings.user(), scramble(), settings.schema(), plugin,
                CONNECT_ATTRIBUTES, 0);
        write(ctx, sequenceId, response::encode);
    }

    private void onAuth(ChannelHandlerContext ctx, MysqlPacket packet) {
        ByteBuf payload = packet.payload();
        int header = packet.header();
        int next = packet.nextSequenceId();
        if (header == OkPacket.HEADER) {
            succeed(ctx, OkPacket.decode(payload, capabilities).statusFlags());
        } else if (header == ErrPacket.HEADER) {
            throw new BackendErrorException(settings.address(), ErrPacket.decode(payload));
        } else if (header == AuthSwitchRequest.HEADER) {
            AuthSwitchRequest request = AuthSwitchRequest.decode(payload);
            if (!isSupported(request.pluginName())) {
                throw new BackendConnectionException(settings.address(), "server asks for auth plugin '"
                        + request.pluginName() + "', supported are " + NativePassword.PLUGIN_NAME + " and "
                        + CachingSha2Password.PLUGIN_NAME);
            }
            plugin = request.pluginName();
            seed = request.seed();
            byte[] answer = scramble();
            write(ctx, next, out -> out.writeBytes(answer));
        } else if (header == AuthMoreData.HEADER && CachingSha2Password.PLUGIN_NAME.equals(plugin)) {
            onCachingSha2MoreData(ctx, AuthMoreData.decode(payload).data(), next);
        } else {
            throw new BackendConnectionException(settings.address(), String.format(
                    "unexpected packet 0x%02X during %s authentication", header, plugin));
        }
    }

    private void onCachingSha2MoreData(ChannelHandlerContext ctx, byte[] data, int next) {
        byte[] password = settings.password().getBytes(StandardCharsets.UTF_8);
        if (publicKeyRequested) {
            byte[] encrypted = CachingSha2Password.encryptPassword(password, seed,
                    CachingSha2Password.parsePublicKey(new String(data, StandardCharsets.US_ASCII)));
            write(ctx, next, out -> out.writeBytes(encrypted));
        } else if (data.length == 1 && data[0] == CachingSha2Password.FAST_AUTH_SUCCESS) {
            return; // the OK follows
        } else if (data.length == 1 && data[0] == CachingSha2Password.PERFORM_FULL_AUTHENTICATION) {
            if (tls) {
                write(ctx, next, out -> out.writeBytes(CachingSha2Password.clearTextPassword(password)));
            } else if (settings.serverPublicKeyPem() != null) {
                byte[] encrypted = CachingSha2Password.encryptPassword(password, seed,
                        CachingSha2Password.parsePublicKey(settings.serverPublicKeyPem()));
                write(ctx, next, out -> out.writeBytes(encrypted));
            } else if (settings.allowPublicKeyRetrieval()) {
                publicKeyRequested = true;
                write(ctx, next, out -> out.writeByte(CachingSha2Password.REQUEST_PUBLIC_KEY));
            } else {
                throw new BackendConnectionException(settings.address(), "caching_sha2_password full authentication"
                        + " needs TLS, the server's RSA public key, or allowPublicKeyRetrieval");
            }
        } else {
            throw new BackendConnectionException(settings.address(), "unexpected caching_sha2_password data of "
                    + data.length + " bytes");
        }
    }

    private byte[] scramble() {
        byte[] password = settings.password().getBytes(StandardCharsets.UTF_8);
        return CachingSha2Password.PLUGIN_NAME.equals(plugin) ? CachingSha2Password.scramble(password, seed)
                : NativePassword.scramble(password, seed);
    }

    private static boolean isSupported(String pluginName) {
        return NativePassword.PLUGIN_NAME.equals(pluginName) || CachingSha2Password.PLUGIN_NAME.equals(pluginName);
    }

    private void succeed(ChannelHandlerContext ctx, int serverStatus) {
        phase = Phase.DONE;
        BackendConnection connection = new BackendConnection(ctx.channel(), settings.address(), capabilities,
                greeting.serverVersion(), greeting.connectionId(), serverStatus, tls);
        ctx.pipeline().remove(this);
        // The server's sql_mode decides how SQL written for this connection is read (NO_BACKSLASH_ESCAPES,
        // ANSI_QUOTES): learn it once, before anyone sends SQL on the connection.
        connection.query("SELECT @@session.sql_mode").whenComplete((result, failure) -> {
            if (failure != null) {
                connection.close();
                promise.completeExceptionally(new BackendConnectionException(settings.address(),
                        "cannot read the server's sql_mode: " + failure.getMessage(), failure));
                return;
            }
            connection.initialSqlMode(result.firstValue() == null ? "" : result.firstValue());
            if (!promise.complete(connection)) {
                connection.close(); // timed out meanwhile
            }
        });
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        phase = Phase.DONE;
        promise.completeExceptionally(cause);
        ctx.close();
    }

    private static void write(ChannelHandlerContext ctx, int sequenceId, Consumer<ByteBuf> encoder) {
        ByteBuf payload = ctx.alloc().buffer();
        encoder.accept(payload);
        ctx.writeAndFlush(new MysqlPacket(sequenceId, payload));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (phase != Phase.DONE) {
            fail(ctx, new BackendConnectionException(settings.address(), "the server closed the connection during the "
                    + phase.name().toLowerCase() + " phase of the handshake"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, new BackendConnectionException(settings.address(), "handshake failed: " + cause, cause));
    }
}
