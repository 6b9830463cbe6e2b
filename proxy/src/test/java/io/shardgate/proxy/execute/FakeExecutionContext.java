package io.shardgate.proxy.execute;

import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.ScriptedBackend;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.ErrorResponse;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.proxy.session.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link ExecutionContext} for executor unit tests, as Vitess tests its primitives on a fake VCursor: each
 * node is a {@link ScriptedBackend} the test answers, transaction calls are recorded, and everything
 * completes at once on the test's thread. {@link #refuse} makes a node's acquire fail.
 */
public final class FakeExecutionContext implements ExecutionContext, AutoCloseable {

    private final Session session = new Session(7, "127.0.0.1");
    private final Map<String, ScriptedBackend> nodes = new LinkedHashMap<>();
    private final Map<String, ErrPacket> refusals = new LinkedHashMap<>();
    /** What was asked of the context, in order: "acquire ds0 primary", "begin", "observe 2" ... */
    public final List<String> calls = new ArrayList<>();
    private final FakeTransactions transactions = new FakeTransactions();

    public FakeExecutionContext() {
        session.login("app", "shop", ScriptedBackend.CAPABILITIES, CharsetId.UTF8MB4_GENERAL_CI);
    }

    /** The scripted server behind {@code node}, created on first use. */
    public ScriptedBackend node(String node) {
        return nodes.computeIfAbsent(node, n -> new ScriptedBackend("10.0.0." + (nodes.size() + 1) + ":3306",
                100 + nodes.size()));
    }

    public void refuse(String node, ErrPacket err) {
        refusals.put(node, err);
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public CompletableFuture<BackendConnection> acquire(String node, boolean primary) {
        calls.add("acquire " + node + (primary ? " primary" : " any"));
        ErrPacket refused = refusals.get(node);
        return refused != null ? CompletableFuture.failedFuture(new ErrorResponse(refused))
                : CompletableFuture.completedFuture(node(node).connection());
    }

    @Override
    public boolean mayBorrow() {
        return false;
    }

    @Override
    public CompletableFuture<BackendConnection> borrow(String node, boolean primary, Duration maxWait) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void giveBack(BackendConnection connection, boolean clean) {
        calls.add("giveBack");
    }

    @Override
    public StatementDeadline arm(StatementBound bound) {
        calls.add("arm " + bound.limit().toMillis() + "ms");
        return StatementDeadline.none();
    }

    @Override
    public CompletableFuture<Void> interrupt(BackendConnection connection) {
        calls.add("interrupt " + connection.backend());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void bind(ConnectionBinding change) {
        calls.add("bind " + change);
    }

    @Override
    public boolean sharesConnections() {
        return false;
    }

    @Override
    public boolean holdsTableLocks() {
        return false;
    }

    @Override
    public CompletableFuture<Void> unlockTables(java.util.Set<String> kept) {
        calls.add("unlock tables except " + new java.util.TreeSet<>(kept));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public <T> CompletableFuture<T> onLoop(CompletableFuture<T> future) {
        return future;
    }

    @Override
    public Transactions transactions() {
        return transactions;
    }

    @Override
    public CompletableFuture<LexicalState> applyAsWritten(BackendConnection connection) {
        calls.add("applyAsWritten");
        return CompletableFuture.completedFuture(new LexicalState("STRICT_TRANS_TABLES", "utf8mb4"));
    }

    @Override
    public void variablesApplied(BackendConnection connection) {
        calls.add("variablesApplied");
    }

    @Override
    public void discard(BackendConnection connection) {
        calls.add("discard");
    }

    @Override
    public void close() {
        nodes.values().forEach(ScriptedBackend::close);
    }

    /** Records what executors ask of the transaction; answers at once. */
    private final class FakeTransactions implements Transactions {
        private boolean open;

        @Override
        public CompletableFuture<Void> begin() {
            calls.add("begin");
            open = true;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> end(boolean commit) {
            calls.add(commit ? "commit" : "rollback");
            open = false;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> savepoint(SavepointAction action, String name) {
            calls.add("savepoint " + action + " " + name);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void autocommit(boolean on) {
            calls.add("autocommit " + on);
        }

        @Override
        public void observe(int serverStatus) {
            calls.add("observe " + (ServerStatus.inTransaction(serverStatus) ? "in-transaction" : "idle"));
        }

        @Override
        public boolean inTransaction() {
            return open;
        }
    }
}
