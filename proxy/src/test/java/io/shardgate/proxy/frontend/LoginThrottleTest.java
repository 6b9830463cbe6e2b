package io.shardgate.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.AuthSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private long now = 1_000_000_000L;
    private final AuthSettings settings = new AuthSettings(3, Duration.ofSeconds(60), Duration.ofSeconds(8));
    private final LoginThrottle throttle = new LoginThrottle(() -> settings, () -> now);

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(throttle.answerDelay(address)).isZero();
            throttle.failed(address);
        }
    }

    @Test
    void theFirstFailuresAreAnsweredAtOnce() {
        fail("10.0.0.1", 3);
        assertThat(throttle.failures("10.0.0.1")).isEqualTo(3);
    }

    @Test
    void pastTheLimitAnswersWaitLongerAndLongerUpToTheCap() {
        fail("10.0.0.1", 3);
        long[] expected = {1, 2, 4, 8, 8};
        for (long e : expected) {
            long delay = throttle.answerDelay("10.0.0.1");
            assertThat(seconds(delay)).isEqualTo(e);
            now += delay; // the client waited for its answer, then tried again
            throttle.failed("10.0.0.1");
        }
    }

    @Test
    void otherAddressesAreNotSlowed() {
        fail("10.0.0.1", 3);
        throttle.failed("10.0.0.1");
        assertThat(throttle.answerDelay("10.0.0.1")).isPositive();
        assertThat(throttle.answerDelay("10.0.0.2")).isZero();
        assertThat(throttle.blockedSeconds("10.0.0.2")).isZero();
    }

    @Test
    void parallelAttemptsQueueBehindEachOther() {
        fail("10.0.0.1", 3);
        // three connections decided at the same instant: answers one delay apart, not together
        assertThat(seconds(throttle.answerDelay("10.0.0.1"))).isEqualTo(1);
        assertThat(seconds(throttle.answerDelay("10.0.0.1"))).isEqualTo(2);
        assertThat(seconds(throttle.answerDelay("10.0.0.1"))).isEqualTo(3);
    }

    @Test
    void anAddressWhoseQueueReachesTheCapIsBlockedForTheRest() {
        fail("10.0.0.1", 3);
        for (int i = 0; i < 8; i++) {
            throttle.answerDelay("10.0.0.1"); // 8 queued answers, 1 s apart
        }
        assertThat(throttle.blockedSeconds("10.0.0.1")).isZero(); // exactly max-delay ahead: not beyond
        throttle.answerDelay("10.0.0.1");
        assertThat(throttle.blockedSeconds("10.0.0.1")).isEqualTo(1);
        now += TimeUnit.SECONDS.toNanos(2);
        assertThat(throttle.blockedSeconds("10.0.0.1")).isZero();
    }

    @Test
    void failuresAreForgottenAfterAQuietWindow() {
        fail("10.0.0.1", 3);
        assertThat(throttle.answerDelay("10.0.0.1")).isPositive();
        now += TimeUnit.SECONDS.toNanos(61);
        assertThat(throttle.failures("10.0.0.1")).isZero();
        assertThat(throttle.answerDelay("10.0.0.1")).isZero();
    }

    @Test
    void aSuccessDoesNotClearFailures() {
        fail("10.0.0.1", 3);
        long delay = throttle.answerDelay("10.0.0.1"); // this login succeeded: no failed() call
        now += delay;
        assertThat(throttle.failures("10.0.0.1")).isEqualTo(3);
        assertThat(throttle.answerDelay("10.0.0.1")).isPositive();
    }

    @Test
    void delayDoublesWithoutOverflow() {
        long cap = TimeUnit.SECONDS.toNanos(30);
        assertThat(LoginThrottle.delay(0, cap)).isEqualTo(TimeUnit.SECONDS.toNanos(1));
        assertThat(LoginThrottle.delay(3, cap)).isEqualTo(TimeUnit.SECONDS.toNanos(8));
        assertThat(LoginThrottle.delay(1000, cap)).isEqualTo(cap);
    }
}
