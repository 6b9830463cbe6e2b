package io.shardgate.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.UserConfig;
import io.shardgate.proxy.binding.SessionBackends;
import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.execute.StatementCallback;
import io.shardgate.proxy.protocol.AuthSwitchRequest;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.ComChangeUser;
import io.shardgate.proxy.protocol.Command;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.WireFormat;
import io.shardgate.proxy.protocol.auth.AuthSeed;
import io.shardgate.proxy.protocol.auth.NativePassword;
import io.shardgate.proxy.session.SchemaAccess;
import io.shardgate.proxy.session.Session;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * COM_CHANGE_USER: re-authenticates on the open connection and resets the session as a new login would.
 * The proxy always answers with an auth switch to mysql_native_password and a fresh seed (the client's first
 * answer was computed for a seed only the handshake knew), then verifies the reply. A failed change closes
 * the connection, as MySQL does. Refusals count as failed logins of the client's address ({@link LoginAnswers}), and
 * the connection moves to the new user's {@code max-connections} count (1203 when that user is full).
 */
final class ChangeUser {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Session session;
    private final Supplier<ShardgateConfig> config;
    private final SessionBackends backends;
    private final PreparedStatementCommands prepared;
    private final FrontDoor door;
    private final Supplier<String> defaultNode;
    private ComChangeUser request;
    private byte[] seed;
    private ClientStream out;
    private StatementCallback done;

    /** @param defaultNode the node that answers for the session's schema (it tells the session's sql_mode) */
    ChangeUser(Session session, Supplier<ShardgateConfig> config, SessionBackends backends,
               PreparedStatementCommands prepared, Supplier<String> defaultNode, FrontDoor door) {
        this.session = session;
        this.defaultNode = defaultNode;
        this.config = config;
        this.backends = backends;
        this.prepared = prepared;
        this.door = door;
    }

    /** Starts the exchange; the handler then routes the client's next packet to {@link #onAuthResponse}. */
    void start(MysqlPacket packet, ClientStream out, StatementCallback done) {
        this.request = ComChangeUser.decode(packet.payload(), session.capabilities());
        this.seed = AuthSeed.generate(RANDOM);
        this.out = out;
        this.done = done;
        ByteBuf buf = out.context().alloc().buffer(64);
        new AuthSwitchRequest(NativePassword.PLUGIN_NAME, Arrays.copyOf(seed, seed.length + 1)).encode(buf);
        out.write(buf);
        out.flush();
    }

    void onAuthResponse(MysqlPacket packet) {
        ClientStream reply = new ClientStream(out.context(), packet.nextSequenceId());
        byte[] auth = WireFormat.readRestOfPacketBytes(packet.payload().duplicate());
        UserConfig user = config.get().proxy().user(request.username()).orElse(null);
        boolean passwordOk = user != null
                && NativePassword.verify(auth, seed, user.password().reveal().getBytes(StandardCharsets.UTF_8));
        String refusal = LoginAnswers.refusal(user, passwordOk, Capabilities.has(session.capabilities(), Capabilities.SSL));
        door.answers().conclude(out.context(), request.username(), session.remoteHost(), refusal, () -> {
            if (refusal != null) {
                fail(reply, MysqlError.ACCESS_DENIED.toPacket(request.username(), session.remoteHost(),
                        auth.length > 0 ? "YES" : "NO"));
            } else {
                changeTo(user, reply);
            }
        });
    }

    private void changeTo(UserConfig user, ClientStream reply) {
        ShardgateConfig cfg = config.get();
        String schema = request.schema() == null || request.schema().isEmpty() ? null : request.schema();
        SchemaAccess.Outcome use = schema == null ? null : SchemaAccess.resolve(cfg, user, schema, session.remoteHost());
        if (use != null && use.error() != null) {
            fail(reply, use.error());
            return;
        }
        ErrPacket full = door.clients().switchUser(reply.context().channel(), user);
        if (full != null) {
            fail(reply, full);
            return;
        }
        String resolved = use == null ? null : use.schema();
        backends.onEveryConnection(() -> CommandPacket.of(Command.RESET_CONNECTION, "", session.charset()))
                .whenComplete((x, failure) -> {
                    session.reset();
                    backends.forgetState();
                    prepared.closeAll();
                    int collation = request.characterSet() == 0 ? session.collationId() : request.characterSet();
                    session.login(user.user(), resolved, session.capabilities(), collation);
                    backends.startInServerSqlMode(defaultNode.get());
                    ByteBuf ok = reply.context().alloc().buffer(16);
                    OkPacket.of(0, 0, session.serverStatus(), 0).encode(ok, session.capabilities());
                    reply.write(ok);
                    done.done(false);
                });
    }

    private void fail(ClientStream reply, ErrPacket err) {
        ByteBuf buf = reply.context().alloc().buffer(64);
        err.encode(buf);
        reply.write(buf);
        done.fatal(new IllegalStateException("COM_CHANGE_USER failed: " + err.message()));
    }
}
