package io.shardgate.proxy.binding;

import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.execute.SilentCommand;
import io.shardgate.proxy.execute.StatementBound;
import io.shardgate.proxy.execute.Transactions;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.ErrorResponse;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.proxy.session.Session;
import io.shardgate.router.sql.SqlMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The one owner of a session's transaction state, as Vitess's TxConn is: whether the session is in a
 * transaction (an explicit BEGIN, or autocommit off), which of its backend connections joined it, its
 * savepoints, and what a connection lost inside it means. Everything that changes that state goes through
 * here; the {@link Session}'s transaction flags, which the router reads and the proxy's OK packets report,
 * are written only from here (the architecture test checks it).
 *
 * <p>Connections join lazily: BEGIN (and the savepoints set so far, so that a ROLLBACK TO one of them undoes
 * this connection's share as well) is sent when a statement first needs the connection, not at BEGIN.
 * COMMIT and ROLLBACK go to every connection the session holds. Commit is node by node: a failure on one node
 * after another committed is reported, not undone (two-phase commit is for a later change).
 *
 * <p>Confined to the session's event loop.
 */
public final class TransactionCoordinator implements Transactions {

    private final Session session;
    private final SessionBackends backends;
    private boolean explicit;
    /** Quoted savepoint names of the open transaction, oldest first. */
    private final List<String> savepoints = new ArrayList<>();
    /**
     * Connections a deadline interrupted while they held the session's transaction: if one was abandoned, the
     * statement's answer already told the client that the transaction is gone.
     */
    private final Set<BackendConnection> toldLost = new HashSet<>();

    TransactionCoordinator(Session session, SessionBackends backends) {
        this.session = session;
        this.backends = backends;
    }

    // ---------------------------------------------------------------- what clients ask

    @Override
    public CompletableFuture<Void> begin() {
        // A BEGIN inside a transaction commits it first (MySQL's implicit commit).
        CompletableFuture<Void> committed = inTransaction() ? end(true) : CompletableFuture.completedFuture(null);
        return committed.thenRun(() -> {
            explicit = true;
            savepoints.clear();
            session.observeStatus(session.serverStatus() | ServerStatus.IN_TRANS);
        });
    }

    @Override
    public CompletableFuture<Void> end(boolean commit) {
        CompletableFuture<Void> settled = settleLostConnections();
        if (settled != null) {
            // the transaction is gone already: a COMMIT that was told so succeeds as on MySQL after a rollback
            return settled;
        }
        explicit = false;
        savepoints.clear();
        String statement = commit ? "COMMIT" : "ROLLBACK";
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (BoundConnection b : backends.own()) {
            b.joined = false;
            if (b.connection.isUsable()) {
                all.add(run(b.connection, statement));
            }
        }
        return backends.onLoop(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)))
                .whenComplete((x, failure) -> session.observeStatus(session.serverStatus() & ~ServerStatus.IN_TRANS));
    }

    @Override
    public CompletableFuture<Void> savepoint(SavepointAction action, String name) {
        String quoted = SqlMode.quoteIdentifier(name);
        int at = indexOf(quoted);
        if (action != SavepointAction.SET && at < 0) {
            return CompletableFuture.failedFuture(new ErrorResponse(new ErrPacket(1305, "42000",
                    "SAVEPOINT " + name + " does not exist")));
        }
        CompletableFuture<Void> ran = onJoined(action.sql(quoted));
        switch (action) {
            case SET -> {
                if (at >= 0) {
                    savepoints.remove(at); // setting it again moves it, as on MySQL
                }
                savepoints.add(quoted);
            }
            case ROLLBACK_TO -> savepoints.subList(at + 1, savepoints.size()).clear();
            case RELEASE -> savepoints.subList(at, savepoints.size()).clear();
        }
        return ran;
    }

    private int indexOf(String quoted) {
        for (int i = 0; i < savepoints.size(); i++) {
            if (savepoints.get(i).equalsIgnoreCase(quoted)) {
                return i;
            }
        }
        return -1;
    }

    /** Runs {@code sql} on every connection in the transaction; the others get it when they join. */
    private CompletableFuture<Void> onJoined(String sql) {
        CompletableFuture<Void> settled = settleLostConnections();
        if (settled != null) {
            return settled.thenCompose(x -> onJoined(sql));
        }
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (BoundConnection b : backends.own()) {
            if (b.connection.isUsable() && (b.joined || b.connection.inTransaction())) {
                b.joined = true; // in the transaction already: it must not replay the savepoints later
                all.add(run(b.connection, sql));
            }
        }
        return backends.onLoop(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)));
    }

    @Override
    public void autocommit(boolean on) {
        session.autocommit(on);
    }

    @Override
    public void observe(int serverStatus) {
        session.observeStatus(serverStatus);
    }

    @Override
    public boolean inTransaction() {
        return explicit || session.inTransaction();
    }

    /** Inside BEGIN .. COMMIT (not merely autocommit off). */
    boolean explicit() {
        return explicit;
    }

    // ---------------------------------------------------------------- connections joining and leaving

    /** Whether {@code b} must join the transaction before it serves a statement of the session. */
    boolean mustJoin(BoundConnection b) {
        return !b.joined && (explicit || !session.autocommit() && !savepoints.isEmpty());
    }

    /** What a connection runs to join: BEGIN in an explicit transaction, then the savepoints set so far. */
    List<String> joinStatements() {
        List<String> statements = new ArrayList<>(savepoints.size() + 1);
        if (explicit) {
            statements.add("BEGIN");
        }
        savepoints.forEach(s -> statements.add(SavepointAction.SET.sql(s)));
        return statements;
    }

    /** A connection about to be interrupted by a deadline: if it held the transaction, the answer says so. */
    boolean holdsTransaction(BoundConnection b) {
        boolean held = inTransaction() || b.joined || b.connection.inTransaction();
        if (held) {
            toldLost.add(b.connection);
        }
        return held;
    }

    /** COM_RESET_CONNECTION ran on every connection: no transaction, no savepoints. */
    void forget() {
        explicit = false;
        savepoints.clear();
        toldLost.clear();
    }

    /**
     * Before anything runs on the session's connections: a connection that died (abandoned by a deadline,
     * closed by its server) while holding the session's transaction took the transaction with it, so the other
     * connections roll back too and the session leaves its transaction, rather than the next statement quietly
     * committing half of it or starting a new one. When the client has not been told yet, the statement that
     * finds the loss fails with 2013 (a direct client would have lost its connection).
     *
     * @return null when no connection was lost inside a transaction (the common case, decided without a
     *     round trip); else completes once the others rolled back, exceptionally with the 2013 to answer when
     *     the client has not been told
     */
    CompletableFuture<Void> settleLostConnections() {
        BackendConnection untold = null;
        boolean lost = false;
        for (BoundConnection b : List.copyOf(backends.own())) {
            if (b.connection.isUsable()) {
                continue;
            }
            boolean told = toldLost.remove(b.connection);
            if (told || b.joined || b.connection.inTransaction()) {
                lost = true;
                if (!told && untold == null) {
                    untold = b.connection;
                }
                backends.drop(b, false);
            }
        }
        toldLost.removeIf(BackendConnection::isUsable); // interrupted in time: the transaction went on
        if (!lost) {
            return null;
        }
        ErrPacket err = untold == null ? null : StatementBound.transactionLost(untold.backend(), "");
        return end(false).handle((x, failure) -> {
            if (err != null) {
                throw new CompletionException(new ErrorResponse(err));
            }
            return null;
        });
    }

    private CompletableFuture<Integer> run(BackendConnection connection, String sql) {
        return SilentCommand.run(connection, CommandPacket.query(sql, session.charset()));
    }
}
