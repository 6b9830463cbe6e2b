package io.shardgate.router.eval;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.RowStream;
import io.shardgate.router.merge.RowStreamException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * The operator under a plan's {@code Project} node: replaces some columns of each row with expressions
 * evaluated over the row (the merged aggregates in its hidden columns). The column's metadata stays the
 * shards' (they computed the same expression over their part, so its type is the one MySQL gives), and
 * each value is put in that type: a DECIMAL at the column's scale, as the server shows it. Streaming.
 */
public final class ProjectRows implements RowStream {

    private final RowStream input;
    private final int[] columns;
    private final Evaluator[] evaluators;
    private final ColumnMeta[] metas;

    public ProjectRows(RowStream input, List<Integer> columns, List<BoundExpr> expressions) {
        this.input = input;
        List<ColumnMeta> in = input.columns();
        this.columns = new int[columns.size()];
        this.evaluators = new Evaluator[columns.size()];
        this.metas = new ColumnMeta[columns.size()];
        for (int i = 0; i < this.columns.length; i++) {
            int c = columns.get(i) < 0 ? in.size() + columns.get(i) : columns.get(i);
            this.columns[i] = c;
            this.evaluators[i] = expressions.get(i).open(in);
            this.metas[i] = in.get(c);
        }
    }

    @Override
    public List<ColumnMeta> columns() {
        return input.columns();
    }

    @Override
    public Row next() {
        Row row = input.next();
        if (row == null) {
            return null;
        }
        Object[] values = row.values().clone();
        for (int i = 0; i < columns.length; i++) {
            values[columns[i]] = asColumn(evaluators[i].evaluate(row), metas[i]);
        }
        return new Row(values);
    }

    @Override
    public void close() {
        input.close();
    }

    /** A value as the column's type holds it. */
    static Object asColumn(Object v, ColumnMeta column) {
        if (v == null) {
            return null;
        }
        Type t = Type.of(column);
        try {
            return switch (t.kind()) {
                case INT, UINT -> {
                    BigInteger b = Conversions.toDecimal(v).toBigIntegerExact();
                    yield b.bitLength() < 64 ? (Object) b.longValue() : b;
                }
                case DECIMAL -> Conversions.shown(Conversions.toDecimal(v), column.decimals());
                case DOUBLE -> Conversions.toDouble(v);
                case STRING -> switch (v) {
                    case String s -> s;
                    case Long l -> l.toString();
                    case BigInteger b -> b.toString();
                    default -> throw new NotEvaluable("this value as text");
                };
                default -> v;
            };
        } catch (NotEvaluable | ArithmeticException | ClassCastException e) {
            throw new RowStreamException(1235, "42000", "a result of type " + t + " computed as "
                    + (v instanceof BigDecimal ? "DECIMAL" : "another type") + " across shards", true);
        }
    }

    @Override
    public String toString() {
        return "Project(" + java.util.Arrays.toString(columns) + ") <- " + input;
    }
}
