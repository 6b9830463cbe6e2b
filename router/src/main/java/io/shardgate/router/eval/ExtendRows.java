package io.shardgate.router.eval;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.RowStream;
import io.shardgate.router.merge.RowStreamException;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator under a plan's {@code Extend} node: appends to each row columns the proxy computes over it (an
 * ORDER BY key over both tables of a join across shards). No server computed them, so their column
 * definitions are the evaluator's own ({@link Type#asColumn}): fit to order rows by, not to show a client.
 * Streaming.
 */
public final class ExtendRows implements RowStream {

    private final RowStream input;
    private final Evaluator[] evaluators;
    private final List<ColumnMeta> columns;

    public ExtendRows(RowStream input, List<BoundExpr> expressions) {
        this.input = input;
        List<ColumnMeta> in = input.columns();
        this.evaluators = new Evaluator[expressions.size()];
        List<ColumnMeta> out = new ArrayList<>(in);
        for (int i = 0; i < evaluators.length; i++) {
            evaluators[i] = expressions.get(i).open(in);
            try {
                out.add(evaluators[i].type().asColumn(expressions.get(i).toString()));
            } catch (NotEvaluable e) {
                throw new RowStreamException(1235, "42000", e.getMessage() + " across shards", true);
            }
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
        Object[] values = java.util.Arrays.copyOf(in, in.length + evaluators.length);
        for (int i = 0; i < evaluators.length; i++) {
            values[in.length + i] = evaluators[i].evaluate(row);
        }
        return new Row(values);
    }

    @Override
    public void close() {
        input.close();
    }
}
