package io.shardgate.router.eval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** MySQL's conversions between value kinds (see {@link Type} for each kind's Java class). */
final class Conversions {

    static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    static final BigInteger ULONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Conversions() {
    }

    static double toDouble(Object v) {
        return switch (v) {
            case Double d -> d;
            case Long l -> l;
            case BigInteger b -> b.doubleValue();
            case BigDecimal d -> d.doubleValue();
            case String s -> leadingDouble(s);
            default -> throw new NotEvaluable("a number from this value");
        };
    }

    /** An exact number (INT, UINT, DECIMAL) as a decimal. */
    static BigDecimal toDecimal(Object v) {
        return switch (v) {
            case BigDecimal d -> d;
            case Long l -> BigDecimal.valueOf(l);
            case BigInteger b -> new BigDecimal(b);
            default -> throw new NotEvaluable("an exact number from this value");
        };
    }

    static BigInteger toBigInteger(Object v) {
        return v instanceof Long l ? BigInteger.valueOf(l) : (BigInteger) v;
    }

    /**
     * A decimal as MySQL shows it and compares it: rounded half away from zero to the type's scale (an
     * expression's value may hold more digits, see {@link Arithmetic}).
     */
    static BigDecimal shown(BigDecimal d, int scale) {
        return d.scale() == scale ? d : d.setScale(scale, RoundingMode.HALF_UP);
    }

    /**
     * MySQL reads a string in numeric context as its longest leading number ({@code '12abc'} is 12,
     * {@code 'abc'} is 0), after leading spaces.
     */
    static double leadingDouble(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return 0;
        }
        int mantissaEnd = i;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            int expStart = j;
            while (j < n && Character.isDigit(s.charAt(j))) {
                j++;
            }
            if (j > expStart) {
                mantissaEnd = j;
            }
        }
        String number = s.substring(start, mantissaEnd);
        return Double.parseDouble(number.endsWith(".") ? number + "0" : number);
    }

    /** SQL truth of a value: null unknown, a number true when non-zero, a string as its number. */
    static Boolean truth(Object v) {
        return switch (v) {
            case null -> null;
            case Long l -> l != 0;
            case BigInteger b -> b.signum() != 0;
            case BigDecimal d -> d.signum() != 0;
            case Double d -> d != 0;
            case String s -> leadingDouble(s) != 0;
            default -> throw new NotEvaluable("the truth of this value");
        };
    }
}
