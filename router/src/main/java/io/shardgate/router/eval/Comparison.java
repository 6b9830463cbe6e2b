package io.shardgate.router.eval;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.ValueOrder;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Comparisons with MySQL's conversions: integers exactly (signed with unsigned too); exact numbers as
 * decimals, each shown at its scale ({@code 1/3 = 0.3333} is true on the server); a DOUBLE, or a number
 * with a string, as DOUBLE; strings under the collation of the column they come from (a literal takes the
 * column's); a date or datetime with a string by reading the string as one. The result is 1, 0 or NULL
 * ({@code <=>} never NULL).
 *
 * <p>Not evaluable (refused rather than guessed): two strings from literals only (the connection's
 * collation is not known here), columns of different collations, collations the merge only approximates,
 * and mixes such as a date with a number.
 */
final class Comparison {

    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd[ HH:mm:ss]")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 6, true).optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .toFormatter();

    private Comparison() {
    }

    static Evaluator open(String op, Evaluator l, Evaluator r) {
        Comparator<Object> order = order(l.type(), r.type());
        boolean nullSafe = op.equals("<=>");
        return Evaluator.of(Type.INT, row -> {
            Object a = l.evaluate(row);
            Object b = r.evaluate(row);
            if (a == null || b == null) {
                return nullSafe ? (a == b ? 1L : 0L) : null;
            }
            int c = order.compare(a, b);
            boolean result = switch (op) {
                case "=", "<=>" -> c == 0;
                case "<>", "!=" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> throw new IllegalStateException(op);
            };
            return result ? 1L : 0L;
        });
    }

    /** How two values of these types compare (both non-null). */
    static Comparator<Object> order(Type a, Type b) {
        Type.Kind x = a.kind();
        Type.Kind y = b.kind();
        if (x == Type.Kind.NULL || y == Type.Kind.NULL) {
            return (p, q) -> 0; // never called: a NULL operand gives NULL
        }
        if (a.integer() && b.integer()) {
            return (p, q) -> Conversions.toBigInteger(p).compareTo(Conversions.toBigInteger(q));
        }
        if (exact(a) && exact(b)) {
            int sa = a.scale();
            int sb = b.scale();
            return (p, q) -> shown(p, sa).compareTo(shown(q, sb));
        }
        if (a.numeric() && b.numeric() || a.numeric() && y == Type.Kind.STRING || x == Type.Kind.STRING && b.numeric()) {
            int sa = a.scale();
            int sb = b.scale();
            return (p, q) -> Double.compare(number(p, sa), number(q, sb));
        }
        if (x == Type.Kind.STRING && y == Type.Kind.STRING) {
            ValueOrder text = textOrder(a.column(), b.column());
            return text::compare;
        }
        if (x == Type.Kind.BINARY && y == Type.Kind.BINARY) {
            return (p, q) -> Arrays.compareUnsigned((byte[]) p, (byte[]) q);
        }
        if (x == y && (x == Type.Kind.DATE || x == Type.Kind.DATETIME || x == Type.Kind.TIME)) {
            @SuppressWarnings("unchecked")
            Comparator<Object> natural = (p, q) -> ((Comparable<Object>) p).compareTo(q);
            return natural;
        }
        if (dateLike(x) && (dateLike(y) || y == Type.Kind.STRING) || x == Type.Kind.STRING && dateLike(y)) {
            return (p, q) -> dateTime(p).compareTo(dateTime(q));
        }
        throw new NotEvaluable("a comparison of " + a + " with " + b);
    }

    /** The collation two string operands compare under: a column's wins over a literal's. */
    static ValueOrder textOrder(ColumnMeta a, ColumnMeta b) {
        if (a == null && b == null) {
            throw new NotEvaluable("a comparison of two string literals (the connection's collation)");
        }
        if (a != null && b != null && a.collationId() != b.collationId()) {
            throw new NotEvaluable("a comparison of strings of different collations");
        }
        ValueOrder order = ValueOrder.forColumn(a != null ? a : b);
        if (!order.exact()) {
            throw new NotEvaluable("a string comparison under a collation the proxy only approximates");
        }
        return order;
    }

    private static boolean exact(Type t) {
        return t.integer() || t.kind() == Type.Kind.DECIMAL;
    }

    private static boolean dateLike(Type.Kind k) {
        return k == Type.Kind.DATE || k == Type.Kind.DATETIME;
    }

    private static BigDecimal shown(Object v, int scale) {
        return Conversions.shown(Conversions.toDecimal(v), scale);
    }

    private static double number(Object v, int scale) {
        return v instanceof BigDecimal d ? Conversions.shown(d, scale).doubleValue() : Conversions.toDouble(v);
    }

    private static LocalDateTime dateTime(Object v) {
        return switch (v) {
            case LocalDateTime t -> t;
            case LocalDate d -> d.atStartOfDay();
            case String s -> {
                try {
                    yield LocalDateTime.parse(s.strip(), DATE_TIME);
                } catch (DateTimeParseException e) {
                    throw new io.shardgate.router.merge.RowStreamException(1235, "42000",
                            "comparing a date with '" + s + "' across shards", true);
                }
            }
            default -> throw new IllegalStateException();
        };
    }
}
