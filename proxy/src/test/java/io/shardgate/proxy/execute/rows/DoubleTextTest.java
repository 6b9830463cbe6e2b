package io.shardgate.proxy.execute.rows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoubleTextTest {

    /** literal|what MariaDB 10.11 answers to SELECT literal (a DOUBLE, decimals 31), captured on this machine. */
    private static final String MARIADB_GOLDEN = """
            1e-25|1e-25
            1.2345678901234567e-25|1.2345678901234566e-25
            -1.5e-25|-1.5e-25
            1e-17|1e-17
            1.2345678901234567e-17|1.2345678901234567e-17
            -1.5e-17|-1.5e-17
            1e-16|1e-16
            1.2345678901234567e-16|1.2345678901234568e-16
            -1.5e-16|-1.5e-16
            1e-15|0.000000000000001
            1.2345678901234567e-15|0.0000000000000012345678901234568
            -1.5e-15|-0.0000000000000015
            1e-14|0.00000000000001
            1.2345678901234567e-14|0.000000000000012345678901234567
            -1.5e-14|-0.000000000000015
            1e-7|0.0000001
            1.2345678901234567e-7|0.00000012345678901234566
            -1.5e-7|-0.00000015
            1e-5|0.00001
            1.2345678901234567e-5|0.000012345678901234568
            -1.5e-5|-0.000015
            1e-4|0.0001
            1.2345678901234567e-4|0.00012345678901234567
            -1.5e-4|-0.00015
            1e-1|0.1
            1.2345678901234567e-1|0.12345678901234566
            -1.5e-1|-0.15
            1e0|1
            1.2345678901234567e0|1.2345678901234567
            -1.5e0|-1.5
            1e1|10
            1.2345678901234567e1|12.345678901234567
            -1.5e1|-15
            1e5|100000
            1.2345678901234567e5|123456.78901234567
            -1.5e5|-150000
            1e13|10000000000000
            1.2345678901234567e13|12345678901234.566
            -1.5e13|-15000000000000
            1e14|100000000000000
            1.2345678901234567e14|123456789012345.67
            -1.5e14|-150000000000000
            1e15|1e15
            1.2345678901234567e15|1234567890123456.8
            -1.5e15|-1.5e15
            1e16|1e16
            1.2345678901234567e16|1.2345678901234568e16
            -1.5e16|-1.5e16
            1e17|1e17
            1.2345678901234567e17|1.2345678901234566e17
            -1.5e17|-1.5e17
            1e25|1e25
            1.2345678901234567e25|1.2345678901234566e25
            -1.5e25|-1.5e25
            1e100|1e100
            1.2345678901234567e100|1.2345678901234567e100
            -1.5e100|-1.5e100
            1e300|1e300
            1.2345678901234567e300|1.2345678901234567e300
            -1.5e300|-1.5e300
            1e-300|1e-300
            1.2345678901234567e-300|1.2345678901234568e-300
            -1.5e-300|-1.5e-300
            1.23e15|1.23e15
            1.2345e15|1.2345e15
            1.234567890123456e15|1.234567890123456e15
            9.999999999999998e15|9.999999999999998e15
            1.23e-15|0.00000000000000123
            1.2345678901234e-16|1.2345678901234e-16
            123e-17|0.00000000000000123
            2.5e0|2.5
            -7.25e0|-7.25
            1.7976931348623157e308|1.7976931348623157e308
            4.9e-324|5e-324
            2.2250738585072014e-308|2.2250738585072014e-308
            100e0|100
            123456789e0|123456789
            0.5e0|0.5
            """;

    @Test
    void notFixedDoublesAreWrittenAsMariaDbWritesThem() {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (String line : MARIADB_GOLDEN.strip().split("\\R")) {
            String[] parts = line.strip().split("\\|");
            String actual = DoubleText.format(Double.parseDouble(parts[0]), DoubleText.NOT_FIXED_DECIMALS);
            if (!actual.equals(parts[1])) {
                mismatches.add(parts[0] + ": expected " + parts[1] + ", got " + actual);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(78);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void sumOfTenthsKeepsAllSeventeenDigits() {
        assertThat(DoubleText.format(0.1 + 0.2, 31)).isEqualTo("0.30000000000000004");
    }

    @Test
    void zeroIsZeroWhateverItsSign() {
        assertThat(DoubleText.format(0.0, 31)).isEqualTo("0");
        assertThat(DoubleText.format(-0.0, 31)).isEqualTo("0");
    }

    @Test
    void fixedDecimalsPadAndRoundTheBinaryValue() {
        assertThat(DoubleText.format(1.1, 2)).isEqualTo("1.10");
        assertThat(DoubleText.format(12345678.91, 2)).isEqualTo("12345678.91");
        assertThat(DoubleText.format(2.0, 3)).isEqualTo("2.000");
        assertThat(DoubleText.format(-0.5, 1)).isEqualTo("-0.5");
        assertThat(DoubleText.format(7.0, 0)).isEqualTo("7");
        // 0.125 is exact in binary: the tie goes to the even digit, as the server's dtoa does
        assertThat(DoubleText.format(0.125, 2)).isEqualTo("0.12");
        // 1.005 is 1.00499999999999989... in binary
        assertThat(DoubleText.format(1.005, 2)).isEqualTo("1.00");
    }
}
