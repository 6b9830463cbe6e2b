package io.shardgate.config;

import java.time.Duration;

/**
 * What one client connection may cost the proxy before and after login ({@code proxy.max-handshakes},
 * {@code proxy.max-packet}, {@code proxy.net-read-timeout}).
 *
 * @param maxHandshakes connections still logging in at once; they do not count toward {@code max-connections}
 * @param maxPacket largest packet a logged-in client may send, in bytes (MySQL's {@code max_allowed_packet})
 * @param netReadTimeout how long a logged-in client may stall in the middle of a packet (MySQL's
 *     {@code net_read_timeout}); waiting between commands is not a stall
 */
public record ClientLimits(int maxHandshakes, int maxPacket, Duration netReadTimeout) {

    /** MySQL 8's max_allowed_packet default. */
    public static final int DEFAULT_MAX_PACKET = 64 * 1024 * 1024;

    public static final ClientLimits DEFAULTS = new ClientLimits(1000, DEFAULT_MAX_PACKET, Duration.ofSeconds(30));
}
