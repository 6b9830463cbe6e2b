package io.shardgate.router.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * The column a server reports for a window function, given its argument's (measured on MariaDB 10.11):
 * ROW_NUMBER, RANK, DENSE_RANK, NTILE and COUNT as COUNT (BIGINT NOT NULL); SUM and AVG as the GROUP BY
 * aggregates; PERCENT_RANK and CUME_DIST a nullable DOUBLE with 10 decimals; MIN, MAX, LAG, LEAD,
 * FIRST_VALUE, LAST_VALUE and NTH_VALUE of x as x's type, nullable, BINARY where x's collation is binary,
 * and decimals 39 (MariaDB's "not fixed") for character strings, an integer aggregate's value (a window over
 * GROUP BY) as BIGINT. Always an expression
 * ({@link ColumnMeta#FLAG_COMPUTED}). Also what both window operators ({@link WindowRows},
 * {@link PartitionWindowRows}) check and build before their first row: their output columns, and that their
 * order is exact.
 */
final class WindowTypes {

    /** The decimals MariaDB reports for a string computed by a window function (NOT_FIXED_DEC). */
    private static final int STRING_DECIMALS = 39;
    /** TINYINT, SMALLINT, INT, MEDIUMINT: an aggregate's value of these is a BIGINT to a window function. */
    private static final java.util.Set<Integer> SHORTER_INTEGERS = java.util.Set.of(1, 2, 3, 9);
    /**
     * The window operators' output: the input's columns with each call's column redefined as the function
     * reports it.
     */
    static List<ColumnMeta> output(WindowCall[] calls, List<ColumnMeta> in) {
        List<ColumnMeta> out = new ArrayList<>(in);
        for (WindowCall call : calls) {
            if (call.column() < 0 || call.column() >= in.size()) {
                throw new IllegalArgumentException(call + " outside the " + in.size() + " input columns");
            }
            out.set(call.column(), column(call, in.get(call.column())));
        }
        return List.copyOf(out);
    }

    /** Refuses (1235) a window whose partitions or peers the proxy could only approximate. */
    static void requireExact(RowComparator partition, RowComparator peers) {
        if (!partition.exact() || !peers.exact()) {
            throw new RowStreamException(1235, "42000", "window functions across shards "
                    + "partitioned or ordered by a string column whose collation shardgate only approximates");
        }
    }

    /** The decimals of PERCENT_RANK and CUME_DIST. */
    private static final int DISTRIBUTION_DECIMALS = 10;

    private WindowTypes() {
    }

    static ColumnMeta column(WindowCall call, ColumnMeta argument) {
        ColumnMeta c = switch (call.function()) {
            case ROW_NUMBER, RANK, DENSE_RANK, NTILE, COUNT_ROWS, COUNT -> AggregateTypes.countColumn(argument.name());
            case SUM -> aggregate(AggregateFunction.SUM, argument);
            case AVG -> aggregate(AggregateFunction.AVG, argument);
            case PERCENT_RANK, CUME_DIST -> new ColumnMeta(argument.name(), AggregateTypes.TYPE_DOUBLE,
                    ColumnMeta.FLAG_BINARY, DISTRIBUTION_DECIMALS, Collations.BINARY_ID);
            case MIN, MAX, LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE -> new ColumnMeta(argument.name(),
                    call.overAggregate() && SHORTER_INTEGERS.contains(argument.type())
                            ? AggregateTypes.TYPE_LONGLONG : argument.type(), argument.flags() & ~ColumnMeta.FLAG_NOT_NULL
                            | (argument.collationId() == Collations.BINARY_ID ? ColumnMeta.FLAG_BINARY : 0),
                    ValueOrder.isTextType(argument.type()) && argument.collationId() != Collations.BINARY_ID
                            ? STRING_DECIMALS : argument.decimals(),
                    argument.collationId());
        };
        return new ColumnMeta(c.name(), c.type(), c.flags() | ColumnMeta.FLAG_COMPUTED, c.decimals(), c.collationId());
    }

    private static ColumnMeta aggregate(AggregateFunction function, ColumnMeta argument) {
        return AggregateTypes.clientColumn(new AggregateSpec(function, 0, -1, false, null), argument);
    }
}
