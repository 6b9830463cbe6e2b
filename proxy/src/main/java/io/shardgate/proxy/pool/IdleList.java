package io.shardgate.proxy.pool;

import io.netty.channel.EventLoop;
import io.shardgate.proxy.backend.BackendConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The idle connections of a {@link ConnectionPool}, most recently used first, each with the time it became idle:
 * the end that has been idle longest is where idle-timeout retires connections and validation pings them.
 *
 * <p>Not thread-safe: the pool calls it under its own monitor. Connections found unusable while looking for one
 * are dropped from the list and counted ({@link #takeDropped}), for the pool to close its books on them.
 */
final class IdleList {

    /** An idle connection, since {@code since} ({@link System#nanoTime}). */
    record Idle(BackendConnection connection, long since) {
    }

    private final Deque<Idle> idle = new ArrayDeque<>();
    /** Unusable connections dropped by {@link #poll} since the last {@link #takeDropped}. */
    private int dropped;

    /** A connection just used or opened: at the recent end. */
    void addRecent(BackendConnection connection, long now) {
        idle.addFirst(new Idle(connection, now));
    }

    /** A connection idle since {@code since} (it only passed a validation ping): at the old end. */
    void addOld(BackendConnection connection, long since) {
        idle.addLast(new Idle(connection, since));
    }

    /**
     * An idle connection on the caller's loop. A connection of another loop is taken only when the pool is
     * full: its responses then arrive on that loop, which the statement path tolerates (client writes are
     * handed over, completions hop back), but it costs a thread wake-up per response, so a new connection
     * on the right loop is preferred while there is room, unless {@code anyLoop}.
     *
     * @param room how many more connections the pool may open; each unusable one dropped on the way adds one
     * @return null when none is to be had
     */
    BackendConnection poll(EventLoop loop, boolean anyLoop, int room) {
        Idle any = null;
        for (var it = idle.iterator(); it.hasNext(); ) {
            Idle i = it.next();
            if (!i.connection().isUsable()) {
                it.remove();
                dropped++;
                room++;
                continue;
            }
            if (i.connection().eventLoop() == loop) {
                it.remove();
                return i.connection();
            }
            if (any == null) {
                any = i;
            }
        }
        if (any != null && (anyLoop || room <= 0)) {
            idle.remove(any);
            return any.connection();
        }
        return null;
    }

    /** How many unusable connections {@link #poll} dropped since the last call; resets the count. */
    int takeDropped() {
        int n = dropped;
        dropped = 0;
        return n;
    }

    /** Takes out the connections idle since before {@code cutoff}, oldest first, keeping at least {@code keep}. */
    List<BackendConnection> expire(long cutoff, int keep) {
        List<BackendConnection> expired = new ArrayList<>();
        while (idle.size() > keep && idle.peekLast() != null && idle.peekLast().since() < cutoff) {
            expired.add(idle.pollLast().connection());
        }
        return expired;
    }

    /** Takes out every connection idle since before {@code cutoff}. */
    List<Idle> takeIdleBefore(long cutoff) {
        List<Idle> taken = new ArrayList<>();
        for (var it = idle.iterator(); it.hasNext(); ) {
            Idle i = it.next();
            if (i.since() < cutoff) {
                it.remove();
                taken.add(i);
            }
        }
        return taken;
    }

    /** Takes out all of them. */
    List<BackendConnection> drain() {
        List<BackendConnection> all = new ArrayList<>(idle.size());
        idle.forEach(i -> all.add(i.connection()));
        idle.clear();
        return all;
    }

    int size() {
        return idle.size();
    }
}
