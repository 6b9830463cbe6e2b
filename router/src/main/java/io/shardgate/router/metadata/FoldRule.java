package io.shardgate.router.metadata;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a node's rows about physical tables become rows about logical tables: the columns that name a table are
 * renamed to the logical table ({@code orders_0003} to {@code orders}), names that start with the physical
 * name ({@code orders_0003_ibfk_1}) get the logical one, and rows equal in the {@link #key} columns once
 * renamed become one row, whose {@link #sum} columns add up over shards, {@link #max} and {@link #min}
 * columns keep the largest and smallest value, and every other column keeps the first row's value. An empty
 * key keeps every row (views answered from one shard of each table need no folding).
 *
 * @param schemaColumn the column holding a row's schema (null: the statement's schema, {@code defaultSchema})
 * @param tableColumns columns naming a table, with the column naming its schema when it is another one
 *     ({@code REFERENCED_TABLE_NAME} / {@code REFERENCED_TABLE_SCHEMA}); the first is the row's own table
 * @param prefixedColumns columns whose value may start with the row's physical table name
 * @param average a column recomputed as {@code total / count} after summing, or null
 */
public record FoldRule(String schemaColumn, List<TableColumn> tableColumns, List<String> prefixedColumns,
                       List<String> key, Set<String> sum, Set<String> max, Set<String> min, Average average) {

    /** A column naming a table, and the column naming that table's schema (null: the row's schema). */
    public record TableColumn(String name, String schemaColumn) {
    }

    /** {@code column = total / count} (integer division), 0 when count is 0. */
    public record Average(String column, String total, String count) {
    }

    public FoldRule {
        tableColumns = List.copyOf(tableColumns);
        prefixedColumns = List.copyOf(prefixedColumns);
        key = List.copyOf(key);
        sum = upper(sum);
        max = upper(max);
        min = upper(min);
    }

    /**
     * The logical rows of {@code inputs} in the column order of {@code target} (a column an input lacks is
     * NULL), first-seen order kept.
     *
     * @param defaultSchema the schema of rows that do not name one (a SHOW about one table)
     */
    public List<List<String>> fold(List<MetadataRows> inputs, MetadataRows target, TableNames names,
                                   String defaultSchema) {
        List<String> columns = target.columns();
        int width = columns.size();
        Map<List<String>, List<String>> folded = new LinkedHashMap<>();
        List<List<String>> unkeyed = new ArrayList<>();
        int[] keyAt = indexes(target, key);
        for (MetadataRows input : inputs) {
            int[] from = new int[width];
            for (int i = 0; i < width; i++) {
                from[i] = input.index(columns.get(i));
            }
            for (List<String> source : input.rows()) {
                List<String> row = new ArrayList<>(width);
                for (int i = 0; i < width; i++) {
                    row.add(from[i] < 0 ? null : source.get(from[i]));
                }
                rename(row, target, names, defaultSchema);
                if (keyAt.length == 0) {
                    unkeyed.add(row);
                    continue;
                }
                List<String> k = new ArrayList<>(keyAt.length);
                for (int at : keyAt) {
                    k.add(at < 0 ? null : row.get(at));
                }
                List<String> into = folded.get(k);
                if (into == null) {
                    folded.put(k, row);
                } else {
                    merge(into, row, target);
                }
            }
        }
        List<List<String>> out = keyAt.length == 0 ? unkeyed : new ArrayList<>(folded.values());
        if (average != null) {
            out.forEach(r -> recomputeAverage(r, target));
        }
        return out;
    }

    private void rename(List<String> row, MetadataRows target, TableNames names, String defaultSchema) {
        int schemaAt = schemaColumn == null ? -1 : target.index(schemaColumn);
        String schema = schemaAt < 0 ? defaultSchema : row.get(schemaAt);
        String ownPhysical = null;
        String ownLogical = null;
        for (int c = 0; c < tableColumns.size(); c++) {
            TableColumn tc = tableColumns.get(c);
            int at = target.index(tc.name());
            if (at < 0 || row.get(at) == null) {
                continue;
            }
            int otherSchemaAt = tc.schemaColumn() == null ? -1 : target.index(tc.schemaColumn());
            String tableSchema = otherSchemaAt >= 0 && row.get(otherSchemaAt) != null ? row.get(otherSchemaAt) : schema;
            String logical = names.logical(tableSchema, row.get(at));
            if (c == 0) {
                ownPhysical = row.get(at);
                ownLogical = logical;
            }
            if (logical != null) {
                row.set(at, logical);
            }
        }
        if (ownLogical == null) {
            return;
        }
        String prefix = ownPhysical + "_";
        for (String column : prefixedColumns) {
            int at = target.index(column);
            String v = at < 0 ? null : row.get(at);
            if (v != null && v.regionMatches(true, 0, prefix, 0, prefix.length())) {
                row.set(at, ownLogical + "_" + v.substring(prefix.length()));
            }
        }
    }

    private void merge(List<String> into, List<String> row, MetadataRows target) {
        for (int i = 0; i < into.size(); i++) {
            String column = MetadataRows.upper(target.columns().get(i));
            String a = into.get(i);
            String b = row.get(i);
            if (b == null) {
                continue;
            }
            if (a == null) {
                if (sum.contains(column) || max.contains(column) || min.contains(column)) {
                    into.set(i, b);
                }
                continue;
            }
            if (sum.contains(column)) {
                BigDecimal total = number(a).add(number(b));
                into.set(i, total.toPlainString());
            } else if (max.contains(column) && compare(b, a, target.kinds().get(i)) > 0
                    || min.contains(column) && compare(b, a, target.kinds().get(i)) < 0) {
                into.set(i, b);
            }
        }
    }

    private void recomputeAverage(List<String> row, MetadataRows target) {
        int at = target.index(average.column());
        int total = target.index(average.total());
        int count = target.index(average.count());
        if (at < 0 || total < 0 || count < 0 || row.get(total) == null || row.get(count) == null) {
            return;
        }
        BigDecimal n = number(row.get(count));
        row.set(at, n.signum() == 0 ? "0"
                : number(row.get(total)).divideToIntegralValue(n).toBigInteger().toString());
    }

    private static int compare(String a, String b, MetadataRows.ValueKind kind) {
        if (kind == MetadataRows.ValueKind.NUMBER) {
            return number(a).compareTo(number(b));
        }
        return a.compareTo(b); // DATETIME text compares in time order
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    private static Set<String> upper(Set<String> names) {
        return names.stream().map(MetadataRows::upper).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private static int[] indexes(MetadataRows target, List<String> columns) {
        int[] at = new int[columns.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = target.index(columns.get(i));
        }
        return at;
    }
}
