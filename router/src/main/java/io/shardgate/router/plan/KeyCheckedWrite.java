package io.shardgate.router.plan;

import java.util.List;

/**
 * An UPDATE that sets the shard key to a value whose shard the WHERE clause does not pin down, such as an ORM's
 * UPDATE that writes every column back ({@code SET amount = ?, user_id = ? WHERE id = ? AND version = ?}).
 * Rows never move between shards, so the write can only be right on the shard the new value names: the
 * executor first runs each {@link Check} (a locking read of the WHERE clause on another shard the statement
 * reaches) in the session's transaction (one of its own when the session has none), and writes on
 * {@link #write()}'s shard only when no other shard holds a matching row. A matching row elsewhere is one
 * that would have to move: the statement is refused ({@link #refusal}) and nothing is written.
 *
 * @param write the UPDATE on the shard the new key names, or null when the WHERE clause cannot match a row
 *     there (nothing to write, the checks still decide between 0 rows and a refusal)
 * @param checks {@code SELECT 1 ... FOR UPDATE} on every other shard the statement reaches
 * @param target the shard the new key value names
 */
public record KeyCheckedWrite(Route write, List<Check> checks, String table, String shardKey, String value,
                              int target) implements Plan {

    /** A locking read on one shard: any row means the statement would move it. */
    public record Check(Route route, int shard) {
    }

    public KeyCheckedWrite {
        checks = List.copyOf(checks);
    }

    /** What the client is told when shard {@code shard} holds a row the UPDATE would move. */
    public Reject refusal(int shard) {
        return Reject.notSupported("UPDATE of shard key " + shardKey + " of " + table + " to " + value
                + " would move rows from shard " + shard + " to shard " + target
                + "; rows cannot move between shards: DELETE and INSERT them instead");
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("KeyCheckedWrite ").append(shardKey).append(" = ").append(value)
                .append(" (shard ").append(target).append("): no row on shards ")
                .append(checks.stream().map(Check::shard).toList()).append(", then ")
                .append(write == null ? "nothing to write" : "write").append('\n');
        checks.forEach(c -> c.route().describeTo(out, indent + 1));
        if (write != null) {
            write.describeTo(out, indent + 1);
        }
    }
}
