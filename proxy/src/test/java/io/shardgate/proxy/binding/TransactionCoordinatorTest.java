package io.shardgate.proxy.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.ScriptedBackend;
import io.shardgate.proxy.execute.ErrorSink;
import io.shardgate.proxy.execute.Transactions.SavepointAction;
import io.shardgate.proxy.pool.BackendSource;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.proxy.session.Session;
import io.shardgate.config.TransactionMode;
import io.shardgate.proxy.xa.TransactionEvents;
import io.shardgate.proxy.xa.TransactionSetup;
import io.shardgate.proxy.xa.Xid;
import io.shardgate.proxy.xa.XidSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transaction's one owner, over a session's real {@link SessionBackends} whose pool hands out scripted
 * backends: connections join lazily with BEGIN and the savepoints set before they joined, COMMIT reaches every
 * connection, savepoints follow MySQL's rules. Runs on one event loop, as a session does.
 */
class TransactionCoordinatorTest {

    private final EventLoop loop = new DefaultEventLoop();
    private final Map<String, ScriptedBackend> servers = new LinkedHashMap<>();
    private final Session session = new Session(9, "127.0.0.1");
    private SessionBackends backends;

    private final BackendSource pool = new BackendSource() {
        @Override
        public CompletableFuture<BackendConnection> acquire(String node, boolean primary, int capabilities,
                                                            EventLoop l) {
            return CompletableFuture.completedFuture(server(node).connection());
        }

        @Override
        public void release(BackendConnection connection, boolean clean) {
        }

        @Override
        public boolean hasReplicas(String node) {
            return false;
        }

        @Override
        public void cancel(BackendConnection connection) {
        }
    };

    private ScriptedBackend server(String node) {
        return servers.computeIfAbsent(node, n -> new ScriptedBackend("10.0.0." + (servers.size() + 1) + ":3306",
                servers.size() + 1));
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(30, TimeUnit.SECONDS);
    }

    private void start() throws Exception {
        start(TransactionSetup.BEST_EFFORT);
    }

    private void start(TransactionSetup setup) throws Exception {
        session.login("app", null, ScriptedBackend.CAPABILITIES, CharsetId.UTF8MB4_GENERAL_CI);
        session.sqlModeValue("");
        backends = onLoop(() -> new SessionBackends(session, pool, loop, schema -> false, setup,
                schema -> io.shardgate.config.ReadYourWrites.DEFAULT));
    }

    /** Answers every node's commands with OK until {@code result} completes; what each node got, in order. */
    private Map<String, List<String>> answeredAll(CompletableFuture<?> result) throws Exception {
        Map<String, List<String>> sent = new LinkedHashMap<>();
        for (int i = 0; i < 200 && !result.isDone(); i++) {
            for (String node : List.copyOf(servers.keySet())) {
                List<String> commands = onLoop(() -> server(node).commands());
                sent.computeIfAbsent(node, n -> new java.util.ArrayList<>()).addAll(commands);
                for (String ignored : commands) {
                    onLoop(() -> {
                        server(node).ok();
                        return null;
                    });
                }
            }
            Thread.sleep(5);
        }
        result.get(30, TimeUnit.SECONDS);
        return sent;
    }

    /** Acquires {@code node} for a statement, answering every sync statement it sends with OK. */
    private List<String> use(String node) throws Exception {
        CompletableFuture<BackendConnection> acquired = onLoop(() -> backends.acquire(node, true));
        List<String> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 10 && !acquired.isDone(); i++) {
            List<String> commands = onLoop(() -> server(node).commands());
            sent.addAll(commands);
            for (String ignored : commands) {
                onLoop(() -> {
                    server(node).ok(0, ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS);
                    return null;
                });
            }
            Thread.sleep(5);
        }
        acquired.get(30, TimeUnit.SECONDS);
        return sent;
    }

    private <T> CompletableFuture<T> answered(String node, CompletableFuture<T> result, List<String> sent)
            throws Exception {
        for (int i = 0; i < 10 && !result.isDone(); i++) {
            List<String> commands = onLoop(() -> server(node).commands());
            sent.addAll(commands);
            for (String ignored : commands) {
                onLoop(() -> {
                    server(node).ok();
                    return null;
                });
            }
            Thread.sleep(5);
        }
        return result;
    }

    @AfterEach
    void stop() throws Exception {
        servers.values().forEach(ScriptedBackend::close);
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void aConnectionJoiningLateGetsBeginAndTheSavepointsSetBeforeIt() throws Exception {
        start();
        onLoop(() -> backends.transactions().begin()).get(30, TimeUnit.SECONDS);
        assertThat(session.inTransaction()).isTrue();
        assertThat(use("ds0")).containsExactly("BEGIN");
        CompletableFuture<Void> sp = onLoop(() -> backends.transactions().savepoint(SavepointAction.SET, "sp1"));
        List<String> onDs0 = new java.util.ArrayList<>();
        answered("ds0", sp, onDs0).get(30, TimeUnit.SECONDS);
        assertThat(onDs0).containsExactly("SAVEPOINT `sp1`");
        // ds1 joins after the savepoint: a ROLLBACK TO sp1 must undo its share too
        assertThat(use("ds1")).containsExactly("BEGIN", "SAVEPOINT `sp1`");
        CompletableFuture<Void> back = onLoop(() -> backends.transactions().savepoint(SavepointAction.ROLLBACK_TO, "SP1"));
        List<String> both = new java.util.ArrayList<>();
        answered("ds0", back, both);
        answered("ds1", back, both).get(30, TimeUnit.SECONDS);
        assertThat(both).containsExactly("ROLLBACK TO SAVEPOINT `SP1`", "ROLLBACK TO SAVEPOINT `SP1`");
    }

    @Test
    void aSavepointThatWasNeverSetIs1305AndSendsNothing() throws Exception {
        start();
        onLoop(() -> backends.transactions().begin()).get(30, TimeUnit.SECONDS);
        use("ds0");
        CompletableFuture<Void> back = onLoop(() -> backends.transactions().savepoint(SavepointAction.ROLLBACK_TO, "nope"));
        assertThat(back).isCompletedExceptionally();
        assertThat(ErrorSink.toErr(back.handle((x, f) -> f).get()).errorCode()).isEqualTo(1305);
        assertThat(onLoop(() -> server("ds0").commands())).isEmpty();
    }

    @Test
    void commitReachesEveryConnectionAndTheSessionLeavesItsTransaction() throws Exception {
        start();
        onLoop(() -> backends.transactions().begin()).get(30, TimeUnit.SECONDS);
        use("ds0");
        use("ds1");
        CompletableFuture<Void> commit = onLoop(() -> backends.transactions().end(true));
        List<String> sent = new java.util.ArrayList<>();
        answered("ds0", commit, sent);
        answered("ds1", commit, sent).get(30, TimeUnit.SECONDS);
        assertThat(sent).containsExactly("COMMIT", "COMMIT");
        assertThat(onLoop(() -> backends.transactions().inTransaction())).isFalse();
        assertThat(session.serverStatus() & ServerStatus.IN_TRANS).isZero();
        // the next transaction's connections join afresh
        onLoop(() -> backends.transactions().begin()).get(30, TimeUnit.SECONDS);
        assertThat(use("ds1")).containsExactly("BEGIN");
    }

    @Test
    void inXaModeTheFirstNodeIsPlainTheOthersXaBranchesAndTwoWritersCommitInTwoPhases() throws Exception {
        start(new TransactionSetup(schema -> TransactionMode.XA, new XidSource(), TransactionEvents.NONE));
        onLoop(() -> backends.transactions().begin()).get(30, TimeUnit.SECONDS);
        assertThat(use("ds0")).containsExactly("BEGIN");
        List<String> ds1 = use("ds1");
        assertThat(ds1).hasSize(1);
        assertThat(ds1.getFirst()).startsWith("XA START X'").endsWith("',X'647330'," + Xid.FORMAT_ID);
        String xid = ds1.getFirst().substring("XA START ".length());
        Map<String, List<String>> sent = answeredAll(onLoop(() -> backends.transactions().end(true)));
        assertThat(sent.get("ds1")).containsExactly("XA END " + xid, "XA PREPARE " + xid, "XA COMMIT " + xid);
        assertThat(sent.get("ds0")).hasSize(2);
        assertThat(sent.get("ds0").getFirst()).startsWith("INSERT INTO shardgate.xa_decisions").endsWith("'commit')");
        assertThat(sent.get("ds0").get(1)).isEqualTo("COMMIT");
    }

    @Test
    void inXaModeABranchThatAloneWroteCommitsInOnePhase() throws Exception {
        start(new TransactionSetup(schema -> TransactionMode.XA, new XidSource(), TransactionEvents.NONE));
        onLoop(() -> backends.transactions().begin()).get(30, TimeUnit.SECONDS);
        session.statementStarted("SELECT * FROM t WHERE id = 2");
        use("ds0"); // only read
        session.statementStarted("UPDATE t SET a = 1 WHERE id = 3");
        String xid = use("ds1").getFirst().substring("XA START ".length());
        Map<String, List<String>> sent = answeredAll(onLoop(() -> backends.transactions().end(true)));
        assertThat(sent.get("ds0")).containsExactly("COMMIT");
        assertThat(sent.get("ds1")).containsExactly("XA END " + xid, "XA COMMIT " + xid + " ONE PHASE");
    }

    @Test
    void beginInsideATransactionCommitsItFirst() throws Exception {
        start();
        onLoop(() -> backends.transactions().begin()).get(30, TimeUnit.SECONDS);
        use("ds0");
        CompletableFuture<Void> again = onLoop(() -> backends.transactions().begin());
        List<String> sent = new java.util.ArrayList<>();
        answered("ds0", again, sent).get(30, TimeUnit.SECONDS);
        assertThat(sent).containsExactly("COMMIT");
        assertThat(session.inTransaction()).isTrue();
        assertThat(use("ds0")).containsExactly("BEGIN");
    }
}
