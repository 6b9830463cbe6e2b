package io.shardgate.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.UserConfig;
import io.shardgate.proxy.protocol.AuthMoreData;
import io.shardgate.proxy.protocol.AuthSwitchRequest;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.HandshakeResponse41;
import io.shardgate.proxy.protocol.HandshakeV10;
import io.shardgate.proxy.protocol.MalformedPacketException;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.PacketDecoder;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.proxy.protocol.SslRequest;
import io.shardgate.proxy.protocol.WireFormat;
import io.shardgate.proxy.protocol.auth.AuthSeed;
import io.shardgate.proxy.protocol.auth.CachingSha2Password;
import io.shardgate.proxy.protocol.auth.NativePassword;
import io.shardgate.proxy.session.SchemaAccess;
import io.shardgate.proxy.session.Session;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection phase, server side: sends HandshakeV10, takes an optional SSL upgrade, checks the
 * HandshakeResponse41 (or auth-switch / caching_sha2 exchange) against the configured users, and on
 * success replaces itself with the {@link CommandHandler}.
 *
 * <p>Before login the framing accepts packets of at most {@link #LOGIN_MAX_PACKET} bytes; at login it is raised to
 * {@code proxy.max-packet} and a {@link ReadStallGuard} joins. Once the password is checked, {@link LoginAnswers}
 * decides when the answer goes out (a throttled address waits) and the connection leaves its handshake slot
 * for a place among the logged-in clients ({@link ClientCounter}: 1040 / 1203 when full).
 *
 * <p>Both plugins verify against the plaintext password in the config, so caching_sha2_password's fast
 * path always succeeds for a right password. Full authentication (clear text over TLS, or RSA with a
 * public-key request) runs when {@code FrontendContext#cachingSha2FullAuth} says so, which mimics a MySQL
 * server whose password cache is empty; that path exists for clients that insist on it and for testing.
 */
public final class AuthHandler extends SimpleChannelInboundHandler<MysqlPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(AuthHandler.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the proxy offers; the session gets the intersection with what the client asks. */
    static final int SERVER_CAPABILITIES = Capabilities.LONG_PASSWORD | Capabilities.FOUND_ROWS
            | Capabilities.LONG_FLAG | Capabilities.CONNECT_WITH_DB | Capabilities.NO_SCHEMA
            | Capabilities.PROTOCOL_41 | Capabilities.INTERACTIVE | Capabilities.IGNORE_SIGPIPE
            | Capabilities.TRANSACTIONS | Capabilities.SECURE_CONNECTION | Capabilities.MULTI_STATEMENTS
            | Capabilities.MULTI_RESULTS | Capabilities.PS_MULTI_RESULTS | Capabilities.PLUGIN_AUTH
            | Capabilities.CONNECT_ATTRS | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA
            | Capabilities.DEPRECATE_EOF;

    /**
     * A client that has not logged in by then is disconnected, as by MySQL's connect_timeout (same default):
     * a half-sent handshake (a length header promising megabytes, a stalled TLS handshake) holds no
     * connection slot for ever.
     */
    static final long LOGIN_TIMEOUT_SECONDS = 10;

    /**
     * The largest packet accepted before login. A handshake response holds a user name, a scramble (or an
     * RSA-encrypted password: 512 bytes for a 4096-bit key), a schema name, a plugin name and the connection
     * attributes (a few hundred bytes from common drivers); 16 KiB leaves room for generous custom attributes
     * while keeping what an unauthenticated client can make the proxy hold small.
     */
    public static final int LOGIN_MAX_PACKET = 16 * 1024;

    /** DELAYED: the verdict is in, its answer waits for the failed-login delay. */
    private enum State { AWAIT_RESPONSE, AWAIT_SWITCH_RESPONSE, AWAIT_FULL_AUTH, DELAYED, DONE }

    private final FrontendContext context;
    private final Session session;
    private final byte[] seed = AuthSeed.generate(RANDOM);
    private State state = State.AWAIT_RESPONSE;
    private boolean tls;
    private HandshakeResponse41 response;
    private UserConfig user;
    /** The sequence id the client's next packet must carry: 1 after the greeting, one past each reply. */
    private int expectedSequenceId = 1;
    private ScheduledFuture<?> loginTimeout;

    public AuthHandler(FrontendContext context, Session session) {
        this.context = context;
        this.session = session;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        int caps = SERVER_CAPABILITIES | (context.ssl() != null ? Capabilities.SSL : 0);
        HandshakeV10 hello = new HandshakeV10(context.serverVersion(), session.connectionId(), seed, caps,
                CharsetId.UTF8MB4_GENERAL_CI, ServerStatus.AUTOCOMMIT, CachingSha2Password.PLUGIN_NAME, 0);
        var buf = ctx.alloc().buffer(128);
        hello.encode(buf);
        ctx.writeAndFlush(new MysqlPacket(0, buf));
        loginTimeout = ctx.executor().schedule(() -> {
            if (state != State.DONE) {
                LOG.debug("{}: no login within {} s", session, LOGIN_TIMEOUT_SECONDS);
                fail(ctx, (expectedSequenceId + 1) & 0xFF, MysqlError.NET_READ_INTERRUPTED.toPacket());
            }
        }, LOGIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelLoginTimeout();
    }

    /** Framing failures before login (oversized or out-of-order fragments): ERR and close, as after login. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{}: during login: {}", session, cause.toString());
        if (state == State.DONE) {
            ctx.close();
        } else if (ClientPackets.framingError(cause).errorCode() == MysqlError.NET_PACKET_TOO_LARGE.code()) {
            fail(ctx, (expectedSequenceId + 1) & 0xFF, new ErrPacket(MysqlError.NET_PACKET_TOO_LARGE.code(),
                    MysqlError.NET_PACKET_TOO_LARGE.sqlState(),
                    "Got a packet bigger than the " + LOGIN_MAX_PACKET + " bytes a client may send before login"));
        } else {
            fail(ctx, (expectedSequenceId + 1) & 0xFF, ClientPackets.framingError(cause));
        }
    }

    /** A newer connection took this one's handshake slot ({@link HandshakeSlots}): it was too slow to log in. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == HandshakeSlots.EVICTED) {
            if (state != State.DONE) {
                LOG.debug("{}: {}", session, event);
                fail(ctx, (expectedSequenceId + 1) & 0xFF, MysqlError.NET_READ_INTERRUPTED.toPacket());
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MysqlPacket packet) {
        if (state == State.DELAYED) {
            return; // the client speaks out of turn while its answer waits: ignored, the answer decides
        }
        if (state != State.DONE && packet.firstSequenceId() != expectedSequenceId) {
            fail(ctx, packet.nextSequenceId(), MysqlError.NET_PACKETS_OUT_OF_ORDER.toPacket());
            return;
        }
        expectedSequenceId = packet.nextSequenceId();
        try {
            switch (state) {
                case AWAIT_RESPONSE -> onHandshakeResponse(ctx, packet);
                case AWAIT_SWITCH_RESPONSE -> onSwitchResponse(ctx, packet);
                case AWAIT_FULL_AUTH -> onFullAuth(ctx, packet);
                case DONE -> { }
            }
        } catch (MalformedPacketException e) {
            fail(ctx, packet.nextSequenceId(), MysqlError.HANDSHAKE_ERROR.toPacket());
        }
    }

    private void onHandshakeResponse(ChannelHandlerContext ctx, MysqlPacket packet) {
        if (!tls && SslRequest.matches(packet.payload())) {
            if (context.ssl() == null) {
                fail(ctx, packet.nextSequenceId(), MysqlError.HANDSHAKE_ERROR.toPacket());
                return;
            }
            tls = true;
            startTls(ctx);
            return;
        }
        if (context.tlsRequired() && !tls) {
            fail(ctx, packet.nextSequenceId(), new ErrPacket(3159, "HY000",
                    "Connections using insecure transport are prohibited while --require_secure_transport=ON."));
            return;
        }
        response = HandshakeResponse41.decode(packet.payload());
        if (!Capabilities.has(response.capabilities(), Capabilities.PROTOCOL_41)) {
            fail(ctx, packet.nextSequenceId(), MysqlError.NOT_SUPPORTED_AUTH_MODE.toPacket());
            return;
        }
        user = context.users().apply(context.config()).stream()
                .filter(u -> u.user().equals(response.username())).findFirst().orElse(null);
        String plugin = response.authPluginName() == null ? NativePassword.PLUGIN_NAME : response.authPluginName();
        byte[] auth = response.authResponse();
        if (plugin.equals(CachingSha2Password.PLUGIN_NAME)) {
            if (user != null && auth.length > 0 && context.cachingSha2FullAuth()) {
                state = State.AWAIT_FULL_AUTH;
                writeMoreData(ctx, packet.nextSequenceId(), new byte[] {CachingSha2Password.PERFORM_FULL_AUTHENTICATION});
                return;
            }
            boolean ok = user != null && CachingSha2Password.verify(auth, seed, password());
            verified(ctx, packet.nextSequenceId(), ok, auth.length > 0, true);
        } else if (plugin.equals(NativePassword.PLUGIN_NAME)) {
            verified(ctx, packet.nextSequenceId(), user != null && NativePassword.verify(auth, seed, password()),
                    auth.length > 0, false);
        } else {
            // A plugin we do not speak (mysql_clear_password, dialog ...): ask for native with the same seed.
            state = State.AWAIT_SWITCH_RESPONSE;
            byte[] data = Arrays.copyOf(seed, seed.length + 1);
            var buf = ctx.alloc().buffer(64);
            new AuthSwitchRequest(NativePassword.PLUGIN_NAME, data).encode(buf);
            ctx.writeAndFlush(new MysqlPacket(packet.nextSequenceId(), buf));
            expectedSequenceId = (packet.nextSequenceId() + 1) & 0xFF;
        }
    }

    /**
     * Puts TLS under the framing. A client starts its TLS handshake right after the SSLRequest without waiting
     * for an answer, so its ClientHello may already sit, undecoded, in the framing decoder's buffer: a fresh
     * decoder goes behind the SslHandler and the old one is removed, which hands its leftover bytes on to
     * {@link #channelRead}, which sends them through the pipeline again from the head, through TLS.
     */
    private void startTls(ChannelHandlerContext ctx) {
        ChannelPipeline pipeline = ctx.pipeline();
        PacketDecoder plainFraming = pipeline.get(PacketDecoder.class);
        pipeline.addFirst("tls", context.ssl().newHandler(ctx.alloc()));
        pipeline.addAfter("tls", "tls-framing", new PacketDecoder(LOGIN_MAX_PACKET));
        pipeline.remove(plainFraming);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf leftover) {
            ctx.pipeline().fireChannelRead(leftover); // bytes the old framing held, see startTls
            return;
        }
        super.channelRead(ctx, msg);
    }

    private void onSwitchResponse(ChannelHandlerContext ctx, MysqlPacket packet) {
        byte[] auth = WireFormat.readRestOfPacketBytes(packet.payload());
        verified(ctx, packet.nextSequenceId(), user != null && NativePassword.verify(auth, seed, password()),
                auth.length > 0, false);
    }

    /** caching_sha2 full authentication: clear text over TLS, or a public-key request then RSA. */
    private void onFullAuth(ChannelHandlerContext ctx, MysqlPacket packet) {
        byte[] data = WireFormat.readRestOfPacketBytes(packet.payload());
        if (data.length == 1 && data[0] == CachingSha2Password.REQUEST_PUBLIC_KEY) {
            String pem = CachingSha2Password.toPem(context.rsaKeys().getPublic());
            writeMoreData(ctx, packet.nextSequenceId(), pem.getBytes(StandardCharsets.US_ASCII));
            return;
        }
        byte[] clear;
        if (tls) {
            clear = data.length > 0 && data[data.length - 1] == 0 ? Arrays.copyOf(data, data.length - 1) : data;
        } else {
            try {
                clear = CachingSha2Password.decryptPassword(data, seed, context.rsaKeys().getPrivate());
            } catch (GeneralSecurityException | RuntimeException e) {
                clear = null;
            }
        }
        verified(ctx, packet.nextSequenceId(), user != null && clear != null && Arrays.equals(clear, password()),
                true, false);
    }

    private byte[] password() {
        return user.password().reveal().getBytes(StandardCharsets.UTF_8);
    }

    private void writeMoreData(ChannelHandlerContext ctx, int sequenceId, byte[] data) {
        var buf = ctx.alloc().buffer(data.length + 1);
        new AuthMoreData(data).encode(buf);
        ctx.writeAndFlush(new MysqlPacket(sequenceId, buf));
        expectedSequenceId = (sequenceId + 1) & 0xFF;
    }

    /**
     * The password check is done; the answer (after a delay for an address that failed too often) is an ERR 1045,
     * or the login goes on to {@link #finish}.
     *
     * @param fastAuth caching_sha2_password's fast path, whose success is announced before the OK
     */
    private void verified(ChannelHandlerContext ctx, int sequenceId, boolean passwordOk, boolean usingPassword,
                          boolean fastAuth) {
        String refusal = LoginAnswers.refusal(user, passwordOk, tls);
        String name = response.username();
        Runnable answer = refusal != null
                ? () -> fail(ctx, sequenceId, MysqlError.ACCESS_DENIED.toPacket(name, session.remoteHost(),
                        usingPassword ? "YES" : "NO"))
                : () -> finish(ctx, sequenceId, fastAuth);
        if (context.frontDoor().answers().conclude(ctx, name, session.remoteHost(), refusal, answer)) {
            state = State.DELAYED;
            cancelLoginTimeout(); // the wait is ours, not the client's; the handshake slot still bounds it
        }
    }

    private void finish(ChannelHandlerContext ctx, int firstSequenceId, boolean fastAuth) {
        int sequenceId = firstSequenceId;
        if (fastAuth) {
            writeMoreData(ctx, sequenceId, new byte[] {CachingSha2Password.FAST_AUTH_SUCCESS});
            sequenceId = (sequenceId + 1) & 0xFF;
        }
        ShardgateConfig config = context.config();
        String schema = response.database();
        if (schema != null && !schema.isEmpty()) {
            SchemaAccess.Outcome use = SchemaAccess.resolve(config, user, schema, session.remoteHost());
            if (use.error() != null) {
                fail(ctx, sequenceId, use.error());
                return;
            }
            schema = use.schema();
        } else {
            schema = null;
        }
        ErrPacket full = context.frontDoor().clients().admit(ctx.channel(), user, config.proxy().maxConnections());
        if (full != null) {
            fail(ctx, sequenceId, full);
            return;
        }
        context.frontDoor().handshakes().release(ctx.channel());
        int caps = response.capabilities() & (SERVER_CAPABILITIES | Capabilities.SSL);
        int collation = response.characterSet() == 0 ? CharsetId.UTF8MB4_GENERAL_CI : response.characterSet();
        session.login(user.user(), schema, caps, collation);
        state = State.DONE;
        cancelLoginTimeout();
        context.frontDoor().events().loggedIn();
        // the command handler settles the session's sql_mode, which the OK's status flags report
        var commands = context.commandHandlerFactory().create(session);
        ctx.writeAndFlush(ClientPackets.ok(ctx.alloc(), sequenceId,
                OkPacket.of(0, 0, session.serverStatus(), 0), caps));
        openCommandPhase(ctx, config, commands);
        LOG.debug("{} logged in, schema {}, tls {}", session, schema, tls);
    }

    /** Logged in: packets up to max-packet, a stall mid-packet bounded, and the command handler in charge. */
    private void openCommandPhase(ChannelHandlerContext ctx, ShardgateConfig config, ChannelHandler commands) {
        ChannelPipeline pipeline = ctx.pipeline();
        PacketDecoder framing = pipeline.get(PacketDecoder.class);
        framing.maxPacketSize(config.proxy().limits().maxPacket());
        pipeline.addBefore(pipeline.context(framing).name(), "read-stall",
                new ReadStallGuard(framing, config.proxy().limits().netReadTimeout().toNanos()));
        pipeline.replace(this, "command", commands);
    }

    private void cancelLoginTimeout() {
        if (loginTimeout != null) {
            loginTimeout.cancel(false);
            loginTimeout = null;
        }
    }

    private void fail(ChannelHandlerContext ctx, int sequenceId, ErrPacket err) {
        if (state != State.DONE) {
            context.frontDoor().events().refused(err.errorCode());
        }
        state = State.DONE;
        cancelLoginTimeout();
        ctx.writeAndFlush(ClientPackets.err(ctx.alloc(), sequenceId, err))
                .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
    }

    static String hostOf(java.net.SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }
}
