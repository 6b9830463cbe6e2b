package io.shardgate.router.merge;

import java.util.List;

/**
 * The operator under a plan's {@code Limit} node: OFFSET/LIMIT over a merged stream. The shards were sent
 * {@code LIMIT offset + count} (the planner's pushdown); here the first {@code offset} merged rows are
 * skipped and at most {@code count} returned.
 *
 * <p>Streaming contract: no buffering; skipped rows are pulled and dropped one by one. The input is
 * closed as soon as the last allowed row has been returned (or at once for LIMIT 0), so the shards stop
 * working before the client asks for more.
 */
public final class LimitRows implements RowStream {

    private final RowStream input;
    private final long offset;
    private final Long count;
    private long skipped;
    private long returned;
    private boolean done;

    /**
     * @param offset rows to skip, at least 0
     * @param count rows to return at most; null for no limit
     */
    public LimitRows(RowStream input, long offset, Long count) {
        if (offset < 0 || count != null && count < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " or count " + count);
        }
        this.input = input;
        this.offset = offset;
        this.count = count;
    }

    @Override
    public List<ColumnMeta> columns() {
        return input.columns();
    }

    @Override
    public Row next() {
        if (done) {
            return null;
        }
        if (count != null && returned >= count) {
            finish();
            return null;
        }
        while (skipped < offset) {
            if (input.next() == null) {
                finish();
                return null;
            }
            skipped++;
        }
        Row row = input.next();
        if (row == null) {
            finish();
            return null;
        }
        returned++;
        if (count != null && returned >= count) {
            finish();
        }
        return row;
    }

    private void finish() {
        done = true;
        input.close();
    }

    @Override
    public void close() {
        done = true;
        input.close();
    }

    @Override
    public String toString() {
        return Streams.nested("Limit(offset=" + offset + ", count=" + (count == null ? "all" : count) + ")", input);
    }
}
