package io.shardgate.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.shardgate.proxy.binding.SessionBackends;
import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.execute.LocalCommands;
import io.shardgate.proxy.execute.LocalResult;
import io.shardgate.proxy.execute.LogicalTableNames;
import io.shardgate.proxy.execute.ResponseForwarder;
import io.shardgate.proxy.execute.RouteForwarding;
import io.shardgate.proxy.execute.StatementCallback;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.execute.plan.PlanRunner;
import io.shardgate.proxy.protocol.Command;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.session.Session;
import io.shardgate.proxy.session.SessionRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command phase of one client connection. Commands run one at a time, in order: a client that
 * pipelines (MariaDB Connector/J sends PREPARE and EXECUTE back to back) has the later ones queued while
 * the socket stops being read. Dispatch only: statements go to {@link QueryCommand}, prepared statements
 * to {@link PreparedStatementCommands}, the rest is answered here.
 */
public final class CommandHandler extends ChannelInboundHandlerAdapter implements SessionRegistry.SessionHandle {

    private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);

    private final Session session;
    private final CommandContext context;
    private final Deque<MysqlPacket> queued = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private SessionBackends backends;
    private QueryCommand queries;
    private PreparedStatementCommands prepared;
    private ChangeUser changingUser;
    private boolean busy;
    private boolean clean = true;
    /** An ERR that ends the connection went out: whatever the client sends meanwhile is dropped. */
    private boolean closing;
    private ResponseForwarder activeForwarder;

    public CommandHandler(Session session, CommandContext context) {
        this.session = session;
        this.context = context;
        // before the login's OK goes out: its status flags tell drivers whether NO_BACKSLASH_ESCAPES is on
        String serverMode = context.backends().serverSqlMode(context.config().get().defaultNode(session.schema()));
        if (serverMode != null) {
            session.sqlModeValue(serverMode);
        }
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.backends = new SessionBackends(session, context.backends(), ctx.channel().eventLoop(),
                schema -> context.config().get().multiplexing(schema), context.transactions(),
                schema -> context.config().get().readYourWrites(schema));
        Output.Factory outputs = (stream, more, callback) -> new Output(this, stream, more, callback);
        RouteForwarding routes = new RouteForwarding(backends,
                () -> LogicalTableNames.of(context.router().get().schemaTopology(session.schema())));
        LocalCommands locals = new LocalCommands(backends, context.config(), context.admin(),
                context.serverVersion(), routes);
        PlanRunner runner = new PlanRunner(backends, routes, locals, context.router());
        this.queries = new QueryCommand(session, context, runner, routes, outputs);
        this.prepared = new PreparedStatementCommands(session, backends, context.router(), outputs, runner, routes,
                context);
        context.sessions().register(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        MysqlPacket packet = (MysqlPacket) msg;
        if (closing) {
            packet.release();
            return;
        }
        if (changingUser != null) {
            ChangeUser exchange = changingUser;
            changingUser = null;
            try {
                exchange.onAuthResponse(packet);
            } finally {
                packet.release();
            }
            return;
        }
        if (packet.firstSequenceId() != 0) {
            // Every command starts a new exchange at 0; anything else is a confused client, which MySQL drops.
            int reply = packet.nextSequenceId();
            packet.release();
            closeWith(reply, MysqlError.NET_PACKETS_OUT_OF_ORDER.toPacket());
            return;
        }
        if (busy) {
            queued.add(packet);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        dispatch(packet);
    }

    private void dispatch(MysqlPacket packet) {
        if (session.killed()) {
            // KILL from another session answers OK before this channel's close runs: run nothing more.
            int reply = packet.nextSequenceId();
            packet.release();
            closeWith(reply, MysqlError.CONNECTION_KILLED.toPacket());
            return;
        }
        busy = true;
        int code = packet.header();
        Command command = code < 0 ? null : Command.of(code);
        if (LOG.isTraceEnabled()) {
            LOG.trace("{}: COM_{} ({} bytes)", session, command, packet.payload().readableBytes());
        }
        ClientStream out = new ClientStream(ctx, packet.nextSequenceId());
        StatementCallback done = callback();
        try {
            if (command == null) {
                writeError(out, MysqlError.UNKNOWN_COM_ERROR.toPacket(), done);
                return;
            }
            switch (command) {
                case QUERY -> queries.query(packet, out, done);
                case QUIT -> {
                    busy = false;
                    ctx.close();
                    return;
                }
                case PING -> writeOk(out, done);
                case INIT_DB -> queries.initDb(packet, out, done);
                case FIELD_LIST -> queries.fieldList(packet, out, done);
                case SET_OPTION -> queries.setOption(packet, out, done);
                case STATISTICS -> queries.statistics(out, done, context);
                case PROCESS_KILL -> queries.processKill(packet, out, done);
                case RESET_CONNECTION -> queries.resetConnection(backends, prepared, out, done);
                case CHANGE_USER -> {
                    changingUser = new ChangeUser(session, context.config(), backends, prepared,
                            queries.defaultNode(), context.frontDoor());
                    changingUser.start(packet, out, done);
                }
                case STMT_PREPARE, STMT_EXECUTE, STMT_CLOSE, STMT_RESET, STMT_SEND_LONG_DATA, STMT_FETCH ->
                        prepared.handle(command, packet, out, done);
                default -> writeError(out, MysqlError.UNKNOWN_COM_ERROR.toPacket(), done);
            }
        } catch (RuntimeException e) {
            changingUser = null; // a COM_CHANGE_USER that failed to start must not take the next command as auth
            LOG.warn("{}: command {} failed", session, command, e);
            if (out.wroteAnything()) {
                done.fatal(e);
            } else {
                writeError(out, MysqlError.unexpected("shardgate failed to run the command", e), done);
            }
        } finally {
            packet.release();
        }
    }

    private StatementCallback callback() {
        return new StatementCallback() {
            private boolean called;

            @Override
            public void done(boolean failed) {
                if (called) {
                    return;
                }
                called = true;
                activeForwarder = null;
                backends.statementEnded();
                session.statementEnded();
                ctx.flush();
                next();
            }

            @Override
            public void fatal(Throwable cause) {
                if (called) {
                    return;
                }
                called = true;
                clean = false;
                LOG.warn("{}: closing after an unrecoverable error: {}", session, cause.toString());
                ctx.flush();
                ctx.close();
            }
        };
    }

    private void next() {
        busy = false;
        MysqlPacket packet = queued.poll();
        if (packet != null) {
            dispatch(packet);
        } else if (!ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    static void writeOk(ClientStream out, StatementCallback done) {
        ByteBuf buf = out.context().alloc().buffer(16);
        OkPacket.of(0, 0, 0x0002, 0).encode(buf, io.shardgate.proxy.protocol.Capabilities.PROTOCOL_41);
        out.write(buf);
        done.done(false);
    }

    static void writeError(ClientStream out, ErrPacket err, StatementCallback done) {
        ByteBuf buf = out.context().alloc().buffer(64);
        err.encode(buf);
        out.write(buf);
        done.done(true);
    }

    void forwarding(ResponseForwarder forwarder) {
        this.activeForwarder = forwarder;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && activeForwarder != null) {
            activeForwarder.resume();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        context.sessions().unregister(session.connectionId());
        queued.forEach(MysqlPacket::release);
        queued.clear();
        // A response still in flight leaves its backend mid-stream: not reusable.
        backends.releaseAll(clean && !busy);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{}: {}", session, cause.toString());
        closeWith(1, ClientPackets.framingError(cause));
    }

    private void closeWith(int sequenceId, ErrPacket err) {
        closing = true;
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(ClientPackets.err(ctx.alloc(), sequenceId, err)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    // ---------------------------------------------------------------- KILL

    @Override
    public void killQuery() {
        ctx.channel().eventLoop().execute(() -> backends.connections().forEach(context.backends()::cancel));
    }

    @Override
    public java.util.concurrent.CompletableFuture<SessionRegistry.Holding> holding() {
        var holding = new java.util.concurrent.CompletableFuture<SessionRegistry.Holding>();
        ctx.channel().eventLoop().execute(() -> holding.complete(new SessionRegistry.Holding(
                session.inTransaction() ? (session.autocommit() ? "in transaction" : "autocommit off") : "autocommit",
                backends.connections().stream().map(c -> c.backend() + " thread " + c.connectionId()).toList())));
        return holding;
    }

    @Override
    public void killConnection() {
        session.kill();
        ctx.channel().eventLoop().execute(() -> {
            clean = false;
            ctx.close();
        });
    }

    /** Adapts a client stream to what plan execution writes: forwarded packets, OK, ERR or a local result. */
    static final class Output implements StatementOutput {

        @FunctionalInterface
        interface Factory {
            Output create(ClientStream stream, boolean moreFollows, StatementCallback callback);
        }

        private final CommandHandler handler;
        private final ClientStream stream;
        private final boolean moreFollows;
        private final StatementCallback callback;

        Output(CommandHandler handler, ClientStream stream, boolean moreFollows, StatementCallback callback) {
            this.handler = handler;
            this.stream = stream;
            this.moreFollows = moreFollows;
            this.callback = callback;
        }

        @Override
        public ClientStream stream() {
            return stream;
        }

        @Override
        public boolean moreFollows() {
            return moreFollows;
        }

        @Override
        public StatementCallback callback() {
            return callback;
        }

        @Override
        public ResponseForwarder forwarder() {
            ResponseForwarder f = new ResponseForwarder(handler.session, handler.backends.transactions(), stream,
                    moreFollows, callback);
            handler.forwarding(f);
            return f;
        }

        @Override
        public void ok(OkPacket ok) {
            ByteBuf buf = stream.context().alloc().buffer(16);
            OkPacket withMore = new OkPacket(ok.header(), ok.affectedRows(), ok.lastInsertId(),
                    LocalResult.withMoreResults(ok.statusFlags(), moreFollows), ok.warnings(), ok.info(), null);
            withMore.encode(buf, handler.session.capabilities());
            stream.write(buf);
            callback.done(false);
        }

        @Override
        public void error(ErrPacket err) {
            writeError(stream, err, callback);
        }

        @Override
        public void result(LocalResult result) {
            result.writeTo(stream, handler.session.capabilities(),
                    LocalResult.withMoreResults(handler.session.serverStatus(), moreFollows));
            callback.done(false);
        }

        @Override
        public Session session() {
            return handler.session;
        }
    }
}
