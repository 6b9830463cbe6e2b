package io.shardgate.router.planner;

import io.shardgate.router.sql.Literal;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Offset;

/**
 * {@code LIMIT [offset,] count} / {@code LIMIT count OFFSET offset} of a scatter: shards get
 * {@code LIMIT offset+count} and the merge skips {@code offset}.
 *
 * @param offset null when absent
 * @param count never null
 */
record LimitClause(ValueRef offset, ValueRef count) {

    /**
     * The statement's LIMIT, or null for none.
     *
     * @param offset {@code LIMIT n OFFSET m}'s OFFSET where the parser keeps it apart from {@code limit}; null
     * @throws PlanException 1235 for a count or offset that is neither a literal nor a parameter
     */
    static LimitClause of(Limit limit, Offset offset, KeyConditions values) {
        if (limit == null) {
            return null;
        }
        if (limit.getRowCount() == null) {
            throw PlanException.notSupported("this LIMIT form across shards");
        }
        ValueRef count = values.valueRef(limit.getRowCount());
        Expression offsetExpr = limit.getOffset() != null ? limit.getOffset()
                : offset != null ? offset.getOffset() : null;
        ValueRef offsetRef = offsetExpr == null ? null : values.valueRef(offsetExpr);
        if (count == null || offsetExpr != null && offsetRef == null) {
            throw PlanException.notSupported("LIMIT with an expression across shards");
        }
        return new LimitClause(offsetRef, count);
    }

    /**
     * A placeholder not bound yet ({@code LIMIT ?} planned at PREPARE, only for the result's metadata):
     * the merge applies no limit and the shards keep {@code LIMIT ?} (see {@link ShardBinder#UNBOUND_LIMIT}).
     */
    boolean unbound(List<Literal> literals) {
        return count.unbound(literals) || offset != null && offset.unbound(literals);
    }

    long offset(List<Literal> literals) {
        return offset == null ? 0 : integer(offset, literals, "offset");
    }

    /** The count, or null for a count beyond any result (MySQL's 18446744073709551615 idiom). */
    Long count(List<Literal> literals) {
        BigInteger v = integral(count.value(literals));
        if (v != null && v.bitLength() >= Long.SIZE) {
            return null;
        }
        return integer(count, literals, "row count");
    }

    /** What each shard must return: offset + count, or null when unlimited. */
    Long pushed(List<Literal> literals) {
        Long count = count(literals);
        if (count == null) {
            return null;
        }
        long sum = offset(literals) + count;
        return sum < 0 ? null : sum;
    }

    /**
     * An integral number, or null: a literal is a Long or (beyond it) a BigInteger; a prepared statement's
     * parameter may also arrive as a DECIMAL ({@code setBigDecimal}, or a driver's {@code BigInteger}).
     */
    private static BigInteger integral(Object v) {
        return switch (v) {
            case Long l -> BigInteger.valueOf(l);
            case BigInteger b -> b;
            case BigDecimal d when d.signum() == 0 || d.stripTrailingZeros().scale() <= 0 -> d.toBigInteger();
            case null, default -> null;
        };
    }

    private static long integer(ValueRef ref, List<Literal> literals, String what) {
        BigInteger v = integral(ref.value(literals));
        if (v != null && v.signum() >= 0 && v.bitLength() < Long.SIZE) {
            return v.longValue();
        }
        throw PlanException.notSupported("LIMIT " + what + " " + ref.text(literals)
                + " across shards: it must be a non-negative integer");
    }
}
