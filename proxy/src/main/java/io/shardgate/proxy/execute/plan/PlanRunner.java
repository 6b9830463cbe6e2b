package io.shardgate.proxy.execute.plan;

import io.shardgate.config.ProxySettings;
import io.shardgate.proxy.execute.ConnectionBinding;
import io.shardgate.proxy.execute.ExecutionContext;
import io.shardgate.proxy.execute.LocalCommands;
import io.shardgate.proxy.execute.LogicalTableNames;
import io.shardgate.proxy.execute.RouteForwarding;
import io.shardgate.proxy.execute.StatementBound;
import io.shardgate.proxy.execute.StatementDeadline;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.execute.UserVariableValues;
import io.shardgate.proxy.execute.scatter.ScatterExecutor;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.router.Router;
import io.shardgate.router.plan.ApplyJoin;
import io.shardgate.router.plan.Broadcast;
import io.shardgate.router.plan.CatalogFold;
import io.shardgate.router.plan.CatalogRead;
import io.shardgate.router.plan.Empty;
import io.shardgate.router.plan.GeneratedKeys;
import io.shardgate.router.plan.InlineSubqueries;
import io.shardgate.router.plan.InsertSelect;
import io.shardgate.router.plan.KeyCheckedWrite;
import io.shardgate.router.plan.Local;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.RenameTable;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.SessionCommand;
import io.shardgate.router.plan.TableListing;
import io.shardgate.router.plan.TableLocks;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs one statement's {@link Plan} for a session: the dispatcher over the executors, each small and unit-tested
 * against a fake {@link ExecutionContext}: {@link RouteForwarding} for one route (raw packets),
 * {@link BroadcastWrites} for writes over several shards, {@code ScatterExecutor} for cross-shard reads (plan trees),
 * {@link LocalCommands} for what the proxy answers itself, {@link RewrittenResults} for metadata it rewrites,
 * {@link CatalogReads} for metadata folded from every node's, {@link KeyCheckedWrites} for an UPDATE that sets
 * the shard key where only a check can tell that no row moves, {@link TableLocking} for LOCK / UNLOCK TABLES,
 * {@link ApplyJoinReads} for the outer values an apply join needs before its read tree runs.
 * Before dispatching it arms the statement's time bound and notes state a statement leaves on its connection.
 * Runs on the client's event loop.
 */
public final class PlanRunner {

    /** Without proxy settings (tests): config's defaults of max-sort-rows and subquery-inline-limit. */
    private static final int DEFAULT_MAX_ROWS = 1_000_000;
    private static final int DEFAULT_INLINE_LIMIT = 10_000;
    private static final int DEFAULT_SEMI_JOIN_ROWS = 1_000_000;
    private static final int DEFAULT_JOIN_ROWS = 1_000_000;

    private final ExecutionContext context;
    private final RouteForwarding routes;
    private final LocalCommands locals;
    private final Supplier<Router> router;
    private final BroadcastWrites writes;
    private final RewrittenResults rewritten;
    private final CatalogReads catalogs;
    private final KeyCheckedWrites keyChecked;
    private final TableLocking locking;
    private final SubqueryReads subqueries;
    private final InsertSelects insertSelects;
    private final ApplyJoinReads applyJoins;

    /** @param router the live router (swapped on reload): what the session's schema's tables are */
    public PlanRunner(ExecutionContext context, RouteForwarding routes, LocalCommands locals, Supplier<Router> router) {
        this.context = context;
        this.routes = routes;
        this.locals = locals;
        this.router = router;
        this.writes = new BroadcastWrites(context);
        this.rewritten = new RewrittenResults(context);
        this.catalogs = new CatalogReads(context, routes);
        this.keyChecked = new KeyCheckedWrites(context);
        this.locking = new TableLocking(context);
        this.subqueries = new SubqueryReads(context);
        this.insertSelects = new InsertSelects(context, subqueries, writes);
        this.applyJoins = new ApplyJoinReads(context, subqueries);
    }

    /** How result metadata names the session schema's shard tables; null when it has none. */
    private LogicalTableNames tableNames() {
        return LogicalTableNames.of(router.get().schemaTopology(context.session().schema()));
    }

    /**
     * @param original the client's own COM_QUERY packet when the statement is the whole query (so a route
     *     whose SQL is unchanged can send it as is), else null. The runner owns it: it is sent or released.
     */
    public void run(Plan plan, String sql, MysqlPacket original, StatementOutput output) {
        run(plan, sql, original, output, true);
    }

    /** @param newStatement false for the statement a plan wrote and runs as its own continuation */
    private void run(Plan plan, String sql, MysqlPacket original, StatementOutput output, boolean newStatement) {
        if (original != null && !(plan instanceof Route r && r.sql().equals(sql))) {
            original.release();
            original = null;
        }
        if (context.transactions().inTransaction() && (plan instanceof Route || plan instanceof Broadcast
                || plan instanceof RenameTable) && StatementBound.commitsImplicitly(boundedSql(plan, sql))) {
            // DDL commits the open transaction first (MySQL's implicit commit): all of it, through the coordinator
            MysqlPacket kept = original;
            StatementOutput out = output;
            context.transactions().end(true).whenComplete((x, failure) -> {
                if (failure != null) {
                    if (kept != null) {
                        kept.release();
                    }
                    out.error(io.shardgate.proxy.execute.ErrorSink.toErr(failure));
                } else {
                    dispatch(plan, sql, kept, out, newStatement); // still "in a transaction" with autocommit off: no second commit
                }
            });
            return;
        }
        dispatch(plan, sql, original, output, newStatement);
    }

    private void dispatch(Plan plan, String sql, MysqlPacket original, StatementOutput output, boolean newStatement) {
        var session = context.session();
        noteConnectionState(plan, sql);
        if (newStatement) {
            session.counts().next();
        }
        if (!(plan instanceof Reject)) {
            output = bounded(output, boundedSql(plan, sql));
        }
        // a route's response is forwarded, its errors renamed there; what the proxy writes itself is renamed here
        LogicalTableNames names = plan instanceof Route ? null : tableNames();
        if (names != null) {
            output = new LogicalErrors(output, names);
        }
        ProxySettings settings = locals.proxySettings();
        switch (plan) {
            case Route r -> routes.forward(r, original, output);
            case Empty e -> routes.forward(e.metadata(), null, output);
            case Reject r -> {
                session.counts().counted(-1);
                output.error(new ErrPacket(r.code(), r.sqlState(), r.message()));
            }
            case SessionCommand c -> locals.set(c, output);
            case Local l when l.kind() == Local.Kind.SHOW_VARIABLES -> rewritten.run(new Route(locals.defaultNode(),
                    l.arguments().get(0), "primary".equals(l.arguments().get(1))), output,
                    outcome -> ResultRewrites.variables(locals.announced(), outcome));
            case Local l -> locals.local(l, output);
            case Broadcast b -> writes.run(b, 0, output);
            case GeneratedKeys g -> writes.generated(g, output);
            case ReadPlan tree when ApplyJoin.in(tree) != null -> applyJoins.run(tree, ApplyJoin.in(tree),
                    settings == null ? DEFAULT_JOIN_ROWS : settings.maxJoinRows(), output,
                    written -> router.get().route(written, session), (resolved, out) -> run(resolved, sql, null, out,
                            false));
            case ReadPlan tree -> {
                session.counts().counted(-1); // a result set (FOUND_ROWS() is not counted: see docs/sql-support.md)
                ScatterExecutor.run(tree, context, output, locals.proxySettings(), output.deadline(), names);
            }
            case TableListing t -> rewritten.run(t.source(), output, outcome -> ResultRewrites.listing(t, outcome));
            case RenameTable t -> rewritten.run(t.input(), output, outcome -> ResultRewrites.rename(t, outcome));
            case CatalogRead c -> catalogs.read(c, output);
            case CatalogFold f -> catalogs.fold(f, output);
            case KeyCheckedWrite k -> keyChecked.run(k, output);
            case TableLocks t -> locking.run(t, output);
            case InsertSelect i -> insertSelects.run(i, settings == null ? DEFAULT_MAX_ROWS : settings.maxSortRows(),
                    output, written -> router.get().route(written, session));
            case InlineSubqueries s -> subqueries.run(s, settings == null ? DEFAULT_MAX_ROWS : settings.maxSortRows(),
                    settings == null ? DEFAULT_INLINE_LIMIT : settings.subqueryInlineLimit(),
                    settings == null ? DEFAULT_SEMI_JOIN_ROWS : settings.maxSemiJoinRows(), output,
                    (written, semiJoin, out) -> {
                        Plan routed = router.get().route(written, session);
                        Plan outer = semiJoin == null || routed instanceof InlineSubqueries ? routed
                                : semiJoin.around(routed);
                        if (outer instanceof InlineSubqueries) { // a statement written has no subquery left
                            out.error(MysqlError.UNKNOWN_ERROR.toPacket("shardgate: a subquery left after inlining"));
                        } else {
                            run(outer, written, null, out, false);
                        }
                    });
        }
    }

    /**
     * A statement that leaves state on its connection (temporary table, LOCK TABLES, named lock, user variable)
     * keeps the session on its own connections.
     */
    private void noteConnectionState(Plan plan, String sql) {
        String text = switch (plan) {
            case Route r -> sql.isEmpty() ? r.sql() : sql;
            case Broadcast b -> sql.isEmpty() && !b.routes().isEmpty() ? b.routes().getFirst().sql() : sql;
            default -> null;
        };
        if (text != null) {
            noteBinding(text, plan instanceof Route r && r.primaryRequired());
        }
    }

    /**
     * What {@code sql} does to the state that ties the session to its connections ({@link ConnectionBinding}).
     *
     * @param primaryRead the statement goes to a primary
     */
    public void noteBinding(String sql, boolean primaryRead) {
        var session = context.session();
        Set<String> literals = sql.indexOf('@') < 0 ? Set.of()
                : UserVariableValues.literals(session.variables(), session.sqlMode());
        ConnectionBinding binding = ConnectionBoundStatements.binding(sql, primaryRead, session.sqlMode(), literals);
        if (binding != ConnectionBinding.NONE) {
            context.bind(binding);
        }
    }

    /**
     * {@code output} under the bound {@code sql} gets (a SELECT's max execution time, {@code proxy.write-timeout},
     * {@code proxy.ddl-timeout}: see {@link StatementBound}), armed now. Plans get it in {@link #run}; the
     * commands that forward to a backend without a plan (prepared statements run natively, COM_FIELD_LIST) ask
     * for it themselves.
     *
     * @param sql the statement as it goes to a backend
     */
    public StatementOutput bounded(StatementOutput output, String sql) {
        if (output.deadline() != StatementDeadline.none()) {
            return output;
        }
        StatementBound bound = StatementBound.of(sql, context.session(), locals.proxySettings());
        return bound.isNone() ? output : new BoundedOutput(output, bound, context.arm(bound));
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
            case CatalogRead c -> c.asWritten();
            case CatalogFold f -> f.routes().getFirst();
            case KeyCheckedWrite k -> k.write() != null ? k.write() : k.checks().getFirst().route();
            case TableLocks t -> t.unlocks() ? null : t.locks().getFirst();
            case InlineSubqueries s -> s.metadata();
            default -> null;
        };
        return first == null ? sql : first.sql();
    }

    public LocalCommands locals() {
        return locals;
    }
}
