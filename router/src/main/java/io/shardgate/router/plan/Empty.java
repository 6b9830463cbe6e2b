package io.shardgate.router.plan;

/**
 * A read that no shard can answer with rows (a lookup-strategy key never assigned, a range-strategy value
 * outside every range). The client still needs the result's column definitions, and an aggregate without
 * GROUP BY still returns one row ({@code COUNT(*)} = 0), so the plan runs {@link #metadata()}: the statement on
 * the first shard with its WHERE made false ({@code WHERE 1=0 AND (...)}), which the backend answers
 * correctly and cheaply. Executors treat it exactly like a {@link Route}.
 */
public record Empty(String reason, Route metadata) implements Plan {

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("Empty (").append(reason).append(")\n");
        metadata.describeTo(out, indent + 1);
    }
}
