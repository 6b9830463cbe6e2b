package io.shardgate.router.eval;

import io.shardgate.router.merge.RowStreamException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.function.BinaryOperator;

/**
 * {@code + - * / DIV %} and unary minus with MySQL's result types and errors:
 * <ul>
 *   <li>a DOUBLE or string operand makes the result DOUBLE (a string is read as its leading number);
 *   <li>else a DECIMAL operand makes it DECIMAL, shown with scale max(s1, s2) for + and -, s1 + s2 for *;
 *   <li>else integers give BIGINT, BIGINT UNSIGNED when either is unsigned; a result out of range fails with
 *       1690, as MySQL fails the statement;
 *   <li>{@code /} of exact numbers is DECIMAL shown with the dividend's scale + 4 (div_precision_increment),
 *       but its value keeps the digits MySQL keeps: the scales of both operands + 4, rounded up to a multiple
 *       of 9 (MySQL's decimal word), truncated. So {@code 1/3*3} is 0.999999999, shown 1.0000, and
 *       {@code FLOOR(1/3*3)} is 0, as on the server;
 *   <li>division or modulo by zero is NULL.
 * </ul>
 */
final class Arithmetic {

    private static final int DIV_INCREMENT = 4;
    private static final int WORD_DIGITS = 9;

    private Arithmetic() {
    }

    static Evaluator open(String op, Evaluator l, Evaluator r, String text) {
        if (r == null) {
            return negate(l, text);
        }
        Type lt = operand(l.type());
        Type rt = operand(r.type());
        if (lt.kind() == Type.Kind.NULL || rt.kind() == Type.Kind.NULL) {
            Type t = lt.kind() == Type.Kind.NULL ? rt : lt;
            return Evaluator.of(op.equals("/") && t.integer() ? Type.decimal(DIV_INCREMENT) : t, row -> null);
        }
        boolean dbl = lt.kind() == Type.Kind.DOUBLE || rt.kind() == Type.Kind.DOUBLE
                || lt.kind() == Type.Kind.STRING || rt.kind() == Type.Kind.STRING;
        if (dbl) {
            return doubles(op, l, r, text);
        }
        boolean decimal = lt.kind() == Type.Kind.DECIMAL || rt.kind() == Type.Kind.DECIMAL;
        if (op.equals("/")) {
            return divide(l, r, lt.scale());
        }
        if (op.equals("DIV")) {
            boolean unsigned = lt.kind() == Type.Kind.UINT || rt.kind() == Type.Kind.UINT;
            return binary(l, r, unsigned ? Type.UINT : Type.INT, (a, b) -> {
                BigDecimal divisor = Conversions.toDecimal(b);
                if (divisor.signum() == 0) {
                    return null;
                }
                BigInteger q = Conversions.toDecimal(a).divide(divisor, 0, RoundingMode.DOWN).toBigIntegerExact();
                return inRange(q, unsigned, text);
            });
        }
        if (decimal) {
            int scale = switch (op) {
                case "*" -> lt.scale() + rt.scale();
                default -> Math.max(lt.scale(), rt.scale());
            };
            return binary(l, r, Type.decimal(scale), (a, b) -> {
                BigDecimal x = Conversions.toDecimal(a);
                BigDecimal y = Conversions.toDecimal(b);
                return switch (op) {
                    case "+" -> x.add(y);
                    case "-" -> x.subtract(y);
                    case "*" -> x.multiply(y);
                    case "%" -> y.signum() == 0 ? null : x.remainder(y);
                    default -> throw new IllegalStateException(op);
                };
            });
        }
        // MOD's sign follows the dividend: an unsigned dividend gives an unsigned result
        boolean unsigned = op.equals("%") ? lt.kind() == Type.Kind.UINT
                : lt.kind() == Type.Kind.UINT || rt.kind() == Type.Kind.UINT;
        return binary(l, r, unsigned ? Type.UINT : Type.INT, (a, b) -> {
            BigInteger x = Conversions.toBigInteger(a);
            BigInteger y = Conversions.toBigInteger(b);
            BigInteger v = switch (op) {
                case "+" -> x.add(y);
                case "-" -> x.subtract(y);
                case "*" -> x.multiply(y);
                case "%" -> y.signum() == 0 ? null : x.remainder(y);
                default -> throw new IllegalStateException(op);
            };
            return v == null ? null : inRange(v, unsigned, text);
        });
    }

    private static Evaluator divide(Evaluator l, Evaluator r, int dividendScale) {
        return binary(l, r, Type.decimal(dividendScale + DIV_INCREMENT), (a, b) -> {
            BigDecimal x = Conversions.toDecimal(a);
            BigDecimal y = Conversions.toDecimal(b);
            if (y.signum() == 0) {
                return null;
            }
            int digits = Math.max(x.scale(), 0) + Math.max(y.scale(), 0) + DIV_INCREMENT;
            int kept = (digits + WORD_DIGITS - 1) / WORD_DIGITS * WORD_DIGITS;
            return x.divide(y, kept, RoundingMode.DOWN);
        });
    }

    private static Evaluator doubles(String op, Evaluator l, Evaluator r, String text) {
        if (op.equals("DIV")) {
            throw new NotEvaluable("DIV of approximate numbers");
        }
        return binary(l, r, Type.DOUBLE, (a, b) -> {
            double x = Conversions.toDouble(a);
            double y = Conversions.toDouble(b);
            double v = switch (op) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                case "/" -> y == 0 ? Double.NaN : x / y;
                case "%" -> y == 0 ? Double.NaN : x % y;
                default -> throw new IllegalStateException(op);
            };
            if (Double.isNaN(v)) {
                return null;
            }
            if (Double.isInfinite(v)) {
                throw outOfRange("DOUBLE", text);
            }
            return v;
        });
    }

    private static Evaluator negate(Evaluator in, String text) {
        Type t = operand(in.type());
        return switch (t.kind()) {
            case NULL -> in;
            case INT, UINT -> Evaluator.of(Type.INT, row -> {
                Object v = in.evaluate(row);
                return v == null ? null : inRange(Conversions.toBigInteger(v).negate(), false, text);
            });
            case DECIMAL -> Evaluator.of(t, row -> {
                Object v = in.evaluate(row);
                return v == null ? null : ((BigDecimal) v).negate();
            });
            default -> Evaluator.of(Type.DOUBLE, row -> {
                Object v = in.evaluate(row);
                return v == null ? null : -Conversions.toDouble(v);
            });
        };
    }

    private static Evaluator binary(Evaluator l, Evaluator r, Type type, BinaryOperator<Object> op) {
        return Evaluator.of(type, row -> {
            Object a = l.evaluate(row);
            if (a == null) {
                return null;
            }
            Object b = r.evaluate(row);
            return b == null ? null : op.apply(a, b);
        });
    }

    /** The operand types arithmetic accepts. */
    private static Type operand(Type t) {
        if (t.numeric() || t.kind() == Type.Kind.STRING || t.kind() == Type.Kind.NULL) {
            return t;
        }
        throw new NotEvaluable("arithmetic on a " + t.kind().name().toLowerCase(java.util.Locale.ROOT) + " value");
    }

    /** A BIGINT result as Long, a BIGINT UNSIGNED one as BigInteger, or MySQL's error 1690. */
    static Object inRange(BigInteger v, boolean unsigned, String text) {
        if (unsigned) {
            if (v.signum() < 0 || v.compareTo(Conversions.ULONG_MAX) > 0) {
                throw outOfRange("BIGINT UNSIGNED", text);
            }
            return v;
        }
        if (v.compareTo(Conversions.LONG_MIN) < 0 || v.compareTo(Conversions.LONG_MAX) > 0) {
            throw outOfRange("BIGINT", text);
        }
        return v.longValue();
    }

    static RowStreamException outOfRange(String type, String text) {
        return new RowStreamException(1690, "22003", type + " value is out of range in '" + text + "'", true);
    }
}
