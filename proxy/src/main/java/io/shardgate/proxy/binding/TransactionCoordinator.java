package io.shardgate.proxy.binding;

import io.shardgate.config.TransactionMode;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.execute.SilentCommand;
import io.shardgate.proxy.execute.StatementBound;
import io.shardgate.proxy.execute.Transactions;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.ErrorResponse;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.proxy.session.Session;
import io.shardgate.proxy.xa.TransactionSetup;
import io.shardgate.proxy.xa.Xid;
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
 * COMMIT and ROLLBACK go to every connection the session holds ({@link TransactionEnd}).
 *
 * <p>The schema's {@code transaction-mode} decides how several nodes commit. In {@code xa} the first primary
 * connection to join is the transaction's <em>anchor</em>: a plain transaction, which will hold the commit decision
 * if the transaction writes on several nodes; every primary connection that joins after it runs an XA branch
 * ({@code XA START}). So a transaction that stays on one node costs exactly what it did without XA. In
 * {@code single-node} a write on a second node is refused before it is sent; {@code best-effort} commits node by
 * node.
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
    private final TransactionSetup setup;
    /** The open transaction's mode, fixed when it is first asked; null between transactions. */
    private TransactionMode mode;
    /** The first primary connection that joined the open transaction: a plain one, where a decision would go. */
    private BoundConnection anchor;
    /** The open transaction's XA id, drawn when its first branch joins; null without branches. */
    private String xaTransaction;
    private int branches;

    TransactionCoordinator(Session session, SessionBackends backends, TransactionSetup setup) {
        this.session = session;
        this.backends = backends;
        this.setup = setup;
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
        List<TransactionEnd.Participant> participants = new ArrayList<>();
        for (BoundConnection b : backends.own()) {
            if (b.connection.isUsable()) {
                participants.add(new TransactionEnd.Participant(b, b.branch, b.wrote));
            }
            b.joined = false;
            b.branch = null;
            b.wrote = false;
        }
        mode = null;
        anchor = null;
        xaTransaction = null;
        branches = 0;
        TransactionEnd ending = new TransactionEnd(participants, session.charset(), setup.events(), backends);
        return backends.onLoop(commit ? ending.commit() : ending.rollback())
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
        return !b.joined && (explicit || !session.autocommit()
                && (!savepoints.isEmpty() || b.primary && mode() == TransactionMode.XA
                        // DDL commits implicitly (the coordinator committed first): it must not open an XA branch
                        && !StatementBound.commitsImplicitly(session.currentStatement())));
    }

    /**
     * What {@code b} runs to join: in an explicit transaction BEGIN, or XA START for a primary connection that is
     * not the first of an {@code xa} transaction (with autocommit off the anchor needs nothing: the server opens its
     * transaction); then the savepoints set so far.
     */
    List<String> joinStatements(BoundConnection b) {
        List<String> statements = new ArrayList<>(savepoints.size() + 1);
        if (b.primary && anchor != null && anchor != b && mode() == TransactionMode.XA) {
            if (xaTransaction == null) {
                xaTransaction = setup.xids().next();
            }
            b.branch = new Xid(xaTransaction, ++branches, anchor.node);
            statements.add("XA START " + b.branch.sql());
        } else {
            if (b.primary && anchor == null) {
                anchor = b;
            }
            if (explicit) {
                statements.add("BEGIN");
            }
        }
        savepoints.forEach(s -> statements.add(SavepointAction.SET.sql(s)));
        return statements;
    }

    /** The open transaction's mode (the session's schema's when the transaction first asks). */
    private TransactionMode mode() {
        if (mode == null) {
            // under LOCK TABLES MariaDB refuses XA START (XAER_OUTSIDE): nodes commit one by one
            mode = backends.holdsTableLocks() ? TransactionMode.BEST_EFFORT : setup.modes().apply(session.schema());
        }
        return mode;
    }

    /**
     * {@code single-node}: a write on {@code node} while the open transaction wrote on another is refused before
     * anything is sent, so the transaction stays as it was. Null when allowed.
     */
    ErrPacket refusesWrite(String node) {
        if (!inTransaction() || mode() != TransactionMode.SINGLE_NODE) {
            return null;
        }
        for (BoundConnection b : backends.own()) {
            if (b.wrote && b.node != null && !b.node.equals(node)) {
                return singleNode(b.node, node);
            }
        }
        return null;
    }

    @Override
    public ErrPacket refusesWrites(java.util.Collection<String> nodes) {
        if (mode() != TransactionMode.SINGLE_NODE) {
            return null;
        }
        Set<String> all = new java.util.LinkedHashSet<>();
        if (inTransaction()) {
            for (BoundConnection b : backends.own()) {
                if (b.wrote && b.node != null) {
                    all.add(b.node);
                }
            }
        }
        all.addAll(nodes);
        if (all.size() <= 1) {
            return null;
        }
        var it = all.iterator();
        return singleNode(it.next(), it.next());
    }

    private static ErrPacket singleNode(String wrote, String refused) {
        return new ErrPacket(1105, "HY000", "transaction-mode single-node: this transaction writes on node " + wrote
                + ", so a write on node " + refused + " is refused (commit first, or use transaction-mode xa)");
    }

    /** A statement that may change data is about to run on {@code b} inside the transaction. */
    void wrote(BoundConnection b) {
        if (inTransaction()) {
            b.wrote = true;
        }
    }

    /**
     * Whether {@code sql} may change data: anything but a plain read. Unknown text counts as a write, which at worst
     * makes a transaction commit in two phases where one would have done.
     */
    static boolean mayWrite(String sql) {
        if (sql == null) {
            return true;
        }
        int i = 0;
        while (i < sql.length() && (sql.charAt(i) == '(' || Character.isWhitespace(sql.charAt(i)))) {
            i++;
        }
        for (String read : READS) {
            if (sql.regionMatches(true, i, read, 0, read.length()) && (i + read.length() == sql.length()
                    || !Character.isLetterOrDigit(sql.charAt(i + read.length())))) {
                return false;
            }
        }
        return true;
    }

    private static final String[] READS = {"SELECT", "SHOW", "DESC", "DESCRIBE", "EXPLAIN", "VALUES", "TABLE", "WITH"};

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
        mode = null;
        anchor = null;
        xaTransaction = null;
        branches = 0;
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
