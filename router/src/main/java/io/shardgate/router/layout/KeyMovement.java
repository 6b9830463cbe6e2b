package io.shardgate.router.layout;

import io.shardgate.router.topology.ShardLocation;
import java.util.Locale;

/**
 * Which stored rows of one logical table a layout change would leave where the new layout no longer looks
 * for them.
 *
 * @param scope how far the change reaches
 * @param reason one phrase for logs and refusals: what changes, and where keys go
 * @param movedShare the fraction (0..1) of the key space whose physical table changes; NaN when it cannot be
 *     measured from the config alone (value lists, a new strategy, copies to fill)
 * @param nullKeysAt for {@link Scope#NULL_KEYS}: where rows whose shard key is NULL live today
 */
public record KeyMovement(Scope scope, String reason, double movedShare, ShardLocation nullKeysAt) {

    public enum Scope {
        /** Every row that can exist today stays where the new layout looks for it. */
        NONE,
        /** Only rows whose shard key is NULL would move (they live on shard 0, or the region default). */
        NULL_KEYS,
        /** Rows would move: the table must be empty for the change to apply. */
        ROWS
    }

    public static KeyMovement none(String reason) {
        return new KeyMovement(Scope.NONE, reason, 0, null);
    }

    public static KeyMovement rows(String reason, double movedShare) {
        return new KeyMovement(Scope.ROWS, reason, movedShare, null);
    }

    /** Rows move; how many of them the config cannot say. */
    public static KeyMovement rows(String reason) {
        return rows(reason, Double.NaN);
    }

    static KeyMovement nullKeys(String reason, ShardLocation nullKeysAt) {
        return new KeyMovement(Scope.NULL_KEYS, reason, 0, nullKeysAt);
    }

    /**
     * The movement of a change whose non-NULL keys move as {@code movedShare} says ({@code what} explaining it)
     * and whose NULL keys go from {@code nullBefore} to {@code nullAfter}.
     */
    static KeyMovement of(String what, double movedShare, ShardLocation nullBefore, ShardLocation nullAfter,
                          String unchanged) {
        if (Double.isNaN(movedShare)) {
            throw new IllegalArgumentException("a measured share is needed here");
        }
        if (movedShare > 0) {
            return rows(what, movedShare);
        }
        if (!nullBefore.equals(nullAfter)) {
            return nullKeys("rows whose shard key is NULL would move from " + Locations.describe(nullBefore)
                    + " to " + Locations.describe(nullAfter), nullBefore);
        }
        return none(unchanged);
    }

    public boolean movesRows() {
        return scope != Scope.NONE;
    }

    /** {@code 75%}, {@code 0.31%}; empty when not measurable. */
    public String share() {
        return percent(movedShare);
    }

    static String percent(double share) {
        if (Double.isNaN(share)) {
            return "";
        }
        double percent = share * 100;
        return percent >= 10 || percent == 0 ? String.format(Locale.ROOT, "%.0f%%", percent)
                : String.format(Locale.ROOT, "%.2g%%", percent);
    }
}
