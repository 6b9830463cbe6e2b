package io.shardgate.router.merge;

import java.util.Arrays;
import java.util.List;

/**
 * The identity of a group (or of a DISTINCT row): one {@link ValueOrder#key} per key column, so two rows
 * get equal keys exactly when the sorted primitives would treat them as equal ('a' = 'A ' under
 * general_ci, 1 = 1.0, NULL = NULL).
 */
record GroupKey(Object[] parts) {

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupKey k && Arrays.equals(parts, k.parts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parts);
    }

    @Override
    public String toString() {
        return Arrays.toString(parts);
    }

    /** Builds the keys of rows over fixed columns. */
    static final class Extractor {
        private final int[] columns;
        private final ValueOrder[] orders;

        Extractor(List<Integer> keyColumns, List<ColumnMeta> metas) {
            this.columns = keyColumns.stream().mapToInt(Integer::intValue).toArray();
            this.orders = new ValueOrder[columns.length];
            for (int i = 0; i < columns.length; i++) {
                orders[i] = ValueOrder.forColumn(metas.get(columns[i]));
            }
        }

        GroupKey keyOf(Row row) {
            Object[] parts = new Object[columns.length];
            for (int i = 0; i < columns.length; i++) {
                parts[i] = orders[i].key(row.get(columns[i]));
            }
            return new GroupKey(parts);
        }
    }
}
