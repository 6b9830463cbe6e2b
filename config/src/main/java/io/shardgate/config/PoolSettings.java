package io.shardgate.config;

import java.time.Duration;

/**
 * Backend connection pool sizing, per node and role.
 *
 * @param connectTimeout how long opening one backend connection may take, TCP connect and the server's
 *     handshake and login together; also bounds the small control exchanges on pooled connections (reset,
 *     validation ping, KILL QUERY), which a healthy server answers as fast as a login
 */
public record PoolSettings(int max, int minIdle, Duration acquireTimeout, Duration idleTimeout,
                           Duration connectTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public static final PoolSettings DEFAULTS =
            new PoolSettings(64, 4, Duration.ofSeconds(3), Duration.ofMinutes(10), DEFAULT_CONNECT_TIMEOUT);

    /** The defaults' connect timeout: for callers that size a pool by hand. */
    public PoolSettings(int max, int minIdle, Duration acquireTimeout, Duration idleTimeout) {
        this(max, minIdle, acquireTimeout, idleTimeout, DEFAULT_CONNECT_TIMEOUT);
    }
}
