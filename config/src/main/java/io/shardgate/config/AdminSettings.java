package io.shardgate.config;

import java.util.List;

/**
 * The {@code admin:} section.
 *
 * @param listen MySQL-protocol admin listener, null when disabled
 * @param httpListen HTTP listener for /metrics, /health and /ready, null when disabled
 * @param digestLimit the most statement shapes {@code SHOW DIGESTS} keeps (least recently seen dropped first)
 */
public record AdminSettings(HostPort listen, HostPort httpListen, List<UserConfig> users, int digestLimit) {

    /** Enough for the distinct statements of a typical application, a few MiB of heap at most. */
    public static final int DEFAULT_DIGEST_LIMIT = 2000;

    public static final AdminSettings DISABLED = new AdminSettings(null, null, List.of(), DEFAULT_DIGEST_LIMIT);

    /** Admin with the default digest limit. */
    public AdminSettings(HostPort listen, HostPort httpListen, List<UserConfig> users) {
        this(listen, httpListen, users, DEFAULT_DIGEST_LIMIT);
    }

    public AdminSettings {
        users = List.copyOf(users);
    }
}
