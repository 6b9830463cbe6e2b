package io.shardgate.proxy.execute;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code SET max_execution_time = v} as MySQL reads the value. */
class MaxExecutionTimeValueTest {

    @Test
    void wholeMilliseconds() {
        assertThat(LocalCommands.maxExecutionTime("300")).isEqualTo(300);
        assertThat(LocalCommands.maxExecutionTime(" 0 ")).isZero();
        assertThat(LocalCommands.maxExecutionTime("+7")).isEqualTo(7);
    }

    @Test
    void defaultFollowsTheConfig() {
        assertThat(LocalCommands.maxExecutionTime("DEFAULT")).isEqualTo(-1);
        assertThat(LocalCommands.maxExecutionTime("default")).isEqualTo(-1);
    }

    @Test
    void outOfRangeIsClampedAsMysqlDoes() {
        assertThat(LocalCommands.maxExecutionTime("-5")).isZero();
        assertThat(LocalCommands.maxExecutionTime("99999999999999999999")).isEqualTo(4_294_967_295L);
    }

    @Test
    void anythingElseIsRefused() {
        assertThat(LocalCommands.maxExecutionTime("'300'")).isEqualTo(-2);
        assertThat(LocalCommands.maxExecutionTime("1.5")).isEqualTo(-2);
        assertThat(LocalCommands.maxExecutionTime("ON")).isEqualTo(-2);
    }
}
