package io.shardgate.bench.heap;

import java.util.List;

/**
 * One measured statement and the slice of the expected order it must return.
 *
 * @param label  short name used in knobs and the summary
 * @param key    the first sort column (the id breaks ties)
 * @param offset rows the statement skips
 * @param count  rows it returns at most; {@code -1} for no LIMIT
 */
record QueryCase(String label, DataSet.SortKey key, long offset, long count) {

    static final List<String> LABELS = List.of("full", "limit", "name");

    /**
     * The query called {@code label} over a data set of {@code rows} rows:
     * <ul>
     *   <li>{@code full}: {@code ORDER BY amount, id} over every row, the case;</li>
     *   <li>{@code limit}: a deep page, {@code ORDER BY amount, id LIMIT <90% of rows>, 100}: the shards get
     *       {@code LIMIT offset+100}, the merge skips the offset;</li>
     *   <li>{@code name}: {@code ORDER BY name, id}, a VARCHAR key compared by collation.</li>
     * </ul>
     */
    static QueryCase byLabel(String label, long rows) {
        return switch (label) {
            case "full" -> new QueryCase(label, DataSet.SortKey.AMOUNT, 0, -1);
            case "limit" -> new QueryCase(label, DataSet.SortKey.AMOUNT, rows - rows / 10, 100);
            case "name" -> new QueryCase(label, DataSet.SortKey.NAME, 0, -1);
            default -> throw new IllegalArgumentException("unknown query '" + label + "', expected one of " + LABELS);
        };
    }

    String sql(String table) {
        String column = key == DataSet.SortKey.AMOUNT ? "amount" : "name";
        String sql = "SELECT id, name, amount FROM " + table + " ORDER BY " + column + ", id";
        if (count >= 0) {
            sql += " LIMIT " + offset + ", " + count;
        }
        return sql;
    }

    /** Rows the statement must return over a data set of {@code rows} rows. */
    long expectedRows(long rows) {
        long remaining = Math.max(0, rows - offset);
        return count < 0 ? remaining : Math.min(count, remaining);
    }
}
