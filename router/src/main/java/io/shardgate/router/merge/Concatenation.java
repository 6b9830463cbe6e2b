package io.shardgate.router.merge;

import java.util.List;

/**
 * A union of shard streams in no particular order: the inputs are read one after the other, each closed
 * as soon as it ends so its backend connection is released early.
 *
 * <p>Streaming contract: one row at a time, at the caller's rate; inputs not yet reached hold only what
 * they buffer themselves (a shard stream stops reading its socket when its batch is full).
 *
 * <p>Errors: an exception from any input closes all inputs and propagates to the caller of
 * {@code next()}. {@link #close()} closes all inputs; afterwards {@code next()} returns null.
 */
public final class Concatenation implements RowStream {

    private final List<RowStream> inputs;
    private final List<ColumnMeta> columns;
    private int current;
    private boolean closed;

    public Concatenation(List<RowStream> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a concatenation needs at least one input");
        }
        this.inputs = List.copyOf(inputs);
        this.columns = this.inputs.getFirst().columns();
    }

    @Override
    public List<ColumnMeta> columns() {
        return columns;
    }

    @Override
    public Row next() {
        try {
            while (!closed && current < inputs.size()) {
                RowStream input = inputs.get(current);
                Row row = input.next();
                if (row != null) {
                    return row;
                }
                input.close();
                current++;
            }
            return null;
        } catch (RuntimeException e) {
            closed = true;
            Streams.closeAll(inputs, e);
            throw e;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Streams.closeAll(inputs, null);
        }
    }

    @Override
    public String toString() {
        return "Concatenation(" + inputs.size() + " inputs)";
    }
}
