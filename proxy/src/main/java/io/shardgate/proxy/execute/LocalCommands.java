package io.shardgate.proxy.execute;

import io.shardgate.config.ProxySettings;
import io.shardgate.config.SchemaConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.UserConfig;
import io.shardgate.proxy.admin.AdminService;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.protocol.ClientCharset;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.session.MaxExecutionTime;
import io.shardgate.proxy.session.SchemaAccess;
import io.shardgate.proxy.session.Session;
import io.shardgate.router.plan.Local;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.SessionCommand;
import io.shardgate.router.sql.SqlMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Statements about the session rather than a table: SET, USE, transaction control, KILL, SHOW DATABASES,
 * SHOW PROCESSLIST and selects of system variables/functions. The proxy owns these because a session spans
 * several backend connections; what only a backend can answer (most variables) still goes to one.
 */
public final class LocalCommands {

    private final Session session;
    private final ExecutionContext backends;
    private final Supplier<ShardgateConfig> config;
    private final AdminService admin;
    private final String serverVersion;
    private final RouteForwarding runner;
    private final SystemSelect systemSelect;
    /** SETs of user variables to computed values so far (see {@link #record}). */
    private long computedSets;

    /** @param routes how a statement the proxy asks a backend for goes there and its answer to the client */
    public LocalCommands(ExecutionContext context, Supplier<ShardgateConfig> config, AdminService admin,
                         String serverVersion, RouteForwarding routes) {
        this.session = context.session();
        this.backends = context;
        this.config = config;
        this.admin = admin;
        this.serverVersion = serverVersion;
        this.runner = routes;
        this.systemSelect = new SystemSelect(context, this::defaultNode, this::proxySettings, announced(), routes);
    }

    /** The node that answers what is not about a sharded table: the current schema's default node. */
    public String defaultNode() {
        return config.get().defaultNode(session.schema());
    }

    /** The version the proxy announces, for every place a client reads it. */
    public AnnouncedVersion announced() {
        return new AnnouncedVersion(serverVersion);
    }

    /** The {@code proxy:} settings in force now (they change on reload). */
    public ProxySettings proxySettings() {
        return config.get().proxy();
    }

    // ---------------------------------------------------------------- SET

    /**
     * Records the assignments on the session, then brings the default node's connection to the new state,
     * which both applies and validates them: if the backend refuses a value, the recorded state is restored
     * and the client gets the backend's error, as on a direct connection.
     */
    public void set(SessionCommand command, StatementOutput output) {
        if (backends.transactions().inTransaction() && turnsAutocommitOn(command)) {
            // MySQL commits the open transaction first: all of it, on every node, not the default node's share only
            backends.transactions().end(true).whenComplete((x, failure) -> {
                if (failure != null) {
                    output.error(ErrorSink.toErr(failure));
                } else {
                    apply(command, output);
                }
            });
            return;
        }
        apply(command, output);
    }

    private void apply(SessionCommand command, StatementOutput output) {
        var vars = session.variables();
        Map<String, String> before = new HashMap<>(vars.asMap());
        boolean autocommitBefore = session.autocommit();
        long maxExecutionTimeBefore = session.maxExecutionTime();
        Runnable restore = () -> {
            vars.restore(before);
            backends.transactions().autocommit(autocommitBefore);
            session.maxExecutionTime(maxExecutionTimeBefore);
        };
        if (command.assignments().stream().anyMatch(LocalCommands::changesHowSqlIsRead)) {
            // the connection must still be in the old mode when the SET reaches it: sync first, record after
            backends.acquire(defaultNode(), needsPrimary(command)).whenComplete((connection, failure) -> {
                if (failure != null) {
                    output.error(ErrorSink.toErr(failure));
                    return;
                }
                Recorded recorded = record(command);
                if (recorded.error() != null) {
                    restore.run();
                    output.error(recorded.error());
                } else {
                    setSqlModeOrCharset(connection, restore, recorded.nextTransaction(), output);
                }
            });
            return;
        }
        Recorded recorded = record(command);
        if (recorded.error() != null) {
            restore.run();
            output.error(recorded.error());
            return;
        }
        backends.acquire(defaultNode(), needsPrimary(command)).whenComplete((connection, failure) -> {
            if (failure != null) {
                restore.run();
                output.error(ErrorSink.toErr(failure));
            } else {
                // (SET autocommit=1 in a transaction committed it first, in set(): its next reads may use replicas)
                finishSet(connection, recorded.nextTransaction(), output);
            }
        });
    }

    /** What recording a SET left: a statement to run for the next transaction only, or the client's error. */
    private record Recorded(String nextTransaction, ErrPacket error) {
    }

    private Recorded record(SessionCommand command) {
        var vars = session.variables();
        String nextTransaction = null;
        for (SessionCommand.Assignment a : command.assignments()) {
            switch (a.scope()) {
                case NAMES -> vars.set("names", a.value());
                case CHARACTER_SET -> vars.set("character set", a.value());
                case USER -> {
                    boolean literal = UserVariableValues.isLiteral(a.value(), session.sqlMode());
                    // a computed value is computed at every SET: a text of its own each time makes the sync run it
                    // even when the client repeats the same SET (the sync sends only what differs)
                    vars.set("@" + a.name(), literal ? a.value() : "/* " + ++computedSets + " */ " + a.value());
                    backends.bind(literal ? ConnectionBinding.HOLDS_STATE // see docs/architecture.md, Multiplexing
                            : ConnectionBinding.HOLDS_COMPUTED_VARIABLE);
                }
                case TRANSACTION -> {
                    String value = a.name().equals("transaction_isolation")
                            ? "'" + a.value().trim().toUpperCase(Locale.ROOT).replace(' ', '-') + "'" : a.value();
                    if (a.nextTransactionOnly()) {
                        nextTransaction = command.sql();
                        backends.bind(ConnectionBinding.HOLDS_STATE); // only the connection that ran it knows
                    } else {
                        vars.set(a.name(), value);
                    }
                }
                case SESSION -> {
                    String name = BackendDialect.normalize(a.name());
                    if (name.equals(MaxExecutionTime.NAME)) {
                        // the proxy's own: enforced here, never sent (MariaDB would answer 1193)
                        long millis = MaxExecutionTime.parse(a.value());
                        if (millis == MaxExecutionTime.INVALID) {
                            return new Recorded(null, MysqlError.WRONG_TYPE_FOR_VAR.toPacket(MaxExecutionTime.NAME));
                        }
                        session.maxExecutionTime(millis);
                        continue;
                    }
                    vars.set(name, a.value());
                    if (name.equals("autocommit")) {
                        backends.transactions().autocommit(isOn(a.value()));
                    }
                }
            }
        }
        return new Recorded(nextTransaction, null);
    }

    /**
     * Whether a SET must run on the primary: a user variable computed from an expression lives there (see
     * {@link ConnectionBinding#HOLDS_COMPUTED_VARIABLE}), and a next-transaction SET TRANSACTION belongs on the
     * connection the transaction will use. Any other SET only records state that every connection gets by sync,
     * so it may run where a read would (a replica): a client still connects while its primary is down.
     */
    private boolean needsPrimary(SessionCommand command) {
        for (SessionCommand.Assignment a : command.assignments()) {
            if (a.scope() == SessionCommand.Scope.USER && !UserVariableValues.isLiteral(a.value(), session.sqlMode())
                    || a.scope() == SessionCommand.Scope.TRANSACTION && a.nextTransactionOnly()) {
                return true;
            }
        }
        return false;
    }

    private static boolean turnsAutocommitOn(SessionCommand command) {
        for (SessionCommand.Assignment a : command.assignments()) {
            if (a.scope() == SessionCommand.Scope.SESSION && BackendDialect.normalize(a.name()).equals("autocommit")
                    && isOn(a.value())) {
                return true;
            }
        }
        return false;
    }

    /** {@code SET NAMES}, {@code SET CHARACTER SET}, {@code SET sql_mode}, {@code SET character_set_client}. */
    private static boolean changesHowSqlIsRead(SessionCommand.Assignment a) {
        return switch (a.scope()) {
            case NAMES, CHARACTER_SET -> true;
            case SESSION -> {
                String name = BackendDialect.normalize(a.name());
                yield name.equals("sql_mode") || name.equals("character_set_client");
            }
            default -> false;
        };
    }

    /**
     * A SET that changes how the server reads SQL (charset, sql_mode). The server read the client's statement
     * in the session's old mode, so the proxy applies it on the default node's connection as one statement in
     * that mode, then asks the server what the session's sql_mode and charset are now (an expression such as
     * {@code CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')} or an {@code ANSI} mode leaves no other way to know),
     * and rewrites what the session recorded so far for the new mode: from then on, everything the proxy writes
     * for the session, bound parameters above all, is written for the mode the server reads it in.
     */
    private void setSqlModeOrCharset(BackendConnection connection, Runnable restore, String once,
                                     StatementOutput output) {
        SqlMode previous = session.sqlMode();
        backends.applyAsWritten(connection).whenComplete((state, failure) -> {
            if (failure != null) {
                restore.run();
                output.error(ErrorSink.toErr(failure));
                return;
            }
            ClientCharset charset = ClientCharset.ofName(state.characterSetClient());
            if (charset == null) {
                restore.run();
                backends.discard(connection); // it now reads a charset the proxy cannot write
                output.error(MysqlError.NOT_SUPPORTED_YET.toPacket(
                        "client character set '" + state.characterSetClient() + "' through shardgate"));
                return;
            }
            session.clientCharset(charset);
            session.sqlModeValue(state.sqlMode());
            var vars = session.variables();
            if (vars.get("sql_mode") != null) {
                vars.set("sql_mode", SqlMode.quoteAnyMode(state.sqlMode()));
            }
            SqlMode now = session.sqlMode();
            if (!now.equals(previous)) {
                vars.rewriteValues(v -> now.translate(v, previous));
            }
            backends.variablesApplied(connection);
            finishSet(connection, once, output);
        });
    }

    private void finishSet(BackendConnection connection, String once, StatementOutput output) {
        if (once == null) {
            output.ok(OkPacket.of(0, 0, session.serverStatus(), 0));
            return;
        }
        backends.onLoop(SilentCommand.run(connection, CommandPacket.query(once, session.charset())))
                .whenComplete((s, f) -> {
                    if (f != null) {
                        output.error(ErrorSink.toErr(f));
                    } else {
                        output.ok(OkPacket.of(0, 0, session.serverStatus(), 0));
                    }
                });
    }

    private static boolean isOn(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace("'", "");
        return v.equals("1") || v.equals("on") || v.equals("true");
    }

    // ---------------------------------------------------------------- other local statements

    public void local(Local local, StatementOutput output) {
        switch (local.kind()) {
            case SELECT_SYSTEM -> systemSelect.answer(local.items(), output);
            case SHOW_DATABASES -> showDatabases(output);
            case USE_SCHEMA -> useSchema(local.arguments().get(0), output);
            // a BEGIN lets go of the session's table locks, as on MySQL
            case BEGIN -> answer(backends.unlockTables(Set.of()).thenCompose(x -> {
                backends.bind(ConnectionBinding.UNLOCKS_TABLES);
                return backends.transactions().begin();
            }), output);
            case COMMIT, ROLLBACK -> answer(backends.transactions().end(local.kind() == Local.Kind.COMMIT), output);
            case SAVEPOINT, ROLLBACK_TO_SAVEPOINT, RELEASE_SAVEPOINT -> savepoint(local, output);
            case KILL -> kill(local.arguments(), output);
            case SHOW_PROCESSLIST -> processList(output);
            case EXPLAIN_PLAN -> explainPlan(local.arguments(), output);
            case SHOW_WARNINGS, SHOW_ERRORS -> runner.forward(new Route(defaultNode(),
                    local.kind() == Local.Kind.SHOW_WARNINGS ? "SHOW WARNINGS" : "SHOW ERRORS", false), null, output);
        }
    }

    private void useSchema(String name, StatementOutput output) {
        ShardgateConfig cfg = config.get();
        UserConfig user = cfg.proxy().users().stream().filter(u -> u.user().equals(session.user())).findFirst()
                .orElse(null);
        SchemaAccess.Outcome use = SchemaAccess.resolve(cfg, user, name, session.remoteHost());
        if (use.error() != null) {
            output.error(use.error());
            return;
        }
        session.schema(use.schema());
        output.ok(OkPacket.of(0, 0, session.serverStatus(), 0));
    }

    /** OK once {@code done} completed, or the ERR it failed with. */
    private void answer(CompletableFuture<Void> done, StatementOutput output) {
        done.whenComplete((x, failure) -> {
            if (failure != null) {
                output.error(ErrorSink.toErr(failure));
            } else {
                output.ok(OkPacket.of(0, 0, session.serverStatus(), 0));
            }
        });
    }

    private void savepoint(Local local, StatementOutput output) {
        Transactions.SavepointAction action = switch (local.kind()) {
            case SAVEPOINT -> Transactions.SavepointAction.SET;
            case ROLLBACK_TO_SAVEPOINT -> Transactions.SavepointAction.ROLLBACK_TO;
            default -> Transactions.SavepointAction.RELEASE;
        };
        answer(backends.transactions().savepoint(action, local.arguments().get(0)), output);
    }

    private void kill(List<String> arguments, StatementOutput output) {
        long id;
        try {
            id = Long.parseLong(arguments.get(0));
        } catch (NumberFormatException e) {
            output.error(MysqlError.WRONG_ARGUMENTS.toPacket("KILL"));
            return;
        }
        boolean queryOnly = arguments.size() > 1 && arguments.get(1).equalsIgnoreCase("QUERY");
        switch (admin.kill(id, queryOnly, new AdminService.Asker(session.user()))) {
            case KILLED -> output.ok(OkPacket.of(0, 0, session.serverStatus(), 0));
            case NOT_YOURS -> output.error(MysqlError.KILL_DENIED.toPacket(id));
            case NO_SUCH_SESSION -> output.error(MysqlError.NO_SUCH_THREAD.toPacket(id));
        }
    }

    private void showDatabases(StatementOutput output) {
        ShardgateConfig cfg = config.get();
        UserConfig user = cfg.proxy().users().stream().filter(u -> u.user().equals(session.user())).findFirst()
                .orElse(null);
        List<List<String>> rows = new ArrayList<>();
        rows.add(new ArrayList<>(List.of("information_schema")));
        for (SchemaConfig s : cfg.schemas()) {
            if (user == null || user.mayUse(s.name())) {
                rows.add(new ArrayList<>(List.of(s.name())));
            }
        }
        output.result(LocalResult.of(List.of("Database"), rows));
    }

    /**
     * {@code EXPLAIN FORMAT=shardgate}: one row per line of the plan tree; {@code depth} is the line's level
     * (children of a node are one deeper), {@code operation} the node's first word ({@code Route},
     * {@code MergeShards}, {@code Sort} ...), {@code node} the data node of a route.
     */
    private void explainPlan(List<String> lines, StatementOutput output) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String text = line.stripLeading();
            int depth = (line.length() - text.length()) / 2;
            int space = text.indexOf(' ');
            String operation = space < 0 ? text : text.substring(0, space);
            String node = null;
            if (operation.equals("Route") && space > 0) {
                int end = text.indexOf(' ', space + 1);
                node = end < 0 ? null : text.substring(space + 1, end);
            }
            rows.add(Arrays.asList(Integer.toString(i + 1), Integer.toString(depth), operation, node, text));
        }
        output.result(LocalResult.of(List.of("step", "depth", "operation", "node", "detail"), rows));
    }

    private void processList(StatementOutput output) {
        List<List<String>> rows = new ArrayList<>();
        for (AdminService.SessionInfo s : admin.sessions(new AdminService.Asker(session.user()))) {
            rows.add(Arrays.asList(Long.toString(s.id()), s.user(), s.host(), s.schema(), s.command(),
                    Long.toString(s.seconds()), null, s.statement()));
        }
        output.result(LocalResult.of(List.of("Id", "User", "Host", "db", "Command", "Time", "State", "Info"), rows));
    }
}
