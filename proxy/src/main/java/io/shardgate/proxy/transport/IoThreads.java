package io.shardgate.proxy.transport;

import io.shardgate.config.ProxySettings;

/**
 * How many event loops serve the client and backend channels ({@code proxy.io-threads}).
 *
 * <p>{@code auto} is one loop per processor the JVM may use. One loop on a two-core machine shared with MariaDB
 * and the clients was measured against two (bench/README.md, "How many event loops"): it saved 1-2 µs of CPU per
 * query in two thirds of the pairs but did not keep the queries per second, least of all with 2,000 clients;
 * so the setting is there to pin the number, and the default stays the one that serves most.
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
        return Math.max(1, processors);
    }
}
