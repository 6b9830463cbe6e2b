package io.shardgate.proxy.frontend;

import io.netty.channel.Channel;
import io.shardgate.config.UserConfig;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlError;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Logged-in client connections, in all and per user, against {@code proxy.max-connections} (1040) and each
 * user's {@code max-connections} (1203). A connection counts from the moment its login succeeds until its
 * channel closes; COM_CHANGE_USER moves it from one user's count to another's.
 *
 * <p>Thread-safe. A count may overshoot a limit by a moment while an admission is being undone; it never
 * stays over it.
 */
final class ClientCounter {

    private final AtomicInteger total = new AtomicInteger();
    /** Users with at least one connection; changed only inside compute(), so counts never get lost. */
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    /** The user each admitted channel counts for. */
    private final Map<Channel, String> admitted = new ConcurrentHashMap<>();

    int total() {
        return total.get();
    }

    int of(String user) {
        return perUser.getOrDefault(user, 0);
    }

    /**
     * Counts {@code channel} for {@code user} until it closes; null when admitted, else the ERR to answer (and
     * nothing is counted).
     */
    ErrPacket admit(Channel channel, UserConfig user, int maxConnections) {
        if (total.incrementAndGet() > maxConnections) {
            total.decrementAndGet();
            return MysqlError.CON_COUNT_ERROR.toPacket();
        }
        ErrPacket refused = takeUserSlot(user);
        if (refused != null) {
            total.decrementAndGet();
            return refused;
        }
        admitted.put(channel, user.user());
        channel.closeFuture().addListener(f -> release(channel));
        return null;
    }

    /** COM_CHANGE_USER: counts the channel for {@code next} instead; null when done, else the ERR (nothing changed). */
    ErrPacket switchUser(Channel channel, UserConfig next) {
        String previous = admitted.get(channel);
        if (previous == null || previous.equals(next.user())) {
            return null;
        }
        ErrPacket refused = takeUserSlot(next);
        if (refused != null) {
            return refused;
        }
        admitted.put(channel, next.user());
        decrement(previous);
        return null;
    }

    private ErrPacket takeUserSlot(UserConfig user) {
        int limit = user.maxConnections();
        boolean[] full = {false};
        perUser.compute(user.user(), (u, n) -> {
            int now = n == null ? 0 : n;
            if (limit != UserConfig.NO_LIMIT && now >= limit) {
                full[0] = true;
                return n;
            }
            return now + 1;
        });
        return full[0] ? MysqlError.TOO_MANY_USER_CONNECTIONS.toPacket(user.user()) : null;
    }

    private void release(Channel channel) {
        String user = admitted.remove(channel);
        if (user != null) {
            decrement(user);
            total.decrementAndGet();
        }
    }

    private void decrement(String user) {
        perUser.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
    }
}
