package io.shardgate.router.merge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operator under a plan's {@code HashJoin}: an equi-join of two inputs in the proxy. The build input is
 * read whole into a hash table keyed by its join columns (at most {@code maxBuildRows} rows; one more fails
 * the statement with 1038 naming {@code proxy.max-join-rows}, so a join cannot exhaust the heap); only then is
 * the probe input opened, and it streams: each probe row is returned once per matching build row, and, for
 * an outer join that keeps the probe side, once with NULLs when nothing matches. Memory: the build rows.
 *
 * <p>Key equality is MySQL's: each key column's {@link ValueOrder#key} (numbers by value across INT, DECIMAL
 * and DOUBLE; strings under the column's collation; DATE = that day's midnight DATETIME); a NULL key part
 * never matches. Keys MySQL would compare after a conversion (a number with a string, two strings of
 * different collations) are refused (1235) rather than compared differently.
 *
 * <p>The probe input is opened after the build input ended because both may share a backend connection,
 * whose reads run one after another.
 */
public final class HashJoinRows implements RowStream {

    /**
     * Output columns: a column of the build row or of the probe row or, with {@code rest}, every column of it
     * from {@code column} on (a {@code t.*} the planner cannot count).
     */
    public record Output(boolean build, int column, boolean rest) {

        public Output(boolean build, int column) {
            this(build, column, false);
        }

        @Override
        public String toString() {
            return (build ? "b" : "p") + column + (rest ? ".." : "");
        }
    }

    private final RowStream probe;
    private final Map<GroupKey, List<Row>> table;
    private final int[] probeKeys;
    private final ValueOrder[] keyOrders;
    private final boolean keepUnmatchedProbe;
    private final boolean[] fromBuild;
    private final int[] fromColumn;
    private final List<ColumnMeta> columns;
    private final RowPredicate residual;
    private final int buildWidth;
    private Row current;
    private Iterator<Row> matches;
    private boolean matched;

    private HashJoinRows(RowStream probe, Map<GroupKey, List<Row>> table, int[] probeKeys, ValueOrder[] keyOrders,
                         boolean keepUnmatchedProbe, boolean[] fromBuild, int[] fromColumn, List<ColumnMeta> columns,
                         RowPredicate residual, int buildWidth) {
        this.probe = probe;
        this.table = table;
        this.probeKeys = probeKeys;
        this.keyOrders = keyOrders;
        this.keepUnmatchedProbe = keepUnmatchedProbe;
        this.fromBuild = fromBuild;
        this.fromColumn = fromColumn;
        this.columns = columns;
        this.residual = residual;
        this.buildWidth = buildWidth;
    }

    /**
     * Reads {@code build} whole, then opens the probe input.
     *
     * @param buildKeys the build row's join columns, pairwise equal to {@code probeKeys}
     * @param keepUnmatchedProbe a probe row without a match is returned once, its build columns NULL (LEFT JOIN
     *     with the probe input as the left table)
     * @param outputs the columns of a joined row
     * @param maxBuildRows most build rows held ({@code proxy.max-join-rows})
     * @throws RowStreamException 1038 past {@code maxBuildRows}; 1235 for keys of types MySQL would convert
     */
    public static HashJoinRows open(RowStream build, Supplier<RowStream> probeInput, List<Integer> buildKeys,
                                    List<Integer> probeKeys, boolean keepUnmatchedProbe, List<Output> outputs,
                                    long maxBuildRows) {
        return open(build, probeInput, buildKeys, probeKeys, keepUnmatchedProbe, outputs, null, maxBuildRows);
    }

    /**
     * As {@link #open(RowStream, Supplier, List, List, boolean, List, long)}, where a build row with an equal
     * key matches only when the joined row also passes {@code residual} (null: always).
     */
    public static HashJoinRows open(RowStream build, Supplier<RowStream> probeInput, List<Integer> buildKeys,
                                    List<Integer> probeKeys, boolean keepUnmatchedProbe, List<Output> outputs,
                                    RowPredicate residual, long maxBuildRows) {
        List<ColumnMeta> buildColumns = build.columns();
        GroupKey.Extractor extractor = new GroupKey.Extractor(buildKeys, buildColumns);
        Map<GroupKey, List<Row>> table = new HashMap<>();
        long rows = 0;
        try (build) {
            for (Row r = build.next(); r != null; r = build.next()) {
                if (++rows > maxBuildRows) {
                    throw new RowStreamException(1038, "HY001", "Out of sort memory: a join across shards holds more "
                            + "than " + maxBuildRows + " rows of one side (proxy.max-join-rows)");
                }
                if (!hasNull(r, buildKeys)) {
                    table.computeIfAbsent(extractor.keyOf(r), k -> new ArrayList<>(1)).add(r);
                }
            }
        }
        RowStream probe = probeInput.get();
        List<ColumnMeta> probeColumns = probe.columns();
        ValueOrder[] orders = new ValueOrder[buildKeys.size()];
        for (int i = 0; i < orders.length; i++) {
            ColumnMeta b = buildColumns.get(buildKeys.get(i));
            ColumnMeta p = probeColumns.get(probeKeys.get(i));
            String mismatch = comparable(b, p);
            if (mismatch != null) {
                probe.close();
                throw new RowStreamException(1235, "42000", "This version of shardgate doesn't yet support 'a join "
                        + "across shards on " + b.name() + " = " + p.name() + ": " + mismatch + "'");
            }
            orders[i] = ValueOrder.forColumn(b);
        }
        List<ColumnMeta> columns = new ArrayList<>(outputs.size());
        List<int[]> expanded = new ArrayList<>(outputs.size()); // {1 for build, column}
        for (Output o : outputs) {
            int last = o.rest() ? (o.build() ? buildColumns : probeColumns).size() - 1 : o.column();
            for (int c = o.column(); c <= last; c++) {
                ColumnMeta m = o.build() ? buildColumns.get(c) : probeColumns.get(c);
                if (o.build() && keepUnmatchedProbe) {
                    m = new ColumnMeta(m.name(), m.type(), m.flags() & ~ColumnMeta.FLAG_NOT_NULL, m.decimals(),
                            m.collationId());
                }
                columns.add(m);
                expanded.add(new int[] {o.build() ? 1 : 0, c});
            }
        }
        boolean[] fromBuild = new boolean[expanded.size()];
        int[] fromColumn = new int[expanded.size()];
        for (int i = 0; i < fromBuild.length; i++) {
            fromBuild[i] = expanded.get(i)[0] == 1;
            fromColumn[i] = expanded.get(i)[1];
        }
        RowPredicate condition;
        try {
            condition = residual == null ? null : residual.open(columns);
        } catch (RuntimeException e) {
            probe.close();
            throw e;
        }
        return new HashJoinRows(probe, table, probeKeys.stream().mapToInt(Integer::intValue).toArray(), orders,
                keepUnmatchedProbe, fromBuild, fromColumn, List.copyOf(columns), condition, buildColumns.size());
    }

    /** Why MySQL would not compare two key columns as they are (null when it would). */
    private static String comparable(ColumnMeta a, ColumnMeta b) {
        boolean textA = ValueOrder.isTextType(a.type());
        boolean textB = ValueOrder.isTextType(b.type());
        if (textA != textB) {
            return "a string compared with a non-string converts both";
        }
        if (textA && (a.collationId() != b.collationId()
                || (a.flags() & ColumnMeta.FLAG_BINARY) != (b.flags() & ColumnMeta.FLAG_BINARY))) {
            return "strings of different collations";
        }
        return null;
    }

    private static boolean hasNull(Row r, List<Integer> keys) {
        for (int k : keys) {
            if (r.get(k) == null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<ColumnMeta> columns() {
        return columns;
    }

    @Override
    public Row next() {
        while (true) {
            if (matches != null) {
                while (matches.hasNext()) {
                    Row joined = joined(current, matches.next());
                    if (residual == null || residual.test(joined)) {
                        matched = true;
                        return joined;
                    }
                }
                matches = null;
                if (keepUnmatchedProbe && !matched) {
                    return joined(current, null);
                }
            }
            current = probe.next();
            if (current == null) {
                return null;
            }
            matched = false;
            List<Row> found = table.get(keyOf(current));
            if (found != null) {
                matches = found.iterator();
            } else if (keepUnmatchedProbe) {
                return joined(current, null);
            }
        }
    }

    /** The probe row's key, or null (matching nothing) when a part is NULL. */
    private GroupKey keyOf(Row row) {
        Object[] parts = new Object[probeKeys.length];
        for (int i = 0; i < parts.length; i++) {
            Object v = row.get(probeKeys[i]);
            if (v == null) {
                return null;
            }
            parts[i] = keyOrders[i].key(v);
        }
        return new GroupKey(parts);
    }

    private Row joined(Row probeRow, Row buildRow) {
        Object[] values = new Object[fromBuild.length];
        for (int i = 0; i < values.length; i++) {
            Row from = fromBuild[i] ? buildRow : probeRow;
            values[i] = from == null ? null : from.get(fromColumn[i]);
        }
        return new Row(values);
    }

    @Override
    public void close() {
        probe.close();
    }

    @Override
    public String toString() {
        return "HashJoinRows(" + table.size() + " build keys of " + buildWidth + " columns, probe " + probe + ")";
    }
}
