package io.shardgate.proxy.execute.rows;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * FLOAT and DOUBLE values written as a MySQL/MariaDB server writes them in the text protocol, so a value
 * that passed through a merge reads exactly as it would from one server.
 *
 * <ul>
 *   <li>A column with fixed decimals (DOUBLE(10,2), FLOAT(7,3), AVG of such) shows exactly that many
 *       digits after the point, rounded from the binary value: {@code 1.10}.</li>
 *   <li>Otherwise (decimals 31, "not fixed") the shortest digits that read back as the same double, in
 *       plain notation unless the number is very large or very small: {@code 0.00000015}, {@code 1e15},
 *       {@code 1.2345678901234568e17}. The rule, measured on MariaDB 10.11 over 10^-25..10^25 (see the
 *       test): with the value written as 0.DDD x 10^decpt and len significant digits, plain notation is
 *       used when {@code decpt > -15 && (decpt <= 15 || len > decpt)}, else {@code D.DDDe<exp>}.</li>
 * </ul>
 * Zero is {@code 0} whatever its sign. Pure functions.
 */
public final class DoubleText {

    /** The decimals value of a column whose floating-point values have no fixed scale. */
    public static final int NOT_FIXED_DECIMALS = 31;

    /** MySQL's DBL_DIG-based bound for plain notation. */
    private static final int MAX_DECPT_FOR_PLAIN = 15;

    private DoubleText() {
    }

    public static String format(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value); // no MySQL column holds these
        }
        if (decimals < NOT_FIXED_DECIMALS) {
            return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        }
        if (value == 0) {
            return "0";
        }
        // Double.toString gives the shortest digits that round-trip (JDK 19+), as dtoa mode 0 does, except
        // that it never writes fewer than two: 4.9E-324 where one digit (5e-324) reads back the same.
        BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (shortest.precision() == 2) {
            BigDecimal oneDigit = shortest.round(new MathContext(1, RoundingMode.HALF_EVEN));
            if (oneDigit.doubleValue() == value) {
                shortest = oneDigit.stripTrailingZeros();
            }
        }
        String digits = shortest.unscaledValue().abs().toString();
        int len = digits.length();
        int decpt = len - shortest.scale();
        if (decpt > -MAX_DECPT_FOR_PLAIN && (decpt <= MAX_DECPT_FOR_PLAIN || len > decpt)) {
            return shortest.toPlainString();
        }
        StringBuilder out = new StringBuilder(len + 8);
        if (value < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (len > 1) {
            out.append('.').append(digits, 1, len);
        }
        return out.append('e').append(decpt - 1).toString();
    }
}
