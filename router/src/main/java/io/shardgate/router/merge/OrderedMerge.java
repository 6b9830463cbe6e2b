package io.shardgate.router.merge;

import java.util.List;

/**
 * K-way merge of shard streams that are each already sorted by the same keys (the shards got the ORDER
 * BY): the merged stream is sorted by those keys.
 *
 * <p>Streaming contract: rows are pulled at the caller's rate. A binary heap holds the current head row
 * of each input, so memory is one row per input plus whatever each input buffers. The input whose row
 * was just returned is advanced lazily, on the next call to {@link #next()}: a LIMIT that is satisfied
 * never makes the merge read one row too many. Ties go to the lower input index, so the output is
 * deterministic.
 *
 * <p>If an input's rows are not in the promised order the output is not either (no error is raised:
 * every row still arrives once); primitives that rely on adjacency check for this themselves.
 *
 * <p>Errors: an exception from any input closes all inputs and propagates to the caller of
 * {@code next()}. {@link #close()} closes all inputs; afterwards {@code next()} returns null.
 */
public final class OrderedMerge implements RowStream {

    private final List<RowStream> inputs;
    private final RowComparator comparator;
    private final List<ColumnMeta> columns;
    /** heap[0..size) of input indexes, ordered by their head rows. */
    private final int[] heap;
    private final Row[] heads;
    private int size;
    private boolean started;
    /** The input whose head was returned last and must be advanced before the next comparison. */
    private int stale = -1;
    private boolean closed;

    public OrderedMerge(List<RowStream> inputs, List<SortKey> keys) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("an ordered merge needs at least one input");
        }
        this.inputs = List.copyOf(inputs);
        this.columns = this.inputs.getFirst().columns();
        this.comparator = new RowComparator(keys, columns);
        this.heap = new int[this.inputs.size()];
        this.heads = new Row[this.inputs.size()];
    }

    @Override
    public List<ColumnMeta> columns() {
        return columns;
    }

    @Override
    public Row next() {
        if (closed) {
            return null;
        }
        try {
            if (!started) {
                started = true;
                for (int i = 0; i < inputs.size(); i++) {
                    Row row = inputs.get(i).next();
                    if (row != null) {
                        heads[i] = row;
                        heap[size] = i;
                        siftUp(size++);
                    }
                }
            } else if (stale >= 0) {
                advanceTop();
            }
        } catch (RuntimeException e) {
            Streams.closeAll(inputs, e);
            closed = true;
            throw e;
        }
        if (size == 0) {
            stale = -1;
            return null;
        }
        stale = heap[0];
        return heads[stale];
    }

    /** Replaces the top input's head by its next row (one sift-down), or drops the input at its end. */
    private void advanceTop() {
        int input = stale;
        stale = -1;
        Row row = inputs.get(input).next();
        if (row != null) {
            heads[input] = row;
        } else {
            heads[input] = null;
            heap[0] = heap[--size];
        }
        if (size > 0) {
            siftDown(0);
        }
    }

    private boolean less(int a, int b) {
        int c = comparator.compare(heads[a], heads[b]);
        return c < 0 || c == 0 && a < b;
    }

    private void siftUp(int pos) {
        int item = heap[pos];
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (!less(item, heap[parent])) {
                break;
            }
            heap[pos] = heap[parent];
            pos = parent;
        }
        heap[pos] = item;
    }

    private void siftDown(int pos) {
        int item = heap[pos];
        int half = size >>> 1;
        while (pos < half) {
            int child = 2 * pos + 1;
            int right = child + 1;
            if (right < size && less(heap[right], heap[child])) {
                child = right;
            }
            if (!less(heap[child], item)) {
                break;
            }
            heap[pos] = heap[child];
            pos = child;
        }
        heap[pos] = item;
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
        return "OrderedMerge(" + comparator + "; " + inputs.size() + " inputs)";
    }
}
