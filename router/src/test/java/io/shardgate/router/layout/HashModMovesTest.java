package io.shardgate.router.layout;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ShardgateConfig;
import io.shardgate.router.strategy.HashModStrategy;
import io.shardgate.router.topology.TableTopology;
import org.junit.jupiter.api.Test;

class HashModMovesTest {

    private static String orders(String nodes, String locations) {
        return "- {name: orders, shard-key: user_id, strategy: hash-mod, nodes: " + nodes + ", locations: "
                + locations + "}";
    }

    @Test
    void twoToFourShardsMovesThreeQuartersOfTheKeys() {
        KeyMovement m = Layouts.orders(orders("[ds0, ds1]", "[1, 1]"), orders("[ds0, ds1]", "[2, 2]"));
        assertThat(m.scope()).isEqualTo(KeyMovement.Scope.ROWS);
        assertThat(m.movedShare()).isEqualTo(0.75);
        assertThat(m.reason()).isEqualTo("hash-mod over 4 shards instead of 2: 75% of the keys would change physical table");
    }

    @Test
    void sameShardsOnTheSameNodesMoveNothing() {
        KeyMovement m = Layouts.orders(orders("[ds0, ds1]", "[2, 2]"), orders("[ds0, ds1]", "[2, 2]"));
        assertThat(m.movesRows()).isFalse();
    }

    @Test
    void aShardOnAnotherNodeMovesItsKeys() {
        KeyMovement m = Layouts.orders(orders("[ds0, ds1]", "[2, 2]"), orders("[ds0, ds2]", "[2, 2]"));
        assertThat(m.movedShare()).isEqualTo(0.5);
        assertThat(m.reason()).startsWith("shard 2 moves from orders_0002 on ds1 to orders_0002 on ds2");
    }

    @Test
    void theShareMatchesKeysRoutedByTheRealStrategies() {
        measure("[ds0, ds1]", "[2, 2]", "[ds0, ds1, ds2]", "[2, 2, 2]");
        measure("[ds0, ds1]", "[3, 2]", "[ds0, ds1]", "[3, 3]");
        measure("[ds0]", "[5]", "[ds0, ds1]", "[3, 4]");
    }

    /** Routes many integer and string keys through both layouts and compares with the computed share. */
    private static void measure(String nodesBefore, String locBefore, String nodesAfter, String locAfter) {
        ShardgateConfig before = Layouts.config(orders(nodesBefore, locBefore));
        ShardgateConfig after = Layouts.config(orders(nodesAfter, locAfter));
        KeyMovement m = TableMoves.compare(Layouts.placement(before, "orders"), Layouts.placement(after, "orders"));
        TableTopology from = TableTopology.of(before.schema("shop").orElseThrow().table("orders").orElseThrow());
        TableTopology to = TableTopology.of(after.schema("shop").orElseThrow().table("orders").orElseThrow());
        HashModStrategy a = new HashModStrategy(from.shardCount());
        HashModStrategy b = new HashModStrategy(to.shardCount());
        int keys = 200_000;
        int moved = 0;
        for (int i = 0; i < keys; i++) {
            // consecutive integers (every residue alike) and strings (hashed)
            Object key = i < keys / 2 ? (Object) (long) i : "user-" + i;
            if (!from.location(a.shardOf(key)).equals(to.location(b.shardOf(key)))) {
                moved++;
            }
        }
        assertThat((double) moved / keys).isCloseTo(m.movedShare(), org.assertj.core.data.Offset.offset(0.01));
    }
}
