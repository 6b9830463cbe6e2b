package io.shardgate.router.merge;

/**
 * An explicit window frame ({@code ROWS BETWEEN 1 PRECEDING AND CURRENT ROW}), as {@link PartitionWindowRows}
 * applies it to a partition held whole. ROWS counts rows from the current one; RANGE's CURRENT ROW means the
 * current row's peers (rows equal on the window's ORDER BY), and its value offsets ({@code RANGE 3
 * PRECEDING}) distances in the ORDER BY key ({@link RangeOffsets}).
 *
 * @param rows ROWS (else RANGE)
 * @param start where the frame starts
 * @param end where it ends (inclusive)
 */
public record WindowFrame(boolean rows, Bound start, Bound end) {

    /** Where a frame bound stands. */
    public enum Kind {
        UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING
    }

    /** A bound: its kind and, for PRECEDING / FOLLOWING, how many rows. */
    public record Bound(Kind kind, long offset) {

        public Bound {
            if (offset < 0) {
                throw new IllegalArgumentException("frame offset " + offset);
            }
        }

        @Override
        public String toString() {
            return switch (kind) {
                case UNBOUNDED_PRECEDING -> "unbounded preceding";
                case PRECEDING -> offset + " preceding";
                case CURRENT_ROW -> "current row";
                case FOLLOWING -> offset + " following";
                case UNBOUNDED_FOLLOWING -> "unbounded following";
            };
        }
    }

    /** A RANGE frame with a value offset: its rows depend on the ORDER BY key's values. */
    boolean valueOffsets() {
        return !rows && (start.kind() == Kind.PRECEDING || start.kind() == Kind.FOLLOWING
                || end.kind() == Kind.PRECEDING || end.kind() == Kind.FOLLOWING);
    }

    /**
     * The first row of the frame of row {@code i} in a partition, given the first row of its peers; may
     * exceed the last (an empty frame).
     */
    long first(long i, long peersStart) {
        return switch (start.kind()) {
            case UNBOUNDED_PRECEDING -> 0;
            case PRECEDING -> Math.max(0, i - start.offset());
            case CURRENT_ROW -> rows ? i : peersStart;
            case FOLLOWING -> i + start.offset();
            case UNBOUNDED_FOLLOWING -> Long.MAX_VALUE;
        };
    }

    /** One past the last row of the frame of row {@code i}, given one past its last peer, at most {@code size}. */
    long end(long i, long peersEnd, long size) {
        long e = switch (end.kind()) {
            case UNBOUNDED_PRECEDING -> 0;
            case PRECEDING -> Math.max(0, i - end.offset() + 1);
            case CURRENT_ROW -> rows ? i + 1 : peersEnd;
            case FOLLOWING -> i + end.offset() + 1;
            case UNBOUNDED_FOLLOWING -> size;
        };
        return Math.min(e, size);
    }

    @Override
    public String toString() {
        return (rows ? "rows " : "range ") + start + " to " + end;
    }
}
