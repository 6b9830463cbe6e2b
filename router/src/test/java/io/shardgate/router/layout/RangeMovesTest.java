package io.shardgate.router.layout;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ShardgateConfig;
import io.shardgate.router.strategy.NoShardException;
import io.shardgate.router.strategy.ShardStrategies;
import io.shardgate.router.strategy.ShardStrategy;
import io.shardgate.router.strategy.LookupStoreFactory;
import io.shardgate.router.topology.ShardLocation;
import io.shardgate.router.topology.TableTopology;
import org.junit.jupiter.api.Test;

class RangeMovesTest {

    private static String bounds(String nodes, String locations, String boundaries) {
        return "- {name: orders, shard-key: id, strategy: range, nodes: " + nodes + ", locations: " + locations
                + ", boundaries: " + boundaries + "}";
    }

    private static String sized(String nodes, String locations, long size) {
        return "- {name: orders, shard-key: id, strategy: range, nodes: " + nodes + ", locations: " + locations
                + ", range-size: " + size + "}";
    }

    @Test
    void aRangeAppendedOnANewNodeKeepsEveryRow() {
        KeyMovement m = Layouts.orders(sized("[ds0, ds1]", "[1, 1]", 100), sized("[ds0, ds1, ds2]", "[1, 1, 1]", 100));
        assertThat(m.scope()).isEqualTo(KeyMovement.Scope.NONE);
        assertThat(m.reason()).isEqualTo("ranges added beyond the old ones [0, 200); every stored key keeps its table");
    }

    @Test
    void aRangeAppendedOnTheLastNodeKeepsEveryRow() {
        assertThat(Layouts.orders(bounds("[ds0, ds1]", "[1, 1]", "[0, 100, 200]"),
                bounds("[ds0, ds1]", "[1, 2]", "[0, 100, 200, 500]")).movesRows()).isFalse();
    }

    @Test
    void aShrunkRangeLeavesKeysOutside() {
        KeyMovement m = Layouts.orders(bounds("[ds0, ds1]", "[1, 1]", "[0, 100, 200]"),
                bounds("[ds0, ds1]", "[1, 1]", "[0, 100, 150]"));
        assertThat(m.scope()).isEqualTo(KeyMovement.Scope.ROWS);
        assertThat(m.movedShare()).isEqualTo(0.25);
        assertThat(m.reason()).isEqualTo("keys [150, 200) would move from orders_0001 on ds1 to no table (outside the"
                + " new ranges) (25% of the old key range)");
    }

    @Test
    void aSplitRangeMovesTheUpperPart() {
        KeyMovement m = Layouts.orders(bounds("[ds0, ds1]", "[1, 1]", "[0, 100, 200]"),
                bounds("[ds0, ds1]", "[1, 2]", "[0, 100, 150, 200]"));
        assertThat(m.movedShare()).isEqualTo(0.25);
        assertThat(m.reason()).startsWith("keys [150, 200) would move from orders_0001 on ds1 to orders_0002 on ds1");
    }

    @Test
    void aRangePrependedRenumbersEveryTable() {
        KeyMovement m = Layouts.orders(bounds("[ds0]", "[2]", "[0, 100, 200]"),
                bounds("[ds0]", "[3]", "[-100, 0, 100, 200]"));
        assertThat(m.movedShare()).isEqualTo(1.0);
    }

    @Test
    void theVerdictMatchesEveryKeyRoutedByTheRealStrategies() {
        String[][] cases = {
                {bounds("[ds0, ds1]", "[1, 1]", "[0, 100, 200]"), bounds("[ds0, ds1]", "[1, 2]", "[0, 100, 200, 300]")},
                {bounds("[ds0, ds1]", "[1, 1]", "[0, 100, 200]"), bounds("[ds0, ds1]", "[1, 1]", "[0, 120, 200]")},
                {sized("[ds0, ds1]", "[2, 2]", 50), sized("[ds0, ds1]", "[2, 3]", 50)},
                {sized("[ds0, ds1]", "[2, 2]", 50), sized("[ds0, ds1]", "[3, 2]", 50)},
                {sized("[ds0, ds1]", "[2, 2]", 50), sized("[ds0, ds1]", "[2, 2]", 40)},
        };
        for (String[] c : cases) {
            ShardgateConfig before = Layouts.config(c[0]);
            ShardgateConfig after = Layouts.config(c[1]);
            KeyMovement m = TableMoves.compare(Layouts.placement(before, "orders"), Layouts.placement(after, "orders"));
            int moved = 0;
            int stored = 0;
            for (long key = -50; key < 400; key++) {
                ShardLocation from = where(before, key);
                if (from != null) {
                    stored++;
                    if (!from.equals(where(after, key))) {
                        moved++;
                    }
                }
            }
            assertThat((double) moved / stored).as(c[0] + " -> " + c[1]).isEqualTo(m.movedShare());
        }
    }

    private static ShardLocation where(ShardgateConfig config, long key) {
        var table = config.schema("shop").orElseThrow().table("orders").orElseThrow();
        ShardStrategy strategy = ShardStrategies.create(table, config.timeZone(), LookupStoreFactory.NONE);
        try {
            return TableTopology.of(table).location(strategy.shardOf(key));
        } catch (NoShardException e) {
            return null;
        }
    }
}
