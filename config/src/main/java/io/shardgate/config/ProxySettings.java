package io.shardgate.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code proxy:} section: the client-facing listener.
 *
 * @param allowIps CIDRs or plain addresses; empty means every address may connect
 * @param workerId snowflake worker id, 0..1023
 * @param tls null when the front end offers no TLS
 */
public record ProxySettings(
        HostPort listen,
        List<UserConfig> users,
        List<String> allowIps,
        int maxConnections,
        int workerId,
        Duration slowQuery,
        TlsSettings tls) {

    public ProxySettings {
        users = List.copyOf(users);
        allowIps = List.copyOf(allowIps);
    }
}
