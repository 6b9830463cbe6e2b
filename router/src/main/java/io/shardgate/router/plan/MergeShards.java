package io.shardgate.router.plan;

import io.shardgate.router.merge.Concatenation;
import io.shardgate.router.merge.OrderedMerge;
import io.shardgate.router.merge.RowStream;
import io.shardgate.router.merge.SortKey;
import java.util.List;

/**
 * The leaf of a read tree that reaches shards: one read per route, the rows of all of them in one stream.
 * Every shard was sent the same statement (its own table names), so all return the same columns.
 *
 * <p><b>Chosen when opened:</b> an ordered k-way merge ({@link OrderedMerge}) when the shards were sent an
 * ORDER BY ({@link #shardOrder()} not empty) and the {@link ReadContext} can read them all at once; the
 * rows then arrive in {@code shardOrder}, which the nodes above may rely on to stream. Otherwise a
 * {@link Concatenation}, shard after shard, whose order is unknown. One shard is read as it is.
 *
 * @param routes one per shard, in shard order
 * @param shardOrder the ORDER BY every shard was sent, as keys over the shard columns; empty for none
 */
public record MergeShards(List<Route> routes, List<SortKey> shardOrder) implements ReadPlan {

    public MergeShards {
        routes = List.copyOf(routes);
        shardOrder = List.copyOf(shardOrder);
    }

    @Override
    public List<ReadPlan> inputs() {
        return List.of();
    }

    @Override
    public Opened open(ReadContext context) {
        ShardInputs shards = context.open(this);
        List<RowStream> streams = shards.streams();
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("no shard streams to merge: the merged columns would be unknown");
        }
        int width = streams.getFirst().columns().size();
        List<SortKey> order = shards.parallel() || streams.size() == 1
                ? shardOrder.stream().map(k -> k.absolute(width)).toList() : List.of();
        if (streams.size() == 1) {
            return new Opened(streams.getFirst(), order, false);
        }
        return order.isEmpty() ? new Opened(new Concatenation(streams), List.of(), false)
                : new Opened(new OrderedMerge(streams, order), order, false);
    }

    @Override
    public int columnCount(int shardColumns) {
        return shardColumns;
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("MergeShards ").append(routes.size())
                .append(routes.size() == 1 ? " shard" : " shards")
                .append(shardOrder.isEmpty() ? ", concatenated"
                        : " sorted by " + shardOrder + " (merged in order if each streams on its own connection)")
                .append('\n');
        routes.forEach(r -> r.describeTo(out, indent + 1));
    }
}
