package io.shardgate.proxy.execute.scatter;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The shard reads that share one backend connection (one node and role of the session), run one after
 * another: a MySQL connection carries one statement at a time, so the next read is sent when the previous
 * response has ended (read to its end by the consumer, or discarded after a close). Lanes of different
 * nodes run in parallel.
 *
 * <p>Threads: {@link #start()} on the connection's event loop; each following read is started from the
 * previous one's completion, also on that loop. {@link #cancelRunning()} from any thread.
 */
final class ConnectionLane {

    private final ShardConnection connection;
    private final List<ShardStream> streams;

    ConnectionLane(ShardConnection connection, List<ShardStream> streams) {
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("a lane needs at least one shard read");
        }
        this.connection = connection;
        this.streams = List.copyOf(streams);
    }

    void start() {
        startAt(0);
    }

    private void startAt(int i) {
        if (i < streams.size()) {
            ShardStream stream = streams.get(i);
            stream.finished().thenRun(() -> startAt(i + 1));
            stream.start();
        }
    }

    /** How many shard reads share the connection. */
    int size() {
        return streams.size();
    }

    /**
     * KILL QUERY for the read running now, if any; reads not yet sent are skipped once closed. Used when
     * the merge failed and the remaining rows are unwanted: the lane then drains quickly.
     *
     * @return completes once the read ended, or its connection was abandoned because it did not (at once when
     *     nothing ran); the connection itself holds back the next statement until the KILL was answered
     */
    CompletableFuture<Void> cancelRunning() {
        if (streams.stream().anyMatch(ShardStream::running)) {
            return connection.cancel();
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The backend connection the reads run on. */
    ShardConnection connection() {
        return connection;
    }
}
