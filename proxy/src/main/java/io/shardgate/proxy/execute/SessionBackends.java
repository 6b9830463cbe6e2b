package io.shardgate.proxy.execute;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.protocol.Command;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.proxy.session.Session;
import io.shardgate.router.sql.SqlMode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The backend connections serving one client session, one per (node, role), kept for the session's life.
 *
 * <p>Why pinned and not borrowed per statement: everything a MySQL connection remembers (user variables,
 * temporary tables, prepared statements, LAST_INSERT_ID(), GET_LOCK, an open transaction) then behaves
 * exactly as on a direct connection, and the hot path pays no borrow/sync cost. The price is one backend
 * connection per client per node used; {@code pool.max} bounds it and an exhausted pool answers with a clear
 * error. Multiplexing idle autocommit sessions is a later optimisation.
 *
 * <p>Before a statement runs, {@link #acquire} brings the connection to the session's state with the fewest
 * round trips: COM_INIT_DB only when the schema differs, one {@code SET a=.., b=..} only when variables
 * changed, and {@code BEGIN} when the session is in an explicit transaction the connection has not joined.
 *
 * <p>A cross-shard read may also {@link #borrow} pooled connections for the duration of one statement, synced
 * the same way, so that shards sharing a node stream side by side; {@link #mayBorrow} says when that is
 * safe.
 *
 * <p>Hung backends: a statement's {@link StatementBound} is {@link #arm armed} here, because every connection
 * the statement waits on passes through this class (pinned, lent, or being synced for a loan). When the time
 * is up each of them is {@link BackendConnection#interrupt interrupted}: KILL QUERY, and after
 * {@link #INTERRUPT_GRACE} a connection still busy is abandoned, its response failing with the client's answer.
 * An abandoned connection that held the session's transaction took the transaction with it: the statement's
 * answer said so, and the session's other connections are rolled back before anything else runs on them.
 * Confined to the client's event loop.
 */
public final class SessionBackends {

    private static final class Bound {
        final BackendConnection connection;
        String schema;
        final Map<String, String> variables = new HashMap<>();
        long variablesVersion = -1;
        boolean inTransaction;

        Bound(BackendConnection connection) {
            this.connection = connection;
        }
    }

    private record Key(String node, boolean primary) {
    }

    private final Session session;
    private final BackendSource source;
    private final EventLoop loop;
    private final Map<Key, Bound> bound = new LinkedHashMap<>();
    private boolean explicitTransaction;
    /** Until when reads go to the primary: the read-your-writes window after the last write. */
    private long primaryUntilNanos = System.nanoTime();

    /** How long reads follow a write to the primary (replication lag on a healthy replica is far below). */
    static final long READ_YOUR_WRITES_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    /** The session ended: a connection that arrives after that goes straight back to its pool. */
    private boolean released;
    /** Pooled connections lent to statements running now ({@link #borrow}); KILL QUERY reaches them too. */
    private final Set<BackendConnection> lent = new HashSet<>();
    /** The session made state that lives only on its pinned connections ({@link #holdsConnectionState}). */
    private boolean connectionState;
    /** Pooled connections being synced for a {@link #borrow}: not lent yet, but a deadline must reach them. */
    private final Set<BackendConnection> borrowing = new HashSet<>();
    /**
     * Connections a deadline interrupted while they held the session's transaction: if one was abandoned, the
     * statement's answer already told the client that the transaction is gone.
     */
    private final Set<BackendConnection> toldLost = new HashSet<>();

    /**
     * How long a connection may keep a statement running after KILL QUERY before it is abandoned. A server that
     * is up stops a statement and answers the KILL within milliseconds; one that does not within a second is
     * taken to be hung, and the client is not kept waiting for it.
     */
    public static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);

    public SessionBackends(Session session, BackendSource source, EventLoop loop) {
        this.session = session;
        this.source = source;
        this.loop = loop;
    }

    /**
     * A new session (or one just reset) starts in the sql_mode of its default node's server, if the proxy has
     * seen it; otherwise its first connection tells (see {@link #sameSqlMode}).
     */
    public void startInServerSqlMode(String defaultNode) {
        String mode = source.serverSqlMode(defaultNode);
        if (mode != null) {
            session.sqlModeValue(mode);
        }
    }

    /** A connection for {@code node}, synced to the session; completes on the session's event loop. */
    public CompletableFuture<BackendConnection> acquire(String node, boolean primary) {
        CompletableFuture<Void> settled = settleLostConnections();
        if (settled != null) {
            return settled.thenCompose(x -> acquire(node, primary));
        }
        long now = System.nanoTime();
        if (primary) {
            primaryUntilNanos = now + READ_YOUR_WRITES_NANOS;
        }
        boolean wantPrimary = wantsPrimary(node, primary, now);
        Key key = new Key(node, wantPrimary);
        Bound b = bound.get(key);
        if (b != null && b.connection.isUsable()) {
            if (wantPrimary || b.inTransaction || connectionState || source.stillReadable(b.connection)) {
                return sync(b);
            }
            bound.remove(key); // its replica fell behind (max-replica-lag): read elsewhere from now on
            source.release(b.connection, true);
            b = null;
        }
        if (b != null) { // died outside a transaction (settleLostConnections saw to those inside one)
            bound.remove(key);
            source.release(b.connection, false);
        }
        return source.acquire(node, wantPrimary, session.capabilities(), loop)
                .thenComposeAsync(c -> {
                    if (released) {
                        // the client left while this connection was opened or waited for: back it goes
                        source.release(c, true);
                        return CompletableFuture.failedFuture(new PlanRunner.ErrorResponse(
                                MysqlError.UNKNOWN_ERROR.toPacket("shardgate: the session closed")));
                    }
                    Bound fresh = new Bound(c); // pooled connections carry no schema: the first sync sets it
                    bound.put(key, fresh);
                    return sync(fresh);
                }, loop);
    }

    /**
     * Read-your-writes: for a while after the session used a primary, its reads stay there too, so a row it
     * just wrote is never missing because a replica lags behind.
     */
    private boolean wantsPrimary(String node, boolean primary, long now) {
        return primary || explicitTransaction || now - primaryUntilNanos < 0 || !source.hasReplicas(node);
    }

    // ---------------------------------------------------------------- connections lent for one statement

    /**
     * Whether a statement may run on connections other than the pinned ones: not inside a transaction (its
     * reads must see the transaction's writes and locks), and no state that only the pinned connections hold
     * (temporary tables, LOCK TABLES, named locks).
     */
    public boolean mayBorrow() {
        return !explicitTransaction && !session.inTransaction() && !connectionState && !released;
    }

    /**
     * The session ran a statement that leaves state on its connection which another connection would not see
     * or would block on: from now on, until COM_RESET_CONNECTION, statements use only the pinned connections.
     */
    public void holdsConnectionState() {
        connectionState = true;
    }

    /**
     * A pooled connection for one more shard of {@code node}, in the role {@link #acquire} would use for the
     * same read and synced to the session like a pinned one (schema, SET variables), for the caller's
     * statement only: give it back with {@link #giveBack}. Completes (on the session's loop) with null when
     * the pool cannot lend one without queueing, or not within {@code maxWait}; one that arrives later goes
     * straight back to its pool.
     */
    public CompletableFuture<BackendConnection> borrow(String node, boolean primary, Duration maxWait) {
        CompletableFuture<BackendConnection> result = new CompletableFuture<>();
        if (!mayBorrow()) {
            result.complete(null);
            return result;
        }
        boolean wantPrimary = wantsPrimary(node, primary, System.nanoTime());
        source.tryAcquire(node, wantPrimary, session.capabilities(), loop)
                .thenComposeAsync(c -> {
                    if (c == null) {
                        return CompletableFuture.completedFuture((BackendConnection) null);
                    }
                    if (released || result.isDone()) {
                        source.release(c, true);
                        return CompletableFuture.completedFuture((BackendConnection) null);
                    }
                    borrowing.add(c);
                    return sync(new Bound(c)).handleAsync((synced, failure) -> {
                        borrowing.remove(c);
                        if (failure != null) {
                            source.release(c, false); // what the failed sync left behind is unknown
                            return null;
                        }
                        return synced;
                    }, loop);
                }, loop)
                .whenCompleteAsync((c, failure) -> {
                    if (c == null) {
                        result.complete(null);
                    } else if (result.complete(c)) {
                        lent.add(c);
                    } else {
                        source.release(c, true); // too late: the statement went on without it
                    }
                }, loop);
        var timer = loop.schedule(() -> result.complete(null), maxWait.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((c, f) -> timer.cancel(false));
        return result;
    }

    /** Returns a {@link #borrow borrowed} connection; {@code clean} false closes it (its state is unknown). */
    public void giveBack(BackendConnection connection, boolean clean) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> giveBack(connection, clean));
            return;
        }
        if (lent.remove(connection)) {
            source.release(connection, clean && connection.isUsable());
        }
    }

    // ---------------------------------------------------------------- hung and lost backends

    /**
     * Arms the bound of the statement starting now: when {@code statement}'s limit passes before the returned
     * deadline is {@link StatementDeadline#end() ended}, every connection the session has in play is
     * interrupted (see the class comment). Whoever answers the client ends the deadline.
     */
    public StatementDeadline arm(StatementBound statement) {
        if (statement.isNone()) {
            return StatementDeadline.none();
        }
        StatementDeadline deadline = StatementDeadline.after(statement.limit(), loop);
        deadline.onExpiry(() -> onLoop(() -> interruptAll(statement)));
        return deadline;
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /** The statement ran out of time: interrupt every connection still busy with it. */
    private void interruptAll(StatementBound statement) {
        boolean sessionTransaction = explicitTransaction || session.inTransaction();
        for (Bound b : bound.values()) {
            boolean inTransaction = sessionTransaction || b.inTransaction || b.connection.inTransaction();
            if (inTransaction) {
                toldLost.add(b.connection);
            }
            b.connection.interrupt(source::cancelQuery, INTERRUPT_GRACE, new PlanRunner.ErrorResponse(
                    statement.abandoned(b.connection.backend(), inTransaction)));
        }
        List<BackendConnection> others = new ArrayList<>(lent);
        others.addAll(borrowing);
        for (BackendConnection c : others) { // never inside a transaction: see mayBorrow
            c.interrupt(source::cancelQuery, INTERRUPT_GRACE,
                    new PlanRunner.ErrorResponse(statement.abandoned(c.backend(), false)));
        }
    }

    /**
     * Stops the statement running on {@code connection} (a failed cross-shard read cancels its other shards):
     * KILL QUERY, and the connection is abandoned when the read has not ended within {@link #INTERRUPT_GRACE}.
     *
     * @return completes once the connection is idle again or abandoned
     */
    public CompletableFuture<Void> interrupt(BackendConnection connection) {
        return connection.interrupt(source::cancelQuery, INTERRUPT_GRACE, new PlanRunner.ErrorResponse(
                MysqlError.BACKEND_LOST.toPacket(connection.backend())));
    }

    /**
     * Before anything runs on the session's connections: a pinned connection that died (abandoned by a
     * deadline, closed by its server) while holding the session's transaction took the transaction with it, so
     * the other connections roll back too and the session leaves its transaction, rather than the next
     * statement quietly committing half of it or starting a new one. When the client has not been told yet, the
     * statement that finds the loss fails with 2013 (a direct client would have lost its connection).
     *
     * @return null when no connection was lost inside a transaction (the common case, decided without a
     *     round trip); else completes once the others rolled back, exceptionally with the 2013 to answer when
     *     the client has not been told
     */
    private CompletableFuture<Void> settleLostConnections() {
        BackendConnection untold = null;
        boolean lost = false;
        for (var it = bound.values().iterator(); it.hasNext(); ) {
            Bound b = it.next();
            if (b.connection.isUsable()) {
                continue;
            }
            boolean told = toldLost.remove(b.connection);
            if (told || b.inTransaction || b.connection.inTransaction()) {
                lost = true;
                if (!told && untold == null) {
                    untold = b.connection;
                }
                it.remove();
                source.release(b.connection, false);
            }
        }
        toldLost.removeIf(c -> c.isUsable()); // interrupted in time: the transaction went on
        if (!lost) {
            return null;
        }
        ErrPacket err = untold == null ? null
                : StatementBound.transactionLost(untold.backend(), "");
        return endTransaction("ROLLBACK").handleAsync((x, failure) -> {
            session.observeStatus(session.serverStatus() & ~ServerStatus.IN_TRANS);
            if (err != null) {
                throw new CompletionException(new PlanRunner.ErrorResponse(err));
            }
            return null;
        }, loop);
    }

    private CompletableFuture<BackendConnection> sync(Bound b) {
        return sync(b, false);
    }

    private CompletableFuture<BackendConnection> sync(Bound b, boolean modeForced) {
        String schema = session.schema();
        boolean inSync = (schema == null || schema.equals(b.schema))
                && session.variables().version() == b.variablesVersion
                && (!explicitTransaction || b.inTransaction)
                && b.connection.noBackslashEscapes() == session.sqlMode().noBackslashEscapes();
        if (inSync && loop.inEventLoop()) {
            return CompletableFuture.completedFuture(b.connection); // the hot path: nothing to send, no hop
        }
        CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
        if (schema != null && !schema.equals(b.schema)) {
            chain = chain.thenCompose(x -> run(b.connection, initDb(schema, session.charset())))
                    .thenRun(() -> b.schema = schema);
        }
        var vars = session.variables();
        if (vars.version() != b.variablesVersion) {
            String version0 = b.connection.serverVersion();
            List<String> statements = vars.syncStatements(b.variables, n -> BackendDialect.variableName(n, version0));
            long version = vars.version();
            Map<String, String> snapshot = new HashMap<>(vars.asMap());
            for (String set : statements) {
                chain = chain.thenCompose(x -> run(b.connection, query(set, session.charset())));
            }
            chain = chain.thenRun(() -> {
                b.variables.clear();
                b.variables.putAll(snapshot);
                b.variablesVersion = version;
            });
        }
        if (explicitTransaction && !b.inTransaction) {
            chain = chain.thenCompose(x -> run(b.connection, query("BEGIN", session.charset())))
                    .thenRun(() -> b.inTransaction = true);
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
    private CompletableFuture<BackendConnection> sameSqlMode(Bound b, boolean modeForced) {
        if (session.sqlModeValue() == null) {
            var assumed = session.sqlMode();
            session.sqlModeValue(b.connection.initialSqlMode());
            if (!session.sqlMode().equals(assumed)) {
                return CompletableFuture.failedFuture(new PlanRunner.ErrorResponse(MysqlError.UNKNOWN_ERROR.toPacket(
                        "shardgate learned the session's sql_mode (" + session.sqlModeValue() + ") only now and read "
                                + "this statement in another one; it was not sent: run it again")));
            }
        }
        if (b.connection.noBackslashEscapes() == session.sqlMode().noBackslashEscapes()) {
            return CompletableFuture.completedFuture(b.connection);
        }
        if (modeForced) {
            return CompletableFuture.failedFuture(new PlanRunner.ErrorResponse(MysqlError.UNKNOWN_ERROR.toPacket(
                    "the sql_mode of backend " + b.connection.backend() + " does not follow the session's ("
                            + session.sqlModeValue() + "); the statement was not sent")));
        }
        session.variables().set("sql_mode", SqlMode.quoteAnyMode(session.sqlModeValue()));
        return sync(b, true);
    }

    /**
     * The same outcome, delivered on the session's event loop. Backend responses arrive on the backend
     * connection's loop, which is the session's unless the pool was full and lent one of another loop.
     */
    public <T> CompletableFuture<T> onLoop(CompletableFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.whenComplete((value, failure) -> {
            Runnable complete = () -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            };
            if (loop.inEventLoop()) {
                complete.run();
            } else {
                loop.execute(complete);
            }
        });
        return result;
    }

    /** A session's {@code @@sql_mode} and {@code @@character_set_client} as its server reports them. */
    public record LexicalState(String sqlMode, String characterSetClient) {
    }

    /**
     * Runs the session's variables that {@code connection} (one of the session's) does not have yet as one SET,
     * which the server reads in the connection's current charset and sql_mode, as it read the client's own SET;
     * then asks what the session's sql_mode and character_set_client are now. Completes on the session's loop.
     */
    public CompletableFuture<LexicalState> applyAsWritten(BackendConnection connection) {
        Bound b = null;
        for (Bound candidate : bound.values()) {
            b = candidate.connection == connection ? candidate : b;
        }
        Map<String, String> applied = b == null ? Map.of() : b.variables;
        String set = session.variables().oneStatement(applied,
                n -> BackendDialect.variableName(n, connection.serverVersion()));
        CompletableFuture<?> ran = set == null ? CompletableFuture.completedFuture(0)
                : run(connection, query(set, session.charset()));
        return onLoop(ran.thenCompose(x -> connection.query("SELECT @@session.sql_mode, @@session.character_set_client"))
                .thenApply(r -> new LexicalState(r.rows().getFirst().get(0), r.rows().getFirst().get(1))));
    }

    /** Unbinds and closes one of the session's connections whose state the session cannot describe. */
    public void discard(BackendConnection connection) {
        bound.values().removeIf(b -> b.connection == connection);
        source.release(connection, false);
    }

    /** Marks the variables a backend already has, after the session's own SET ran on it. */
    public void variablesApplied(BackendConnection connection) {
        for (Bound b : bound.values()) {
            if (b.connection == connection) {
                b.variables.clear();
                b.variables.putAll(session.variables().asMap());
                b.variablesVersion = session.variables().version();
            }
        }
    }

    /** BEGIN / START TRANSACTION: connections join lazily, when a statement first needs them. */
    public void begin() {
        explicitTransaction = true;
        // A BEGIN inside a transaction commits it and starts a new one (MySQL's implicit commit), and a
        // deadlock may have rolled a backend's transaction back meanwhile: every connection joins afresh, and
        // the BEGIN each then receives performs that implicit commit on the backend.
        for (Bound b : bound.values()) {
            b.inTransaction = false;
        }
    }

    public boolean inExplicitTransaction() {
        return explicitTransaction;
    }

    /**
     * Runs COMMIT or ROLLBACK on every bound connection (autocommit=0 makes every connection transactional,
     * so all of them get it). Without two-phase commit a failure on one node after another committed cannot be
     * undone: the first error is reported.
     */
    public CompletableFuture<Void> endTransaction(String statement) {
        CompletableFuture<Void> settled = settleLostConnections();
        if (settled != null) {
            // the transaction is gone already: a COMMIT that was told so succeeds as on MySQL after a rollback
            return settled;
        }
        explicitTransaction = false;
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (Bound b : bound.values()) {
            b.inTransaction = false;
            if (b.connection.isUsable()) {
                all.add(run(b.connection, query(statement, session.charset())));
            }
        }
        return onLoop(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)));
    }

    /** Runs a statement on every bound connection (COM_RESET_CONNECTION, SAVEPOINT ...). */
    public CompletableFuture<Void> onEveryConnection(java.util.function.Supplier<MysqlPacket> command) {
        CompletableFuture<Void> settled = settleLostConnections();
        if (settled != null) {
            return settled.thenCompose(x -> onEveryConnection(command));
        }
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (Bound b : bound.values()) {
            if (b.connection.isUsable()) {
                all.add(run(b.connection, command.get()));
            }
        }
        return onLoop(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)));
    }

    /** Forgets what the connections had been told (after COM_RESET_CONNECTION ran on all of them). */
    public void forgetState() {
        explicitTransaction = false;
        connectionState = false;
        for (Bound b : bound.values()) {
            b.variables.clear();
            b.variablesVersion = -1;
            b.inTransaction = false;
        }
    }

    /** The pinned connections and those lent to the running statement: everything KILL QUERY must reach. */
    public List<BackendConnection> connections() {
        List<BackendConnection> all = new ArrayList<>(bound.size() + lent.size() + borrowing.size());
        bound.values().forEach(b -> all.add(b.connection));
        all.addAll(lent);
        all.addAll(borrowing);
        return all;
    }

    /**
     * The session ended: connections go back to their pools; the pool resets them (COM_RESET_CONNECTION) so no
     * state leaks to the next client. {@code clean} false (a response was cut off) closes them instead.
     */
    public void releaseAll(boolean clean) {
        released = true;
        for (Bound b : bound.values()) {
            source.release(b.connection, clean && b.connection.isUsable());
        }
        bound.clear();
    }

    /** COM_STMT_CLOSE / COM_STMT_SEND_LONG_DATA: the server sends nothing back. */
    public static void runWithoutResponse(BackendConnection connection, MysqlPacket command) {
        connection.execute(command, new SilentCommand());
    }

    public static CompletableFuture<Integer> run(BackendConnection connection, MysqlPacket command) {
        SilentCommand silent = new SilentCommand();
        connection.execute(command, silent);
        return silent.result();
    }

    /**
     * A COM_QUERY for {@code sql}, encoded in the charset the backend connection reads it in (the session's
     * {@code character_set_client}, which every connection serving the session is synced to).
     */
    public static MysqlPacket query(String sql, Charset charset) {
        return command(Command.QUERY, sql, charset);
    }

    static MysqlPacket initDb(String schema, Charset charset) {
        return command(Command.INIT_DB, schema, charset);
    }

    public static MysqlPacket command(Command command, String argument, Charset charset) {
        ByteBuf buf = io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(1 + argument.length());
        buf.writeByte(command.code());
        if (charset == StandardCharsets.UTF_8) {
            buf.writeCharSequence(argument, StandardCharsets.UTF_8);
        } else {
            buf.writeBytes(argument.getBytes(charset));
        }
        return new MysqlPacket(0, buf);
    }
}
