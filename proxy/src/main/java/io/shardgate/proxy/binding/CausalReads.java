package io.shardgate.proxy.binding;

import io.netty.channel.EventLoop;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.QueryResult;
import io.shardgate.proxy.pool.BackendSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A causal read (see {@link ReadAfterWrite}) and the two questions it asks of the servers (MariaDB). Where a
 * node's primary stands after the session's write: its {@code @@gtid_binlog_pos}, read when the first read after
 * the write comes (so a write costs nothing; the position may be a little past the session's own write, which
 * only makes the replica wait for a little more). And whether a replica has applied that position:
 * {@code MASTER_GTID_WAIT(position, causal-wait)} on the replica connection about to serve the read.
 */
final class CausalReads {

    private static final String POSITION = "SELECT @@global.gtid_binlog_pos";

    private final SessionBackends backends;
    private final ReadAfterWrite reads;
    private final BackendSource source;
    private final EventLoop loop;
    private final int capabilities;

    CausalReads(SessionBackends backends, ReadAfterWrite reads, BackendSource source, EventLoop loop,
                int capabilities) {
        this.backends = backends;
        this.reads = reads;
        this.source = source;
        this.loop = loop;
        this.capabilities = capabilities;
    }

    /**
     * A read of {@code node} after a write: on a replica that has applied the write (asked once per replica and
     * write), else on the primary. {@code held}: the session's own idle connection to the primary, if any.
     */
    CompletableFuture<BackendConnection> read(String node, BackendConnection held) {
        String target = reads.target(node);
        if (target == null) {
            CompletableFuture<String> asked = position(node, held).handle((p, failure) -> failure == null ? p : null);
            return backends.onLoop(asked).thenCompose(position -> {
                if (position == null) {
                    return backends.acquireAs(node, true); // the primary did not tell: read there this time
                }
                reads.target(node, position);
                return reads.target(node) == null // keeps no GTIDs: the window decides
                        ? backends.acquireAs(node, reads.primaryForRead(node, System.nanoTime()))
                        : read(node, null);
            });
        }
        return backends.acquireAs(node, false).thenCompose(c -> {
            if (!source.isReplica(c) || reads.confirmed(node, c.backend())) {
                return CompletableFuture.completedFuture(c);
            }
            String replica = c.backend();
            return backends.onLoop(reached(c, target, reads.causalWait(node, replica))).thenCompose(reached -> {
                if (reached) {
                    reads.confirm(node, replica, target);
                    return CompletableFuture.completedFuture(c);
                }
                reads.behind(node, replica);
                return backends.acquireAs(node, true);
            });
        });
    }

    /**
     * The GTID position of {@code node}'s primary now; empty when it keeps none (binlog off). Asked on
     * {@code held}, the session's own idle connection to that primary, when there is one, else on a pooled one.
     */
    private CompletableFuture<String> position(String node, BackendConnection held) {
        if (held != null) {
            return held.query(POSITION).thenApply(CausalReads::position);
        }
        return source.acquire(node, true, capabilities, loop).thenCompose(c ->
                c.query(POSITION).whenComplete((r, failure) -> {
                    if (failure == null) {
                        source.releaseKeepingState(c); // asked nothing of its session state
                    } else {
                        source.release(c, false);
                    }
                }).thenApply(CausalReads::position));
    }

    private static String position(QueryResult r) {
        String p = r.rows().getFirst().getFirst();
        return p == null ? "" : p;
    }

    /**
     * Whether {@code replica} applies {@code position} within {@code wait}: 0 from MASTER_GTID_WAIT; -1 (timed
     * out), NULL or an error all mean no, and the read goes to the primary.
     */
    private CompletableFuture<Boolean> reached(BackendConnection replica, String position, Duration wait) {
        String seconds = BigDecimal.valueOf(wait.toMillis(), 3).toPlainString();
        String sql = "SELECT MASTER_GTID_WAIT('" + position.replace("'", "") + "', " + seconds + ")";
        return replica.query(sql).handle((r, failure) ->
                failure == null && "0".equals(r.rows().getFirst().getFirst()));
    }
}
