package io.shardgate.router.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * One value the {@link Normalizer} took out of the statement text, typed for routing and kept as written
 * for rewriting: per-shard SQL re-emits {@link #text()} exactly, so nothing changes meaning (an introducer,
 * an escape or a trailing zero stays as the client wrote it).
 *
 * <p>Values: {@link Long} or {@link BigInteger} for integers, {@link BigDecimal} for decimals, {@link Double}
 * for {@code 1e3} forms, {@link String} for strings (escapes resolved as the session's {@link SqlMode} says), {@code byte[]} for {@code x'..'},
 * {@code 0x..}, {@code b'..'} and {@code 0b..}. A prepared statement's {@code ?} is a {@link Kind#PARAMETER}
 * slot with no value until EXECUTE binds one with {@link #of(Object)}.
 */
public record Literal(Kind kind, Object value, String text) {

    public enum Kind { NUMBER, STRING, BINARY, NULL, TEMPORAL, PARAMETER }

    /** A client placeholder of a prepared statement. */
    public static final Literal PARAMETER = new Literal(Kind.PARAMETER, null, "?");

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /**
     * A bound prepared-statement parameter rendered as a SQL literal that a server in {@code mode} reads back
     * as the same value: strings quoted for that mode ({@link SqlMode#quote}), byte arrays as {@code X'..'}
     * (exact in every mode and charset), numbers and temporals in forms that hold no quote or backslash.
     *
     * @throws IllegalArgumentException for a value MySQL cannot hold (NaN, infinity) or a Java type it
     *     does not know; the message names neither a class nor the value
     */
    public static Literal of(Object value, SqlMode mode) {
        return switch (value) {
            case null -> new Literal(Kind.NULL, null, "NULL");
            case Long l -> new Literal(Kind.NUMBER, l, l.toString());
            case Integer i -> new Literal(Kind.NUMBER, i.longValue(), i.toString());
            case Short s -> new Literal(Kind.NUMBER, s.longValue(), s.toString());
            case Byte b -> new Literal(Kind.NUMBER, b.longValue(), b.toString());
            case BigInteger b -> new Literal(Kind.NUMBER, b, b.toString());
            case BigDecimal d -> new Literal(Kind.NUMBER, d, d.toPlainString());
            case Double d -> new Literal(Kind.NUMBER, d, finite(d));
            case Float f -> new Literal(Kind.NUMBER, f.doubleValue(), finite(f.doubleValue()));
            case Boolean b -> new Literal(Kind.NUMBER, b ? 1L : 0L, b ? "1" : "0");
            case String s -> new Literal(Kind.STRING, s, mode.quote(s));
            case byte[] bytes -> new Literal(Kind.BINARY, bytes.clone(),
                    "X'" + HexFormat.of().formatHex(bytes) + "'");
            case LocalDate d -> new Literal(Kind.TEMPORAL, d, "'" + d + "'");
            case LocalDateTime t -> new Literal(Kind.TEMPORAL, t, "'" + DATE_TIME.format(t) + "'");
            case LocalTime t -> new Literal(Kind.TEMPORAL, t, "'" + t + "'");
            default -> throw new IllegalArgumentException("a parameter of a type SQL has no literal for");
        };
    }

    private static String finite(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("MySQL has no value for " + d);
        }
        return Double.toString(d);
    }

    public boolean isParameter() {
        return kind == Kind.PARAMETER;
    }

    /** This value with its sign flipped, for {@code -?} that the normalizer could not fold. */
    public Object negatedValue() {
        return switch (value) {
            case Long l when l != Long.MIN_VALUE -> -l;
            case Long l -> BigInteger.valueOf(l).negate();
            case BigInteger b -> b.negate();
            case BigDecimal d -> d.negate();
            case Double d -> -d;
            default -> throw new IllegalArgumentException("cannot negate " + text);
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
