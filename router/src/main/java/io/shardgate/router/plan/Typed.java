package io.shardgate.router.plan;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.RedefinedColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Columns of the input that the proxy fills later ({@link Project}: an expression over the aggregates of a join
 * across shards), typed by a server: {@code typing} is a statement computing the same expressions over one
 * table that returns no rows ({@code LIMIT 0}); its columns, in order, are the definitions of the input's
 * {@code columns}, for the client and for the values {@code Project} writes. {@code typing} is read to its
 * end before the input opens, so the two may share a connection. Streaming.
 */
public record Typed(ReadPlan input, ReadPlan typing, List<Integer> columns) implements ReadPlan {

    public Typed {
        columns = List.copyOf(columns);
    }

    @Override
    public List<ReadPlan> inputs() {
        return List.of(input, typing);
    }

    @Override
    public Opened open(ReadContext context) {
        List<ColumnMeta> definitions = TypingStatement.columns(typing, context);
        Opened in = input.open(context);
        return new Opened(new RedefinedColumns(in.rows(), columns, definitions.subList(0, columns.size())),
                in.order(), in.singleRow());
    }

    @Override
    public int columnCount(int shardColumns) {
        return input.columnCount(shardColumns);
    }

    @Override
    public <T> List<T> shardColumns(Function<MergeShards, List<T>> leafColumns) {
        List<T> out = new ArrayList<>(input.shardColumns(leafColumns));
        List<T> typed = typing.shardColumns(leafColumns);
        for (int i = 0; i < columns.size(); i++) {
            out.set(columns.get(i), typed.get(i));
        }
        return out;
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("Typed ").append(columns).append(" (column definitions from the second input)\n");
        input.describeTo(out, indent + 1);
        typing.describeTo(out, indent + 1);
    }
}
