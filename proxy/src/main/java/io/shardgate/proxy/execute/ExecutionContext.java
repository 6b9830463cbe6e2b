package io.shardgate.proxy.execute;

import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.binding.SessionBackends;
import io.shardgate.proxy.session.Session;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What running a plan needs from the session it runs for, as Vitess's engine asks its VCursor: backend
 * connections synced to the session's state, the session's transaction, and the statement's time bound. The
 * execute layer defines it; the session side ({@code binding.SessionBackends}) implements it; executors'
 * unit tests fake it.
 *
 * <p>Confined to the session's event loop: call it there; its futures complete there.
 */
public interface ExecutionContext {

    /** The session whose statement runs. */
    Session session();

    /**
     * A connection to {@code node}, synced to the session (schema, charset, sql_mode, SET variables, an open
     * transaction's BEGIN and savepoints): its primary when {@code primary} or the session's transaction wants
     * it, else one of its replicas when read-your-writes allows.
     */
    CompletableFuture<BackendConnection> acquire(String node, boolean primary);

    /**
     * Whether a statement may run on connections other than the session's own: not in a transaction, and no
     * state only the session's connections hold (temporary tables, LOCK TABLES, named locks).
     */
    boolean mayBorrow();

    /**
     * One more pooled connection to {@code node} for the current statement only, synced like the session's
     * own; null when none is free within {@code maxWait}. Give it back with {@link #giveBack}.
     */
    CompletableFuture<BackendConnection> borrow(String node, boolean primary, Duration maxWait);

    /** Returns a {@link #borrow borrowed} connection; {@code clean} false closes it. */
    void giveBack(BackendConnection connection, boolean clean);

    /**
     * Starts the statement's time bound: when it passes, every connection the statement waits on is
     * interrupted (KILL QUERY, then abandoned if still busy). Whoever answers the client ends the deadline.
     */
    StatementDeadline arm(StatementBound bound);

    /** Stops the statement running on {@code connection}; completes once it is idle or abandoned. */
    CompletableFuture<Void> interrupt(BackendConnection connection);

    /**
     * A statement changes state that only its connection holds ({@link ConnectionBinding}): while the session
     * holds any, its statements stay on its own connections.
     */
    void bind(ConnectionBinding change);

    /**
     * True while the session's connections go back to the pool between statements (multiplexing on, nothing
     * connection-bound held): what a connection alone would remember, such as LAST_INSERT_ID(), the proxy
     * answers from the session.
     */
    boolean sharesConnections();

    /**
     * While the session holds table locks (LOCK TABLES, FLUSH TABLES ... WITH READ LOCK), UNLOCK TABLES on its
     * own connections to nodes not in {@code kept}: all of them for the client's UNLOCK TABLES (or a BEGIN), the
     * others before a LOCK TABLES takes new locks, as one server lets go of the old ones. The binding is the
     * caller's to change.
     */
    CompletableFuture<Void> unlockTables(Set<String> kept);

    /**
     * True while the session holds table locks. MariaDB refuses XA START under LOCK TABLES (XAER_OUTSIDE) and a
     * BEGIN would release the locks, so a write over several nodes then runs node by node, as best-effort.
     */
    boolean holdsTableLocks();

    /** The same outcome, delivered on the session's event loop. */
    <T> CompletableFuture<T> onLoop(CompletableFuture<T> future);

    /** The session's transaction. */
    Transactions transactions();

    // ---------------------------------------------------------------- a client's SET

    /** A session's {@code @@sql_mode} and {@code @@character_set_client} as its server reports them. */
    record LexicalState(String sqlMode, String characterSetClient) {
    }

    /**
     * Runs the session's SET variables that {@code connection} (one of the session's own) lacks as one SET,
     * which the server reads in the connection's current charset and sql_mode, as it read the client's own
     * SET; then asks the server what the session's sql_mode and character_set_client are now.
     */
    CompletableFuture<LexicalState> applyAsWritten(BackendConnection connection);

    /** Marks the variables {@code connection} has, after the session's own SET ran on it. */
    void variablesApplied(BackendConnection connection);

    /** Unbinds and closes one of the session's connections whose state the session cannot describe. */
    void discard(BackendConnection connection);
}
