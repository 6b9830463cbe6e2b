package io.shardgate.router.eval;

import io.shardgate.router.merge.ValueOrder;

/**
 * {@code LIKE} under the value's collation: {@code %} any run, {@code _} one character, the escape
 * character (backslash by default) takes the next one literally; every other character matches the
 * characters its collation finds equal (so {@code 'A'} matches {@code 'a'} under a {@code _ci} collation).
 * LIKE compares character by character, without PAD SPACE. Only collations the merge implements exactly,
 * one weight per character, are evaluable; the result is 1, 0 or NULL.
 */
final class LikeMatch {

    private LikeMatch() {
    }

    static Evaluator open(Evaluator value, Evaluator pattern, Evaluator escape) {
        if (value.type().kind() == Type.Kind.NULL || pattern.type().kind() == Type.Kind.NULL) {
            return Evaluator.of(Type.INT, row -> null);
        }
        if (value.type().kind() != Type.Kind.STRING || pattern.type().kind() != Type.Kind.STRING) {
            throw new NotEvaluable("LIKE over a value that is not a string");
        }
        ValueOrder order = Comparison.textOrder(value.type().column(), pattern.type().column());
        return Evaluator.of(Type.INT, row -> {
            Object v = value.evaluate(row);
            Object p = pattern.evaluate(row);
            if (v == null || p == null) {
                return null;
            }
            int esc = '\\';
            if (escape != null) {
                Object e = escape.evaluate(row);
                esc = e == null || e.toString().isEmpty() ? '\\' : e.toString().codePointAt(0);
            }
            return matches(((String) p).codePoints().toArray(), 0, ((String) v).codePoints().toArray(), 0, esc, order)
                    ? 1L : 0L;
        });
    }

    static boolean matches(int[] p, int pi, int[] t, int ti, int esc, ValueOrder order) {
        while (pi < p.length) {
            int c = p[pi];
            if (c == '%') {
                while (pi < p.length && p[pi] == '%') {
                    pi++;
                }
                if (pi == p.length) {
                    return true;
                }
                for (int k = ti; k <= t.length; k++) {
                    if (matches(p, pi, t, k, esc, order)) {
                        return true;
                    }
                }
                return false;
            }
            if (ti >= t.length) {
                return false;
            }
            if (c == esc && pi + 1 < p.length) {
                pi++;
                if (!same(p[pi], t[ti], order)) {
                    return false;
                }
            } else if (c != '_' && !same(c, t[ti], order)) {
                return false;
            }
            pi++;
            ti++;
        }
        return ti == t.length;
    }

    private static boolean same(int a, int b, ValueOrder order) {
        return a == b || order.compare(Character.toString(a), Character.toString(b)) == 0;
    }
}
