package io.shardgate.router.merge;

/**
 * One aggregate column of a merge.
 *
 * @param column the column holding the shard's partial value (for AVG: the partial SUM)
 * @param countColumn for AVG only: the hidden column holding the shard's partial COUNT; -1 otherwise
 * @param distinct COUNT(DISTINCT x) / SUM(DISTINCT x): shards return distinct x per group (the column
 *     holds x, not a partial aggregate) and the merge de-duplicates before aggregating
 * @param separator GROUP_CONCAT's separator; null otherwise
 */
public record AggregateSpec(AggregateFunction function, int column, int countColumn, boolean distinct,
                            String separator) {

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(function.name()).append('(');
        if (distinct) {
            s.append("distinct ");
        }
        s.append(column);
        if (countColumn != -1) {
            s.append(" / count ").append(countColumn);
        }
        if (separator != null) {
            s.append(" separator '").append(separator).append('\'');
        }
        return s.append(')').toString();
    }
}
