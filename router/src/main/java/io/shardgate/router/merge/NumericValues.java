package io.shardgate.router.merge;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * MySQL numeric semantics over the Java values a {@link Row} holds (Long, BigInteger, BigDecimal, Double,
 * Float, and the smaller integer boxes): compare across types by value, normalise for hashing, convert
 * for SUM/AVG arithmetic.
 */
final class NumericValues {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private NumericValues() {
    }

    /** Numbers by value: 1 = 1.0 = 1.00 (DOUBLE vs DECIMAL compared exactly, a total order). */
    static int compare(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if (isFloating(a) && isFloating(b) || !isFinite(a) || !isFinite(b)) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return toBigDecimal(a).compareTo(toBigDecimal(b));
    }

    /**
     * A canonical form with equals/hashCode matching {@link #compare} == 0: integral values become Long
     * when they fit (so 7, 7.00 and 7.0e0 are one group), other values a BigDecimal without trailing zeros.
     */
    static Object key(Number n) {
        if (isIntegral(n)) {
            return n.longValue();
        }
        if (!isFinite(n)) {
            return n.doubleValue();
        }
        BigDecimal d = toBigDecimal(n).stripTrailingZeros();
        if (d.scale() <= 0) {
            BigInteger i = d.toBigIntegerExact();
            if (i.compareTo(LONG_MIN) >= 0 && i.compareTo(LONG_MAX) <= 0) {
                return i.longValueExact();
            }
            return i;
        }
        return d;
    }

    /** The exact decimal value; a String (an undecoded value) is parsed. */
    static BigDecimal toBigDecimal(Object v) {
        return switch (v) {
            case BigDecimal d -> d;
            case Long l -> BigDecimal.valueOf(l);
            case Integer i -> BigDecimal.valueOf(i);
            case Short s -> BigDecimal.valueOf(s);
            case Byte b -> BigDecimal.valueOf(b);
            case BigInteger i -> new BigDecimal(i);
            // new BigDecimal(double) is the double's exact binary value; floats widen exactly
            case Double d -> new BigDecimal(d);
            case Float f -> new BigDecimal(f.doubleValue());
            case String s -> new BigDecimal(s.trim());
            case java.time.temporal.Temporal t when temporalNumber(t) != null -> temporalNumber(t);
            case java.time.Duration d -> timeNumber(d);
            default -> throw notANumber(v);
        };
    }

    /**
     * A date or datetime as MySQL reads it as a number (SUM(DISTINCT d)): 2025-01-01 = 20250101,
     * 2025-01-01 10:00:00.125 = 20250101100000.125; null for other temporals.
     */
    private static BigDecimal temporalNumber(java.time.temporal.Temporal t) {
        return switch (t) {
            case java.time.LocalDate d -> BigDecimal.valueOf(d.getYear() * 10000L + d.getMonthValue() * 100L
                    + d.getDayOfMonth());
            case java.time.LocalDateTime d -> BigDecimal.valueOf(d.getYear() * 10000000000L
                            + d.getMonthValue() * 100000000L + d.getDayOfMonth() * 1000000L + d.getHour() * 10000L
                            + d.getMinute() * 100L + d.getSecond())
                    .add(BigDecimal.valueOf(d.getNano() / 1000, 6));
            default -> null;
        };
    }

    /** A TIME as a number: -10:00:01 = -100001. */
    private static BigDecimal timeNumber(java.time.Duration d) {
        java.time.Duration abs = d.abs();
        BigDecimal n = BigDecimal.valueOf(abs.toHours() * 10000L + abs.toMinutesPart() * 100L + abs.toSecondsPart())
                .add(BigDecimal.valueOf(abs.toNanosPart() / 1000, 6));
        return d.isNegative() ? n.negate() : n;
    }

    /** The value as a double (SUM/AVG over FLOAT/DOUBLE columns add doubles, as MySQL does). */
    static double toDouble(Object v) {
        return switch (v) {
            case Number n -> n.doubleValue();
            case String s -> Double.parseDouble(s.trim());
            case java.time.temporal.Temporal t when temporalNumber(t) != null -> temporalNumber(t).doubleValue();
            case java.time.Duration d -> timeNumber(d).doubleValue();
            default -> throw notANumber(v);
        };
    }

    /** A partial COUNT as a long. */
    static long toLong(Object v) {
        return switch (v) {
            case Long l -> l;
            case Integer i -> i;
            case BigInteger i -> i.longValueExact();
            case BigDecimal d -> d.longValueExact();
            case Number n -> n.longValue();
            case String s -> Long.parseLong(s.trim());
            default -> throw notANumber(v);
        };
    }

    /** SUM/AVG over dates, times or blobs: MySQL converts them to numbers, the merge does not. */
    private static RowStreamException notANumber(Object v) {
        String kind = v instanceof byte[] ? "binary" : v instanceof java.time.temporal.Temporal ? "date/time"
                : "non-numeric";
        return new RowStreamException(ER_NOT_SUPPORTED_YET, "42000", "shardgate merge: adding " + kind
                + " values across shards is not supported");
    }

    /** MySQL's ER_NOT_SUPPORTED_YET. */
    private static final int ER_NOT_SUPPORTED_YET = 1235;

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger i && i.bitLength() < 64;
    }

    /** MySQL has no NaN or infinities, but a Java double can hold them: keep the order total anyway. */
    private static boolean isFinite(Number n) {
        return !isFloating(n) || Double.isFinite(n.doubleValue());
    }

    private static boolean isFloating(Number n) {
        return n instanceof Double || n instanceof Float;
    }
}
