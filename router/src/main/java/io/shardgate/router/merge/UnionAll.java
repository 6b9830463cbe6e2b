package io.shardgate.router.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The rows of several SELECTs one after the other, as {@code UNION ALL}: each input is opened only when the
 * one before it has ended. Reads of two inputs may share a backend connection, whose statements run one
 * after another; opening (and so waiting for) a later input while an earlier one is unread could wait
 * forever.
 *
 * <p>The columns are the first input's (MySQL names a UNION's columns after its first SELECT). Every later
 * input must return as many columns, each of the same MySQL type, decimals and collation: MySQL would
 * widen mismatched types to a common one, which the proxy does not compute, so it refuses them (1235)
 * rather than send values under another column's type.
 *
 * <p>Streaming: one row at a time; memory one row. {@link #close()} closes the opened inputs; inputs never
 * opened were never read.
 */
public final class UnionAll implements RowStream {

    private static final int ER_NOT_SUPPORTED_YET = 1235;

    private final List<Supplier<RowStream>> inputs;
    private final List<RowStream> opened = new ArrayList<>();
    private final List<ColumnMeta> columns;
    private RowStream current;
    private int next = 1;
    private boolean closed;

    /** @param inputs opens each input; the first is opened now */
    public UnionAll(List<Supplier<RowStream>> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a union needs at least one input");
        }
        this.inputs = List.copyOf(inputs);
        this.current = this.inputs.getFirst().get();
        opened.add(current);
        this.columns = current.columns();
    }

    @Override
    public List<ColumnMeta> columns() {
        return columns;
    }

    @Override
    public Row next() {
        try {
            while (!closed && current != null) {
                Row row = current.next();
                if (row != null) {
                    return row;
                }
                current.close();
                current = null;
                if (next < inputs.size()) {
                    RowStream input = inputs.get(next++).get();
                    opened.add(input);
                    requireSameColumns(columns, input.columns(), next);
                    current = input;
                }
            }
            return null;
        } catch (RuntimeException e) {
            closed = true;
            Streams.closeAll(opened, e);
            throw e;
        }
    }

    /**
     * Refuses an input whose columns differ from the first input's in number, type, decimals, signedness or
     * collation: MySQL would convert them to a common type.
     *
     * @param position the input's 1-based position, for the message
     */
    static void requireSameColumns(List<ColumnMeta> first, List<ColumnMeta> other, int position) {
        if (first.size() != other.size()) {
            throw new RowStreamException(1222, "21000",
                    "The used SELECT statements have a different number of columns", true);
        }
        for (int i = 0; i < first.size(); i++) {
            ColumnMeta a = first.get(i);
            ColumnMeta b = other.get(i);
            boolean same = a.type() == b.type() && a.decimals() == b.decimals() && a.unsigned() == b.unsigned()
                    && a.collationId() == b.collationId();
            if (!same && !holds(a, b)) {
                throw new RowStreamException(ER_NOT_SUPPORTED_YET, "42000", "UNION / INTERSECT / EXCEPT across "
                        + "shards of columns of different types (column " + (i + 1) + " of SELECT " + position
                        + "); CAST them to one type", true);
            }
        }
    }

    /**
     * Whether MySQL's common type of an integer or string column {@code first} and {@code other} is
     * {@code first}'s, with {@code other}'s values unchanged: a wider signed integer over a narrower one (BIGINT
     * over INT: the values are Java longs either way), VARCHAR over CHAR of one collation.
     */
    private static boolean holds(ColumnMeta first, ColumnMeta other) {
        int a = integerRank(first.type());
        int b = integerRank(other.type());
        if (a > 0 && b > 0) {
            return first.unsigned() == other.unsigned() ? a >= b : !first.unsigned() && a > b;
        }
        return first.type() == VAR_STRING && (other.type() == STRING || other.type() == VAR_STRING)
                && first.collationId() == other.collationId()
                && (first.flags() & ColumnMeta.FLAG_BINARY) == (other.flags() & ColumnMeta.FLAG_BINARY);
    }

    private static final int STRING = 254;
    private static final int VAR_STRING = 253;

    /** TINYINT 1, SMALLINT 2, MEDIUMINT 3, INT 4, BIGINT 5; 0 for other types. */
    private static int integerRank(int type) {
        return switch (type) {
            case 1 -> 1;
            case 2 -> 2;
            case 9 -> 3;
            case 3 -> 4;
            case 8 -> 5;
            default -> 0;
        };
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Streams.closeAll(opened, null);
        }
    }

    @Override
    public String toString() {
        return "UnionAll(" + inputs.size() + " inputs, opened one after another)";
    }
}
