package io.shardgate.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.PacketKind;
import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.execute.LocalCommands;
import io.shardgate.proxy.execute.PlanRunner;
import io.shardgate.proxy.execute.SessionBackends;
import io.shardgate.proxy.execute.StatementCallback;
import io.shardgate.proxy.protocol.Command;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.session.Session;
import io.shardgate.router.Router;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.Route;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * COM_STMT_*: a statement whose plan is one route is prepared on that node's connection (the real
 * parameter count and column definitions come back from the server) and executed there, results in the
 * binary protocol, forwarded raw. The client sees the proxy's own statement ids, mapped per session to
 * (connection, backend id), so ids never clash when a session's statements live on several nodes.
 */
final class PreparedStatementCommands {

    private record Prepared(BackendConnection connection, int backendId) {
    }

    private final Session session;
    private final SessionBackends backends;
    private final Supplier<Router> router;
    private final CommandHandler.Output.Factory outputs;
    private final Map<Integer, Prepared> statements = new HashMap<>();
    private int nextId = 1;

    PreparedStatementCommands(Session session, SessionBackends backends, Supplier<Router> router,
                              CommandHandler.Output.Factory outputs) {
        this.session = session;
        this.backends = backends;
        this.router = router;
        this.outputs = outputs;
    }

    void handle(Command command, MysqlPacket packet, ClientStream out, StatementCallback done) {
        switch (command) {
            case STMT_PREPARE -> prepare(packet, out, done);
            case STMT_CLOSE, STMT_SEND_LONG_DATA -> noResponse(packet, command, done);
            default -> execute(packet, out, done);
        }
    }

    private void prepare(MysqlPacket packet, ClientStream out, StatementCallback done) {
        CommandHandler.Output output = outputs.create(out, false, done);
        ByteBuf p = packet.payload();
        String sql = p.toString(p.readerIndex() + 1, p.readableBytes() - 1, session.charset());
        Plan plan;
        try {
            plan = router.get().route(sql, session);
        } catch (RuntimeException e) {
            output.error(MysqlError.UNKNOWN_ERROR.toPacket("shardgate could not plan the statement: " + e.getMessage()));
            return;
        }
        if (!(plan instanceof Route route)) {
            output.error(MysqlError.NOT_SUPPORTED_YET.toPacket(
                    "server-side prepared statements that span shards (" + plan.getClass().getSimpleName()
                            + "); use client-side prepared statements (useServerPrepStmts=false)"));
            return;
        }
        MysqlPacket command = route.sql().equals(sql) ? packet.retain() : SessionBackends.command(Command.STMT_PREPARE, route.sql());
        int clientId = nextId++;
        backends.acquire(route.node(), true).whenComplete((connection, failure) -> {
            if (failure != null) {
                command.release();
                output.error(PlanRunner.errorOf(failure));
                return;
            }
            output.forwarder().inspecting((payload, kind) -> {
                if (kind == PacketKind.PREPARE_OK) {
                    int at = payload.readerIndex() + 1;
                    statements.put(clientId, new Prepared(connection, payload.getIntLE(at)));
                    payload.setIntLE(at, clientId);
                }
            }).start(connection, command);
        });
    }

    private void execute(MysqlPacket packet, ClientStream out, StatementCallback done) {
        CommandHandler.Output output = outputs.create(out, false, done);
        Prepared stmt = lookup(packet);
        if (stmt == null) {
            output.error(MysqlError.UNKNOWN_STMT_HANDLER.toPacket(statementId(packet), "mysqld_stmt_execute"));
            return;
        }
        if (!stmt.connection().isUsable()) {
            statements.remove(statementId(packet));
            output.error(MysqlError.UNKNOWN_STMT_HANDLER.toPacket(statementId(packet), "mysqld_stmt_execute"));
            return;
        }
        rewriteId(packet, stmt);
        output.forwarder().start(stmt.connection(), packet.retain());
    }

    /** CLOSE and SEND_LONG_DATA have no response; an unknown id is ignored, as MySQL does. */
    private void noResponse(MysqlPacket packet, Command command, StatementCallback done) {
        Prepared stmt = lookup(packet);
        if (stmt != null && stmt.connection().isUsable()) {
            if (command == Command.STMT_CLOSE) {
                statements.remove(statementId(packet));
            }
            rewriteId(packet, stmt);
            SessionBackends.runWithoutResponse(stmt.connection(), packet.retain());
        }
        done.done(false);
    }

    /** COM_RESET_CONNECTION closes every statement on the backends too. */
    void closeAll() {
        statements.clear();
    }

    private Prepared lookup(MysqlPacket packet) {
        return packet.payload().readableBytes() < 5 ? null : statements.get(statementId(packet));
    }

    private static int statementId(MysqlPacket packet) {
        ByteBuf p = packet.payload();
        return p.readableBytes() < 5 ? -1 : p.getIntLE(p.readerIndex() + 1);
    }

    private static void rewriteId(MysqlPacket packet, Prepared stmt) {
        ByteBuf p = packet.payload();
        p.setIntLE(p.readerIndex() + 1, stmt.backendId());
    }
}
