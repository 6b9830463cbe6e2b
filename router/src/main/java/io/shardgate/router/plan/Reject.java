package io.shardgate.router.plan;

/**
 * The statement is refused with a MySQL error; nothing runs. Used whenever the planner cannot route safely:
 * a wrong route would be worse than an error.
 *
 * @param untilBound for a prepared statement planned before its parameters are bound: the statement as one
 *     shard would run it, when the refusal holds only because the unbound shard key could mean several
 *     shards (a window function, WITH ROLLUP ... cannot be merged across shards, but one shard runs them
 *     whole). The proxy then accepts the PREPARE, takes the column metadata from this route, and leaves the
 *     decision to each EXECUTE, whose bound values pick one shard or get this refusal. Null otherwise.
 */
public record Reject(int code, String sqlState, String message, Route untilBound) implements Plan {

    /** MySQL {@code ER_NOT_SUPPORTED_YET}: "This version of MySQL doesn't yet support '%s'". */
    public static final int NOT_SUPPORTED_YET = 1235;

    /** MySQL {@code ER_NO_DB_ERROR}. */
    public static final int NO_DATABASE_SELECTED = 1046;

    /** The user's grants forbid the statement (1044 database, 1142 table, 1227 privilege, 1370 routine). */
    public boolean accessDenied() {
        return code == 1044 || code == 1142 || code == 1227 || code == 1370;
    }

    /** A refusal whatever the parameters. */
    public Reject(int code, String sqlState, String message) {
        this(code, sqlState, message, null);
    }

    public static Reject notSupported(String message) {
        return new Reject(NOT_SUPPORTED_YET, "42000", message);
    }

    /** This refusal, lifted when the parameters bind to one shard; {@code oneShard} stands for that case. */
    public Reject untilBound(Route oneShard) {
        return new Reject(code, sqlState, message, oneShard);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("Reject ").append(code).append(" (").append(sqlState).append("): ")
                .append(message).append('\n');
        if (untilBound != null) {
            Plan.line(out, indent + 1).append("unless the parameters bind one shard, as in:\n");
            untilBound.describeTo(out, indent + 2);
        }
    }
}
