package io.shardgate.proxy.execute.scatter;

import io.netty.buffer.ByteBufAllocator;
import io.shardgate.config.ProxySettings;
import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.execute.ErrorSink;
import io.shardgate.proxy.execute.ExecutionContext;
import io.shardgate.proxy.execute.LogicalTableNames;
import io.shardgate.proxy.execute.StatementCallback;
import io.shardgate.proxy.execute.StatementDeadline;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.execute.UserVariableReads;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.session.Session;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Route;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a cross-shard read, a {@link ReadPlan} tree: one read per route of its leaves, merged by the tree into
 * one result for the client.
 *
 * <ol>
 *   <li>On the client's event loop: connections for the reads. Outside a transaction every shard gets its
 *       own: the session's connection ({@code ExecutionContext.acquire}) for the first shard of each (node,
 *       role), pooled connections synced to the session ({@code ExecutionContext.borrow}) for the others, at
 *       most {@code extraPerNode} per node. The reads of one connection form a {@link ConnectionLane} and run
 *       one after another; lanes run in parallel.</li>
 *   <li>On a virtual thread: the merge ({@link MergeTask}), pulling rows from the {@link ShardStream}s and
 *       handing encoded batches back to the event loop with back-pressure.</li>
 * </ol>
 *
 * <p><b>Why a connection per shard.</b> A MySQL connection carries one statement at a time, so shards that
 * share a connection can only be read one after another, and an ORDER BY or GROUP BY merge, which needs the
 * head row of every shard at once, would have to sort or hash in memory. With one connection per shard every
 * merge the plan allows streams (see {@link MergeTask}) in memory bounded by the shard queues.
 *
 * <p><b>When the shards share the pinned connections instead</b> (and such merges sort in memory, bounded by
 * LIMIT where there is one): inside a transaction, whose reads must run on the connections holding it; when
 * the session made state only its pinned connections have (temporary tables, LOCK TABLES, GET_LOCK); when a
 * shard statement reads a user variable the session did not SET (one assigned inside a statement lives on one
 * connection); with {@code proxy.scatter-extra-connections: 0}; and, shard by shard, when the pool cannot
 * lend a connection at once. Borrowed connections go back to their pool (reset) when the statement ends; one
 * with a KILL QUERY still unanswered sends nothing before the answer comes.
 *
 * <p><b>Statement timeout.</b> When the {@link StatementDeadline} expires first, every shard stream is
 * interrupted, reads still running get KILL QUERY, every connection is drained, and the client gets 3024;
 * rows already written are ended by that ERR (as a server ends a result it was interrupted in), so the
 * session stays usable. A shard whose server does not stop (hung) has its connection abandoned after a
 * short grace instead of being drained; inside a transaction the client is then told the transaction is gone.
 */
public final class ScatterExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(ScatterExecutor.class);

    private record ConnectionKey(String node, boolean primary) {
    }

    /** Without proxy settings (tests): config's default of {@code proxy.max-join-rows}. */
    private static final long DEFAULT_MAX_JOIN_ROWS = 1_000_000;

    private final Session session;
    private final ScatterConnections connections;
    private final Executor clientLoop;
    private final ByteBufAllocator alloc;
    private final int extraPerNode;
    private final StatementDeadline deadline;
    private Consumer<String> mergeObserver = description -> LOG.debug("scatter merge: {}", description);
    private LogicalTableNames tableNames;
    private long sortRowBudget = Long.MAX_VALUE;
    private long joinRowBudget = Long.MAX_VALUE;

    /**
     * @param extraPerNode most connections borrowed per node beyond the pinned one; 0 never borrows
     */
    ScatterExecutor(Session session, ScatterConnections connections, Executor clientLoop, ByteBufAllocator alloc,
                    int extraPerNode, StatementDeadline deadline) {
        this.session = session;
        this.connections = connections;
        this.clientLoop = clientLoop;
        this.alloc = alloc;
        this.extraPerNode = extraPerNode;
        this.deadline = deadline;
    }

    /**
     * The plan runner's entry point, on the client's event loop.
     *
     * @param settings {@code proxy.scatter-extra-connections} and {@code proxy.max-sort-rows}; null for a
     *     statement that only runs on the session's connections, without a sort limit
     * @param deadline the statement's max execution time ({@link StatementDeadline#none()} for none)
     * @param tableNames logical names for the shard tables in the result's metadata; null when none are needed
     */
    public static void run(ReadPlan tree, ExecutionContext context, StatementOutput output,
                           ProxySettings settings, StatementDeadline deadline, LogicalTableNames tableNames) {
        Session session = context.session();
        ScatterOutput adapted = new ScatterOutput() {
            @Override
            public ClientStream stream() {
                return output.stream();
            }

            @Override
            public boolean moreFollows() {
                return output.moreFollows();
            }

            @Override
            public StatementCallback callback() {
                return output.callback();
            }

            @Override
            public boolean binaryRows() {
                return output.binaryRows();
            }

            @Override
            public void statusObserved(int serverStatus) {
                context.transactions().observe(serverStatus);
            }
        };
        var ctx = output.stream().context();
        new ScatterExecutor(session, new SessionConnections(context), ctx.executor(),
                ctx.alloc(), settings == null ? 0 : settings.scatterExtraConnections(), deadline)
                .renaming(tableNames).sortingAtMost(settings == null ? Long.MAX_VALUE : settings.maxSortRows())
                .joiningAtMost(settings == null ? DEFAULT_MAX_JOIN_ROWS : settings.maxJoinRows())
                .execute(tree, adapted);
    }

    ScatterExecutor renaming(LogicalTableNames names) {
        this.tableNames = names;
        return this;
    }

    /** The most rows a merge that must sort in memory may hold (error 1038 beyond). */
    ScatterExecutor sortingAtMost(long rows) {
        this.sortRowBudget = rows;
        return this;
    }

    /** The most rows a join may hold of its build side (error 1038 beyond). */
    ScatterExecutor joiningAtMost(long rows) {
        this.joinRowBudget = rows;
        return this;
    }

    /** Where the operators each read tree opened into are described (a debug log line; tests watch it). */
    ScatterExecutor observingMerges(Consumer<String> observer) {
        this.mergeObserver = observer;
        return this;
    }

    /** Starts the statement; the response is written and {@code output.callback()} called later. */
    void execute(ReadPlan tree, ScatterOutput output) {
        ClientResponse response = new ClientResponse(session, output, tableNames);
        List<Route> routes = tree.routes();
        if (routes.isEmpty()) {
            deadline.end();
            response.error(MysqlError.UNKNOWN_ERROR.toPacket("shardgate: a cross-shard read without shards"));
            return;
        }
        Map<ConnectionKey, List<Route>> byConnection = new LinkedHashMap<>();
        for (Route r : routes) {
            byConnection.computeIfAbsent(new ConnectionKey(r.node(), r.primaryRequired()), k -> new ArrayList<>()).add(r);
        }
        boolean borrow = extraPerNode > 0 && byConnection.values().stream().anyMatch(l -> l.size() > 1)
                && connections.mayBorrow() && !readsUnsyncedVariables(routes);
        Map<ConnectionKey, CompletableFuture<ShardConnection>> pinned = new LinkedHashMap<>();
        Map<ConnectionKey, List<CompletableFuture<ShardConnection>>> extras = new LinkedHashMap<>();
        List<CompletableFuture<ShardConnection>> all = new ArrayList<>();
        byConnection.forEach((k, reads) -> {
            CompletableFuture<ShardConnection> own = connections.pinned(k.node(), k.primary());
            pinned.put(k, own);
            all.add(own);
            List<CompletableFuture<ShardConnection>> more = new ArrayList<>();
            for (int i = 0; borrow && i < Math.min(reads.size() - 1, extraPerNode); i++) {
                more.add(connections.borrow(k.node(), k.primary()));
            }
            extras.put(k, more);
            all.addAll(more);
        });
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).whenCompleteAsync((x, failure) -> {
            List<ShardConnection> lent = extras.values().stream().flatMap(List::stream)
                    .map(f -> f.getNow(null)).filter(Objects::nonNull).toList();
            if (failure != null || deadline.expired()) {
                lent.forEach(connections::giveBack);
                deadline.end();
                response.error(failure != null ? ErrorSink.toErr(failure) : MysqlError.QUERY_TIMEOUT.toPacket());
                return;
            }
            try {
                start(tree, routes, pinned, extras, lent, response, output.binaryRows());
            } catch (RuntimeException e) { // before any read was sent: nothing to clean up
                lent.forEach(connections::giveBack);
                deadline.end();
                response.error(ErrorSink.toErr(e, "shardgate could not merge the shards\' results"));
            }
        }, clientLoop);
    }

    private boolean readsUnsyncedVariables(List<Route> routes) {
        Set<String> synced = connections.syncedUserVariables();
        return routes.stream().anyMatch(r -> UserVariableReads.readsUnsynced(r.sql(), synced, session.sqlMode()));
    }

    /**
     * Spreads each (node, role)'s reads over its connections, the pinned one first: with enough borrowed
     * connections every read has its own, otherwise they take turns.
     */
    private void start(ReadPlan tree, List<Route> routes,
                       Map<ConnectionKey, CompletableFuture<ShardConnection>> pinned,
                       Map<ConnectionKey, List<CompletableFuture<ShardConnection>>> extras,
                       List<ShardConnection> lent, ClientResponse response, boolean binaryRows) {
        Map<ConnectionKey, List<ShardConnection>> available = new LinkedHashMap<>();
        pinned.forEach((k, own) -> {
            List<ShardConnection> list = new ArrayList<>();
            list.add(own.join());
            extras.get(k).stream().map(f -> f.getNow(null)).filter(Objects::nonNull).forEach(list::add);
            available.put(k, list);
        });
        Map<ConnectionKey, Integer> used = new LinkedHashMap<>();
        Map<ShardConnection, List<ShardStream>> byConnection = new IdentityHashMap<>();
        List<ShardConnection> order = new ArrayList<>();
        List<ShardStream> streams = new ArrayList<>(routes.size());
        for (Route r : routes) {
            ConnectionKey key = new ConnectionKey(r.node(), r.primaryRequired());
            List<ShardConnection> list = available.get(key);
            int i = used.merge(key, 1, Integer::sum) - 1;
            ShardConnection connection = list.get(i % list.size());
            ShardStream stream = new ShardStream(connection, r.sql(), session.charset());
            streams.add(stream);
            if (!byConnection.containsKey(connection)) {
                order.add(connection);
            }
            byConnection.computeIfAbsent(connection, c -> new ArrayList<>()).add(stream);
        }
        List<ConnectionLane> lanes = new ArrayList<>(order.size());
        order.forEach(c -> lanes.add(new ConnectionLane(c, byConnection.get(c))));
        Runnable ended = () -> {
            deadline.end();
            lent.forEach(connections::giveBack);
        };
        MergeTask task = new MergeTask(tree, streams, lanes, response, clientLoop, alloc, binaryRows)
                .whenEnded(ended).observing(mergeObserver).renaming(tableNames)
                .sortingAtMost(sortRowBudget).joiningAtMost(joinRowBudget);
        lanes.forEach(ConnectionLane::start);
        deadline.onExpiry(task::timeOut);
        Thread.ofVirtual().name("shardgate-scatter-" + session.connectionId()).start(task);
    }
}
