package io.shardgate.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.PacketKind;
import io.shardgate.proxy.binding.SessionBackends;
import io.shardgate.proxy.execute.BackendDialect;
import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.execute.ConnectionBinding;
import io.shardgate.proxy.execute.DelegatingOutput;
import io.shardgate.proxy.execute.ErrorSink;
import io.shardgate.proxy.execute.LogicalTableNames;
import io.shardgate.proxy.execute.ResponseForwarder;
import io.shardgate.proxy.execute.RouteForwarding;
import io.shardgate.proxy.execute.SilentCommand;
import io.shardgate.proxy.execute.StatementCallback;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.execute.plan.PlanRunner;
import io.shardgate.proxy.protocol.ComStmtExecute;
import io.shardgate.proxy.protocol.ComStmtPrepareOk;
import io.shardgate.proxy.protocol.ComStmtSendLongData;
import io.shardgate.proxy.protocol.Command;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.ErrorResponse;
import io.shardgate.proxy.protocol.MalformedPacketException;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.PreparedStatementState;
import io.shardgate.proxy.reshard.WriteHold;
import io.shardgate.proxy.session.Session;
import io.shardgate.router.Router;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.Route;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * COM_STMT_*. Two kinds of statement, both under the proxy's own statement ids (mapped per session, so ids
 * never clash when a session's statements live on several nodes):
 * <ul>
 *   <li><b>pinned</b>: the plan is one route whatever the parameters (unsharded tables, pass-through). It is
 *       prepared on that node's connection and every command is forwarded there; results come back in the
 *       binary protocol, raw.</li>
 *   <li><b>routed</b> ({@link RoutedStatement}): the plan depends on the parameters or spans shards. The
 *       router compiles it at PREPARE; each EXECUTE binds the parameters, plans, runs the plan as text on
 *       the shards and converts rows to the binary protocol. PREPARE answers with metadata learnt by
 *       preparing the first shard's statement once.</li>
 * </ul>
 */
final class PreparedStatementCommands {

    private final Session session;
    private final SessionBackends backends;
    private final Supplier<Router> router;
    private final CommandHandler.Output.Factory outputs;
    private final PlanRunner runner;
    private final RouteForwarding routes;
    private final Map<Integer, PinnedStatement> pinned = new HashMap<>();
    private final Map<Integer, RoutedStatement> routed = new HashMap<>();
    /** Statement id -> how many reshard cutovers had switched when it was prepared ({@link WriteHold#outdated}). */
    private final Map<Integer, Long> preparedAt = new HashMap<>();
    private int nextId = 1;

    private final CommandContext context;

    PreparedStatementCommands(Session session, SessionBackends backends, Supplier<Router> router,
                              CommandHandler.Output.Factory outputs, PlanRunner runner, RouteForwarding routes,
                              CommandContext context) {
        this.context = context;
        this.routes = routes;
        this.session = session;
        this.backends = backends;
        this.router = router;
        this.outputs = outputs;
        this.runner = runner;
    }

    void handle(Command command, MysqlPacket packet, ClientStream out, StatementCallback done) {
        switch (command) {
            case STMT_PREPARE -> prepare(packet, out, done);
            case STMT_CLOSE, STMT_SEND_LONG_DATA -> noResponse(packet, command, done);
            default -> execute(command, packet, out, done);
        }
    }

    // ---------------------------------------------------------------- PREPARE

    private void prepare(MysqlPacket packet, ClientStream out, StatementCallback done) {
        // the backend's answer to a PREPARE is bounded like any statement that is not a SELECT's execution
        StatementOutput output = runner.bounded(outputs.create(out, false, done), "PREPARE");
        ByteBuf p = packet.payload();
        String sql = p.toString(p.readerIndex() + 1, p.readableBytes() - 1, session.charset());
        Plan plan;
        Router.Prepared handle;
        try {
            plan = router.get().route(sql, session);
            handle = router.get().prepare(sql, session);
        } catch (RuntimeException e) {
            output.error(MysqlError.unexpected("shardgate could not plan the statement", e));
            return;
        }
        int clientId = nextId++;
        preparedAt.put(clientId, context.hold().switches());
        if (plan instanceof Route route) {
            preparePinned(clientId, route, sql, packet, output);
            return;
        }
        PreparedMetadata.Source source = PreparedMetadata.sourceOf(plan, sql, handle.parameterCount());
        if (source.error() != null) {
            output.error(source.error());
            return;
        }
        PreparedMetadata.answer(clientId, handle.parameterCount(), source, backends, session, out, tableNames())
                .whenComplete((columns, failure) -> {
                    if (failure != null) {
                        output.error(ErrorSink.toErr(failure));
                    } else {
                        routed.put(clientId, new RoutedStatement(handle,
                                new PreparedStatementState(clientId, handle.parameterCount(), columns)));
                        output.callback().done(false);
                    }
                });
    }

    private void preparePinned(int clientId, Route route, String sql, MysqlPacket packet,
                               StatementOutput output) {
        MysqlPacket original = route.sql().equals(sql) ? packet.retain() : null;
        routes.forward(route.node(), true, output, new RouteForwarding.CommandFor() {
            @Override
            public CompletableFuture<MysqlPacket> on(BackendConnection connection, ResponseForwarder forwarder) {
                String translated = BackendDialect.translate(route.sql(), connection.serverVersion(), session.sqlMode());
                String prepared = translated == null ? route.sql() : translated;
                MysqlPacket command = original != null && translated == null ? original
                        : CommandPacket.of(Command.STMT_PREPARE, prepared, session.charset());
                if (command != original) {
                    notSent();
                }
                closeReplaced(connection);
                forwarder.inspecting((payload, kind) -> {
                    if (kind == PacketKind.PREPARE_OK) {
                        ComStmtPrepareOk ok = ComStmtPrepareOk.decode(payload);
                        connection.state().prepared(prepared, (int) ok.statementId());
                        pinned.put(clientId, new PinnedStatement(route.node(), prepared, ok.paramCount()));
                        payload.setIntLE(payload.readerIndex() + 1, clientId);
                    }
                });
                return CompletableFuture.completedFuture(command);
            }

            @Override
            public void notSent() {
                if (original != null) {
                    original.release();
                }
            }
        });
    }

    // ---------------------------------------------------------------- EXECUTE, RESET, FETCH

    private void execute(Command command, MysqlPacket packet, ClientStream out, StatementCallback callback) {
        StatementCallback done = callback;
        if (command == Command.STMT_EXECUTE) {
            String sql = sqlOf(statementId(packet));
            if (sql != null && context.hold().outdated(sql, preparedAt.getOrDefault(statementId(packet), 0L))) {
                CommandHandler.writeError(out, new ErrPacket(1615, "HY000", "Prepared statement needs to be "
                        + "re-prepared: a reshard moved its table to a new layout since it was prepared"), done);
                return;
            }
            WriteHold.Pass pass = sql == null ? WriteHold.Pass.FREE : context.hold().enter(sql);
            if (pass instanceof WriteHold.Pass.Wait wait) {
                // a reshard's cutover holds its table: try again when it lets go (then maybe outdated, see above)
                MysqlPacket held = packet.retain();
                var loop = out.context().channel().eventLoop();
                wait.opened().whenComplete((x, e) -> loop.execute(() -> {
                    try {
                        execute(command, held, out, callback);
                    } finally {
                        held.release();
                    }
                }));
                return;
            }
            if (pass instanceof WriteHold.Pass.Counted) {
                done = new StatementCallback() {
                    @Override
                    public void done(boolean failed) {
                        context.hold().finished();
                        callback.done(failed);
                    }

                    @Override
                    public void fatal(Throwable cause) {
                        context.hold().finished();
                        callback.fatal(cause);
                    }
                };
            }
        }
        // EXECUTEs are observed like text statements (digests, metrics, slow log); RESET and FETCH are not
        ObservedStatement observed = command == Command.STMT_EXECUTE
                ? new ObservedStatement(session, context.observer(), done) : null;
        CommandHandler.Output created = outputs.create(out, false, observed != null ? observed : done);
        int id = statementId(packet);
        RoutedStatement r = routed.get(id);
        if (r != null) {
            executeRouted(command, r, packet, created, observed); // its plan gets its bound where it runs
            return;
        }
        PinnedStatement stmt = pinned.get(id);
        if (stmt == null) {
            created.error(unknownStatement(command, id));
            return;
        }
        // a SELECT runs under its max execution time, anything else under proxy.write-timeout / ddl-timeout
        session.statementStarted(stmt.sql());
        if (observed != null) {
            observed.shape(stmt.shape());
            if (blacklisted(stmt.shape(), created)) {
                return;
            }
            observed.plan(stmt.route());
        }
        StatementOutput output = runner.bounded(created, stmt.sql());
        if (command == Command.STMT_EXECUTE) {
            stmt.noteTypes(packet.payload());
            if (opensCursor(packet.payload())) {
                backends.bind(ConnectionBinding.HOLDS_STATE); // FETCH must reach the connection holding the cursor
            }
            runner.noteBinding(stmt.sql(), true);
        }
        // Through the session's acquire: it sends what the session owes the backend first (a lazy BEGIN of an
        // open transaction, changed SET variables, the schema), on whichever connection the session has now.
        session.counts().next();
        MysqlPacket command0 = packet.retain();
        routes.forward(stmt.node(), true, output, new RouteForwarding.CommandFor() {
            @Override
            public CompletableFuture<MysqlPacket> on(BackendConnection connection, ResponseForwarder forwarder) {
                closeReplaced(connection);
                Integer backendId = connection.state().preparedId(stmt.sql());
                if (backendId != null) {
                    return CompletableFuture.completedFuture(forExecute(stmt, command0, backendId));
                }
                if (command == Command.STMT_EXECUTE) {
                    return prepareThenExecute(stmt, connection, command0);
                }
                // RESET / FETCH of a statement this connection never prepared: its cursor or data are gone
                notSent();
                pinned.remove(id);
                preparedAt.remove(id);
                return CompletableFuture.failedFuture(new ErrorResponse(unknownStatement(command, id)));
            }

            @Override
            public void notSent() {
                command0.release();
            }
        });
    }

    /**
     * The statement is not prepared on the connection the session has now (another node's connection came back
     * from the pool, or the old one died): prepare it there, then EXECUTE.
     */
    private CompletableFuture<MysqlPacket> prepareThenExecute(PinnedStatement stmt, BackendConnection connection,
                                                             MysqlPacket execute) {
        return PreparedMetadata.prepareOn(connection, stmt.sql(), session.charset()).handle((backendId, failure) -> {
            if (failure != null) {
                execute.release();
                throw new CompletionException(failure);
            }
            connection.state().prepared(stmt.sql(), backendId);
            return forExecute(stmt, execute, backendId);
        });
    }

    /**
     * The client's command for backend statement {@code backendId}. An EXECUTE always carries the parameter
     * types: the backend statement may have been executed by another session since, with its own types.
     */
    private static MysqlPacket forExecute(PinnedStatement stmt, MysqlPacket command, int backendId) {
        MysqlPacket send = command;
        if (command.header() == Command.STMT_EXECUTE.code()) {
            ByteBuf typed = stmt.withTypes(command.payload(), command.payload().alloc());
            if (typed == null) {
                command.release();
                throw new ErrorResponse(MysqlError.WRONG_ARGUMENTS.toPacket("mysqld_stmt_execute"));
            }
            if (typed != command.payload()) {
                send = new MysqlPacket(0, typed);
                command.release();
            }
        }
        rewriteId(send, backendId);
        return send;
    }

    /** Closes the backend statements the connection's cache replaced or evicted (COM_STMT_CLOSE has no answer). */
    private static void closeReplaced(BackendConnection connection) {
        for (int backendId : connection.state().statementsToClose()) {
            ByteBuf close = io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(5);
            close.writeByte(Command.STMT_CLOSE.code()).writeIntLE(backendId);
            SilentCommand.runWithoutResponse(connection, new MysqlPacket(0, close));
        }
    }

    /** COM_STMT_EXECUTE's flags byte asks for a cursor (Connector/J useCursorFetch). */
    private static boolean opensCursor(ByteBuf execute) {
        int flagsAt = execute.readerIndex() + 5;
        return flagsAt < execute.writerIndex() && execute.getByte(flagsAt) != 0;
    }

    /** How result metadata names the session schema's shard tables; null when it has none. */
    private LogicalTableNames tableNames() {
        return LogicalTableNames.of(router.get().schemaTopology(session.schema()));
    }

    private static ErrPacket unknownStatement(Command command, int id) {
        return MysqlError.UNKNOWN_STMT_HANDLER.toPacket(id, "mysqld_stmt_"
                + command.name().substring(5).toLowerCase(java.util.Locale.ROOT));
    }

    /** Answers 1148 when an administrator blacklisted the shape. */
    private boolean blacklisted(String shape, StatementOutput output) {
        if (!context.admin().blacklist().blocks(shape)) {
            return false;
        }
        output.error(MysqlError.NOT_ALLOWED_COMMAND.toPacket("shardgate: statements of this shape are blacklisted "
                + "by an administrator: " + shape));
        return true;
    }

    private void executeRouted(Command command, RoutedStatement statement, MysqlPacket packet,
                               CommandHandler.Output output, ObservedStatement observed) {
        switch (command) {
            case STMT_RESET -> {
                statement.reset();
                output.ok(OkPacket.of(0, 0, session.serverStatus(), 0));
            }
            case STMT_FETCH -> output.error(new ErrPacket(1421, "HY000",
                    "The statement (" + statementId(packet) + ") has no open cursor."));
            default -> {
                List<Object> parameters;
                try {
                    parameters = statement.parameters(ComStmtExecute.decode(packet.payload(), statement.state()),
                            session.charset());
                } catch (MalformedPacketException | IllegalArgumentException e) {
                    output.error(MysqlError.WRONG_ARGUMENTS.toPacket("mysqld_stmt_execute"));
                    return;
                }
                session.statementStarted(statement.handle().sql().original());
                String shape = statement.handle().sql().shape();
                observed.shape(shape);
                if (blacklisted(shape, output)) {
                    return;
                }
                Plan plan;
                try {
                    plan = router.get().execute(statement.handle(), parameters, session);
                } catch (RuntimeException e) {
                    output.error(MysqlError.unexpected("shardgate could not plan the statement", e));
                    return;
                }
                observed.plan(plan);
                runner.run(plan, "", null, new BinaryOutput(output));
            }
        }
    }

    /** The text of a prepared statement (for a pinned one, as sent to its node), or null for an unknown id. */
    private String sqlOf(int id) {
        RoutedStatement r = routed.get(id);
        if (r != null) {
            return r.handle().sql().original();
        }
        PinnedStatement p = pinned.get(id);
        return p == null ? null : p.sql();
    }

    /** CLOSE and SEND_LONG_DATA have no response; an unknown id is ignored, as MySQL does. */
    private void noResponse(MysqlPacket packet, Command command, StatementCallback done) {
        int id = statementId(packet);
        RoutedStatement r = routed.get(id);
        if (r != null) {
            if (command == Command.STMT_CLOSE) {
                routed.remove(id);
                preparedAt.remove(id);
            } else {
                try {
                    ComStmtSendLongData data = ComStmtSendLongData.decode(packet.payload());
                    r.appendLongData(data.paramId(), data.data());
                } catch (MalformedPacketException ignored) {
                    // MySQL ignores a malformed long-data chunk too: the EXECUTE then reports the missing value
                }
            }
        } else if (command == Command.STMT_CLOSE) {
            // the backend statement stays prepared on its connection, for any session that prepares the same text
            pinned.remove(id);
            preparedAt.remove(id);
        } else if (pinned.containsKey(id)) {
            sendLongData(pinned.get(id), packet.retain(), done);
            return;
        }
        done.done(false);
    }

    /**
     * Long data goes to the backend statement the coming EXECUTE will run, so the session keeps its connection
     * from now on; the chunk is sent (after preparing the statement there if needed) before the next command.
     */
    private void sendLongData(PinnedStatement stmt, MysqlPacket chunk, StatementCallback done) {
        backends.bind(ConnectionBinding.HOLDS_STATE);
        backends.acquire(stmt.node(), true).thenCompose(connection -> {
            closeReplaced(connection);
            Integer backendId = connection.state().preparedId(stmt.sql());
            CompletableFuture<Integer> id = backendId != null ? CompletableFuture.completedFuture(backendId)
                    : PreparedMetadata.prepareOn(connection, stmt.sql(), session.charset()).thenApply(prepared -> {
                        connection.state().prepared(stmt.sql(), prepared);
                        return prepared;
                    });
            return id.thenAccept(prepared -> {
                rewriteId(chunk, prepared);
                SilentCommand.runWithoutResponse(connection, chunk);
            });
        }).whenComplete((x, failure) -> {
            if (failure != null) {
                chunk.release(); // the EXECUTE reports the missing value, as MySQL does for a lost chunk
            }
            done.done(false);
        });
    }

    /** COM_RESET_CONNECTION closes every statement on the backends too. */
    void closeAll() {
        pinned.clear();
        routed.clear();
        preparedAt.clear();
    }

    private static int statementId(MysqlPacket packet) {
        ByteBuf p = packet.payload();
        return p.readableBytes() < 5 ? -1 : p.getIntLE(p.readerIndex() + 1);
    }

    private static void rewriteId(MysqlPacket packet, int backendId) {
        ByteBuf p = packet.payload();
        p.setIntLE(p.readerIndex() + 1, backendId);
    }

    /** The same output, with result rows in the binary protocol. */
    private record BinaryOutput(StatementOutput delegate) implements DelegatingOutput {
        @Override
        public boolean binaryRows() {
            return true;
        }
    }
}
