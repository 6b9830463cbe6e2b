package io.shardgate.router.merge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders rows by sort keys with MySQL semantics ({@link ValueOrder} per column): NULL first ascending,
 * last descending (a descending key is the ascending order reversed).
 *
 * <p>Immutable; cheap enough to build one per stream.
 */
public final class RowComparator implements Comparator<Row> {

    private final int[] columns;
    private final boolean[] descending;
    private final ValueOrder[] orders;
    private final List<SortKey> keys;

    /**
     * @param keys the sort keys, most significant first
     * @param columns the metadata of the rows' columns (indexed by {@link SortKey#column()})
     */
    public RowComparator(List<SortKey> keys, List<ColumnMeta> columns) {
        this.keys = List.copyOf(keys);
        this.columns = new int[keys.size()];
        this.descending = new boolean[keys.size()];
        this.orders = new ValueOrder[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            SortKey key = keys.get(i);
            if (key.column() < 0 || key.column() >= columns.size()) {
                throw new IllegalArgumentException("sort key column " + key.column() + " outside the "
                        + columns.size() + " columns of the rows");
            }
            this.columns[i] = key.column();
            this.descending[i] = key.descending();
            this.orders[i] = ValueOrder.forColumn(columns.get(key.column()));
        }
    }

    /** Ascending on each of the given columns: the order that makes equal groups adjacent. */
    public static RowComparator ascending(List<Integer> columnIndexes, List<ColumnMeta> columns) {
        List<SortKey> keys = new ArrayList<>(columnIndexes.size());
        for (int c : columnIndexes) {
            keys.add(new SortKey(c, false));
        }
        return new RowComparator(keys, columns);
    }

    @Override
    public int compare(Row a, Row b) {
        for (int i = 0; i < columns.length; i++) {
            int c = orders[i].compare(a.get(columns[i]), b.get(columns[i]));
            if (c != 0) {
                return descending[i] ? -c : c;
            }
        }
        return 0;
    }

    /** Whether every key compares exactly as MySQL does (no approximated collation among string keys). */
    public boolean exact() {
        for (ValueOrder order : orders) {
            if (!order.exact()) {
                return false;
            }
        }
        return true;
    }

    public List<SortKey> keys() {
        return keys;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < columns.length; i++) {
            s.append(i == 0 ? "" : ", ").append('#').append(columns[i]).append(descending[i] ? " desc" : "");
        }
        return s.toString();
    }
}
