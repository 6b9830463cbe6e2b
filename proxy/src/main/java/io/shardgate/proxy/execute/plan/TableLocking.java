package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.execute.ConnectionBinding;
import io.shardgate.proxy.execute.ErrorSink;
import io.shardgate.proxy.execute.ExecutionContext;
import io.shardgate.proxy.execute.SilentCommand;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.TableLocks;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * LOCK TABLES and UNLOCK TABLES over logical tables ({@link TableLocks}), with one server's rules: a lock first
 * commits the session's transaction and lets go of the locks it held, then takes every node's locks one node
 * after another (in the plan's order, so sessions locking the same tables queue on the first node instead of
 * each holding one node and waiting for the other). From then on the session keeps its connections, and its
 * statements run on the locked ones. A lock that fails on one node leaves no locks anywhere, as a failed
 * LOCK TABLES on one server holds none.
 */
final class TableLocking {

    private final ExecutionContext context;

    TableLocking(ExecutionContext context) {
        this.context = context;
    }

    void run(TableLocks plan, StatementOutput output) {
        CompletableFuture<Void> done;
        if (plan.unlocks()) {
            done = context.unlockTables(Set.of()).thenRun(() -> context.bind(ConnectionBinding.UNLOCKS_TABLES));
        } else {
            Set<String> kept = plan.locks().stream().map(Route::node).collect(Collectors.toSet());
            CompletableFuture<Void> committed = context.transactions().inTransaction()
                    ? context.transactions().end(true) : CompletableFuture.completedFuture(null);
            done = committed.thenCompose(x -> context.unlockTables(kept)).thenCompose(x -> {
                context.bind(ConnectionBinding.LOCKS_TABLES); // before the first lock is held: no connection goes back
                return lockInOrder(plan.locks(), 0);
            });
        }
        var session = context.session();
        context.onLoop(done).whenComplete((x, failure) -> {
            if (failure != null) {
                session.counts().counted(-1);
                output.error(ErrorSink.toErr(failure));
            } else {
                session.counts().counted(0);
                output.ok(OkPacket.of(0, 0, session.serverStatus(), 0));
            }
        });
    }

    private CompletableFuture<Void> lockInOrder(List<Route> locks, int i) {
        if (i == locks.size()) {
            return CompletableFuture.completedFuture(null);
        }
        Route lock = locks.get(i);
        CompletableFuture<Void> locked = context.acquire(lock.node(), true)
                .thenCompose(c -> SilentCommand.run(c, CommandPacket.query(lock.sql(), context.session().charset())))
                .thenAccept(status -> context.transactions().observe(status));
        return context.onLoop(locked).handle((x, failure) -> failure).thenCompose(failure -> {
            if (failure == null) {
                return lockInOrder(locks, i + 1);
            }
            // the nodes locked so far let go too, then the client hears why the lock failed
            return context.onLoop(context.unlockTables(Set.of()).handle((y, ignored) -> {
                context.bind(ConnectionBinding.UNLOCKS_TABLES);
                return null;
            })).thenCompose(y -> CompletableFuture.failedFuture(failure));
        });
    }
}
