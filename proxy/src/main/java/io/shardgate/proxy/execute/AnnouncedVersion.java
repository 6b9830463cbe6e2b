package io.shardgate.proxy.execute;

import java.util.Locale;

/**
 * The server the proxy says it is, the same wherever a client can read it: the handshake, {@code VERSION()},
 * {@code @@version}, {@code @@version_comment} and {@code SHOW VARIABLES}. Drivers pick their code paths by
 * the version (Connector/J reads it from the handshake, others ask {@code SHOW VARIABLES LIKE 'version%'}), so
 * one answer in one place and the backend's MariaDB version nowhere.
 *
 * @param version as the handshake announces it, e.g. {@code 8.0.36-shardgate}
 */
public record AnnouncedVersion(String version) {

    public static final String COMMENT = "shardgate MySQL sharding proxy";

    /** The proxy's value of system variable {@code name}, or null when the backend's value stands. */
    public String variable(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "version" -> version;
            case "version_comment" -> COMMENT;
            default -> null;
        };
    }
}
