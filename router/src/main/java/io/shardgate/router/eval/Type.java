package io.shardgate.router.eval;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Collations;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * The MySQL type of an expression's value, as far as evaluation needs it. Values of each kind are one Java
 * class: INT {@link Long} (signed BIGINT), UINT {@link BigInteger} (BIGINT UNSIGNED), DECIMAL
 * {@link BigDecimal}, DOUBLE {@link Double}, STRING {@link String}, BINARY {@code byte[]}, DATE
 * {@link LocalDate}, DATETIME {@link LocalDateTime}, TIME {@link Duration}; NULL only null.
 *
 * <p>A DECIMAL's {@code scale} is the one MySQL shows ({@code 1/3} shows 4 digits); its value may carry
 * more, as MySQL's does inside an expression (see {@link Arithmetic}). A STRING's {@code column} is the
 * column its collation comes from; null for a literal, whose collation is the connection's.
 */
public record Type(Kind kind, int scale, ColumnMeta column) {

    public enum Kind { NULL, INT, UINT, DECIMAL, DOUBLE, STRING, BINARY, DATE, DATETIME, TIME }

    static final int MAX_SCALE = 38;

    public static final Type NULL = new Type(Kind.NULL, 0, null);
    public static final Type INT = new Type(Kind.INT, 0, null);
    public static final Type UINT = new Type(Kind.UINT, 0, null);
    public static final Type DOUBLE = new Type(Kind.DOUBLE, 0, null);
    public static final Type LITERAL_STRING = new Type(Kind.STRING, 0, null);

    static Type decimal(int scale) {
        return new Type(Kind.DECIMAL, Math.min(scale, MAX_SCALE), null);
    }

    boolean numeric() {
        return kind == Kind.INT || kind == Kind.UINT || kind == Kind.DECIMAL || kind == Kind.DOUBLE;
    }

    boolean integer() {
        return kind == Kind.INT || kind == Kind.UINT;
    }

    boolean temporal() {
        return kind == Kind.DATE || kind == Kind.DATETIME || kind == Kind.TIME;
    }

    /** The type of a result column (protocol type code, flags, decimals, collation). */
    public static Type of(ColumnMeta c) {
        return switch (c.type()) {
            case 1, 2, 3, 8, 9, 13 -> c.unsigned() ? UINT : INT;
            case 0, 246 -> decimal(c.decimals());
            case 4, 5 -> DOUBLE;
            case 6 -> NULL;
            case 7, 12 -> new Type(Kind.DATETIME, 0, null);
            case 10, 14 -> new Type(Kind.DATE, 0, null);
            case 11 -> new Type(Kind.TIME, 0, null);
            case 15, 247, 248, 249, 250, 251, 252, 253, 254 -> c.collationId() == Collations.BINARY_ID
                    ? new Type(Kind.BINARY, 0, null) : new Type(Kind.STRING, 0, c);
            default -> throw new NotEvaluable("a column of protocol type " + c.type() + " (" + c.name() + ")");
        };
    }

    /** The type of a statement literal or bound parameter. */
    public static Type ofLiteral(Object value) {
        return switch (value) {
            case null -> NULL;
            case Long l -> INT;
            case BigInteger b -> b.bitLength() <= 64 && b.signum() >= 0 ? UINT : decimal(0);
            case BigDecimal d -> decimal(Math.max(d.scale(), 0));
            case Double d -> DOUBLE;
            case String s -> LITERAL_STRING;
            case byte[] b -> new Type(Kind.BINARY, 0, null);
            case LocalDate d -> new Type(Kind.DATE, 0, null);
            case LocalDateTime t -> new Type(Kind.DATETIME, 0, null);
            default -> throw new NotEvaluable("a literal of this type");
        };
    }

    /** {@code raw} (a row value or literal) as this kind's Java class. */
    Object normalize(Object raw) {
        if (raw == null) {
            return null;
        }
        return switch (kind) {
            case NULL -> null;
            case INT -> raw instanceof BigInteger b ? b.longValueExact() : ((Number) raw).longValue();
            case UINT -> raw instanceof BigInteger b ? b : BigInteger.valueOf(((Number) raw).longValue());
            case DECIMAL -> switch (raw) {
                case BigDecimal d -> d;
                case BigInteger b -> new BigDecimal(b);
                case Double d -> BigDecimal.valueOf(d);
                default -> BigDecimal.valueOf(((Number) raw).longValue());
            };
            case DOUBLE -> ((Number) raw).doubleValue();
            case STRING -> raw instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : raw.toString();
            case BINARY -> raw instanceof byte[] ? raw : raw.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            case DATE, DATETIME -> raw;
            case TIME -> raw instanceof LocalTime t ? Duration.ofNanos(t.toNanoOfDay()) : raw;
        };
    }

    /**
     * A column definition for values of this type, named {@code name}: what the merge needs to compare them
     * (a string's collation is its column's). Not what a server would report for the expression (its length,
     * and for integers INT or BIGINT, depend on the operands): for columns no client sees.
     *
     * @throws NotEvaluable for a string with the connection's collation, which the proxy does not know
     */
    public ColumnMeta asColumn(String name) {
        int binary = Collations.BINARY_ID;
        return switch (kind) {
            case NULL -> new ColumnMeta(name, 6, 0, 0, binary);
            case INT -> new ColumnMeta(name, 8, ColumnMeta.FLAG_BINARY, 0, binary);
            case UINT -> new ColumnMeta(name, 8, ColumnMeta.FLAG_BINARY | ColumnMeta.FLAG_UNSIGNED, 0, binary);
            case DECIMAL -> new ColumnMeta(name, 246, ColumnMeta.FLAG_BINARY, scale, binary);
            case DOUBLE -> new ColumnMeta(name, 5, ColumnMeta.FLAG_BINARY, 31, binary);
            case STRING -> {
                if (column == null) {
                    throw new NotEvaluable("a string in the connection's collation (" + name + ")");
                }
                yield new ColumnMeta(name, 253, column.flags() & ColumnMeta.FLAG_BINARY, 0, column.collationId());
            }
            case BINARY -> new ColumnMeta(name, 253, ColumnMeta.FLAG_BINARY, 0, binary);
            case DATE -> new ColumnMeta(name, 10, ColumnMeta.FLAG_BINARY, 0, binary);
            case DATETIME -> new ColumnMeta(name, 12, ColumnMeta.FLAG_BINARY, 0, binary);
            case TIME -> new ColumnMeta(name, 11, ColumnMeta.FLAG_BINARY, 0, binary);
        };
    }

    @Override
    public String toString() {
        return kind == Kind.DECIMAL ? "DECIMAL(" + scale + ")" : kind.name();
    }
}
