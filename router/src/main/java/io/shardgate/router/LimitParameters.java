package io.shardgate.router;

import io.shardgate.router.plan.Reject;
import io.shardgate.router.sql.NormalizedSql;
import io.shardgate.router.sql.ShapeTokens;
import io.shardgate.router.sql.Words;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The prepared-statement parameters of {@code LIMIT ?}, {@code LIMIT ?, ?} and {@code OFFSET ?}, and the values
 * they accept. Drivers bind row counts in types MySQL 8 refuses there (error 1210): mysql2's {@code execute()}
 * sends every JavaScript number as DOUBLE, and its docs advise strings instead. MariaDB takes both, so the proxy
 * does too, and renders the value as the integer it is ({@code LIMIT 2.0} would be a syntax error on the
 * shards). Where MariaDB silently truncates or wraps ({@code 2.5} as 2, {@code -1} as 2^64 - 1,
 * {@code 'abc'} as 0), the proxy refuses with MySQL 8's error for a bad LIMIT argument.
 */
final class LimitParameters {

    /** The largest row count MySQL takes: {@code LIMIT 18446744073709551615} means "no limit". */
    private static final BigInteger MAX = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);
    /** Decimal digits, optionally signed +, optionally with a zero fraction; surrounding spaces allowed. */
    private static final Pattern INTEGER_TEXT = Pattern.compile("\\s*\\+?(\\d+)(\\.0*)?\\s*");

    private LimitParameters() {
    }

    /**
     * For each parameter (in client order), whether it is a LIMIT or OFFSET value; null when the statement has
     * none, the common case.
     */
    static boolean[] of(NormalizedSql sql) {
        if (sql.parameterCount() == 0 || !containsLimit(sql.shape())) {
            return null;
        }
        ShapeTokens tokens = ShapeTokens.of(sql.shape());
        List<Integer> limitSlots = new ArrayList<>();
        int slot = 0;
        for (int i = 0; i < tokens.size(); i++) {
            ShapeTokens.Token t = tokens.get(i);
            if (t.kind() == ShapeTokens.Kind.SLOT) {
                boolean afterLimit = i > 0 && (tokens.get(i - 1).is("LIMIT") || tokens.get(i - 1).is("OFFSET")
                        || i > 2 && tokens.get(i - 1).isPunct(',') && tokens.get(i - 3).is("LIMIT")
                        && tokens.get(i - 2).kind() == ShapeTokens.Kind.SLOT);
                if (afterLimit) {
                    limitSlots.add(slot);
                }
                slot++;
            }
        }
        if (limitSlots.isEmpty()) {
            return null;
        }
        boolean[] limits = new boolean[sql.parameterCount()];
        int parameter = 0;
        boolean any = false;
        for (int s = 0; s < sql.literals().size(); s++) {
            if (sql.literals().get(s).isParameter()) {
                if (limitSlots.contains(s)) {
                    limits[parameter] = true;
                    any = true;
                }
                parameter++;
            }
        }
        return any ? limits : null;
    }

    private static boolean containsLimit(String shape) {
        return Words.contains(shape, "LIMIT") || Words.contains(shape, "OFFSET");
    }

    /**
     * The value as a non-negative integer ({@link Long}, or {@link BigInteger} above it), or null when it is no
     * row count: a fraction, a negative number, text that is not a decimal integer, NULL.
     */
    static Object integral(Object value) {
        BigInteger v = switch (value) {
            case Long l -> BigInteger.valueOf(l);
            case Integer i -> BigInteger.valueOf(i);
            case Short s -> BigInteger.valueOf(s);
            case Byte b -> BigInteger.valueOf(b);
            case BigInteger b -> b;
            case BigDecimal d -> wholeNumber(d);
            case Double d -> Double.isFinite(d) ? wholeNumber(new BigDecimal(d)) : null;
            case Float f -> Float.isFinite(f) ? wholeNumber(new BigDecimal(f)) : null;
            case String s -> {
                var m = INTEGER_TEXT.matcher(s);
                yield m.matches() ? new BigInteger(m.group(1)) : null;
            }
            case null, default -> null;
        };
        if (v == null || v.signum() < 0 || v.compareTo(MAX) > 0) {
            return null;
        }
        return v.bitLength() < Long.SIZE ? (Object) v.longValue() : v;
    }

    private static BigInteger wholeNumber(BigDecimal d) {
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0 ? d.toBigInteger() : null;
    }

    /** MySQL 8's answer to a LIMIT argument it cannot use, with the value named. */
    static Reject refusal(Object value) {
        String shown = value == null ? "NULL" : value instanceof String s ? "'" + s + "'" : value.toString();
        return new Reject(1210, "HY000", "Incorrect arguments to mysqld_stmt_execute: LIMIT and OFFSET take a "
                + "non-negative integer, got " + shown);
    }
}
