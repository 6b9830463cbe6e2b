package io.shardgate.router.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What {@link OrderedAggregate} and {@link HashAggregate} share: the compiled aggregate columns and the
 * per-group state. A merged group row is the group's first shard row (group keys, and any plain column,
 * MySQL's "any value" when ONLY_FULL_GROUP_BY is off) with every aggregate column replaced by its merged
 * value ({@link Accumulators}); the row keeps its width, so later column indexes stay valid. The values the
 * DISTINCT and ordered GROUP_CONCAT aggregates hold, over all open groups, count against one budget
 * ({@link HeldValues}).
 */
final class Aggregation {

    private final List<ColumnMeta> output;
    private final List<Supplier<Accumulators.Accumulator>> accumulators;
    private final String description;
    private final HeldValues held;

    Aggregation(List<ColumnMeta> input, List<AggregateSpec> aggregates, long valueBudget) {
        for (AggregateSpec spec : aggregates) {
            check(spec.column(), input, spec);
            if (spec.countColumn() >= 0) {
                check(spec.countColumn(), input, spec);
            }
            spec.moreColumns().forEach(c -> check(c, input, spec));
            spec.order().forEach(k -> check(k.column(), input, spec));
        }
        this.held = new HeldValues(valueBudget);
        this.output = AggregateTypes.clientColumns(input, aggregates);
        this.accumulators = new ArrayList<>(aggregates.size());
        StringBuilder d = new StringBuilder();
        for (AggregateSpec spec : aggregates) {
            accumulators.add(Accumulators.factory(spec, input, output, held));
            d.append(d.isEmpty() ? "" : ", ").append(spec.function()).append(spec.distinct() ? "(distinct #" : "(#")
                    .append(spec.column());
            spec.moreColumns().forEach(c -> d.append(", #").append(c));
            d.append(spec.countColumn() >= 0 ? "/#" + spec.countColumn() : "");
            spec.order().forEach(k -> d.append(k == spec.order().getFirst() ? " order by #" : ", #").append(k));
            d.append(')');
        }
        this.description = d.toString();
    }

    private static void check(int column, List<ColumnMeta> input, AggregateSpec spec) {
        if (column < 0 || column >= input.size()) {
            throw new IllegalArgumentException("aggregate " + spec + " refers to column " + column + " outside the "
                    + input.size() + " shard columns");
        }
    }

    /** The client-visible columns of merged rows. */
    List<ColumnMeta> columns() {
        return output;
    }

    Group newGroup(Row first) {
        Group g = new Group(first);
        g.add(first);
        return g;
    }

    /** The single row of an aggregate without GROUP BY over no rows at all: COUNT 0, everything else NULL. */
    Row emptyResult() {
        return new Group(null).result();
    }

    @Override
    public String toString() {
        return description;
    }

    /** One group being merged: memory = its first row and one accumulator per aggregate. */
    final class Group {
        private final Row first;
        private final Accumulators.Accumulator[] state;

        private Group(Row first) {
            this.first = first;
            this.state = new Accumulators.Accumulator[accumulators.size()];
            for (int i = 0; i < state.length; i++) {
                state[i] = accumulators.get(i).get();
            }
        }

        Row first() {
            return first;
        }

        void add(Row row) {
            for (Accumulators.Accumulator a : state) {
                a.add(row);
            }
        }

        Row result() {
            Object[] values = first == null ? new Object[output.size()] : first.values().clone();
            for (Accumulators.Accumulator a : state) {
                a.writeTo(values);
                held.release(a.held());
            }
            return new Row(values);
        }
    }
}
