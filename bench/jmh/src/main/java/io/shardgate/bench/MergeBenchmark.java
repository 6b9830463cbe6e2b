package io.shardgate.bench;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Concatenation;
import io.shardgate.router.merge.OrderedMerge;
import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.RowComparator;
import io.shardgate.router.merge.RowStream;
import io.shardgate.router.merge.SortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * K-way merge of 8 sorted shard streams x 125k rows (1M rows per invocation), time per merged row.
 *
 * <ul>
 *   <li>{@code orderedMerge}: {@link OrderedMerge}, a hand-written binary heap that replaces the top's
 *       row and sifts down once per row, advancing the input lazily.
 *   <li>{@code priorityQueue}: the textbook alternative, {@link PriorityQueue} with poll + add per row
 *       (two heap walks, an entry object per row), same comparator: what the custom heap must beat.
 *   <li>{@code concatenation}: the same rows with no ordering, the floor (stream overhead only).
 * </ul>
 * {@code key} picks the sort column: a BIGINT, or a VARCHAR under utf8mb4_general_ci (weight table),
 * utf8mb4_bin (code points) or utf8mb4_0900_ai_ci (the UCA approximation, the slowest comparison).
 *
 * <p>Run (from the repository root):
 * <pre>
 * ./mvnw -B -q -Pbench -pl bench/jmh -am package -DskipTests
 * java -jar bench/jmh/target/benchmarks.jar MergeBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class MergeBenchmark {

    private static final int SHARDS = 8;
    private static final int ROWS_PER_SHARD = 125_000;
    private static final int ROWS = SHARDS * ROWS_PER_SHARD;
    private static final List<SortKey> BY_KEY = List.of(new SortKey(0, false));

    @Param({"bigint", "general_ci", "utf8mb4_bin", "0900_ai_ci"})
    public String key;

    private List<ColumnMeta> columns;
    private Row[][] shards;

    @Setup
    public void setup() {
        ColumnMeta keyColumn = switch (key) {
            case "bigint" -> new ColumnMeta("k", 8, ColumnMeta.FLAG_BINARY, 0, 63);
            case "general_ci" -> new ColumnMeta("k", 253, 0, 0, 45);
            case "utf8mb4_bin" -> new ColumnMeta("k", 253, ColumnMeta.FLAG_BINARY, 0, 46);
            case "0900_ai_ci" -> new ColumnMeta("k", 253, 0, 0, 255);
            default -> throw new IllegalArgumentException(key);
        };
        columns = List.of(keyColumn, new ColumnMeta("payload", 253, 0, 0, 45));
        RowComparator order = new RowComparator(BY_KEY, columns);
        Random random = new Random(42);
        shards = new Row[SHARDS][];
        for (int s = 0; s < SHARDS; s++) {
            List<Row> sorted = new ArrayList<>(ROWS_PER_SHARD);
            for (int i = 0; i < ROWS_PER_SHARD; i++) {
                long k = random.nextInt(ROWS * 4);
                Object value = key.equals("bigint") ? (Object) k
                        : "Customer-" + Long.toString(k, 36) + (k % 3 == 0 ? "é" : "");
                sorted.add(new Row(new Object[] {value, null}));
            }
            sorted.sort(order);
            // re-allocate in sorted order, as rows decoded from a shard's socket would be laid out
            shards[s] = new Row[ROWS_PER_SHARD];
            for (int i = 0; i < ROWS_PER_SHARD; i++) {
                Object k = sorted.get(i).get(0);
                Object copy = k instanceof Long l ? Long.valueOf(l.longValue()) : new String(((String) k).toCharArray());
                shards[s][i] = new Row(new Object[] {copy, "row " + i + " of shard " + s});
            }
        }
    }

    private List<RowStream> streams() {
        List<RowStream> out = new ArrayList<>(SHARDS);
        for (Row[] rows : shards) {
            out.add(new ArrayStream(columns, rows));
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void orderedMerge(Blackhole bh) {
        try (OrderedMerge merge = new OrderedMerge(streams(), BY_KEY)) {
            for (Row r; (r = merge.next()) != null; ) {
                bh.consume(r);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void priorityQueue(Blackhole bh) {
        record Head(Row row, int input) {
        }
        List<RowStream> inputs = streams();
        RowComparator order = new RowComparator(BY_KEY, columns);
        PriorityQueue<Head> heap = new PriorityQueue<>(SHARDS, (a, b) -> {
            int c = order.compare(a.row(), b.row());
            return c != 0 ? c : Integer.compare(a.input(), b.input());
        });
        for (int i = 0; i < inputs.size(); i++) {
            Row r = inputs.get(i).next();
            if (r != null) {
                heap.add(new Head(r, i));
            }
        }
        for (Head h; (h = heap.poll()) != null; ) {
            bh.consume(h.row());
            Row r = inputs.get(h.input()).next();
            if (r != null) {
                heap.add(new Head(r, h.input()));
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void concatenation(Blackhole bh) {
        try (Concatenation all = new Concatenation(streams())) {
            for (Row r; (r = all.next()) != null; ) {
                bh.consume(r);
            }
        }
    }

    /** A shard stream over rows already in memory, so only the merge is measured. */
    private static final class ArrayStream implements RowStream {
        private final List<ColumnMeta> columns;
        private final Row[] rows;
        private int next;

        ArrayStream(List<ColumnMeta> columns, Row[] rows) {
            this.columns = columns;
            this.rows = rows;
        }

        @Override
        public List<ColumnMeta> columns() {
            return columns;
        }

        @Override
        public Row next() {
            return next < rows.length ? rows[next++] : null;
        }

        @Override
        public void close() {
            next = rows.length;
        }
    }
}
