package io.shardgate.router.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * Each input row as the partial aggregates of a group of that one row, so that the aggregate merge
 * ({@link OrderedAggregate}, {@link HashAggregate}) can aggregate rows the proxy already holds (a derived
 * table's rows) exactly as it finishes shards' partials: COUNT(*) of one row is 1, COUNT(x) is 1 when x is
 * not NULL, SUM / MIN / MAX / AVG's partial SUM of one row is x itself. Streaming.
 */
public final class RowPartials implements RowStream {

    /** What a partial column holds for one row. */
    public enum Kind { VALUE, ONE, PRESENT }

    /** One output column: {@code column}'s value, 1, or whether it is not NULL. */
    public record Source(Kind kind, int column) {

        @Override
        public String toString() {
            return switch (kind) {
                case VALUE -> "#" + column;
                case ONE -> "1";
                case PRESENT -> "#" + column + " is not null";
            };
        }
    }

    private static final int TYPE_LONGLONG = 8;

    private final RowStream input;
    private final List<Source> sources;
    private final List<ColumnMeta> columns;

    public RowPartials(RowStream input, List<Source> sources) {
        this.input = input;
        this.sources = List.copyOf(sources);
        List<ColumnMeta> in = input.columns();
        List<ColumnMeta> out = new ArrayList<>(sources.size());
        for (Source s : sources) {
            out.add(s.kind() == Kind.VALUE ? in.get(s.column())
                    : new ColumnMeta(s.kind() == Kind.ONE ? "1" : in.get(s.column()).name(), TYPE_LONGLONG,
                            ColumnMeta.FLAG_NOT_NULL | ColumnMeta.FLAG_BINARY, 0, Collations.BINARY_ID));
        }
        this.columns = List.copyOf(out);
    }

    @Override
    public List<ColumnMeta> columns() {
        return columns;
    }

    @Override
    public Row next() {
        Row row = input.next();
        if (row == null) {
            return null;
        }
        Object[] in = row.values();
        Object[] out = new Object[sources.size()];
        for (int i = 0; i < out.length; i++) {
            Source s = sources.get(i);
            out[i] = switch (s.kind()) {
                case VALUE -> in[s.column()];
                case ONE -> 1L;
                case PRESENT -> in[s.column()] == null ? 0L : 1L;
            };
        }
        return new Row(out);
    }

    @Override
    public void close() {
        input.close();
    }
}
