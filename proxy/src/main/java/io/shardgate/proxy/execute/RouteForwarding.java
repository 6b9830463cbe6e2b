package io.shardgate.proxy.execute;

import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.proxy.protocol.ErrorResponse;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.router.plan.Route;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The one way a statement reaches one backend and its response goes to the client as raw packets: a plan's
 * route, a local command that asks the default node (SHOW WARNINGS, system variables), a prepared statement
 * prepared and run natively on one node, COM_FIELD_LIST. Each step happens here once: the connection is
 * acquired (and synced to the session), the statement's deadline has its say before anything is sent, the
 * command is made for that connection (translated for its SQL dialect, or carrying a statement id that lives
 * on it), and the response is forwarded, renaming physical tables to logical ones in its metadata.
 */
public final class RouteForwarding {

    /** Makes the command for the connection it goes to. */
    public interface CommandFor {

        /**
         * The command to send on {@code connection}; may adjust {@code forwarder} (a prepared statement watches
         * for its PREPARE_OK). Completes with an {@code ErrorResponse} to answer instead of sending anything.
         */
        CompletableFuture<MysqlPacket> on(BackendConnection connection, ResponseForwarder forwarder);

        /** Nothing will be sent: release what the command holds. */
        default void notSent() {
        }
    }

    private final ExecutionContext context;
    private final Supplier<LogicalTableNames> tableNames;

    /** @param tableNames how result metadata names the session schema's shard tables (null inside: none) */
    public RouteForwarding(ExecutionContext context, Supplier<LogicalTableNames> tableNames) {
        this.context = context;
        this.tableNames = tableNames;
    }

    /**
     * Runs {@code route}'s SQL. {@code original} is the client's own COM_QUERY packet when its text is exactly
     * the route's SQL (sent as is then), else null; it is sent or released.
     */
    public void forward(Route route, MysqlPacket original, StatementOutput output) {
        forward(route.node(), route.primaryRequired(), output, new CommandFor() {
            @Override
            public CompletableFuture<MysqlPacket> on(BackendConnection connection, ResponseForwarder forwarder) {
                var session = context.session();
                String translated = BackendDialect.translate(route.sql(), connection.serverVersion(), session.sqlMode());
                if (original != null && translated == null) {
                    return CompletableFuture.completedFuture(original);
                }
                notSent();
                return CompletableFuture.completedFuture(CommandPacket.query(translated == null ? route.sql()
                        : translated, session.charset()));
            }

            @Override
            public void notSent() {
                if (original != null) {
                    original.release();
                }
            }
        });
    }

    /** Sends what {@code command} makes for a connection to {@code node} and forwards the response. */
    public void forward(String node, boolean primary, StatementOutput output, CommandFor command) {
        StatementDeadline deadline = output.deadline();
        context.session().counts().ranOn(node, primary);
        context.acquire(node, primary).whenComplete((connection, failure) -> {
            if (failure != null || deadline.expired()) {
                command.notSent();
                output.error(failure != null ? ErrorSink.toErr(failure) : output.bound().notSent(node));
                return;
            }
            ResponseForwarder forwarder = output.forwarder().renaming(tableNames.get());
            command.on(connection, forwarder).whenComplete((packet, notMade) -> {
                if (notMade != null) {
                    output.error(ErrorSink.toErr(notMade));
                } else if (output.binaryRows()) {
                    forwarder.startBinary(connection, packet);
                } else {
                    forwarder.start(connection, packet);
                }
            });
        });
    }
}
