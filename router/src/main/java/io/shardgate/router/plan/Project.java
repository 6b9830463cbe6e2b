package io.shardgate.router.plan;

import io.shardgate.router.eval.BoundExpr;
import io.shardgate.router.eval.ProjectRows;
import io.shardgate.router.merge.SortKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes columns the shards cannot: an expression over merged aggregates ({@code SUM(a) / COUNT(*)},
 * {@code ROUND(AVG(x), 2)}), evaluated by the proxy over each merged row and written into the column the
 * shards returned for it (their value covered only their part; their column definition is the right one).
 * Streaming ({@link ProjectRows}); the input's order holds up to the first replaced column.
 *
 * @param columns the replaced columns, in step with {@code expressions}
 */
public record Project(ReadPlan input, List<Integer> columns, List<BoundExpr> expressions) implements ReadPlan {

    public Project {
        columns = List.copyOf(columns);
        expressions = List.copyOf(expressions);
        if (columns.size() != expressions.size()) {
            throw new IllegalArgumentException(columns.size() + " columns for " + expressions.size() + " expressions");
        }
    }

    @Override
    public List<ReadPlan> inputs() {
        return List.of(input);
    }

    @Override
    public Opened open(ReadContext context) {
        Opened in = input.open(context);
        int width = in.rows().columns().size();
        List<SortKey> order = new ArrayList<>();
        for (SortKey k : in.order()) {
            if (columns.stream().anyMatch(c -> (c < 0 ? width + c : c) == k.column())) {
                break;
            }
            order.add(k);
        }
        return new Opened(new ProjectRows(in.rows(), columns, expressions), order, in.singleRow());
    }

    @Override
    public int columnCount(int shardColumns) {
        return input.columnCount(shardColumns);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        StringBuilder line = Plan.line(out, indent).append("Project ");
        for (int i = 0; i < columns.size(); i++) {
            line.append(i > 0 ? ", " : "").append('#').append(columns.get(i)).append(" = ").append(expressions.get(i));
        }
        out.append('\n');
        input.describeTo(out, indent + 1);
    }
}
