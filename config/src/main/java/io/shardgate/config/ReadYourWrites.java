package io.shardgate.config;

import java.time.Duration;

/**
 * How a session's reads see its own writes when replicas serve reads ({@code read-your-writes} and
 * {@code causal-wait} of a schema; see docs/architecture.md, "Read/write splitting").
 *
 * @param mode what the schema asked for
 * @param window how long reads stay on the primary after a write ({@link Mode#WINDOW}, and {@link Mode#AUTO} on
 *     backends that keep no GTIDs)
 * @param causalWait how long a replica may take to reach the session's last write before the read runs on the
 *     primary instead ({@link Mode#CAUSAL}, and {@link Mode#AUTO} on backends that keep GTIDs)
 */
public record ReadYourWrites(Mode mode, Duration window, Duration causalWait) {

    public enum Mode {
        /** A read goes to a replica as soon as no transaction holds the session on the primary. */
        OFF,
        /** Reads stay on the primary for {@link #window} after a write. */
        WINDOW,
        /** A read goes to a replica once it has applied the session's last write (by GTID). */
        CAUSAL,
        /** Not configured: causal where the node's primary keeps GTIDs (binlog on), else a 5 s window. */
        AUTO
    }

    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CAUSAL_WAIT = Duration.ofMillis(50);
    public static final ReadYourWrites DEFAULT = new ReadYourWrites(Mode.AUTO, DEFAULT_WINDOW, DEFAULT_CAUSAL_WAIT);
}
