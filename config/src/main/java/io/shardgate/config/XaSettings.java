package io.shardgate.config;

import java.time.Duration;

/**
 * How the proxy settles the XA branches of two-phase commits ({@code proxy.xa-recovery-interval},
 * {@code proxy.xa-recovery-grace}).
 *
 * @param recoveryInterval how often every node's prepared branches are settled (also once at start)
 * @param recoveryGrace how old a prepared branch must be before recovery settles it (commits or rolls it back):
 *     until then its transaction may still be committing on its proxy; decision rows are pruned after ten times this
 */
public record XaSettings(Duration recoveryInterval, Duration recoveryGrace) {

    public static final XaSettings DEFAULTS = new XaSettings(Duration.ofSeconds(10), Duration.ofSeconds(30));
}
