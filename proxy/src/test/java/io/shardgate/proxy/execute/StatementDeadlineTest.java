package io.shardgate.proxy.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatementDeadlineTest {

    private final EventLoop loop = new EmbeddedChannel().eventLoop();
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void noTimeoutNeverExpires() {
        StatementDeadline none = StatementDeadline.after(Duration.ZERO, loop);
        assertThat(none).isSameAs(StatementDeadline.none());
        none.onExpiry(runs::incrementAndGet);
        none.expire();
        assertThat(none.expired()).isFalse();
        assertThat(runs).hasValue(0);
    }

    @Test
    void expiryRunsTheActionOnce() {
        StatementDeadline d = StatementDeadline.after(Duration.ofDays(1), loop);
        d.onExpiry(runs::incrementAndGet);
        d.expire();
        d.expire();
        assertThat(d.expired()).isTrue();
        assertThat(runs).hasValue(1);
    }

    @Test
    void everyRegisteredActionRunsInOrder() {
        StringBuilder order = new StringBuilder();
        StatementDeadline d = StatementDeadline.after(Duration.ofDays(1), loop);
        d.onExpiry(() -> order.append("interrupt backends;"));
        d.onExpiry(() -> order.append("stop the merge;"));
        d.expire();
        assertThat(order).hasToString("interrupt backends;stop the merge;");
    }

    @Test
    void anActionRegisteredAfterExpiryRunsAtOnce() {
        StatementDeadline d = StatementDeadline.after(Duration.ofDays(1), loop);
        d.expire();
        d.onExpiry(runs::incrementAndGet);
        assertThat(runs).hasValue(1);
    }

    @Test
    void afterTheStatementEndedNothingRuns() {
        StatementDeadline d = StatementDeadline.after(Duration.ofDays(1), loop);
        d.onExpiry(runs::incrementAndGet);
        d.end();
        d.expire();
        assertThat(d.expired()).isFalse();
        assertThat(runs).hasValue(0);
    }
}
