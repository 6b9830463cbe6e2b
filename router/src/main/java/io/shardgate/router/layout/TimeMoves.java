package io.shardgate.router.layout;

import io.shardgate.config.StrategyParams;
import io.shardgate.router.strategy.TimeLayout;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * {@code time} before and after. A physical table is named by its unit ({@code events_202401}), so each old
 * unit moves only when the new layout drops it or puts it on another node; new units move nothing, since no
 * row can hold a date outside the old periods. Extending the last period, or adding a later period on a new
 * node, keeps every row. Another unit (month to day) renames every table; another {@code time-zone} moves the
 * rows whose key is an instant (TIMESTAMP, unix time) across period borders, which the config cannot count.
 * NULL keys live on shard 0, so a period added before the first one moves them.
 */
final class TimeMoves {

    private TimeMoves() {
    }

    static KeyMovement compare(TablePlacement before, TablePlacement after) {
        StrategyParams.Time paramsBefore = (StrategyParams.Time) before.config().params();
        StrategyParams.Time paramsAfter = (StrategyParams.Time) after.config().params();
        if (paramsBefore.unit() != paramsAfter.unit()) {
            return KeyMovement.rows("one table per " + name(paramsAfter.unit()) + " instead of per "
                    + name(paramsBefore.unit()) + ": every row would change physical table", 1);
        }
        if (!before.zone().equals(after.zone())) {
            return KeyMovement.rows("time-zone changes from " + name(before.zone()) + " to " + name(after.zone())
                    + ": TIMESTAMP and unix-time keys near a period border would fall into another table");
        }
        TimeLayout old = TimeLayout.of(paramsBefore);
        TimeLayout now = TimeLayout.of(paramsAfter);
        int moved = 0;
        String firstMoved = null;
        for (int shard = 0; shard < old.shardCount(); shard++) {
            int shardAfter = now.shardOfUnit(old.unitOfShard(shard));
            if (shardAfter < 0 || !before.location(shard).equals(after.location(shardAfter))) {
                moved++;
                if (firstMoved == null) {
                    firstMoved = "rows of " + Locations.describe(before.location(shard)) + (shardAfter < 0
                            ? " would be outside every new period"
                            : " would be looked for in " + Locations.describe(after.location(shardAfter)));
                }
            }
        }
        double share = moved / (double) old.shardCount();
        return KeyMovement.of(firstMoved == null ? "" : firstMoved + " (" + moved + " of " + old.shardCount()
                        + " " + name(paramsBefore.unit()) + " tables)", share, before.location(0), after.location(0),
                now.shardCount() > old.shardCount() ? "periods extended; every stored date keeps its table"
                        : "every stored date keeps its table");
    }

    private static String name(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    private static String name(StrategyParams.TimeUnit unit) {
        return unit.name().toLowerCase(Locale.ROOT);
    }
}
