package io.shardgate.router.plan;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.FakeStream;
import io.shardgate.router.merge.RowStream;
import io.shardgate.router.merge.SortKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ReadContext} over canned shard rows, in the spirit of Vitess's fake cursor: each shard is a route
 * whose SQL names it ({@code s0}, {@code s1} ...), answered by a {@link FakeStream} (rows written
 * {@code "a|1"}, two per batch). Records every stream it opened, so tests can check what was closed.
 */
final class FakeContext implements ReadContext {

    private final List<ColumnMeta> columns;
    private final Map<String, String[]> shards = new LinkedHashMap<>();
    private final List<FakeStream> opened = new ArrayList<>();
    private boolean parallel = true;
    private long maxSortRows = Long.MAX_VALUE;
    private int failingShard = -1;
    private long failAfter;

    FakeContext(List<ColumnMeta> columns) {
        this.columns = List.copyOf(columns);
    }

    /** One more shard with these rows, in the order the shard returns them. */
    FakeContext shard(String... rows) {
        shards.put("s" + shards.size(), rows);
        return this;
    }

    /** The shards share connections: they can only be read one after another. */
    FakeContext sequential() {
        this.parallel = false;
        return this;
    }

    FakeContext sortingAtMost(long rows) {
        this.maxSortRows = rows;
        return this;
    }

    /** Shard {@code index} fails with a backend error after {@code rows} rows. */
    FakeContext failing(int index, long rows) {
        this.failingShard = index;
        this.failAfter = rows;
        return this;
    }

    /** The leaf reading every shard, each sent {@code order}. */
    MergeShards leaf(SortKey... order) {
        List<Route> routes = shards.keySet().stream().map(sql -> new Route("n" + sql.substring(1), sql, false)).toList();
        return new MergeShards(routes, List.of(order));
    }

    @Override
    public ShardInputs open(MergeShards leaf) {
        List<RowStream> streams = new ArrayList<>();
        for (Route r : leaf.routes()) {
            FakeStream s = FakeStream.of(columns, shards.get(r.sql()));
            if (opened.size() == failingShard) {
                s.failingAfter(failAfter);
            }
            opened.add(s);
            streams.add(s);
        }
        return new ShardInputs(streams, parallel);
    }

    @Override
    public long maxSortRows() {
        return maxSortRows;
    }

    List<FakeStream> opened() {
        return opened;
    }

    boolean allClosed() {
        return !opened.isEmpty() && opened.stream().allMatch(FakeStream::closed);
    }
}
