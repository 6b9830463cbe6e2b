package io.shardgate.proxy.transport;

import io.shardgate.config.ProxySettings;

/**
 * How many event loops serve the client and backend channels ({@code proxy.io-threads}).
 *
 * <p>Why not one per processor: a query through the proxy is a few microseconds of work between socket waits, so
 * a second loop mostly adds wake-ups (futex and epoll_wait per hand-over) rather than parallel work; on the
 * two-core reference machine, where the proxy shares the cores with MariaDB and the clients, one loop served the
 * same queries per second for less CPU per query than two (measured in bench/README.md, "How many event
 * loops"). {@code auto} therefore takes half the processors the JVM may use, and at least one.
 */
public final class IoThreads {

    /** The name prefix of the worker loops' threads ({@code shardgate-io-<group>-<n>}). */
    public static final String THREAD_NAME = "shardgate-io";

    private IoThreads() {
    }

    /** The number of worker event loops for {@code configured} (a count, or {@link ProxySettings#AUTO_IO_THREADS}). */
    public static int resolve(int configured, int processors) {
        if (configured != ProxySettings.AUTO_IO_THREADS) {
            return configured;
        }
        return Math.max(1, processors / 2);
    }
}
