package io.shardgate.proxy.binding;

import io.netty.channel.EventLoop;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.pool.BackendSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The two questions of a causal read, asked of the servers (MariaDB). Where a node's primary stands after the
 * session's write: its {@code @@gtid_binlog_pos}, read on any connection to it when the first read after the
 * write comes (so a write costs nothing; the position may be a little past the session's own write, which only
 * makes the replica wait for a little more). And whether a replica has applied that position:
 * {@code MASTER_GTID_WAIT(position, causal-wait)} on the replica connection about to serve the read.
 */
final class CausalReads {

    private final BackendSource source;
    private final EventLoop loop;
    private final int capabilities;

    CausalReads(BackendSource source, EventLoop loop, int capabilities) {
        this.source = source;
        this.loop = loop;
        this.capabilities = capabilities;
    }

    /** The GTID position of {@code node}'s primary now; empty when it keeps none (binlog off). */
    CompletableFuture<String> position(String node) {
        return source.acquire(node, true, capabilities, loop).thenCompose(c ->
                c.query("SELECT @@global.gtid_binlog_pos").whenComplete((r, failure) -> {
                    if (failure == null) {
                        source.releaseKeepingState(c); // asked nothing of its session state
                    } else {
                        source.release(c, false);
                    }
                }).thenApply(r -> {
                    String p = r.rows().getFirst().getFirst();
                    return p == null ? "" : p;
                }));
    }

    /**
     * Whether {@code replica} applies {@code position} within {@code wait}: 0 from MASTER_GTID_WAIT; -1 (timed
     * out), NULL or an error all mean no, and the read goes to the primary.
     */
    CompletableFuture<Boolean> reached(BackendConnection replica, String position, Duration wait) {
        String seconds = BigDecimal.valueOf(wait.toMillis(), 3).toPlainString();
        String sql = "SELECT MASTER_GTID_WAIT('" + position.replace("'", "") + "', " + seconds + ")";
        return replica.query(sql).handle((r, failure) ->
                failure == null && "0".equals(r.rows().getFirst().getFirst()));
    }
}
