package io.shardgate.proxy.binding;

import io.netty.channel.EventLoop;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.execute.BackendDialect;
import io.shardgate.proxy.execute.SilentCommand;
import io.shardgate.proxy.protocol.Command;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.proxy.protocol.ErrorResponse;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.session.Session;
import io.shardgate.proxy.session.SessionVariables;
import io.shardgate.router.sql.SqlMode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Brings a connection to the session's state before it serves a statement, with the fewest round trips:
 * COM_INIT_DB only when the schema differs, the SET variables only when they changed since the connection
 * last synced (charset and sql_mode first when they changed: see {@code SessionVariables.syncStatements}), and
 * what the session's transaction asks of a connection joining it. Then the one check no statement may skip:
 * the connection reads SQL in the sql_mode the proxy wrote it for ({@link #sameSqlMode}).
 */
final class StateSync {

    private final Session session;
    private final TransactionCoordinator transactions;
    private final EventLoop loop;

    StateSync(Session session, TransactionCoordinator transactions, EventLoop loop) {
        this.session = session;
        this.transactions = transactions;
        this.loop = loop;
    }

    /** The variables of the session this syncs for. */
    SessionVariables variables() {
        return session.variables();
    }

    /** Nothing to send: the hot path, decided without allocating. */
    boolean inSync(BoundConnection b) {
        String schema = session.schema();
        return (schema == null || schema.equals(b.schema))
                && session.variables().version() == b.variablesVersion
                && !transactions.mustJoin(b)
                && b.connection.noBackslashEscapes() == session.sqlMode().noBackslashEscapes();
    }

    /** {@code b}'s connection once it is in the session's state; completes on the session's loop. */
    CompletableFuture<BackendConnection> sync(BoundConnection b) {
        return sync(b, false);
    }

    private CompletableFuture<BackendConnection> sync(BoundConnection b, boolean modeForced) {
        if (inSync(b) && loop.inEventLoop()) {
            return CompletableFuture.completedFuture(b.connection);
        }
        String schema = session.schema();
        var vars = session.variables();
        boolean schemaDiffers = schema != null && !schema.equals(b.schema);
        List<String> statements = List.of();
        if (vars.version() != b.variablesVersion) {
            String version0 = b.connection.serverVersion();
            statements = vars.syncStatements(b.variables, n -> BackendDialect.variableName(n, version0));
            if (statements.isEmpty()) {
                // the same values (a connection another session left, or this one's own): nothing to send
                b.variablesVersion = vars.version();
                b.remember(vars);
            }
        }
        if (!schemaDiffers && statements.isEmpty() && !transactions.mustJoin(b) && loop.inEventLoop()) {
            return sameSqlMode(b, modeForced); // the multiplexed hot path: no round trip, no hop
        }
        CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
        if (schemaDiffers) {
            chain = chain.thenCompose(x -> run(b.connection, command(Command.INIT_DB, schema)))
                    .thenRun(() -> b.schema = schema);
        }
        if (!statements.isEmpty()) {
            long version = vars.version();
            Map<String, String> snapshot = Map.copyOf(vars.asMap());
            for (String set : statements) {
                chain = chain.thenCompose(x -> run(b.connection, command(Command.QUERY, set)));
            }
            chain = chain.thenRun(() -> {
                b.variables = snapshot;
                b.variablesVersion = version;
            });
        }
        if (schemaDiffers || !statements.isEmpty()) {
            chain = chain.thenRun(() -> b.remember(vars));
        }
        if (transactions.mustJoin(b)) {
            for (String statement : transactions.joinStatements(b)) {
                chain = chain.thenCompose(x -> run(b.connection, command(Command.QUERY, statement)));
            }
            chain = chain.thenRun(() -> b.joined = true);
        }
        return chain.thenComposeAsync(x -> sameSqlMode(b, modeForced), loop);
    }

    /**
     * Refuses to hand out a connection whose sql_mode would read the session's SQL differently than the proxy
     * wrote it. The status flags of the connection's last response say whether NO_BACKSLASH_ESCAPES is on;
     * when they disagree with the session (nodes with different server defaults, or a mode changed behind the
     * proxy's back by a stored routine or an SQL-level PREPARE), the session's sql_mode is set on the
     * connection explicitly and checked again. A session that did not know its mode yet (no connection to its
     * default node had been opened when it logged in) learns it here; if the statement at hand was read in
     * another mode, it is not sent.
     */
    private CompletableFuture<BackendConnection> sameSqlMode(BoundConnection b, boolean modeForced) {
        if (session.sqlModeValue() == null) {
            var assumed = session.sqlMode();
            session.sqlModeValue(b.connection.initialSqlMode());
            if (!session.sqlMode().equals(assumed)) {
                return CompletableFuture.failedFuture(new ErrorResponse(MysqlError.UNKNOWN_ERROR.toPacket(
                        "shardgate learned the session's sql_mode (" + session.sqlModeValue() + ") only now and read "
                                + "this statement in another one; it was not sent: run it again")));
            }
        }
        if (b.connection.noBackslashEscapes() == session.sqlMode().noBackslashEscapes()) {
            return CompletableFuture.completedFuture(b.connection);
        }
        if (modeForced) {
            return CompletableFuture.failedFuture(new ErrorResponse(MysqlError.UNKNOWN_ERROR.toPacket(
                    "the sql_mode of backend " + b.connection.backend() + " does not follow the session's ("
                            + session.sqlModeValue() + "); the statement was not sent")));
        }
        session.variables().set("sql_mode", SqlMode.quoteAnyMode(session.sqlModeValue()));
        return sync(b, true);
    }

    private MysqlPacket command(Command command, String text) {
        return CommandPacket.of(command, text, session.charset());
    }

    private static CompletableFuture<Integer> run(BackendConnection connection, MysqlPacket command) {
        return SilentCommand.run(connection, command);
    }
}
