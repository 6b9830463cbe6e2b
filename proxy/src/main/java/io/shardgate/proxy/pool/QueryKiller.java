package io.shardgate.proxy.pool;

import io.netty.channel.EventLoop;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.BackendException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code KILL QUERY} for a backend connection, sent to its server over a connection of its own: a pooled one
 * when one is free right away, else a one-off connection outside {@code max}, closed afterwards. A KILL must
 * not wait for the pool: the pool may be full of the very connections it is meant to stop.
 *
 * <p>A KILL is bounded like everything sent to a server that may be hung: the one-off connection by
 * {@code pool.connect-timeout} (TCP and handshake), the KILL's own answer by the same again, after which the
 * connection that carried it is abandoned. Nobody waits for it but the connection it is aimed at, which sends
 * nothing more until the KILL settled ({@link BackendConnection#interrupt}).
 */
final class QueryKiller {

    private static final Logger LOG = LoggerFactory.getLogger(QueryKiller.class);

    private QueryKiller() {
    }

    /** @return completes (never exceptionally) once the server answered the KILL or it could not be sent */
    static CompletableFuture<Void> kill(ConnectionPool pool, long threadId, EventLoop loop) {
        String kill = "KILL QUERY " + threadId;
        return pool.tryAcquire(loop).exceptionally(failure -> null).thenCompose(pooled -> {
            if (pooled != null) {
                return pooled.query(kill, pool.connectTimeout()).handle((r, f) -> {
                    pool.release(pooled, f == null);
                    return logFailure(pool, kill, f);
                });
            }
            return pool.connectOutside(loop).thenCompose(oneOff -> oneOff.query(kill, pool.connectTimeout())
                    .handle((r, f) -> {
                        oneOff.close();
                        return logFailure(pool, kill, f);
                    }));
        }).handle((x, f) -> logFailure(pool, kill, f));
    }

    private static Void logFailure(ConnectionPool pool, String kill, Throwable failure) {
        if (failure != null) {
            LOG.debug("{} on {} failed: {}", kill, pool.name(), BackendException.reason(failure));
        }
        return null;
    }
}
