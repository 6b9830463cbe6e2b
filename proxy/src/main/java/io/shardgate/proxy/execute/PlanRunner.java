package io.shardgate.proxy.execute;

import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.session.Session;
import io.shardgate.router.Router;
import io.shardgate.router.plan.Broadcast;
import io.shardgate.router.plan.Empty;
import io.shardgate.router.plan.GeneratedKeys;
import io.shardgate.router.plan.Local;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.RenameTable;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.SessionCommand;
import io.shardgate.router.plan.TableListing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Executes one statement's {@link Plan} for a session and writes the client's response. Each plan kind is a
 * small method; the single-backend case forwards raw packets ({@link ResponseForwarder}), the others build
 * their answer. Runs on the client's event loop.
 */
public final class PlanRunner {

    private final Session session;
    private final SessionBackends backends;
    private final LocalCommands locals;
    private final Supplier<Router> router;

    /** @param router the live router (swapped on reload): what the session's schema's tables are */
    public PlanRunner(Session session, SessionBackends backends, LocalCommands locals, Supplier<Router> router) {
        this.session = session;
        this.backends = backends;
        this.locals = locals;
        this.router = router;
    }

    /** How result metadata names the session schema's shard tables; null when it has none. */
    private LogicalTableNames tableNames() {
        return LogicalTableNames.of(router.get().schemaTopology(session.schema()));
    }

    /**
     * @param original the client's own COM_QUERY packet when the statement is the whole query (so a route
     *     whose SQL is unchanged can send it as is), else null. The runner owns it: it is sent or released.
     */
    public void run(Plan plan, String sql, MysqlPacket original, StatementOutput output) {
        if (!(plan instanceof Route) && original != null) {
            original.release();
            original = null;
        }
        noteConnectionState(plan, sql);
        if (locals != null) { // not for the statements local commands forward: they are part of one
            session.counts().next();
            if (!(plan instanceof Reject)) {
                output = bounded(output, boundedSql(plan, sql));
            }
        }
        switch (plan) {
            case Route r -> forward(r, sql, original, output);
            case Empty e -> forward(e.metadata(), sql, null, output);
            case Reject r -> {
                session.counts().counted(-1);
                output.error(new ErrPacket(r.code(), r.sqlState(), r.message()));
            }
            case SessionCommand c -> locals.set(c, output);
            case Local l -> locals.local(l, output);
            case Broadcast b -> broadcast(b, 0, output);
            case GeneratedKeys g -> generated(g, output);
            case ReadPlan tree -> {
                session.counts().counted(-1); // a result set (FOUND_ROWS() is not counted: see docs/sql-support.md)
                io.shardgate.proxy.execute.scatter.ScatterExecutor.run(tree, session, backends, output,
                        locals == null ? null : locals.proxySettings(), output.deadline(), tableNames());
            }
            case TableListing t -> rewritten(t.source(), output, outcome -> ResultRewrites.listing(t, outcome));
            case RenameTable t -> rewritten(t.input(), output, outcome -> ResultRewrites.rename(t, outcome));
        }
    }

    /**
     * A statement that leaves state on its connection (temporary table, LOCK TABLES, named lock) keeps the
     * session's later reads on its pinned connections.
     */
    private void noteConnectionState(Plan plan, String sql) {
        String text = switch (plan) {
            case Route r -> sql.isEmpty() ? r.sql() : sql;
            case Broadcast b -> sql.isEmpty() && !b.routes().isEmpty() ? b.routes().getFirst().sql() : sql;
            default -> null;
        };
        boolean primary = plan instanceof Route r && r.primaryRequired();
        if (text != null && ConnectionBoundStatements.leavesState(text, primary)) {
            backends.holdsConnectionState();
        }
    }

    /**
     * {@code output} under the bound {@code sql} gets (a SELECT's max execution time, {@code proxy.write-timeout},
     * {@code proxy.ddl-timeout}: see {@link StatementBound}), armed now. Plans get it in {@link #run}; the
     * commands that forward to a backend without a plan (prepared statements run natively, COM_FIELD_LIST) ask
     * for it themselves. Only the runner with local commands arms bounds: the one they forward with runs inside
     * their statement, under its bound.
     *
     * @param sql the statement as it goes to a backend
     */
    public StatementOutput bounded(StatementOutput output, String sql) {
        if (locals == null || output.deadline() != StatementDeadline.none()) {
            return output;
        }
        StatementBound bound = StatementBound.of(sql, session, locals.proxySettings());
        return bound.isNone() ? output : new BoundedOutput(output, bound, backends.arm(bound));
    }

    /** The SQL a plan sends (the first route's), which says what bound the statement gets. */
    private static String boundedSql(Plan plan, String sql) {
        Route first = switch (plan) {
            case Route r -> r;
            case Empty e -> e.metadata();
            case ReadPlan tree -> tree.routes().isEmpty() ? null : tree.routes().getFirst();
            case Broadcast b -> b.routes().isEmpty() ? null : b.routes().getFirst();
            case GeneratedKeys g -> g.input() instanceof Route r ? r
                    : g.input() instanceof Broadcast b && !b.routes().isEmpty() ? b.routes().getFirst() : null;
            case TableListing t -> t.source();
            case RenameTable t -> t.input();
            default -> null;
        };
        return first == null ? sql : first.sql();
    }

    private void forward(Route route, String sql, MysqlPacket original, StatementOutput output) {
        MysqlPacket command;
        if (original != null && route.sql().equals(sql)) {
            command = original;
        } else {
            if (original != null) {
                original.release();
            }
            command = SessionBackends.query(route.sql(), session.charset());
        }
        StatementDeadline deadline = output.deadline();
        session.counts().ranOn(route.node(), route.primaryRequired());
        backends.acquire(route.node(), route.primaryRequired()).whenComplete((connection, failure) -> {
            if (failure != null || deadline.expired()) {
                command.release();
                output.error(failure != null ? errorOf(failure) : output.bound().notSent(route.node()));
                return;
            }
            String translated = BackendDialect.translate(route.sql(), connection.serverVersion(), session.sqlMode());
            MysqlPacket send = translated == null ? command : SessionBackends.query(translated, session.charset());
            if (send != command) {
                command.release();
            }
            ResponseForwarder forwarder = output.forwarder().renaming(tableNames());
            if (output.binaryRows()) {
                forwarder.startBinary(connection, send);
            } else {
                forwarder.start(connection, send);
            }
        });
    }

    /** Runs a metadata statement, rewrites its (small) result and writes it. */
    private void rewritten(Route route, StatementOutput output,
                           java.util.function.UnaryOperator<BufferedResult.Outcome> rewrite) {
        session.counts().counted(-1);
        backends.onLoop(backends.acquire(route.node(), route.primaryRequired())
                .thenCompose(c -> {
                    BufferedResult buffer = new BufferedResult(c.capabilities());
                    c.execute(SessionBackends.query(route.sql(), session.charset()), buffer);
                    return buffer.result();
                }))
                .whenComplete((outcome, failure) -> {
                    if (failure != null) {
                        output.error(errorOf(failure));
                    } else if (outcome.error() != null) {
                        output.error(outcome.error());
                    } else if (outcome.columns() == null) {
                        output.ok(outcome.ok());
                    } else {
                        BufferedResult.Outcome r = rewrite.apply(outcome);
                        output.result(new LocalResult(r.columns(), r.rows()));
                    }
                });
    }

    /** Writes that touch several shards or nodes: one OK, affected rows summed (copies: the first copy's). */
    private void broadcast(Broadcast writes, long lastInsertId, StatementOutput output) {
        backends.onLoop(runAll(writes.routes(), writes.copies())).whenComplete((affected, failure) -> {
            if (failure != null) {
                session.counts().counted(-1);
                output.error(errorOf(failure));
            } else {
                // one backend knows only its own share: ROW_COUNT() of this statement is the proxy's to answer
                session.counts().counted(affected);
                output.ok(OkPacket.of(affected, lastInsertId, session.serverStatus(), 0));
            }
        });
    }

    private void generated(GeneratedKeys g, StatementOutput output) {
        session.lastInsertId(g.firstId());
        session.generatedKeys(true);
        Broadcast writes = switch (g.input()) {
            case Route r -> new Broadcast(List.of(r));
            case Broadcast b -> b;
            default -> null;
        };
        if (writes == null) {
            output.error(MysqlError.NOT_SUPPORTED_YET.toPacket("generated keys for a statement that is not one write "
                    + "per shard"));
            return;
        }
        broadcast(writes, g.firstId(), output);
    }

    /**
     * Runs routes silently, nodes in parallel, the routes of one node one after another on its connection;
     * completes with the summed affected rows (for {@code copies}, one route per node: the first route's) or
     * the first error.
     */
    CompletableFuture<Long> runAll(List<Route> routes, boolean copies) {
        Map<String, List<Route>> byNode = new LinkedHashMap<>();
        for (Route r : routes) {
            byNode.computeIfAbsent(r.node() + (r.primaryRequired() ? "#p" : "#r"), k -> new ArrayList<>()).add(r);
        }
        List<CompletableFuture<Long>> perNode = new ArrayList<>();
        for (List<Route> nodeRoutes : byNode.values()) {
            Route first = nodeRoutes.get(0);
            perNode.add(backends.acquire(first.node(), first.primaryRequired())
                    .thenCompose(c -> sequential(c, nodeRoutes, 0, 0L)));
        }
        return CompletableFuture.allOf(perNode.toArray(CompletableFuture[]::new))
                .thenApply(x -> copies && !perNode.isEmpty() ? perNode.getFirst().join()
                        : perNode.stream().mapToLong(CompletableFuture::join).sum());
    }

    private CompletableFuture<Long> sequential(BackendConnection c, List<Route> routes, int i, long sum) {
        if (i == routes.size()) {
            return CompletableFuture.completedFuture(sum);
        }
        SilentCommand silent = new SilentCommand();
        c.execute(SessionBackends.query(routes.get(i).sql(), session.charset()), silent);
        return silent.result().thenCompose(status -> {
            session.observeStatus(status);
            return sequential(c, routes, i + 1, sum + silent.affectedRows());
        });
    }

    public LocalCommands locals() {
        return locals;
    }

    public SessionBackends backends() {
        return backends;
    }

    /**
     * The ERR a failure already is (a refused acquire, a connection abandoned on the proxy's clock), or null
     * for anything else.
     */
    public static ErrPacket answerOf(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t instanceof ErrorResponse e ? e.packet() : null;
    }

    public static ErrPacket errorOf(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof BackendError e) {
            return e.packet();
        }
        if (t instanceof ErrorResponse e) {
            return e.packet();
        }
        return MysqlError.UNKNOWN_ERROR.toPacket(MysqlError.clientText(t));
    }

    /** Sink for one statement's response; knows the client stream and whether more results follow. */
    public interface StatementOutput {
        ResponseForwarder forwarder();

        void ok(OkPacket ok);

        void error(ErrPacket err);

        void result(LocalResult result);

        Session session();

        /** The client stream the statement's response continues (for results the proxy writes row by row). */
        ClientStream stream();

        /** True when more statements of a multi-statement query follow (MORE_RESULTS_EXISTS). */
        boolean moreFollows();

        /** Whom to tell when the response is complete. */
        StatementCallback callback();

        /** True for COM_STMT_EXECUTE: result rows go out in the binary protocol. */
        default boolean binaryRows() {
            return false;
        }

        /** The statement's max execution time or write bound ({@link #bounded}); none by default. */
        default StatementDeadline deadline() {
            return StatementDeadline.none();
        }

        /** What the client is told when the {@link #deadline()} passes. */
        default StatementBound bound() {
            return StatementBound.NONE;
        }
    }

    /** A failure that already is the client's ERR (pool exhausted, no such node ...). */
    public static final class ErrorResponse extends RuntimeException {
        private final ErrPacket packet;

        public ErrorResponse(ErrPacket packet) {
            super(packet.toString(), null, false, false);
            this.packet = packet;
        }

        public ErrPacket packet() {
            return packet;
        }
    }

}
