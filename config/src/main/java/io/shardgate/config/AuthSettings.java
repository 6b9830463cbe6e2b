package io.shardgate.config;

import java.time.Duration;

/**
 * The {@code proxy.auth:} section: how failed logins slow down the address they come from.
 *
 * @param maxFailures failed logins an address may have before its next attempts are delayed
 * @param failureWindow an address's failures are forgotten once this long has passed since its last one
 * @param maxDelay the longest an attempt is delayed; delays double from one second up to this
 */
public record AuthSettings(int maxFailures, Duration failureWindow, Duration maxDelay) {

    public static final AuthSettings DEFAULTS = new AuthSettings(5, Duration.ofMinutes(1), Duration.ofSeconds(30));
}
