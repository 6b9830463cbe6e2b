package io.shardgate.proxy.execute.scatter;

import io.netty.channel.ChannelHandlerContext;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.execute.PlanRunner;
import io.shardgate.proxy.execute.SessionBackends;
import io.shardgate.proxy.execute.StatementCallback;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.session.Session;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.Scatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs a {@link Scatter} plan: one read per shard, merged into one result for the client.
 *
 * <ol>
 *   <li>On the client's event loop: the session's connection for every (node, role) the routes need
 *       ({@link SessionBackends#acquire}, so reads see the session's schema, variables and transaction);
 *       the reads of one connection form a {@link ConnectionLane} and run one after another, lanes run in
 *       parallel.</li>
 *   <li>On a virtual thread: the merge ({@link MergeTask}), pulling rows from the {@link ShardStream}s and
 *       handing encoded batches back to the event loop with back-pressure.</li>
 * </ol>
 *
 * <p>Why the session's own connections and not one extra connection per shard: inside a transaction the
 * reads must run on the connections holding it, and pinned connections cost no pool round trip. The price
 * is that a node serving several shards streams them one after another, so an ORDER BY or GROUP BY merge
 * cannot interleave them and sorts or hashes in memory (see {@link MergeTask}). Per-shard connections
 * outside transactions would lift that; they need the backend source's pooled connections synced to the
 * session, left for later.
 */
public final class ScatterExecutor {

    private record ConnectionKey(String node, boolean primary) {
    }

    private final Session session;
    private final SessionBackends backends;
    private final Consumer<BackendConnection> canceller;

    /**
     * @param canceller KILL QUERY for a backend connection ({@code BackendSource::cancel}); null when not
     *     available, in which case failing merges drain their shards instead of stopping them
     */
    public ScatterExecutor(Session session, SessionBackends backends, Consumer<BackendConnection> canceller) {
        this.session = session;
        this.backends = backends;
        this.canceller = canceller;
    }

    /**
     * The plan runner's entry point (one line in {@code PlanRunner.run}), on the client's event loop.
     */
    public static void run(Scatter scatter, Session session, SessionBackends backends,
                           PlanRunner.StatementOutput output) {
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
        };
        new ScatterExecutor(session, backends, backends.source()::cancel).execute(scatter, adapted);
    }

    /** Starts the statement; the response is written and {@code output.callback()} called later. */
    public void execute(Scatter scatter, ScatterOutput output) {
        ClientResponse response = new ClientResponse(session, output);
        if (scatter.routes().isEmpty()) {
            response.error(MysqlError.UNKNOWN_ERROR.toPacket("shardgate: a cross-shard read without shards"));
            return;
        }
        Map<ConnectionKey, List<Route>> byConnection = new LinkedHashMap<>();
        for (Route r : scatter.routes()) {
            byConnection.computeIfAbsent(new ConnectionKey(r.node(), r.primaryRequired()), k -> new ArrayList<>()).add(r);
        }
        Map<ConnectionKey, CompletableFuture<BackendConnection>> acquired = new LinkedHashMap<>();
        byConnection.keySet().forEach(k -> acquired.put(k, backends.acquire(k.node(), k.primary())));
        ChannelHandlerContext ctx = output.stream().context();
        CompletableFuture.allOf(acquired.values().toArray(CompletableFuture[]::new)).whenCompleteAsync((x, failure) -> {
            if (failure != null) {
                response.error(PlanRunner.errorOf(failure));
                return;
            }
            try {
                start(scatter, acquired, response, ctx, output.binaryRows());
            } catch (RuntimeException e) { // before any read was sent: nothing to clean up
                response.error(MergeTask.errorOf(e));
            }
        }, ctx.executor());
    }

    private void start(Scatter scatter, Map<ConnectionKey, CompletableFuture<BackendConnection>> acquired,
                       ClientResponse response, ChannelHandlerContext ctx, boolean binaryRows) {
        Map<ConnectionKey, ShardConnection> connections = new LinkedHashMap<>();
        acquired.forEach((k, f) -> connections.put(k, ShardConnection.of(f.join(), canceller)));
        List<ShardStream> streams = new ArrayList<>(scatter.routes().size());
        Map<ConnectionKey, List<ShardStream>> byConnection = new LinkedHashMap<>();
        for (Route r : scatter.routes()) {
            ConnectionKey key = new ConnectionKey(r.node(), r.primaryRequired());
            ShardStream stream = new ShardStream(connections.get(key), r.sql());
            streams.add(stream);
            byConnection.computeIfAbsent(key, k -> new ArrayList<>()).add(stream);
        }
        List<ConnectionLane> lanes = new ArrayList<>();
        byConnection.forEach((k, s) -> lanes.add(new ConnectionLane(connections.get(k), s)));
        lanes.forEach(ConnectionLane::start);
        MergeTask task = new MergeTask(scatter, streams, lanes, response, ctx.executor(), ctx.alloc(),
                binaryRows);
        Thread.ofVirtual().name("shardgate-scatter-" + session.connectionId()).start(task);
    }
}
