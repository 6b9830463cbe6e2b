package io.shardgate.router.eval;

import io.shardgate.router.merge.AggregateTypes;
import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Collations;
import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.RowStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator under a plan's {@code Extend} node: each row with columns appended, each an expression
 * evaluated over the row (a select item or sort key the proxy computes over a derived table's rows). No
 * server typed these columns, so each one's metadata comes from the expression's {@link Type}, and its
 * value is put in that type as a server would show it (a DECIMAL at its scale): what the operators above
 * compare and group. The client still sees a server's types ({@link RetypedRows}). Streaming.
 */
public final class ExtendRows implements RowStream {

    private static final int TYPE_NULL = 6;
    private static final int TYPE_DATE = 10;
    private static final int TYPE_TIME = 11;
    private static final int TYPE_DATETIME = 12;
    private static final int TYPE_VAR_STRING = 253;
    private static final int DOUBLE_DECIMALS = 31;

    private final RowStream input;
    private final Evaluator[] evaluators;
    private final ColumnMeta[] metas;
    private final List<ColumnMeta> columns;

    public ExtendRows(RowStream input, List<BoundExpr> expressions) {
        this.input = input;
        List<ColumnMeta> in = input.columns();
        this.evaluators = new Evaluator[expressions.size()];
        this.metas = new ColumnMeta[expressions.size()];
        List<ColumnMeta> out = new ArrayList<>(in);
        for (int i = 0; i < evaluators.length; i++) {
            evaluators[i] = expressions.get(i).open(in);
            metas[i] = column(evaluators[i].type(), expressions.get(i).toString());
            out.add(metas[i]);
        }
        this.columns = List.copyOf(out);
    }

    /**
     * The column a server would describe a value of {@code type} with, as far as ordering and grouping
     * need it. A string with no column behind it (built from literals only) is taken to be in the
     * connection's usual collation, utf8mb4_general_ci, as {@link AggregateTypes} assumes too.
     */
    static ColumnMeta column(Type type, String label) {
        int binary = ColumnMeta.FLAG_BINARY;
        return switch (type.kind()) {
            case NULL -> new ColumnMeta(label, TYPE_NULL, binary, 0, Collations.BINARY_ID);
            case INT -> new ColumnMeta(label, AggregateTypes.TYPE_LONGLONG, binary, 0, Collations.BINARY_ID);
            case UINT -> new ColumnMeta(label, AggregateTypes.TYPE_LONGLONG, binary | ColumnMeta.FLAG_UNSIGNED, 0,
                    Collations.BINARY_ID);
            case DECIMAL -> new ColumnMeta(label, AggregateTypes.TYPE_NEWDECIMAL, binary, type.scale(),
                    Collations.BINARY_ID);
            case DOUBLE -> new ColumnMeta(label, AggregateTypes.TYPE_DOUBLE, binary, DOUBLE_DECIMALS,
                    Collations.BINARY_ID);
            case STRING -> type.column() != null
                    ? new ColumnMeta(label, TYPE_VAR_STRING, type.column().flags() & binary, 0,
                            type.column().collationId())
                    : new ColumnMeta(label, TYPE_VAR_STRING, 0, 0, AggregateTypes.UTF8MB4_GENERAL_CI);
            case BINARY -> new ColumnMeta(label, AggregateTypes.TYPE_BLOB, binary, 0, Collations.BINARY_ID);
            case DATE -> new ColumnMeta(label, TYPE_DATE, binary, 0, Collations.BINARY_ID);
            case DATETIME -> new ColumnMeta(label, TYPE_DATETIME, binary, 0, Collations.BINARY_ID);
            case TIME -> new ColumnMeta(label, TYPE_TIME, binary, 0, Collations.BINARY_ID);
        };
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
        Object[] out = java.util.Arrays.copyOf(in, in.length + evaluators.length);
        for (int i = 0; i < evaluators.length; i++) {
            out[in.length + i] = ProjectRows.asColumn(evaluators[i].evaluate(row), metas[i]);
        }
        return new Row(out);
    }

    @Override
    public void close() {
        input.close();
    }
}
