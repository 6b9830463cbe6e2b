package io.shardgate.proxy.backend;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds on the proxy's clock for the exchanges (one command and its response) of one {@link BackendConnection}:
 * a stopped process or a network black hole answers nothing, and TCP alone would wait for hours. A control
 * command gets a limit ({@link #abandonUnlessEnded}); a statement is stopped by {@link #interrupt} (KILL QUERY,
 * then a grace period). Both end in {@link BackendConnection#abandon} when the server does not answer in time.
 * While a KILL QUERY is unanswered, the fence holds the connection's next command back, so a late KILL cannot stop
 * it.
 *
 * <p>Event loop only, like the connection's own exchange state, except {@link #interrupt}, which hops there.
 */
final class ExchangeBounds {

    /** The connection's category: these are its log lines. */
    private static final Logger LOG = LoggerFactory.getLogger(BackendConnection.class);

    private final BackendConnection connection;
    private long interruptedExchange = -1;
    /** Who waits for the exchange in flight to end. */
    private CompletableFuture<Void> exchangeEnd;
    /** Commands wait for it: a KILL QUERY aimed at this connection that the server has not answered yet. */
    private CompletableFuture<Void> fence;

    ExchangeBounds(BackendConnection connection) {
        this.connection = connection;
    }

    /** True when a KILL is unanswered: {@code resend} then runs on the loop once it is, and the caller stops. */
    boolean holdsBack(Runnable resend) {
        if (fence == null || fence.isDone()) {
            return false;
        }
        fence.whenComplete((x, f) -> connection.eventLoop().execute(resend));
        return true;
    }

    /** See {@link BackendConnection#interrupt}. */
    CompletableFuture<Void> interrupt(Function<BackendConnection, CompletableFuture<Void>> killer, Duration grace,
                                      Throwable whenAbandoned) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        connection.onLoop(() -> {
            if (!connection.isBusy()) {
                ended.complete(null);
                return;
            }
            if (exchangeEnd == null) {
                exchangeEnd = new CompletableFuture<>();
            }
            exchangeEnd.whenComplete((x, f) -> ended.complete(null));
            long exchange = connection.exchange();
            if (interruptedExchange == exchange) {
                return;
            }
            interruptedExchange = exchange;
            CompletableFuture<Void> gate = new CompletableFuture<>();
            fence = gate;
            abandonUnlessEnded(exchange, grace, () -> whenAbandoned);
            try {
                killer.apply(connection).whenComplete((x, f) -> gate.complete(null));
            } catch (RuntimeException e) { // no KILL, then: the grace still ends a statement that does not stop
                gate.complete(null);
                LOG.debug("KILL QUERY for {} could not be sent: {}", connection, e.toString());
            }
        });
        return ended;
    }

    /**
     * The one timer on an exchange: {@code after} from now, abandons the connection if exchange {@code which}
     * is still in flight.
     */
    void abandonUnlessEnded(long which, Duration after, Supplier<Throwable> cause) {
        connection.eventLoop().schedule(() -> {
            if (connection.isBusy() && connection.exchange() == which) {
                connection.abandon(cause.get());
            }
        }, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The connection failed: commands waiting behind a KILL now fail at once, the connection being gone. */
    void openFence() {
        if (fence != null) {
            fence.complete(null);
        }
    }

    /** The exchange in flight ended, by its response or by failing. */
    void ended() {
        CompletableFuture<Void> end = exchangeEnd;
        exchangeEnd = null;
        if (end != null) {
            end.complete(null);
        }
    }
}
