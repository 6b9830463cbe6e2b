package io.shardgate.router.plan;

/**
 * An INSERT whose key column the proxy filled from its snowflake generator before routing. The client's OK
 * packet carries {@link #firstId()} as last-insert-id, as MySQL reports the first AUTO_INCREMENT value of a
 * multi-row insert; {@code SELECT LAST_INSERT_ID()} answers it too.
 *
 * @param column the generated column
 * @param firstId the id given to the first row that needed one
 * @param count how many ids were generated
 */
public record GeneratedKeys(String column, long firstId, int count, Plan input) implements Plan {

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("GeneratedKeys ").append(column).append(" first=").append(firstId)
                .append(" count=").append(count).append('\n');
        input.describeTo(out, indent + 1);
    }
}
