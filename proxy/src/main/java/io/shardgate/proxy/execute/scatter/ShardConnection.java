package io.shardgate.proxy.execute.scatter;

import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.ResponseHandler;
import io.shardgate.proxy.protocol.MysqlPacket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The few things a {@link ShardStream} does with a backend connection, as an interface so the stream's
 * buffering and back-pressure can be tested against a fake. {@link #of} adapts a real
 * {@link BackendConnection}.
 *
 * <p>{@link #pauseReading()} and {@link #resumeReading()} are called on {@link #eventLoop()} only;
 * {@link #execute} and {@link #cancel()} from any thread.
 */
interface ShardConnection {

    /** Sends one command; its response goes to {@code handler} on the event loop. Takes ownership. */
    void execute(MysqlPacket command, ResponseHandler handler);

    /** Stops reading the socket: the server blocks once its send buffer is full. */
    void pauseReading();

    void resumeReading();

    /** The thread that delivers responses and owns reading. */
    Executor eventLoop();

    /**
     * Stops the running statement: KILL QUERY over another connection, and the connection is abandoned when
     * the statement has not ended shortly after ({@code SessionBackends.interrupt}).
     *
     * @return completes once the statement ended or the connection was abandoned; never exceptionally
     */
    CompletableFuture<Void> cancel();

    /** For error messages: which backend this is. */
    String describe();

    /**
     * @param canceller stops the statement on a connection ({@code SessionBackends.interrupt}); null when the
     *     caller cannot, in which case {@link #cancel()} does nothing and a statement is only drained
     */
    static ShardConnection of(BackendConnection connection,
                              Function<BackendConnection, CompletableFuture<Void>> canceller) {
        return new ShardConnection() {
            @Override
            public void execute(MysqlPacket command, ResponseHandler handler) {
                connection.execute(command, handler);
            }

            @Override
            public void pauseReading() {
                connection.pauseReading();
            }

            @Override
            public void resumeReading() {
                connection.resumeReading();
            }

            @Override
            public Executor eventLoop() {
                return connection.eventLoop();
            }

            @Override
            public CompletableFuture<Void> cancel() {
                return canceller == null ? CompletableFuture.completedFuture(null) : canceller.apply(connection);
            }

            @Override
            public String describe() {
                return connection.backend() + " (thread " + connection.connectionId() + ")";
            }
        };
    }
}
