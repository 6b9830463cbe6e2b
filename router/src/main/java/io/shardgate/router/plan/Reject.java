package io.shardgate.router.plan;

/**
 * The statement is refused with a MySQL error; nothing runs. Used whenever the planner cannot route safely:
 * a wrong route would be worse than an error.
 */
public record Reject(int code, String sqlState, String message) implements Plan {

    /** MySQL {@code ER_NOT_SUPPORTED_YET}: "This version of MySQL doesn't yet support '%s'". */
    public static final int NOT_SUPPORTED_YET = 1235;

    /** MySQL {@code ER_NO_DB_ERROR}. */
    public static final int NO_DATABASE_SELECTED = 1046;

    public static Reject notSupported(String message) {
        return new Reject(NOT_SUPPORTED_YET, "42000", message);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("Reject ").append(code).append(" (").append(sqlState).append("): ")
                .append(message).append('\n');
    }
}
