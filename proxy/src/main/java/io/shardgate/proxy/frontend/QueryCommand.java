package io.shardgate.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.binding.SessionBackends;
import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.execute.ErrorSink;
import io.shardgate.proxy.execute.ResponseForwarder;
import io.shardgate.proxy.execute.RouteForwarding;
import io.shardgate.proxy.execute.StatementCallback;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.execute.plan.PlanRunner;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.proxy.protocol.EofPacket;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.reshard.WriteHold;
import io.shardgate.proxy.session.Session;
import io.shardgate.router.plan.Local;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.sql.NormalizedSql;
import io.shardgate.router.sql.Normalizer;
import io.shardgate.router.sql.StatementSplitter;
import io.shardgate.router.strategy.NoShardException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * COM_QUERY and the small commands around it (COM_INIT_DB, COM_FIELD_LIST, COM_SET_OPTION, COM_STATISTICS,
 * COM_PROCESS_KILL, COM_RESET_CONNECTION). A query text is split into statements (the proxy routes each
 * one on its own); each gets a plan from the router and runs; all but the last answer with
 * SERVER_MORE_RESULTS_EXISTS, and the first error ends the query, as on MySQL.
 */
final class QueryCommand {

    private final Session session;
    private final CommandContext context;
    private final PlanRunner runner;
    private final RouteForwarding routes;
    private final CommandHandler.Output.Factory outputs;

    QueryCommand(Session session, CommandContext context, PlanRunner runner, RouteForwarding routes,
                 CommandHandler.Output.Factory outputs) {
        this.routes = routes;
        this.session = session;
        this.context = context;
        this.runner = runner;
        this.outputs = outputs;
    }

    void query(MysqlPacket packet, ClientStream out, StatementCallback done) {
        ByteBuf payload = packet.payload();
        String sql = payload.toString(payload.readerIndex() + 1, payload.readableBytes() - 1, session.charset());
        // Most queries hold one statement and no ';' at all: skip the splitter's quote-aware scan for them.
        List<String> statements = sql.indexOf(';') < 0 ? single(sql) : StatementSplitter.split(sql, session.sqlMode());
        if (statements.isEmpty()) {
            CommandHandler.writeError(out, MysqlError.PARSE_ERROR.toPacket("Query was empty"), done);
            return;
        }
        if (statements.size() > 1 && !session.multiStatements()) {
            CommandHandler.writeError(out, MysqlError.PARSE_ERROR.toPacket(
                    "check the manual that corresponds to your MySQL server version for the right syntax to use near '"
                            + abbreviate(statements.get(1)) + "'"), done);
            return;
        }
        MysqlPacket original = statements.size() == 1 ? packet.retain() : null;
        runStatement(statements, 0, original, out, done);
    }

    private void runStatement(List<String> statements, int i, MysqlPacket original, ClientStream out,
                              StatementCallback done) {
        String statement = statements.get(i);
        WriteHold.Pass pass = context.hold().enter(statement);
        if (pass instanceof WriteHold.Pass.Wait wait) {
            // a reshard's cutover holds the moving tables: plan again when it lets go (on the new layout)
            var loop = out.context().channel().eventLoop();
            wait.opened().whenComplete((x, e) -> loop.execute(() -> runStatement(statements, i, original, out, done)));
            return;
        }
        boolean more = i + 1 < statements.size();
        StatementCallback then = pass instanceof WriteHold.Pass.Counted ? counted(done) : done;
        StatementCallback next = !more ? then : new StatementCallback() {
            @Override
            public void done(boolean failed) {
                if (failed) {
                    then.done(true);
                } else {
                    if (then != done) {
                        context.hold().finished();
                    }
                    runStatement(statements, i + 1, null, out, done);
                }
            }

            @Override
            public void fatal(Throwable cause) {
                then.fatal(cause);
            }
        };
        ObservedStatement observed = new ObservedStatement(session, context.observer(), next);
        CommandHandler.Output output = outputs.create(out, more, observed);
        session.statementStarted(statement);
        if (context.routingMayBlock(session.schema())) {
            // Lookup tables read their locator over JDBC on a cache miss: plan off the event loop, run on it.
            var loop = out.context().channel().eventLoop();
            Thread.ofVirtual().name("route-" + session.connectionId()).start(() -> {
                Plan plan = plan(statement, original, output, observed);
                if (plan != null) {
                    loop.execute(() -> runner.run(plan, statement, original, output));
                }
            });
            return;
        }
        Plan plan = plan(statement, original, output, observed);
        if (plan != null) {
            runner.run(plan, statement, original, output);
        }
    }

    /**
     * The statement's plan, or null after answering the client with the planning error (or the blacklist's). Notes
     * the shape and plan on {@code observed} for the statement's observer.
     */
    private Plan plan(String statement, MysqlPacket original, CommandHandler.Output output,
                      ObservedStatement observed) {
        try {
            NormalizedSql normalized = Normalizer.normalize(statement, session.sqlMode());
            observed.shape(normalized.shape());
            if (context.admin().blacklist().blocks(normalized.shape())) {
                release(original);
                output.error(MysqlError.NOT_ALLOWED_COMMAND.toPacket("shardgate: statements of this shape are "
                        + "blacklisted by an administrator: " + normalized.shape()));
                return null;
            }
            Plan plan = context.router().get().route(normalized, session);
            observed.plan(plan);
            return plan;
        } catch (NoShardException e) {
            release(original);
            output.error(MysqlError.UNKNOWN_ERROR.toPacket(e.getMessage()));
        } catch (RuntimeException e) {
            release(original);
            output.error(MysqlError.unexpected("shardgate could not plan the statement", e));
        }
        return null;
    }

    /** {@code done}, after telling the write hold that a counted statement answered. */
    private StatementCallback counted(StatementCallback done) {
        return new StatementCallback() {
            @Override
            public void done(boolean failed) {
                context.hold().finished();
                done.done(failed);
            }

            @Override
            public void fatal(Throwable cause) {
                context.hold().finished();
                done.fatal(cause);
            }
        };
    }

    private static List<String> single(String sql) {
        return sql.isBlank() ? List.of() : List.of(sql);
    }

    private static void release(MysqlPacket packet) {
        if (packet != null) {
            packet.release();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) : s;
    }

    /** The node that answers for the session's current schema. */
    java.util.function.Supplier<String> defaultNode() {
        return runner.locals()::defaultNode;
    }

    void initDb(MysqlPacket packet, ClientStream out, StatementCallback done) {
        ByteBuf payload = packet.payload();
        String schema = payload.toString(payload.readerIndex() + 1, payload.readableBytes() - 1, session.charset());
        runner.run(Local.of(Local.Kind.USE_SCHEMA, schema), "", null, outputs.create(out, false, done));
    }

    /** COM_FIELD_LIST (old clients' column listing): answered by the default node, as a pass-through. */
    void fieldList(MysqlPacket packet, ClientStream out, StatementCallback done) {
        // COM_FIELD_LIST is SHOW COLUMNS' old form: bounded as such (proxy.write-timeout)
        StatementOutput output = runner.bounded(outputs.create(out, false, done), "SHOW COLUMNS");
        MysqlPacket command = packet.retain();
        routes.forward(runner.locals().defaultNode(), false, output, new RouteForwarding.CommandFor() {
            @Override
            public CompletableFuture<MysqlPacket> on(BackendConnection connection, ResponseForwarder forwarder) {
                return CompletableFuture.completedFuture(command);
            }

            @Override
            public void notSent() {
                command.release();
            }
        });
    }

    /** COM_SET_OPTION: multi-statements on (0) or off (1), honoured by the proxy's splitter. */
    void setOption(MysqlPacket packet, ClientStream out, StatementCallback done) {
        ByteBuf p = packet.payload();
        if (p.readableBytes() < 3) {
            CommandHandler.writeError(out, MysqlError.WRONG_ARGUMENTS.toPacket("COM_SET_OPTION"), done);
            return;
        }
        int option = p.getUnsignedShortLE(p.readerIndex() + 1);
        if (option > 1) {
            CommandHandler.writeError(out, MysqlError.UNKNOWN_COM_ERROR.toPacket(), done);
            return;
        }
        session.multiStatements(option == 0);
        ByteBuf buf = out.context().alloc().buffer(9);
        if (session.deprecateEof()) {
            OkPacket.of(0, 0, session.serverStatus(), 0).encode(buf, session.capabilities());
        } else {
            new EofPacket(0, session.serverStatus()).encode(buf, session.capabilities());
        }
        out.write(buf);
        done.done(false);
    }

    void statistics(ClientStream out, StatementCallback done, CommandContext ctx) {
        long uptime = (System.currentTimeMillis() - ctx.startedAtMillis()) / 1000;
        String text = "Uptime: " + uptime + "  Threads: " + ctx.sessions().size() + "  Questions: 0"
                + "  Slow queries: 0  Opens: 0  Open tables: 0  Queries per second avg: 0.000";
        out.write(out.context().alloc().buffer().writeBytes(text.getBytes(StandardCharsets.UTF_8)));
        done.done(false);
    }

    void processKill(MysqlPacket packet, ClientStream out, StatementCallback done) {
        ByteBuf p = packet.payload();
        if (p.readableBytes() < 5) {
            CommandHandler.writeError(out, MysqlError.WRONG_ARGUMENTS.toPacket("COM_PROCESS_KILL"), done);
            return;
        }
        long id = p.getUnsignedIntLE(p.readerIndex() + 1);
        runner.run(Local.of(Local.Kind.KILL, Long.toString(id)), "", null, outputs.create(out, false, done));
    }

    /** COM_RESET_CONNECTION: every bound backend is reset too, and the session forgets its SETs. */
    void resetConnection(SessionBackends backends, PreparedStatementCommands prepared, ClientStream out,
                         StatementCallback done) {
        StatementOutput output = runner.bounded(outputs.create(out, false, done), "RESET CONNECTION");
        backends.onEveryConnection(() -> CommandPacket.of(io.shardgate.proxy.protocol.Command.RESET_CONNECTION, "", session.charset()))
                .whenComplete((x, failure) -> {
                    session.reset();
                    backends.forgetState();
                    backends.startInServerSqlMode(runner.locals().defaultNode());
                    prepared.closeAll();
                    if (failure != null) {
                        output.error(ErrorSink.toErr(failure));
                    } else {
                        output.ok(OkPacket.of(0, 0, session.serverStatus(), 0));
                    }
                });
    }
}
