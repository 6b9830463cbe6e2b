package io.shardgate.router.merge;

import java.util.List;

/**
 * A pull-based stream of rows: one shard's result, or a merge over several.
 *
 * <p>The proxy runs merges on a virtual thread, so {@link #next()} may block while a shard's rows are
 * in flight; a shard stream buffers at most one batch and stops reading its socket when full, so memory
 * stays bounded by (streams x batch) for streaming merges. Implementations are single-consumer.
 */
public interface RowStream extends AutoCloseable {

    /** The columns of every row, in order (including hidden ones the planner added). */
    List<ColumnMeta> columns();

    /**
     * The next row, or null at the end.
     *
     * @throws RowStreamException when a shard failed; the exception carries the backend's error
     */
    Row next();

    /** Stops early: remaining rows are discarded (the proxy cancels the backend work). Idempotent. */
    @Override
    void close();
}
