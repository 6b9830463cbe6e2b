package io.shardgate.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandshakeSlotsTest {

    private long now;
    private final HandshakeSlots slots = new HandshakeSlots(() -> 2, () -> now);
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final List<Object> events = new ArrayList<>();

    @AfterEach
    void close() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
        channels.add(ch);
        return ch;
    }

    @Test
    void admitsUpToTheLimitThenRefusesYoungLogins() {
        assertThat(slots.admit(channel())).isTrue();
        assertThat(slots.admit(channel())).isTrue();
        now += TimeUnit.SECONDS.toNanos(1);
        assertThat(slots.admit(channel())).isFalse();
        assertThat(slots.size()).isEqualTo(2);
        assertThat(events).isEmpty();
    }

    @Test
    void aNewConnectionTakesTheSlotOfTheOldestStaleOne() {
        EmbeddedChannel stalled = channel();
        slots.admit(stalled);
        now += TimeUnit.SECONDS.toNanos(1);
        slots.admit(channel());
        now += HandshakeSlots.EVICTABLE_AFTER_NANOS - TimeUnit.SECONDS.toNanos(1);
        assertThat(slots.admit(channel())).isTrue();
        assertThat(events).containsExactly(HandshakeSlots.EVICTED);
        assertThat(slots.size()).isEqualTo(2);
    }

    @Test
    void closingOrLoggingInFreesTheSlot() {
        EmbeddedChannel a = channel();
        EmbeddedChannel b = channel();
        slots.admit(a);
        slots.admit(b);
        a.close();
        slots.release(b);
        slots.release(b);
        assertThat(slots.size()).isZero();
        assertThat(slots.admit(channel())).isTrue();
    }
}
