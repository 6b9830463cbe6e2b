package io.shardgate.router.eval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Set;

/**
 * The functions the proxy evaluates exactly: IF, IFNULL, COALESCE, NULLIF (see {@link Conditionals}), ABS,
 * SIGN, ROUND, TRUNCATE, FLOOR and CEIL(ING), and the string functions of {@link StringFunctions}. Others are
 * not evaluable.
 *
 * <p>ROUND of an exact number rounds half away from zero, of a DOUBLE half to even as the C library's
 * {@code rint} does, computed as MariaDB computes it ({@code rint(x * 10^d) / 10^d}). A DECIMAL keeps the
 * digits its argument had (so {@code ROUND(AVG(x), 2)} rounds AVG's full value, not its shown one).
 */
public final class Functions {

    /** Names {@link ExpressionCompiler} compiles as calls. */
    public static final Set<String> NAMES = names();

    private Functions() {
    }

    private static Set<String> names() {
        Set<String> names = new java.util.HashSet<>(Set.of("IF", "IFNULL", "COALESCE", "NULLIF", "ABS", "SIGN",
                "ROUND", "TRUNCATE", "FLOOR", "CEIL", "CEILING"));
        names.addAll(StringFunctions.NAMES);
        return Set.copyOf(names);
    }

    static Evaluator open(String name, List<Evaluator> args) {
        return switch (name) {
            case "IF" -> {
                arity(name, args, 3);
                yield Conditionals.caseOf(List.of(args.get(0)), List.of(args.get(1)), args.get(2));
            }
            case "IFNULL" -> {
                arity(name, args, 2);
                yield Conditionals.coalesce(args);
            }
            case "COALESCE" -> Conditionals.coalesce(args);
            case "NULLIF" -> {
                arity(name, args, 2);
                yield Conditionals.nullIf(args.get(0), args.get(1));
            }
            case "ABS" -> {
                arity(name, args, 1);
                yield abs(args.getFirst());
            }
            case "SIGN" -> {
                arity(name, args, 1);
                Evaluator a = numeric(args.getFirst());
                yield Evaluator.of(Type.INT, row -> {
                    Object v = a.evaluate(row);
                    return v == null ? null : (long) (v instanceof Double d ? Math.signum(d)
                            : Conversions.toDecimal(v).signum());
                });
            }
            case "ROUND", "TRUNCATE" -> {
                if (args.size() != 2 && !(name.equals("ROUND") && args.size() == 1)) {
                    throw new NotEvaluable(name + " with " + args.size() + " arguments");
                }
                yield round(numeric(args.getFirst()), args.size() == 2 ? args.get(1) : null,
                        name.equals("TRUNCATE"));
            }
            case "FLOOR", "CEIL", "CEILING" -> {
                arity(name, args, 1);
                yield floorCeil(numeric(args.getFirst()), name.equals("FLOOR"));
            }
            default -> StringFunctions.open(name, args);
        };
    }

    private static Evaluator abs(Evaluator arg) {
        Evaluator a = numeric(arg);
        Type t = a.type();
        return Evaluator.of(t, row -> {
            Object v = a.evaluate(row);
            return switch (v) {
                case null -> null;
                case Long l -> Arithmetic.inRange(BigInteger.valueOf(l).abs(), false, "abs(" + l + ")");
                case BigInteger b -> b;
                case BigDecimal d -> d.abs();
                default -> Math.abs(Conversions.toDouble(v));
            };
        });
    }

    private static Evaluator round(Evaluator a, Evaluator digitsArg, boolean truncate) {
        Long digits = 0L;
        if (digitsArg != null) {
            // the digits must be known before the first row: MySQL fixes the result's scale from them
            if (!digitsArg.type().integer()) {
                throw new NotEvaluable("ROUND/TRUNCATE to a number of digits that is not an integer literal");
            }
            Object d = digitsArg.evaluate(null);
            digits = d == null ? null : Conversions.toBigInteger(d).max(BigInteger.valueOf(-100))
                    .min(BigInteger.valueOf(100)).longValue();
        }
        if (digits == null) {
            return Evaluator.of(a.type(), row -> null);
        }
        int d = (int) (long) digits;
        RoundingMode mode = truncate ? RoundingMode.DOWN : RoundingMode.HALF_UP;
        Type t = a.type();
        return switch (t.kind()) {
            case DECIMAL -> Evaluator.of(Type.decimal(Math.max(0, Math.min(d, Type.MAX_SCALE))), row -> {
                Object v = a.evaluate(row);
                if (v == null) {
                    return null;
                }
                BigDecimal r = ((BigDecimal) v).setScale(d, mode);
                return d < 0 ? r.setScale(0) : r;
            });
            case INT, UINT -> Evaluator.of(t, row -> {
                Object v = a.evaluate(row);
                if (v == null || d >= 0) {
                    return v;
                }
                BigInteger r = Conversions.toDecimal(v).setScale(d, mode).setScale(0).toBigIntegerExact();
                return Arithmetic.inRange(r, t.kind() == Type.Kind.UINT, "round(" + v + "," + d + ")");
            });
            case NULL -> a;
            default -> Evaluator.of(Type.DOUBLE, row -> {
                Object v = a.evaluate(row);
                return v == null ? null : doubleRound(Conversions.toDouble(v), d, truncate);
            });
        };
    }

    /** MariaDB's {@code my_double_round}. */
    static double doubleRound(double value, int dec, boolean truncate) {
        double tmp = Math.pow(10.0, Math.abs(dec));
        double divided = value / tmp;
        double multiplied = value * tmp;
        if (dec < 0 && Double.isInfinite(tmp)) {
            return 0.0;
        }
        if (dec >= 0 && Double.isInfinite(multiplied)) {
            return value;
        }
        if (truncate) {
            if (value >= 0.0) {
                return dec < 0 ? Math.floor(divided) * tmp : Math.floor(multiplied) / tmp;
            }
            return dec < 0 ? Math.ceil(divided) * tmp : Math.ceil(multiplied) / tmp;
        }
        return dec < 0 ? Math.rint(divided) * tmp : Math.rint(multiplied) / tmp;
    }

    private static Evaluator floorCeil(Evaluator a, boolean floor) {
        Type t = a.type();
        return switch (t.kind()) {
            case INT, UINT, NULL -> a;
            case DECIMAL -> Evaluator.of(Type.decimal(0), row -> {
                Object v = a.evaluate(row);
                return v == null ? null : ((BigDecimal) v).setScale(0, floor ? RoundingMode.FLOOR : RoundingMode.CEILING);
            });
            default -> Evaluator.of(Type.DOUBLE, row -> {
                Object v = a.evaluate(row);
                return v == null ? null : floor ? Math.floor(Conversions.toDouble(v)) : Math.ceil(Conversions.toDouble(v));
            });
        };
    }

    /** A numeric argument; a string one is read as DOUBLE, as MySQL does. */
    private static Evaluator numeric(Evaluator a) {
        Type t = a.type();
        if (t.numeric() || t.kind() == Type.Kind.NULL) {
            return a;
        }
        if (t.kind() == Type.Kind.STRING) {
            return Evaluator.of(Type.DOUBLE, row -> {
                Object v = a.evaluate(row);
                return v == null ? null : Conversions.toDouble(v);
            });
        }
        throw new NotEvaluable("a numeric function of a " + t.kind().name().toLowerCase(java.util.Locale.ROOT) + " value");
    }

    private static void arity(String name, List<Evaluator> args, int n) {
        if (args.size() != n) {
            throw new NotEvaluable(name + " with " + args.size() + " arguments");
        }
    }
}
