package io.shardgate.proxy.frontend;

import io.netty.channel.Channel;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The connections still logging in, at most {@code proxy.max-handshakes} of them. They are bounded apart from
 * {@code max-connections}, which counts logged-in clients only, so sockets that never log in cannot lock real
 * clients out.
 *
 * <p>When every slot is taken, a new connection takes the slot of the oldest one if that one has been logging in
 * for {@link #EVICTABLE_AFTER_NANOS} or longer: a real login takes milliseconds, so what is that old is a client
 * that stalls (slowloris) or waits out a failed-login delay. The evicted connection gets {@link #EVICTED} as a
 * user event and closes. Only when every slot holds a young login is the new connection refused; an attacker
 * then has to open connections faster than real clients log in, a flood rather than a slow drip.
 *
 * <p>Thread-safe: channels of every event loop share one instance. A slot frees itself when its channel closes.
 */
final class HandshakeSlots {

    /** Fired on a connection whose slot a newer one took. */
    static final Object EVICTED = new Object() {
        @Override
        public String toString() {
            return "handshake slot taken by a newer connection";
        }
    };

    static final long EVICTABLE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final IntSupplier max;
    private final LongSupplier clock;
    /** Channel -> when it started logging in; insertion order is age order. Guarded by {@code this}. */
    private final LinkedHashMap<Channel, Long> pending = new LinkedHashMap<>();

    /** @param max the current {@code proxy.max-handshakes} (read at each admission, so a reload applies) */
    HandshakeSlots(IntSupplier max, LongSupplier nanoClock) {
        this.max = max;
        this.clock = nanoClock;
    }

    /** Takes a slot for {@code channel}; false when every slot holds a young login (the caller refuses it). */
    boolean admit(Channel channel) {
        long now = clock.getAsLong();
        Channel evicted = null;
        synchronized (this) {
            if (pending.size() >= max.getAsInt()) {
                Iterator<Map.Entry<Channel, Long>> oldest = pending.entrySet().iterator();
                if (!oldest.hasNext() || now - oldest.next().getValue() < EVICTABLE_AFTER_NANOS) {
                    return false;
                }
                evicted = pending.firstEntry().getKey();
                oldest.remove();
            }
            pending.put(channel, now);
        }
        channel.closeFuture().addListener(f -> release(channel));
        if (evicted != null) {
            evicted.pipeline().fireUserEventTriggered(EVICTED);
        }
        return true;
    }

    /** The login ended (logged in, refused or closed): frees the slot. Idempotent. */
    synchronized void release(Channel channel) {
        pending.remove(channel);
    }

    synchronized int size() {
        return pending.size();
    }
}
