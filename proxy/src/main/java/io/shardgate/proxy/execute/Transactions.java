package io.shardgate.proxy.execute;

import java.util.concurrent.CompletableFuture;

/**
 * A session's transaction, as executors see it. One implementation owns all of it (the session side's
 * {@code binding.TransactionCoordinator}): whether the session is in a transaction, which backend connections
 * joined it, its savepoints, what a lost connection means for it, and the transaction flags the proxy
 * reports to the client. Everything that learns something about the transaction (a backend's status flags, a
 * BEGIN, a {@code SET autocommit}) tells it here; nothing else writes that state.
 *
 * <p>Confined to the session's event loop; the futures complete there.
 */
public interface Transactions {

    /** BEGIN / START TRANSACTION; an open transaction is committed first, as MySQL does. */
    CompletableFuture<Void> begin();

    /** COMMIT ({@code commit} true) or ROLLBACK on every connection that joined; the session leaves it. */
    CompletableFuture<Void> end(boolean commit);

    /**
     * SAVEPOINT / ROLLBACK TO SAVEPOINT / RELEASE SAVEPOINT {@code name} on every connection in the
     * transaction; a connection that joins later gets the savepoints set before it joined, so a ROLLBACK TO
     * one of them undoes its share too.
     */
    CompletableFuture<Void> savepoint(SavepointAction action, String name);

    /** {@code SET autocommit} as the backend accepted it. */
    void autocommit(boolean on);

    /** The status flags of a backend's answer to one of the session's statements (IN_TRANS, AUTOCOMMIT). */
    void observe(int serverStatus);

    /** True inside BEGIN..COMMIT or with autocommit off. */
    boolean inTransaction();

    /**
     * The error that refuses a statement writing on {@code nodes} ({@code transaction-mode: single-node}, once the
     * nodes the open transaction wrote on and these make more than one); null when it may run. Asked before anything
     * is sent, so a refused statement changes nothing.
     */
    default io.shardgate.proxy.protocol.ErrPacket refusesWrites(java.util.Collection<String> nodes) {
        return null;
    }

    enum SavepointAction {
        SET("SAVEPOINT "), ROLLBACK_TO("ROLLBACK TO SAVEPOINT "), RELEASE("RELEASE SAVEPOINT ");

        private final String sql;

        SavepointAction(String sql) {
            this.sql = sql;
        }

        /** The statement for one savepoint, its name already quoted. */
        public String sql(String quotedName) {
            return sql + quotedName;
        }
    }
}
