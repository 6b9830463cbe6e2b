package io.shardgate.proxy.binding;

import io.netty.channel.EventLoop;
import io.shardgate.config.ReadYourWrites;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.execute.BackendDialect;
import io.shardgate.proxy.execute.ConnectionBinding;
import io.shardgate.proxy.execute.ExecutionContext;
import io.shardgate.proxy.execute.SilentCommand;
import io.shardgate.proxy.execute.StatementBound;
import io.shardgate.proxy.execute.StatementDeadline;
import io.shardgate.proxy.pool.BackendSource;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.proxy.protocol.ErrorResponse;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.session.Session;
import io.shardgate.proxy.xa.DecisionTable;
import io.shardgate.proxy.xa.TransactionSetup;
import io.shardgate.router.sql.Words;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The backend connections serving one client session: the session side of the {@link ExecutionContext} that
 * plans run on. One connection per (node, role) is the session's own while it serves a statement; a cross-shard
 * read may borrow more for one statement ({@link ConnectionLoans}).
 *
 * <p>Multiplexing: when a statement ends outside a transaction and the session holds nothing that lives only on
 * its connections ({@link ConnectionBinding}), they go back to the pool without a reset ({@link #statementEnded}),
 * so {@code pool.max} bounds backend connections whatever the number of clients. What the proxy itself told a
 * connection (schema, SET variables, charset, prepared statements) is recorded on it, and the next session to
 * take it changes only what differs. A session that does hold such state (a temporary table, a user variable,
 * LOCK TABLES, GET_LOCK ...) keeps its connections, so everything a MySQL connection remembers behaves exactly
 * as on a direct connection; so does every session of a schema with {@code multiplexing: false}.
 *
 * <p>Before a connection serves a statement, {@link StateSync} brings it to the session's state with the
 * fewest round trips, and the {@link TransactionCoordinator} has it join the session's transaction.
 *
 * <p>Hung backends: a statement's {@link StatementBound} is {@link #arm armed} through this class, because every
 * connection the statement waits on passes through it (the session's own, lent, or being synced for a loan);
 * {@link StatementInterrupts} interrupts them when the time is up. Confined to the client's event loop.
 */
public final class SessionBackends implements ExecutionContext {

    private record Key(String node, boolean primary) {
    }

    /** How long a connection may keep a statement running after KILL QUERY before it is abandoned. */
    public static final Duration INTERRUPT_GRACE = StatementInterrupts.GRACE;

    private final Session session;
    private final BackendSource source;
    private final EventLoop loop;
    private final Map<Key, BoundConnection> own = new LinkedHashMap<>();
    private final TransactionCoordinator transactions;
    private final StateSync sync;
    private final ConnectionLoans loans;
    private final StatementInterrupts interrupts;
    /** What the session wrote: whether its reads may go to replicas (read-your-writes). */
    private final ReadAfterWrite reads = new ReadAfterWrite();
    private final CausalReads causal;
    private final Function<String, ReadYourWrites> readYourWrites;
    /** The session ended: a connection that arrives after that goes straight back to its pool. */
    private boolean released;
    /** What keeps the session on its own connections ({@link #bind}). */
    private final ConnectionPins pins = new ConnectionPins();
    /** Whether the session's schema multiplexes (asked as each statement ends: the schema and config change). */
    private final Predicate<String> multiplexing;

    /** Transactions commit node by node ({@code best-effort}), default read-your-writes: for tests of everything else. */
    public SessionBackends(Session session, BackendSource source, EventLoop loop, Predicate<String> multiplexing) {
        this(session, source, loop, multiplexing, TransactionSetup.BEST_EFFORT, schema -> ReadYourWrites.DEFAULT);
    }

    /**
     * @param multiplexing whether a session in a schema gives its connections back between statements
     * @param transactionSetup each schema's transaction mode, the proxy's xids, where outcomes are reported
     * @param readYourWrites how reads in a schema see the session's writes
     */
    public SessionBackends(Session session, BackendSource source, EventLoop loop, Predicate<String> multiplexing,
                           TransactionSetup transactionSetup, Function<String, ReadYourWrites> readYourWrites) {
        this.session = session;
        this.readYourWrites = readYourWrites;
        this.causal = new CausalReads(this, reads, source, loop, session.capabilities());
        this.source = source;
        this.loop = loop;
        this.multiplexing = multiplexing;
        this.transactions = new TransactionCoordinator(session, this, transactionSetup);
        this.sync = new StateSync(session, transactions, loop);
        this.loans = new ConnectionLoans(source, loop, session.capabilities(), sync, () -> released);
        this.interrupts = new StatementInterrupts(source, loop, own::values, transactions, loans);
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public TransactionCoordinator transactions() {
        return transactions;
    }

    /**
     * A new session (or one just reset) starts in the sql_mode of its default node's server, if the proxy has
     * seen it; otherwise its first connection tells (see {@link StateSync}).
     */
    public void startInServerSqlMode(String defaultNode) {
        String mode = source.serverSqlMode(defaultNode);
        if (mode != null) {
            session.sqlModeValue(mode);
        }
    }

    // ---------------------------------------------------------------- the session's own connections

    @Override
    public CompletableFuture<BackendConnection> acquire(String node, boolean primary) {
        CompletableFuture<Void> settled = transactions.settleLostConnections();
        if (settled != null) {
            return settled.thenCompose(x -> acquire(node, primary));
        }
        boolean writes = primary && transactions.inTransaction()
                && TransactionCoordinator.mayWrite(session.currentStatement());
        if (writes) {
            var refused = transactions.refusesWrite(node);
            if (refused != null) {
                return CompletableFuture.failedFuture(new ErrorResponse(refused));
            }
        }
        reads.settings(readYourWrites.apply(session.schema()));
        boolean wantPrimary = wantsPrimary(node, primary, System.nanoTime());
        if (!wantPrimary && reads.pending(node)) {
            BoundConnection held = own.get(new Key(node, true)); // a pinned session asks its own, not the pool
            return causal.read(node, held != null && held.connection.isUsable() && !held.connection.isBusy()
                    ? held.connection : null);
        }
        CompletableFuture<BackendConnection> acquired = acquireAs(node, wantPrimary, writes);
        if (primary && WriteStatements.isWrite(session.currentStatement())) {
            // counted once it has its connection: a write that never reached a (dead) primary keeps no read there
            return onLoop(acquired).thenApply(c -> {
                reads.wrote(node);
                return c;
            });
        }
        return acquired;
    }

    /** The session's own connection to {@code node}'s primary or (one of) its replicas, for a read. */
    CompletableFuture<BackendConnection> acquireAs(String node, boolean wantPrimary) {
        return acquireAs(node, wantPrimary, false);
    }

    /** @param writes the statement writes inside the session's transaction (the coordinator notes the node) */
    private CompletableFuture<BackendConnection> acquireAs(String node, boolean wantPrimary, boolean writes) {
        Key key = new Key(node, wantPrimary);
        BoundConnection b = own.get(key);
        if (b != null && b.connection.isUsable()) {
            if (wantPrimary || b.joined || bound() || source.stillReadable(b.connection)) {
                if (writes) {
                    transactions.wrote(b);
                }
                return sync.sync(b);
            }
            drop(b, true); // its replica fell behind (max-replica-lag): read elsewhere from now on
            b = null;
        }
        if (b != null) { // died outside a transaction (settleLostConnections saw to those inside one)
            drop(b, false);
        }
        CompletableFuture<BackendConnection> pooled = source.acquire(node, wantPrimary, session.capabilities(), loop);
        if (pooled.isDone() && !pooled.isCompletedExceptionally() && loop.inEventLoop()) {
            return bindPooled(key, pooled.join(), writes); // an idle connection at hand: no hop through the loop's queue
        }
        return pooled.thenComposeAsync(c -> bindPooled(key, c, writes), loop);
    }

    /** A connection from the pool becomes the session's own for {@code key}, synced to the session. */
    private CompletableFuture<BackendConnection> bindPooled(Key key, BackendConnection c, boolean writes) {
        if (released) {
            // the client left while this connection was opened or waited for: back it goes
            source.release(c, true);
            return CompletableFuture.failedFuture(new ErrorResponse(
                    MysqlError.UNKNOWN_ERROR.toPacket("shardgate: the session closed")));
        }
        BoundConnection fresh = new BoundConnection(c, session.variables(), key.node(), key.primary());
        own.put(key, fresh);
        if (writes) {
            transactions.wrote(fresh);
        }
        CompletableFuture<BackendConnection> synced = sync.sync(fresh);
        return sharesConnections() ? restoreLastInsertId(synced) : synced;
    }

    /**
     * A statement that reads {@code LAST_INSERT_ID()} on a connection taken from the pool: the connection's value
     * is whatever its last user left, so it is first set to the session's own ({@code DO LAST_INSERT_ID(n)}).
     */
    private CompletableFuture<BackendConnection> restoreLastInsertId(CompletableFuture<BackendConnection> synced) {
        String sql = session.currentStatement();
        if (sql == null || !Words.contains(sql, "LAST_INSERT_ID")) {
            return synced;
        }
        String restore = "DO LAST_INSERT_ID(" + Long.toUnsignedString(session.lastInsertId()) + ")";
        return onLoop(synced.thenCompose(c -> SilentCommand.run(c, CommandPacket.query(restore, session.charset()))
                .thenApply(x -> c)));
    }

    /**
     * Where a statement's connection to {@code node} goes: a write, anything in an explicit transaction, and
     * reads under table locks or needing state made on a primary (temporary tables, computed user variables) to
     * the primary; other reads to a replica unless the session's own writes keep them off ({@link ReadAfterWrite}).
     */
    private boolean wantsPrimary(String node, boolean primary, long now) {
        return primary || transactions.explicit() || pins.readsOnPrimary() || !source.hasReplicas(node)
                || reads.primaryForRead(node, now);
    }

    /**
     * Creates the XA decision table on {@code node}'s primary over a pooled connection of its own (DDL would commit a
     * transaction it ran in), for a two-phase commit that reached a node before the proxy's recovery did.
     */
    CompletableFuture<Void> createDecisionTable(String node) {
        return source.acquire(node, true, session.capabilities(), loop).thenCompose(c -> {
            CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
            for (String sql : DecisionTable.create()) {
                chain = chain.thenCompose(x -> SilentCommand.run(c, CommandPacket.query(sql, session.charset())));
            }
            return chain.handle((x, failure) -> {
                source.release(c, failure == null);
                if (failure != null) {
                    throw new java.util.concurrent.CompletionException(failure);
                }
                return null;
            });
        });
    }

    /** The session's own connections. */
    Collection<BoundConnection> own() {
        return own.values();
    }

    /** Unbinds one of the session's own connections; {@code clean} false closes it. */
    void drop(BoundConnection b, boolean clean) {
        own.values().remove(b);
        source.release(b.connection, clean);
    }

    @Override
    public void bind(ConnectionBinding change) {
        pins.apply(change);
    }

    /** The session holds state that lives only on its own connections: they stay its own. */
    private boolean bound() {
        return pins.bound();
    }

    @Override
    public boolean holdsTableLocks() {
        return pins.tableLocks();
    }

    @Override
    public CompletableFuture<Void> unlockTables(Set<String> kept) {
        if (!pins.tableLocks()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        own.forEach((key, b) -> {
            if (!kept.contains(key.node()) && b.connection.isUsable()) {
                all.add(SilentCommand.run(b.connection, CommandPacket.query("UNLOCK TABLES", session.charset())));
            }
        });
        return onLoop(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)));
    }

    @Override
    public boolean sharesConnections() {
        return !bound() && multiplexing.test(session.schema());
    }

    /**
     * The client's command was answered. Outside a transaction, a session that holds no connection-bound state
     * gives its connections back (multiplexing), keeping their state for the next taker. Two answers pass to
     * the next statement on the same connection first, since only that connection has them: {@code FOUND_ROWS()}
     * after {@code SQL_CALC_FOUND_ROWS}, and {@code SHOW WARNINGS} after a statement that had warnings.
     */
    public void statementEnded() {
        reads.statementEnded(transactions.inTransaction(), System.nanoTime());
        if (own.isEmpty() || released) {
            return;
        }
        String sql = session.currentStatement();
        if (sql != null && Words.contains(sql, "SQL_CALC_FOUND_ROWS")) {
            session.counts().foundRowsOnConnection();
            return;
        }
        if (session.counts().warnings() > 0 || !sharesConnections() || transactions.inTransaction()) {
            return;
        }
        for (var it = own.values().iterator(); it.hasNext(); ) {
            BoundConnection b = it.next();
            if (b.connection.isBusy()) {
                continue; // still draining a response the client no longer waits for: given back next time
            }
            it.remove();
            if (b.connection.isUsable()) {
                source.releaseKeepingState(b.connection);
            } else {
                source.release(b.connection, false);
            }
        }
    }


    // ---------------------------------------------------------------- connections lent for one statement

    @Override
    public boolean mayBorrow() {
        return !transactions.inTransaction() && !bound() && !released;
    }

    @Override
    public CompletableFuture<BackendConnection> borrow(String node, boolean primary, Duration maxWait) {
        if (!mayBorrow()) {
            return CompletableFuture.completedFuture(null);
        }
        // a causal read that would have to wait for a replica reads on the primary instead of waiting per loan
        boolean wantPrimary = wantsPrimary(node, primary, System.nanoTime()) || reads.pending(node);
        return loans.borrow(node, wantPrimary, maxWait);
    }

    @Override
    public void giveBack(BackendConnection connection, boolean clean) {
        loans.giveBack(connection, clean);
    }

    // ---------------------------------------------------------------- hung and lost backends

    @Override
    public StatementDeadline arm(StatementBound statement) {
        return interrupts.arm(statement);
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    @Override
    public CompletableFuture<Void> interrupt(BackendConnection connection) {
        return interrupts.interrupt(connection);
    }

    @Override
    public <T> CompletableFuture<T> onLoop(CompletableFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.whenComplete((value, failure) -> onLoop(() -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        }));
        return result;
    }

    // ---------------------------------------------------------------- SET statements the client runs

    /**
     * Runs the session's variables that {@code connection} (one of the session's) does not have yet as one SET,
     * which the server reads in the connection's current charset and sql_mode, as it read the client's own SET;
     * then asks what the session's sql_mode and character_set_client are now. Completes on the session's loop.
     */
    @Override
    public CompletableFuture<LexicalState> applyAsWritten(BackendConnection connection) {
        BoundConnection b = find(connection);
        String set = session.variables().oneStatement(b == null ? Map.of() : b.variables,
                n -> BackendDialect.variableName(n, connection.serverVersion()));
        CompletableFuture<?> ran = set == null ? CompletableFuture.completedFuture(0)
                : SilentCommand.run(connection, CommandPacket.query(set, session.charset()));
        return onLoop(ran.thenCompose(x -> connection.query("SELECT @@session.sql_mode, @@session.character_set_client"))
                .thenApply(r -> new LexicalState(r.rows().getFirst().get(0), r.rows().getFirst().get(1))));
    }

    @Override
    public void discard(BackendConnection connection) {
        BoundConnection b = find(connection);
        if (b != null) {
            drop(b, false);
        } else {
            source.release(connection, false);
        }
    }

    @Override
    public void variablesApplied(BackendConnection connection) {
        BoundConnection b = find(connection);
        if (b != null) {
            b.variables = Map.copyOf(session.variables().asMap());
            b.variablesVersion = session.variables().version();
            b.remember(session.variables());
        }
    }

    private BoundConnection find(BackendConnection connection) {
        for (BoundConnection b : own.values()) {
            if (b.connection == connection) {
                return b;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- the session's life

    /** Runs a command on every connection of the session (COM_RESET_CONNECTION, COM_CHANGE_USER). */
    public CompletableFuture<Void> onEveryConnection(Supplier<MysqlPacket> command) {
        CompletableFuture<Void> settled = transactions.settleLostConnections();
        if (settled != null) {
            return settled.thenCompose(x -> onEveryConnection(command));
        }
        if (own.values().stream().anyMatch(b -> b.branch != null)) {
            // a reset must not meet an open XA branch: the coordinator rolls the transaction back first
            return transactions.end(false).handle((x, f) -> null).thenCompose(x -> onEveryConnection(command));
        }
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (BoundConnection b : own.values()) {
            if (b.connection.isUsable()) {
                all.add(SilentCommand.run(b.connection, command.get()));
            }
        }
        return onLoop(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)));
    }

    /** Forgets what the connections had been told (after COM_RESET_CONNECTION ran on all of them). */
    public void forgetState() {
        pins.forget();
        transactions.forget();
        own.values().forEach(BoundConnection::forget);
    }

    /** The session's own connections and those lent to the running statement: everything KILL QUERY must reach. */
    public List<BackendConnection> connections() {
        List<BackendConnection> all = new ArrayList<>(own.size() + 2);
        own.values().forEach(b -> all.add(b.connection));
        all.addAll(loans.inPlay());
        return all;
    }

    /**
     * The session ended: connections go back to their pools; the pool resets them (COM_RESET_CONNECTION) so no
     * state leaks to the next client. {@code clean} false (a response was cut off) closes them instead.
     */
    public void releaseAll(boolean clean) {
        released = true;
        for (BoundConnection b : own.values()) {
            // an open XA branch is closed with its connection (the server rolls it back), never reset for reuse
            source.release(b.connection, clean && b.connection.isUsable() && b.branch == null);
        }
        own.clear();
    }
}
