package io.shardgate.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code SET max_execution_time = v} as MySQL reads the value. */
class MaxExecutionTimeTest {

    @Test
    void wholeMilliseconds() {
        assertThat(MaxExecutionTime.parse("300")).isEqualTo(300);
        assertThat(MaxExecutionTime.parse(" 0 ")).isZero();
        assertThat(MaxExecutionTime.parse("+7")).isEqualTo(7);
    }

    @Test
    void defaultFollowsTheConfig() {
        assertThat(MaxExecutionTime.parse("DEFAULT")).isEqualTo(-1);
        assertThat(MaxExecutionTime.parse("default")).isEqualTo(-1);
    }

    @Test
    void outOfRangeIsClampedAsMysqlDoes() {
        assertThat(MaxExecutionTime.parse("-5")).isZero();
        assertThat(MaxExecutionTime.parse("99999999999999999999")).isEqualTo(4_294_967_295L);
    }

    @Test
    void anythingElseIsRefused() {
        assertThat(MaxExecutionTime.parse("'300'")).isEqualTo(-2);
        assertThat(MaxExecutionTime.parse("1.5")).isEqualTo(-2);
        assertThat(MaxExecutionTime.parse("ON")).isEqualTo(-2);
    }
}
