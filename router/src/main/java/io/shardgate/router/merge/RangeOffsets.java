package io.shardgate.router.merge;

import java.math.BigDecimal;
import java.util.List;

/**
 * The frames of {@code RANGE n PRECEDING / FOLLOWING} over a partition held whole: the rows whose single
 * numeric ORDER BY key lies within n of the current row's. In window order (ascending, or descending with
 * the distances mirrored), a frame starts at the first row whose key is at least {@code key - n} (n
 * PRECEDING) or {@code key + n} (n FOLLOWING) and ends after the last row whose key is at most that. NULL keys
 * sort as MariaDB sorts them (first ascending, last descending) and, for a current row with a NULL key, such
 * a bound is its NULL peers, as measured on MariaDB 10.11.
 */
final class RangeOffsets {

    private RangeOffsets() {
    }

    /** Whether RANGE with an offset can measure distances in this key column: a number. */
    static boolean numeric(ColumnMeta key) {
        return switch (key.type()) {
            case 0, 1, 2, 3, 4, 5, 8, 9, 246 -> true; // DECIMAL, TINY, SHORT, LONG, FLOAT, DOUBLE, LONGLONG, INT24
            default -> false;
        };
    }

    /**
     * Each row's frame [lo, hi) in the partition, in {@code lo[i]} and {@code hi[i]}.
     *
     * @param column the ORDER BY key's column
     * @param descending whether the window orders it descending
     */
    static void bounds(List<Row> rows, int column, boolean descending, WindowFrame frame, int[] peerStart,
                       int[] peerEnd, long[] lo, long[] hi) {
        int n = rows.size();
        BigDecimal[] keys = new BigDecimal[n];
        for (int i = 0; i < n; i++) {
            Object v = rows.get(i).get(column);
            keys[i] = v == null ? null : descending ? NumericValues.toBigDecimal(v).negate() : NumericValues.toBigDecimal(v);
        }
        for (int i = 0; i < n; i++) {
            lo[i] = bound(frame.start(), keys, !descending, i, peerStart[i], peerEnd[i], false, frame);
            hi[i] = bound(frame.end(), keys, !descending, i, peerStart[i], peerEnd[i], true, frame);
        }
    }

    /** Where bound {@code b} puts the frame's start, or (for {@code end}) one past its end. */
    private static long bound(WindowFrame.Bound b, BigDecimal[] keys, boolean nullsFirst, int i, int peersStart,
                              int peersEnd, boolean end, WindowFrame frame) {
        if (b.kind() != WindowFrame.Kind.PRECEDING && b.kind() != WindowFrame.Kind.FOLLOWING) {
            return end ? frame.end(i, peersEnd, keys.length) : frame.first(i, peersStart);
        }
        if (keys[i] == null) {
            return end ? peersEnd : peersStart;
        }
        BigDecimal offset = BigDecimal.valueOf(b.offset());
        BigDecimal target = b.kind() == WindowFrame.Kind.PRECEDING ? keys[i].subtract(offset) : keys[i].add(offset);
        // the NULLs come first ascending and last descending (keys negated): below or above every number
        int low = 0;
        int high = keys.length;
        while (low < high) { // first index whose key is >= target (start) or > target (end)
            int mid = (low + high) >>> 1;
            int c = keys[mid] == null ? (nullsFirst ? -1 : 1) : keys[mid].compareTo(target);
            if (end ? c <= 0 : c < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
