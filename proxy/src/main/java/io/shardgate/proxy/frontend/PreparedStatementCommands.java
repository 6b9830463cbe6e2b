package io.shardgate.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.PacketKind;
import io.shardgate.proxy.binding.SessionBackends;
import io.shardgate.proxy.execute.BackendDialect;
import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.execute.ErrorSink;
import io.shardgate.proxy.execute.LocalResult;
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
                forwarder.inspecting((payload, kind) -> {
                    if (kind == PacketKind.PREPARE_OK) {
                        ComStmtPrepareOk ok = ComStmtPrepareOk.decode(payload);
                        pinned.put(clientId, new PinnedStatement(route.node(), prepared, ok.paramCount(), connection,
                                (int) ok.statementId()));
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

    private void execute(Command command, MysqlPacket packet, ClientStream out, StatementCallback done) {
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
        if (stmt == null || (command != Command.STMT_EXECUTE && !stmt.connection().isUsable())) {
            pinned.remove(id);
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
        }
        // Through the session's acquire, not straight to the connection: it sends what the session owes the
        // backend first (a lazy BEGIN of an open transaction, changed SET variables, the schema).
        session.counts().next();
        MysqlPacket command0 = packet.retain();
        routes.forward(stmt.node(), true, output, new RouteForwarding.CommandFor() {
            @Override
            public CompletableFuture<MysqlPacket> on(BackendConnection connection, ResponseForwarder forwarder) {
                if (connection == stmt.connection()) {
                    rewriteId(command0, stmt.backendId());
                    return CompletableFuture.completedFuture(command0);
                }
                if (command == Command.STMT_EXECUTE) {
                    return reprepared(stmt, connection, command0);
                }
                // a cursor or long data lived on the old connection: gone with it
                notSent();
                pinned.remove(id);
                return CompletableFuture.failedFuture(new ErrorResponse(unknownStatement(command, id)));
            }

            @Override
            public void notSent() {
                command0.release();
            }
        });
    }

    /**
     * The statement's connection was replaced (the old one died outside a transaction): prepare it again on
     * the session's new connection; the EXECUTE then runs there with the parameter types it needs.
     */
    private CompletableFuture<MysqlPacket> reprepared(PinnedStatement stmt, BackendConnection connection,
                                                     MysqlPacket execute) {
        return PreparedMetadata.prepareOn(connection, stmt.sql(), session.charset()).handle((backendId, failure) -> {
            if (failure != null) {
                execute.release();
                throw new CompletionException(failure);
            }
            ByteBuf typed = stmt.withTypes(execute.payload(), execute.payload().alloc());
            if (typed == null) {
                execute.release();
                throw new ErrorResponse(MysqlError.WRONG_ARGUMENTS.toPacket("mysqld_stmt_execute"));
            }
            stmt.movedTo(connection, backendId);
            MysqlPacket send = typed == execute.payload() ? execute : new MysqlPacket(0, typed);
            if (send != execute) {
                execute.release();
            }
            rewriteId(send, backendId);
            return send;
        });
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

    /** CLOSE and SEND_LONG_DATA have no response; an unknown id is ignored, as MySQL does. */
    private void noResponse(MysqlPacket packet, Command command, StatementCallback done) {
        int id = statementId(packet);
        RoutedStatement r = routed.get(id);
        if (r != null) {
            if (command == Command.STMT_CLOSE) {
                routed.remove(id);
            } else {
                try {
                    ComStmtSendLongData data = ComStmtSendLongData.decode(packet.payload());
                    r.appendLongData(data.paramId(), data.data());
                } catch (MalformedPacketException ignored) {
                    // MySQL ignores a malformed long-data chunk too: the EXECUTE then reports the missing value
                }
            }
        } else {
            PinnedStatement stmt = command == Command.STMT_CLOSE ? pinned.remove(id) : pinned.get(id);
            if (stmt != null && stmt.connection().isUsable()) {
                rewriteId(packet, stmt.backendId());
                SilentCommand.runWithoutResponse(stmt.connection(), packet.retain());
            }
        }
        done.done(false);
    }

    /** COM_RESET_CONNECTION closes every statement on the backends too. */
    void closeAll() {
        pinned.clear();
        routed.clear();
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
    private record BinaryOutput(StatementOutput delegate) implements StatementOutput {
        @Override
        public ResponseForwarder forwarder() {
            return delegate.forwarder();
        }

        @Override
        public void ok(OkPacket ok) {
            delegate.ok(ok);
        }

        @Override
        public void error(ErrPacket err) {
            delegate.error(err);
        }

        @Override
        public void result(LocalResult result) {
            delegate.result(result);
        }

        @Override
        public Session session() {
            return delegate.session();
        }

        @Override
        public ClientStream stream() {
            return delegate.stream();
        }

        @Override
        public boolean moreFollows() {
            return delegate.moreFollows();
        }

        @Override
        public StatementCallback callback() {
            return delegate.callback();
        }

        @Override
        public boolean binaryRows() {
            return true;
        }

        @Override
        public io.shardgate.proxy.execute.StatementDeadline deadline() {
            return delegate.deadline();
        }

        @Override
        public io.shardgate.proxy.execute.StatementBound bound() {
            return delegate.bound();
        }
    }
}
