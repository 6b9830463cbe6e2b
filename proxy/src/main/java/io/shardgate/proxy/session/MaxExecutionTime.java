package io.shardgate.proxy.session;

import java.math.BigInteger;

/**
 * MySQL's {@code max_execution_time} session variable, which the proxy keeps itself (MariaDB backends do not
 * know it, see {@link Session#maxExecutionTime(long)}): the name, and how a SET value reads.
 */
public final class MaxExecutionTime {

    public static final String NAME = "max_execution_time";
    /** What {@link #parse} answers for a value MySQL refuses (ER_WRONG_TYPE_FOR_VAR, 1232). */
    public static final long INVALID = -2;
    /** {@code SET max_execution_time = DEFAULT}: back to {@code proxy.statement-timeout}. */
    public static final long DEFAULT = -1;
    /** MySQL's range: an unsigned 32-bit number of milliseconds. */
    private static final BigInteger LIMIT = BigInteger.valueOf(4_294_967_295L);

    private MaxExecutionTime() {
    }

    /**
     * The value of {@code SET max_execution_time = v} as MySQL reads it: whole milliseconds, clamped to
     * 0..2^32-1 (MySQL warns and clamps); {@code DEFAULT} is {@link #DEFAULT}; anything else (a string, a
     * fraction, an expression) is {@link #INVALID}.
     */
    public static long parse(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("DEFAULT")) {
            return DEFAULT;
        }
        if (!v.matches("[+-]?\\d{1,30}")) {
            return INVALID;
        }
        if (v.startsWith("-")) {
            return 0;
        }
        return new BigInteger(v.startsWith("+") ? v.substring(1) : v).min(LIMIT).longValue();
    }
}
