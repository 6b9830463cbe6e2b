package io.shardgate.router.merge;

/**
 * One window function of a {@link WindowRows} or {@link PartitionWindowRows} pass. The shards return the
 * function's argument in {@link #column} (a placeholder for the functions without one) and the pass writes
 * the function's value over it, so the row keeps its width.
 *
 * @param function what is computed
 * @param column the column holding the argument and receiving the value
 * @param offset LAG/LEAD's offset (1 when not given), NTILE's bucket count, NTH_VALUE's n; 0 for the others
 * @param frame an explicit frame (ROWS / RANGE ...); null for the default one
 * @param overAggregate the argument is an aggregate's merged value (a window over GROUP BY): MariaDB gives an
 *     integer one to the value functions as BIGINT ({@code LAG(MAX(int_column))} is BIGINT)
 */
public record WindowCall(Function function, int column, long offset, WindowFrame frame, boolean overAggregate) {

    /** The window functions shardgate computes over merged rows. */
    public enum Function {
        ROW_NUMBER, RANK, DENSE_RANK, COUNT_ROWS, COUNT, SUM, AVG, MIN, MAX, LAG, LEAD,
        NTILE, PERCENT_RANK, CUME_DIST, FIRST_VALUE, LAST_VALUE, NTH_VALUE;

        /** Whether the value is an aggregate over the frame (the partition, or up to the last peer when ordered). */
        boolean aggregate() {
            return this == COUNT_ROWS || this == COUNT || this == SUM || this == AVG || this == MIN || this == MAX;
        }

        /** Whether the value depends on the frame; the others reject one (MariaDB's 4017) or ignore it (LAG, LEAD). */
        public boolean framed() {
            return aggregate() || this == FIRST_VALUE || this == LAST_VALUE || this == NTH_VALUE;
        }

        /** Whether a value needs rows after the current one's peers: the pass holds the whole partition. */
        boolean wholePartition() {
            return this == NTILE || this == PERCENT_RANK || this == CUME_DIST || this == FIRST_VALUE
                    || this == LAST_VALUE || this == NTH_VALUE;
        }
    }

    public WindowCall {
        if (offset < 0) {
            throw new IllegalArgumentException(function + " offset " + offset);
        }
        if (frame != null && !function.framed()) {
            throw new IllegalArgumentException(function + " with a frame");
        }
    }

    public WindowCall(Function function, int column, long offset) {
        this(function, column, offset, null, false);
    }

    public WindowCall(Function function, int column, long offset, WindowFrame frame) {
        this(function, column, offset, frame, false);
    }

    /** Whether computing this call needs its partition held whole ({@link PartitionWindowRows}). */
    public boolean needsPartition() {
        return frame != null || function.wholePartition();
    }

    /** This call with a relative (negative) column made absolute for rows of {@code width} columns. */
    public WindowCall absolute(int width) {
        return column < 0 ? new WindowCall(function, width + column, offset, frame, overAggregate) : this;
    }

    @Override
    public String toString() {
        String name = function == Function.COUNT_ROWS ? "COUNT(*)" : function.name();
        return name + " at " + (column < 0 ? "end" + column : Integer.toString(column))
                + switch (function) {
                    case LAG, LEAD -> " offset " + offset;
                    case NTILE -> " buckets " + offset;
                    case NTH_VALUE -> " n " + offset;
                    default -> "";
                }
                + (frame == null ? "" : " " + frame);
    }
}
