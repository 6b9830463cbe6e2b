package io.shardgate.config;

import java.util.List;

/**
 * The {@code admin:} section.
 *
 * @param listen MySQL-protocol admin listener, null when disabled
 * @param httpListen HTTP listener for /metrics and /health, null when disabled
 */
public record AdminSettings(HostPort listen, HostPort httpListen, List<UserConfig> users) {

    public static final AdminSettings DISABLED = new AdminSettings(null, null, List.of());

    public AdminSettings {
        users = List.copyOf(users);
    }
}
