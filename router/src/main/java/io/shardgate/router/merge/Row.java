package io.shardgate.router.merge;

import java.util.Arrays;

/**
 * One row as typed Java values, decoded once from the text or binary protocol:
 * {@link Long}, {@link java.math.BigInteger} (unsigned BIGINT above Long.MAX_VALUE), {@link java.math.BigDecimal},
 * {@link Double}, {@link Float}, {@link String}, {@code byte[]} (binary strings/blobs),
 * {@link java.time.LocalDate}, {@link java.time.LocalDateTime}, {@link java.time.Duration} (TIME), or null.
 */
public record Row(Object[] values) {

    public Object get(int column) {
        return values[column];
    }

    public int size() {
        return values.length;
    }

    /** A copy holding only the first {@code n} columns (hidden sort/aggregate columns dropped). */
    public Row firstColumns(int n) {
        return n == values.length ? this : new Row(Arrays.copyOf(values, n));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && Arrays.deepEquals(values, r.values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return Arrays.deepToString(values);
    }
}
