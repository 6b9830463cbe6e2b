package io.shardgate.router.strategy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;

/**
 * How strategies read a shard-key value, so that values MySQL considers equal land on one shard.
 *
 * <ul>
 *   <li><b>Numbers.</b> MySQL compares {@code '42' = 42} numerically, so a string that is a number (after
 *       trimming spaces: {@code ' 42'}, {@code '+42'}, {@code '042'}, {@code '42.0'}, {@code '4.2e1'})
 *       reads as that number. Strings such as {@code '42abc'} stay strings: MySQL would read them as 42
 *       against an INT column, but nobody should route on that.</li>
 *   <li><b>Strings.</b> MySQL's default collations ignore case and trailing spaces ({@code PAD SPACE}), so the
 *       canonical form is lower-cased with {@link Locale#ROOT} and right-trimmed. Accent folding
 *       ({@code 'é' = 'e'} under {@code *_general_ci}) is not modelled: such pairs may land on different
 *       shards.</li>
 *   <li><b>Temporal values</b> use their SQL text: {@code 2024-01-15}, {@code 2024-01-15 10:00:00}.</li>
 * </ul>
 */
public final class KeyValues {

    /** Beyond this magnitude a numeric string is kept as text rather than expanded to an integer. */
    private static final int MAX_INTEGER_DIGITS = 200;

    private KeyValues() {
    }

    /** The integer {@code value} stands for, or null when it is not an integral number. */
    public static BigInteger integerOf(Object value) {
        if (value instanceof Long l) {
            return BigInteger.valueOf(l);
        }
        if (value instanceof BigInteger b) {
            return b;
        }
        return integral(decimalOf(value));
    }

    /** The number {@code value} stands for (any number, or a string that is a number), or null. */
    public static BigDecimal decimalOf(Object value) {
        return switch (value) {
            case Long l -> BigDecimal.valueOf(l);
            case Integer i -> BigDecimal.valueOf(i);
            case Short s -> BigDecimal.valueOf(s);
            case Byte b -> BigDecimal.valueOf(b);
            case BigInteger b -> new BigDecimal(b);
            case BigDecimal d -> d;
            case Double d -> Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
            case Float f -> Float.isFinite(f) ? BigDecimal.valueOf(f) : null;
            case Boolean b -> b ? BigDecimal.ONE : BigDecimal.ZERO;
            case String s -> numberOf(s);
            case null, default -> null;
        };
    }

    /**
     * The canonical text of a value: the same for every value MySQL compares as equal (see class comment).
     * Integers print as plain decimal ({@code 42}), other numbers without trailing zeros ({@code 4.5}).
     */
    public static String canonical(Object value) {
        if (value instanceof Long l) {
            return Long.toString(l);
        }
        BigDecimal number = decimalOf(value);
        if (number != null) {
            BigInteger integer = integral(number);
            return integer != null ? integer.toString() : number.stripTrailingZeros().toPlainString();
        }
        return switch (value) {
            case String s -> rightTrim(s).toLowerCase(Locale.ROOT);
            case LocalDate d -> d.toString();
            case LocalDateTime t -> sqlText(t);
            case null -> "";
            default -> rightTrim(value.toString()).toLowerCase(Locale.ROOT);
        };
    }

    /** The value as SQL would show it, for error messages: {@code 'abc'}, {@code 42}, {@code '2024-01-15'}. */
    public static String display(Object value) {
        return switch (value) {
            case null -> "NULL";
            case String s -> "'" + s + "'";
            case LocalDate d -> "'" + d + "'";
            case LocalDateTime t -> "'" + sqlText(t) + "'";
            case Number n -> n instanceof BigDecimal d ? d.toPlainString() : n.toString();
            default -> "'" + value + "'";
        };
    }

    /** {@code 2024-01-15 10:00:00}, with microseconds only when present. */
    static String sqlText(LocalDateTime t) {
        StringBuilder b = new StringBuilder(26).append(t.toLocalDate()).append(' ');
        twoDigits(b, t.getHour()).append(':');
        twoDigits(b, t.getMinute()).append(':');
        twoDigits(b, t.getSecond());
        if (t.getNano() != 0) {
            String micros = Integer.toString(1_000_000 + t.getNano() / 1000);
            b.append('.').append(micros, 1, 7);
        }
        return b.toString();
    }

    private static StringBuilder twoDigits(StringBuilder b, int n) {
        return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    private static BigInteger integral(BigDecimal d) {
        if (d == null) {
            return null;
        }
        if (d.signum() == 0) {
            return BigInteger.ZERO;
        }
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.scale() > 0 || stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) {
            return null;
        }
        return stripped.toBigIntegerExact();
    }

    /**
     * Reads {@code [spaces][+|-]digits[.digits][e[+|-]digits][spaces]} without exceptions on the common
     * non-numeric path; null when {@code s} is not a number.
     */
    static BigDecimal numberOf(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && Character.isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        int i = start;
        if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < end && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < end && s.charAt(i) == '.') {
            i++;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return null;
        }
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0 || expDigits > 3) {
                return null;
            }
        }
        if (i != end) {
            return null;
        }
        String text = s.substring(start, end);
        return new BigDecimal(text.charAt(0) == '+' ? text.substring(1) : text);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String rightTrim(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
    }
}
