package io.shardgate.router.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * CASE, IF, IFNULL, COALESCE and NULLIF. The result type is MySQL's aggregate of the branches' types:
 * integers stay BIGINT (signed and unsigned together become DECIMAL), exact numbers become DECIMAL with the
 * largest scale, any DOUBLE makes DOUBLE, strings stay strings, one temporal kind stays itself. Branches of
 * other mixes (a number with a string) are not evaluable: MySQL would turn the numbers into strings, and
 * their text is not always known exactly here.
 */
final class Conditionals {

    private Conditionals() {
    }

    /** The first result whose condition is true, else {@code otherwise} (null: NULL). */
    static Evaluator caseOf(List<Evaluator> conditions, List<Evaluator> results, Evaluator otherwise) {
        List<Evaluator> all = new ArrayList<>(results);
        if (otherwise != null) {
            all.add(otherwise);
        }
        Type type = unify(all);
        return Evaluator.of(type, row -> {
            for (int i = 0; i < conditions.size(); i++) {
                if (Boolean.TRUE.equals(Conversions.truth(conditions.get(i).evaluate(row)))) {
                    return convert(results.get(i).evaluate(row), type);
                }
            }
            return otherwise == null ? null : convert(otherwise.evaluate(row), type);
        });
    }

    /** The first non-NULL argument. */
    static Evaluator coalesce(List<Evaluator> args) {
        Type type = unify(args);
        return Evaluator.of(type, row -> {
            for (Evaluator a : args) {
                Object v = a.evaluate(row);
                if (v != null) {
                    return convert(v, type);
                }
            }
            return null;
        });
    }

    /** NULL when {@code a = b}, else {@code a}. */
    static Evaluator nullIf(Evaluator a, Evaluator b) {
        Evaluator equal = Comparison.open("=", a, b);
        return Evaluator.of(a.type(), row -> {
            Object v = a.evaluate(row);
            return Long.valueOf(1).equals(equal.evaluate(row)) ? null : v;
        });
    }

    static Type unify(List<Evaluator> branches) {
        Type out = Type.NULL;
        for (Evaluator e : branches) {
            out = unify(out, e.type());
        }
        return out;
    }

    private static Type unify(Type a, Type b) {
        if (a.kind() == Type.Kind.NULL) {
            return b;
        }
        if (b.kind() == Type.Kind.NULL) {
            return a;
        }
        if (a.integer() && b.integer()) {
            return a.kind() == b.kind() ? a : Type.decimal(0);
        }
        if (a.numeric() && b.numeric()) {
            return a.kind() == Type.Kind.DOUBLE || b.kind() == Type.Kind.DOUBLE ? Type.DOUBLE
                    : Type.decimal(Math.max(a.scale(), b.scale()));
        }
        if (a.kind() == Type.Kind.STRING && b.kind() == Type.Kind.STRING) {
            if (a.column() != null && b.column() != null && a.column().collationId() != b.column().collationId()) {
                throw new NotEvaluable("branches of different collations");
            }
            return a.column() != null ? a : b;
        }
        if (a.kind() == b.kind() && a.temporal()) {
            return a;
        }
        throw new NotEvaluable("branches mixing " + a + " and " + b);
    }

    /** A branch's value in the aggregate type. */
    static Object convert(Object v, Type type) {
        if (v == null) {
            return null;
        }
        return switch (type.kind()) {
            case DECIMAL -> Conversions.toDecimal(v);
            case DOUBLE -> Conversions.toDouble(v);
            default -> v;
        };
    }
}
