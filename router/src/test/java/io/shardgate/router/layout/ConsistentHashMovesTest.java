package io.shardgate.router.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.shardgate.config.ShardgateConfig;
import io.shardgate.router.strategy.ConsistentHashStrategy;
import io.shardgate.router.topology.TableTopology;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ConsistentHashMovesTest {

    private static final int KEYS = 200_000;

    private static String ring(int nodes, int lastLocations, int points) {
        StringBuilder n = new StringBuilder();
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < nodes; i++) {
            n.append(i == 0 ? "" : ", ").append("ds").append(i);
            l.append(i == 0 ? "" : ", ").append(i == nodes - 1 ? lastLocations : 1);
        }
        return "- {name: orders, shard-key: user_id, strategy: consistent-hash, nodes: [" + n + "], locations: ["
                + l + "], virtual-nodes: " + points + "}";
    }

    /**
     * Issue 17 asks that adding a node to a ring of N moves about 1/(N+1) of the keys: the ring arithmetic gives
     * the exact share, and keys routed through the real strategies agree with it.
     */
    @ParameterizedTest(name = "{0} -> {0}+1 nodes")
    @ValueSource(ints = {1, 2, 3})
    void addingANodeMovesAboutOneInNPlusOne(int n) {
        ShardgateConfig before = Layouts.config(ring(n, 1, 160));
        ShardgateConfig after = Layouts.config(ring(n + 1, 1, 160));
        KeyMovement m = TableMoves.compare(Layouts.placement(before, "orders"), Layouts.placement(after, "orders"));
        assertThat(m.scope()).isEqualTo(KeyMovement.Scope.ROWS);
        double expected = 1.0 / (n + 1);
        assertThat(m.movedShare()).isBetween(0.75 * expected, 1.25 * expected);
        assertThat(measured(before, after)).isCloseTo(m.movedShare(), within(0.01));
        assertThat(m.reason()).contains("consistent hash over " + (n + 1) + " shards with 160 points each, instead of "
                + n + " with 160");
    }

    @Test
    void aShardAddedInTheMiddleRenumbersTheOthersAndMovesFarMore() {
        ShardgateConfig before = Layouts.config(ring(2, 1, 160));                  // ds0: 0000, ds1: 0001
        ShardgateConfig after = Layouts.config(
                "- {name: orders, shard-key: user_id, strategy: consistent-hash, nodes: [ds0, ds1], locations: [2, 1]}");
        KeyMovement m = TableMoves.compare(Layouts.placement(before, "orders"), Layouts.placement(after, "orders"));
        // shard 1 is now orders_0001 on ds0 instead of on ds1: its keys move too
        assertThat(m.movedShare()).isGreaterThan(0.5);
        assertThat(measured(before, after)).isCloseTo(m.movedShare(), within(0.01));
    }

    @Test
    void otherPointCountsMoveKeysAndTheSameRingMovesNone() {
        KeyMovement fewer = Layouts.orders(ring(2, 2, 160), ring(2, 2, 40));
        assertThat(fewer.movedShare()).isBetween(0.2, 0.8);
        KeyMovement same = Layouts.orders(ring(2, 2, 160), ring(2, 2, 160));
        assertThat(same.movesRows()).isFalse();
    }

    private static double measured(ShardgateConfig before, ShardgateConfig after) {
        TableTopology from = TableTopology.of(before.schema("shop").orElseThrow().table("orders").orElseThrow());
        TableTopology to = TableTopology.of(after.schema("shop").orElseThrow().table("orders").orElseThrow());
        ConsistentHashStrategy a = new ConsistentHashStrategy(from.shardCount(), points(before));
        ConsistentHashStrategy b = new ConsistentHashStrategy(to.shardCount(), points(after));
        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            Object key = i % 2 == 0 ? (Object) (i * 7919L) : "customer-" + i;
            if (!from.location(a.shardOf(key)).equals(to.location(b.shardOf(key)))) {
                moved++;
            }
        }
        return (double) moved / KEYS;
    }

    private static int points(ShardgateConfig config) {
        return ((io.shardgate.config.StrategyParams.ConsistentHash) config.schema("shop").orElseThrow()
                .table("orders").orElseThrow().params()).virtualNodes();
    }
}
