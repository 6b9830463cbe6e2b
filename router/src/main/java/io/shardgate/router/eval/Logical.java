package io.shardgate.router.eval;

/**
 * AND, OR, XOR, NOT and IS [NOT] NULL / TRUE / FALSE in SQL's three-valued logic: an operand is true when
 * non-zero, unknown when NULL; the result is 1, 0 or NULL ({@code IS} never NULL). AND and OR stop at the
 * first operand that decides them, as MySQL does.
 */
final class Logical {

    private Logical() {
    }

    static Evaluator open(String op, Evaluator l, Evaluator r) {
        check(l.type());
        if (r != null) {
            check(r.type());
        }
        return Evaluator.of(Type.INT, switch (op) {
            case "AND" -> row -> {
                Boolean a = Conversions.truth(l.evaluate(row));
                if (Boolean.FALSE.equals(a)) {
                    return 0L;
                }
                Boolean b = Conversions.truth(r.evaluate(row));
                return Boolean.FALSE.equals(b) ? Long.valueOf(0) : a == null || b == null ? null : Long.valueOf(1);
            };
            case "OR" -> row -> {
                Boolean a = Conversions.truth(l.evaluate(row));
                if (Boolean.TRUE.equals(a)) {
                    return 1L;
                }
                Boolean b = Conversions.truth(r.evaluate(row));
                return Boolean.TRUE.equals(b) ? Long.valueOf(1) : a == null || b == null ? null : Long.valueOf(0);
            };
            case "XOR" -> row -> {
                Boolean a = Conversions.truth(l.evaluate(row));
                Boolean b = Conversions.truth(r.evaluate(row));
                return a == null || b == null ? null : a != b ? Long.valueOf(1) : Long.valueOf(0);
            };
            case "NOT" -> row -> {
                Boolean a = Conversions.truth(l.evaluate(row));
                return a == null ? null : a ? Long.valueOf(0) : Long.valueOf(1);
            };
            case "IS NULL", "IS NOT NULL" -> {
                boolean want = op.equals("IS NULL");
                yield row -> (l.evaluate(row) == null) == want ? 1L : 0L;
            }
            case "IS TRUE", "IS NOT TRUE", "IS FALSE", "IS NOT FALSE" -> {
                Boolean want = op.endsWith("TRUE");
                boolean not = op.contains("NOT");
                yield row -> want.equals(Conversions.truth(l.evaluate(row))) != not ? 1L : 0L;
            }
            default -> throw new IllegalStateException(op);
        });
    }

    private static void check(Type t) {
        if (!t.numeric() && t.kind() != Type.Kind.STRING && t.kind() != Type.Kind.NULL) {
            throw new NotEvaluable("the truth of a " + t.kind().name().toLowerCase(java.util.Locale.ROOT) + " value");
        }
    }
}
