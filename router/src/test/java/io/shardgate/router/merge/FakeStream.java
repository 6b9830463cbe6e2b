package io.shardgate.router.merge;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A shard stream for tests, in the spirit of Vitess's fakePrimitive: canned rows written {@code "a|1"}
 * (parsed by each column's type; {@code NULL} is null), fetched {@code batch} rows at a time the way a
 * shard stream buffers one batch. Counts what it fetched, records closing, can fail after n rows.
 */
public final class FakeStream implements RowStream {

    private final List<ColumnMeta> columns;
    private final Iterator<Row> source;
    private final int batch;
    private final Deque<Row> buffer = new ArrayDeque<>();
    private long fetched;
    private long returned;
    private long failAfter = Long.MAX_VALUE;
    private int closeCalls;

    private FakeStream(List<ColumnMeta> columns, Iterator<Row> source, int batch) {
        this.columns = List.copyOf(columns);
        this.source = source;
        this.batch = batch;
    }

    /** Canned rows, two per batch. */
    public static FakeStream of(List<ColumnMeta> columns, String... rows) {
        List<Row> parsed = new ArrayList<>();
        for (String r : rows) {
            parsed.add(parse(columns, r));
        }
        return new FakeStream(columns, parsed.iterator(), 2);
    }

    /** {@code count} rows generated on the fly by {@code row(i)}: nothing is stored. */
    public static FakeStream generated(List<ColumnMeta> columns, long count, int batch, LongFunction<Row> row) {
        Iterator<Row> it = new Iterator<>() {
            long i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public Row next() {
                return row.apply(i++);
            }
        };
        return new FakeStream(columns, it, batch);
    }

    /** The next call after {@code n} returned rows throws a backend error. */
    public FakeStream failingAfter(long n) {
        this.failAfter = n;
        return this;
    }

    public static Row parse(List<ColumnMeta> columns, String text) {
        String[] parts = text.split("\\|", -1);
        if (parts.length != columns.size()) {
            throw new IllegalArgumentException("row '" + text + "' has " + parts.length + " values for "
                    + columns.size() + " columns");
        }
        Object[] values = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = value(columns.get(i), parts[i]);
        }
        return new Row(values);
    }

    private static Object value(ColumnMeta c, String s) {
        if (s.equals("NULL")) {
            return null;
        }
        return switch (c.type()) {
            case 1, 2, 3, 8, 9 -> Long.parseLong(s);
            case 0, 246 -> new BigDecimal(s);
            case 4, 5 -> Double.parseDouble(s);
            case 10 -> LocalDate.parse(s);
            case 7, 12 -> LocalDateTime.parse(s.replace(' ', 'T'));
            default -> c.collationId() == 63 ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : s;
        };
    }

    @Override
    public List<ColumnMeta> columns() {
        return columns;
    }

    @Override
    public Row next() {
        if (closeCalls > 0) {
            throw new IllegalStateException("next() after close()");
        }
        if (returned >= failAfter) {
            throw new RowStreamException(1317, "70100", "Query execution was interrupted");
        }
        if (buffer.isEmpty()) {
            for (int i = 0; i < batch && source.hasNext(); i++) {
                buffer.add(source.next());
                fetched++;
            }
        }
        Row row = buffer.poll();
        if (row != null) {
            returned++;
        }
        return row;
    }

    @Override
    public void close() {
        closeCalls++;
        buffer.clear();
    }

    public boolean closed() {
        return closeCalls > 0;
    }

    /** Rows taken from the source so far (returned plus still buffered). */
    public long fetched() {
        return fetched;
    }

    public long returned() {
        return returned;
    }

    /** Rows fetched but not yet handed out: what this stream holds in memory. */
    public int buffered() {
        return buffer.size();
    }

    /** All remaining rows of a stream, as "a|1" text (null as NULL). */
    public static List<String> drain(RowStream stream) {
        List<String> out = new ArrayList<>();
        for (Row r; (r = stream.next()) != null; ) {
            out.add(text(r));
        }
        return out;
    }

    public static String text(Row r) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < r.size(); i++) {
            Object v = r.get(i);
            s.append(i == 0 ? "" : "|").append(v == null ? "NULL"
                    : v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                    : v instanceof BigDecimal d ? d.toPlainString() : v.toString());
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "FakeStream" + Arrays.asList(columns.stream().map(ColumnMeta::name).toArray());
    }
}
