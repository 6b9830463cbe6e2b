package io.shardgate.config;

import java.time.Duration;

/** Backend connection pool sizing, per node and role. */
public record PoolSettings(int max, int minIdle, Duration acquireTimeout, Duration idleTimeout) {

    public static final PoolSettings DEFAULTS =
            new PoolSettings(64, 4, Duration.ofSeconds(3), Duration.ofMinutes(10));
}
