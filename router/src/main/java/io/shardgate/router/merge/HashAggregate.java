package io.shardgate.router.merge;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GROUP BY merge over input in any order: groups are collected in a hash map keyed by the group-key
 * values under their columns' collations ({@link GroupKey}), then returned in first-seen order.
 *
 * <p>Memory contract: one entry per group (its first row and accumulators; the DISTINCT aggregates add
 * one key per distinct value per group) until the input ends; this is the bound the issue accepts when
 * the shards' rows are not sorted by the group keys. Nothing is returned before the input is exhausted;
 * the input is closed as soon as it is.
 *
 * <p>Without group keys it behaves like {@link OrderedAggregate}: exactly one row, even for no input.
 */
public final class HashAggregate implements RowStream {

    private final RowStream input;
    private final List<Integer> groupBy;
    private final GroupKey.Extractor keys;
    private final Aggregation aggregation;
    private Iterator<Aggregation.Group> results;
    private boolean done;

    public HashAggregate(RowStream input, List<Integer> groupBy, List<AggregateSpec> aggregates) {
        this(input, groupBy, aggregates, Long.MAX_VALUE);
    }

    /**
     * @param valueBudget the most distinct (or ordered GROUP_CONCAT) values all groups together may hold
     */
    public HashAggregate(RowStream input, List<Integer> groupBy, List<AggregateSpec> aggregates, long valueBudget) {
        this.input = input;
        this.groupBy = List.copyOf(groupBy);
        this.keys = new GroupKey.Extractor(groupBy, input.columns());
        this.aggregation = new Aggregation(input.columns(), aggregates, valueBudget);
    }

    @Override
    public List<ColumnMeta> columns() {
        return aggregation.columns();
    }

    @Override
    public Row next() {
        if (done) {
            return null;
        }
        if (results == null) {
            Map<GroupKey, Aggregation.Group> groups = new LinkedHashMap<>();
            for (Row row; (row = input.next()) != null; ) {
                GroupKey key = keys.keyOf(row);
                Aggregation.Group group = groups.get(key);
                if (group == null) {
                    groups.put(key, aggregation.newGroup(row));
                } else {
                    group.add(row);
                }
            }
            input.close();
            if (groups.isEmpty() && groupBy.isEmpty()) {
                done = true;
                return aggregation.emptyResult();
            }
            results = groups.values().iterator();
        }
        if (!results.hasNext()) {
            done = true;
            results = null;
            return null;
        }
        Row row = results.next().result();
        results.remove();
        return row;
    }

    @Override
    public void close() {
        done = true;
        results = null;
        input.close();
    }

    @Override
    public String toString() {
        return Streams.nested("HashAggregate(group " + groupBy + "; " + aggregation + ")", input);
    }
}
