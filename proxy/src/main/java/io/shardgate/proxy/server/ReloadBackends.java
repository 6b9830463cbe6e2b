package io.shardgate.proxy.server;

import io.netty.channel.EventLoopGroup;
import io.shardgate.config.NodeConfig;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.BackendConnector;
import io.shardgate.proxy.backend.BackendErrorException;
import io.shardgate.proxy.backend.BackendException;
import io.shardgate.proxy.backend.BackendSettings;
import io.shardgate.proxy.backend.QueryResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The backend connections one reload's layout check talks through: one per node primary (per connection
 * settings, so a node whose address changes is asked at its old address about the rows it holds and at its new
 * one about tables to create), opened on first use, closed at the end. Its own connections rather than pooled
 * ones: the new config's nodes have no pool yet, and a check must not wait behind sessions for a full pool.
 *
 * <p>Blocking: call it off the event loops (the reload runs on the config watcher's virtual thread). Every
 * step is bounded by one deadline for the whole check: a backend that does not connect or answer in time fails
 * the check with a message naming the node, and the reload is refused.
 */
final class ReloadBackends implements AutoCloseable {

    /**
     * A node could not be asked, or answered what the check cannot use; the message names the node, never a
     * Java class.
     */
    static final class CheckFailed extends RuntimeException {
        CheckFailed(String message) {
            super(message);
        }
    }

    private final BackendConnector connector;
    private final EventLoopGroup loops;
    private final long deadline;
    private final Duration budget;
    private final Map<NodeConfig, BackendConnection> connections = new HashMap<>();

    ReloadBackends(BackendConnector connector, EventLoopGroup loops, Duration budget) {
        this.connector = connector;
        this.loops = loops;
        this.budget = budget;
        this.deadline = System.nanoTime() + budget.toNanos();
    }

    /** Runs one statement on the node's primary and returns its (small) result. */
    QueryResult query(NodeConfig node, String sql) {
        BackendConnection connection = connection(node);
        Duration left = left(node);
        return await(node, connection.query(sql, left), left);
    }

    private BackendConnection connection(NodeConfig node) {
        BackendConnection open = connections.get(node);
        if (open != null && open.isUsable()) {
            return open;
        }
        Duration left = left(node);
        Duration connectTimeout = left.compareTo(node.pool().connectTimeout()) < 0 ? left
                : node.pool().connectTimeout();
        BackendSettings settings = BackendSettings.of(node.primary().host(), node.primary().port(), node.user(),
                node.password().reveal(), null).withConnectTimeout(connectTimeout);
        BackendConnection connection = await(node, connector.connect(loops, settings), left);
        connections.put(node, connection);
        return connection;
    }

    private Duration left(NodeConfig node) {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new CheckFailed("node " + node.name() + " (" + node.primary() + "): the layout check did not finish"
                    + " within " + budget.toSeconds() + " s");
        }
        return Duration.ofNanos(nanos);
    }

    private <T> T await(NodeConfig node, CompletableFuture<T> future, Duration limit) {
        try {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new CheckFailed("node " + node.name() + " (" + node.primary() + ") did not answer within "
                    + limit.toMillis() + " ms");
        } catch (ExecutionException | CompletionException e) {
            throw new CheckFailed("node " + node.name() + ": " + why(e.getCause() == null ? e : e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckFailed("interrupted while asking node " + node.name());
        }
    }

    /** A backend failure in words: the server's own error, or what went wrong on the way to it. */
    static String why(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException || t instanceof ExecutionException) {
            if (t.getCause() == null) {
                break;
            }
            t = t.getCause();
        }
        if (t instanceof BackendErrorException e) {
            return "backend " + e.backend() + " answered error " + e.errorCode() + " (" + e.sqlState() + "): "
                    + e.serverMessage();
        }
        if (t instanceof BackendException e) {
            return e.getMessage();
        }
        return t.getMessage() != null ? t.getMessage() : "the connection failed";
    }

    @Override
    public void close() {
        connections.values().forEach(BackendConnection::close);
        connections.clear();
    }
}
