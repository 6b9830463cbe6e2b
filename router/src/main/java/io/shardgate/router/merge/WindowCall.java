package io.shardgate.router.merge;

/**
 * One window function of a {@link WindowRows} pass. The shards return the function's argument in
 * {@link #column} (a placeholder for the functions without one) and the pass writes the function's value
 * over it, so the row keeps its width.
 *
 * @param function what is computed
 * @param column the column holding the argument and receiving the value
 * @param offset LAG/LEAD's offset (1 when not given); 0 for the other functions
 */
public record WindowCall(Function function, int column, long offset) {

    /** The window functions shardgate computes over merged rows (with the default frame). */
    public enum Function {
        ROW_NUMBER, RANK, DENSE_RANK, COUNT_ROWS, COUNT, SUM, AVG, MIN, MAX, LAG, LEAD;

        /** Whether the value is an aggregate over the frame (the partition, or up to the last peer when ordered). */
        boolean aggregate() {
            return this == COUNT_ROWS || this == COUNT || this == SUM || this == AVG || this == MIN || this == MAX;
        }
    }

    public WindowCall {
        if (offset < 0) {
            throw new IllegalArgumentException(function + " offset " + offset);
        }
    }

    /** This call with a relative (negative) column made absolute for rows of {@code width} columns. */
    public WindowCall absolute(int width) {
        return column < 0 ? new WindowCall(function, width + column, offset) : this;
    }

    @Override
    public String toString() {
        String name = function == Function.COUNT_ROWS ? "COUNT(*)" : function.name();
        return name + " at " + (column < 0 ? "end" + column : Integer.toString(column))
                + (function == Function.LAG || function == Function.LEAD ? " offset " + offset : "");
    }
}
