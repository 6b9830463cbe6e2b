package io.shardgate.router.merge;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Comparator;

/**
 * How MySQL orders the values of one column, ascending: NULL first; numbers by value across Long,
 * BigInteger, BigDecimal and Double; strings by the column's collation ({@link Collations}); dates and
 * times chronologically (a DATE equals that day's midnight DATETIME); {@code byte[]} unsigned
 * lexicographic.
 *
 * <p>Known differences from MySQL: ENUM and SET columns compare as their strings (MySQL sorts them by
 * member index, which the result metadata does not carry); values of different kinds in one column
 * (never produced by a real column) are ordered by kind so the order stays total.
 *
 * <p>{@link #key} gives each value a hash key consistent with {@code compare == 0}, so the hash-based
 * primitives group exactly what the sorted ones would. Immutable.
 */
public final class ValueOrder implements Comparator<Object> {

    private static final Object NULL_KEY = new Object() {
        @Override
        public String toString() {
            return "NULL";
        }
    };

    private final TextOrder text;
    private final boolean textColumn;

    private ValueOrder(TextOrder text, boolean textColumn) {
        this.text = text;
        this.textColumn = textColumn;
    }

    /**
     * The order for a column. The BINARY flag wins over the collation id because MariaDB reports the result
     * charset's collation (e.g. 45) even for {@code _bin} columns, flagging them BINARY instead.
     */
    public static ValueOrder forColumn(ColumnMeta column) {
        Collations.Collation collation = Collations.byId(column.collationId());
        boolean textColumn = isTextType(column.type());
        if (column.collationId() == Collations.BINARY_ID) {
            return new ValueOrder(TextOrder.binary(false), textColumn);
        }
        if ((column.flags() & ColumnMeta.FLAG_BINARY) != 0) {
            return new ValueOrder(TextOrder.binary(collation.padSpace()), textColumn);
        }
        return new ValueOrder(TextOrder.of(collation), textColumn);
    }

    /** Whether this column is ordered exactly as MySQL does (false for text under a UCA approximation). */
    public boolean exact() {
        return !textColumn || text.exact();
    }

    /** The string-ish protocol types: VARCHAR, JSON, ENUM, SET, the BLOBs, VAR_STRING, STRING. */
    static boolean isTextType(int type) {
        return type == 15 || type >= 245 && type <= 254 && type != 246;
    }

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);   // the common case first: integer keys
        }
        if (a == b) {
            return 0;
        }
        if (a == null) {
            return -1;
        }
        if (b == null) {
            return 1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return NumericValues.compare(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return text.compare(x, y);
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.compareUnsigned(x, y);
        }
        if (a instanceof Temporal && b instanceof Temporal) {
            return compareTemporal(a, b);
        }
        if (a instanceof String x && b instanceof byte[] y) {
            return Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y);
        }
        if (a instanceof byte[] x && b instanceof String y) {
            return Arrays.compareUnsigned(x, y.getBytes(StandardCharsets.UTF_8));
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable<?>) {
            @SuppressWarnings("unchecked")
            Comparable<Object> c = (Comparable<Object>) a;
            return c.compareTo(b);
        }
        int byKind = Integer.compare(kind(a), kind(b));
        return byKind != 0 ? byKind : a.getClass().getName().compareTo(b.getClass().getName());
    }

    /** A hash key: equal keys exactly for values that compare equal (all NULLs share one key). */
    public Object key(Object value) {
        return switch (value) {
            case null -> NULL_KEY;
            case Number n -> NumericValues.key(n);
            case String s -> text.key(s);
            case byte[] b -> new BytesKey(b);
            case LocalDate d -> d.atStartOfDay();
            default -> value;
        };
    }

    private static int compareTemporal(Object a, Object b) {
        Object x = a instanceof LocalDate d && b instanceof LocalDateTime ? d.atStartOfDay() : a;
        Object y = b instanceof LocalDate d && a instanceof LocalDateTime ? d.atStartOfDay() : b;
        if (x.getClass() == y.getClass() && x instanceof Comparable<?>) {
            @SuppressWarnings("unchecked")
            Comparable<Object> c = (Comparable<Object>) x;
            return c.compareTo(y);
        }
        return x.getClass().getName().compareTo(y.getClass().getName());
    }

    private static int kind(Object v) {
        return switch (v) {
            case Number n -> 1;
            case Temporal t -> 2;
            case java.time.Duration d -> 3;
            case String s -> 4;
            case byte[] b -> 5;
            default -> 6;
        };
    }
}
