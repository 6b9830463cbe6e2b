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
        return loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    private void start() throws Exception {
        session.login("app", null, ScriptedBackend.CAPABILITIES, CharsetId.UTF8MB4_GENERAL_CI);
        session.sqlModeValue("");
        backends = onLoop(() -> new SessionBackends(session, pool, loop, schema -> false,
                schema -> io.shardgate.config.ReadYourWrites.DEFAULT));
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
        acquired.get(5, TimeUnit.SECONDS);
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
        onLoop(() -> backends.transactions().begin()).get(5, TimeUnit.SECONDS);
        assertThat(session.inTransaction()).isTrue();
        assertThat(use("ds0")).containsExactly("BEGIN");
        CompletableFuture<Void> sp = onLoop(() -> backends.transactions().savepoint(SavepointAction.SET, "sp1"));
        List<String> onDs0 = new java.util.ArrayList<>();
        answered("ds0", sp, onDs0).get(5, TimeUnit.SECONDS);
        assertThat(onDs0).containsExactly("SAVEPOINT `sp1`");
        // ds1 joins after the savepoint: a ROLLBACK TO sp1 must undo its share too
        assertThat(use("ds1")).containsExactly("BEGIN", "SAVEPOINT `sp1`");
        CompletableFuture<Void> back = onLoop(() -> backends.transactions().savepoint(SavepointAction.ROLLBACK_TO, "SP1"));
        List<String> both = new java.util.ArrayList<>();
        answered("ds0", back, both);
        answered("ds1", back, both).get(5, TimeUnit.SECONDS);
        assertThat(both).containsExactly("ROLLBACK TO SAVEPOINT `SP1`", "ROLLBACK TO SAVEPOINT `SP1`");
    }

    @Test
    void aSavepointThatWasNeverSetIs1305AndSendsNothing() throws Exception {
        start();
        onLoop(() -> backends.transactions().begin()).get(5, TimeUnit.SECONDS);
        use("ds0");
        CompletableFuture<Void> back = onLoop(() -> backends.transactions().savepoint(SavepointAction.ROLLBACK_TO, "nope"));
        assertThat(back).isCompletedExceptionally();
        assertThat(ErrorSink.toErr(back.handle((x, f) -> f).get()).errorCode()).isEqualTo(1305);
        assertThat(onLoop(() -> server("ds0").commands())).isEmpty();
    }

    @Test
    void commitReachesEveryConnectionAndTheSessionLeavesItsTransaction() throws Exception {
        start();
        onLoop(() -> backends.transactions().begin()).get(5, TimeUnit.SECONDS);
        use("ds0");
        use("ds1");
        CompletableFuture<Void> commit = onLoop(() -> backends.transactions().end(true));
        List<String> sent = new java.util.ArrayList<>();
        answered("ds0", commit, sent);
        answered("ds1", commit, sent).get(5, TimeUnit.SECONDS);
        assertThat(sent).containsExactly("COMMIT", "COMMIT");
        assertThat(onLoop(() -> backends.transactions().inTransaction())).isFalse();
        assertThat(session.serverStatus() & ServerStatus.IN_TRANS).isZero();
        // the next transaction's connections join afresh
        onLoop(() -> backends.transactions().begin()).get(5, TimeUnit.SECONDS);
        assertThat(use("ds1")).containsExactly("BEGIN");
    }

    @Test
    void beginInsideATransactionCommitsItFirst() throws Exception {
        start();
        onLoop(() -> backends.transactions().begin()).get(5, TimeUnit.SECONDS);
        use("ds0");
        CompletableFuture<Void> again = onLoop(() -> backends.transactions().begin());
        List<String> sent = new java.util.ArrayList<>();
        answered("ds0", again, sent).get(5, TimeUnit.SECONDS);
        assertThat(sent).containsExactly("COMMIT");
        assertThat(session.inTransaction()).isTrue();
        assertThat(use("ds0")).containsExactly("BEGIN");
    }
}
