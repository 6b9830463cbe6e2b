package io.shardgate.router.merge;

import java.util.List;

/**
 * The client's view of a cross-shard result, an opened read plan ({@code ReadPlans.open}): the top of the
 * operator tree plus the shard streams underneath, so that a failure anywhere, or a close, reaches every
 * shard.
 */
public final class MergedStream implements RowStream {

    private final RowStream top;
    private final List<RowStream> shards;
    private boolean closed;

    /**
     * @param top the operator the client reads
     * @param shards every shard stream under it
     */
    public MergedStream(RowStream top, List<RowStream> shards) {
        this.top = top;
        this.shards = List.copyOf(shards);
    }

    @Override
    public List<ColumnMeta> columns() {
        return top.columns();
    }

    /**
     * The next merged row, or null at the end (also after {@link #close()}).
     *
     * @throws RowStreamException a shard's error; all shard streams are closed before it propagates
     */
    @Override
    public Row next() {
        if (closed) {
            return null;
        }
        try {
            return top.next();
        } catch (RuntimeException e) {
            closed = true;
            Streams.closeAll(List.of(top), e);
            Streams.closeAll(shards, e);
            throw e;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                top.close();
            } finally {
                Streams.closeAll(shards, null);
            }
        }
    }

    /**
     * The operators chosen when the plan was opened, one line each, the client's end first: what ran,
     * where the plan's {@code describe()} shows what may run.
     */
    public String describe() {
        return top.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
