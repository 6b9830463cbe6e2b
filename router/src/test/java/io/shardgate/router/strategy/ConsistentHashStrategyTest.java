package io.shardgate.router.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsistentHashStrategyTest {

    private static final int KEYS = 100_000;
    private static final int VIRTUAL_NODES = 160;

    @ParameterizedTest(name = "{0} -> {0}+1 shards")
    @ValueSource(ints = {1, 2, 4, 7, 16})
    void growingByOneShardMovesAboutOneInNPlusOneKeys(int n) {
        ConsistentHashStrategy before = new ConsistentHashStrategy(n, VIRTUAL_NODES);
        ConsistentHashStrategy after = new ConsistentHashStrategy(n + 1, VIRTUAL_NODES);
        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            Object key = (i % 2 == 0) ? (Object) (i * 7919L) : "customer-" + i;
            int from = before.shardOf(key);
            int to = after.shardOf(key);
            if (from != to) {
                moved++;
                // a key only ever moves to the new shard: the old shards' points did not change
                assertThat(to).isEqualTo(n);
            }
        }
        double expected = 1.0 / (n + 1);
        assertThat((double) moved / KEYS).isBetween(0.5 * expected, 1.6 * expected);
    }

    @Test
    void loadIsRoughlyBalanced() {
        int n = 8;
        ConsistentHashStrategy ring = new ConsistentHashStrategy(n, VIRTUAL_NODES);
        int[] counts = new int[n];
        for (int i = 0; i < KEYS; i++) {
            counts[ring.shardOf((long) i)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween((int) (0.75 * KEYS / n), (int) (1.25 * KEYS / n));
        }
    }

    @Test
    void pointsArePlacedByThePinnedHash() {
        ConsistentHashStrategy ring = new ConsistentHashStrategy(3, 4);
        // each point's own position belongs to the shard that placed it ("first point at or after")
        for (int shard = 0; shard < 3; shard++) {
            for (int v = 0; v < 4; v++) {
                long position = Integer.toUnsignedLong(Murmur3.hash("shard-" + shard + "#" + v));
                assertThat(ring.ownerOf(position)).isEqualTo(shard);
            }
        }
    }

    @Test
    void positionsPastTheLastPointWrapToTheFirst() {
        ConsistentHashStrategy ring = new ConsistentHashStrategy(3, 4);
        long lowest = Long.MAX_VALUE;
        int lowestOwner = -1;
        for (int shard = 0; shard < 3; shard++) {
            for (int v = 0; v < 4; v++) {
                long position = Integer.toUnsignedLong(Murmur3.hash("shard-" + shard + "#" + v));
                if (position < lowest) {
                    lowest = position;
                    lowestOwner = shard;
                }
            }
        }
        assertThat(ring.ownerOf(0xFFFF_FFFFL)).isEqualTo(lowestOwner);
        assertThat(ring.ownerOf(0)).isEqualTo(lowestOwner);
    }

    @Test
    void equalKeysInMysqlsEyesLandTogether() {
        ConsistentHashStrategy ring = new ConsistentHashStrategy(5, VIRTUAL_NODES);
        assertThat(ring.shardOf("42")).isEqualTo(ring.shardOf(42L));
        assertThat(ring.shardOf("Alice@Example.COM ")).isEqualTo(ring.shardOf("alice@example.com"));
        assertThat(ring.shardOf(null)).isZero();
        assertThat(ring.shardsFor(null, null)).isEqualTo(ShardSet.all(5));
    }

    @Test
    void placementIsPinned() {
        // Recorded from this implementation when it was introduced: ring placement follows from Murmur3
        // (pinned by Murmur3Test), the point names "shard-<i>#<v>" and the canonical key text. If this fails,
        // existing rows of consistent-hash tables would be looked for on the wrong shard.
        ConsistentHashStrategy ring = new ConsistentHashStrategy(4, 160);
        assertThat(ring.shardOf(1L)).isEqualTo(3);
        assertThat(ring.shardOf(42L)).isEqualTo(1);
        assertThat(ring.shardOf(1000L)).isEqualTo(3);
        assertThat(ring.shardOf("alice@example.com")).isEqualTo(1);
        assertThat(ring.shardOf("bob")).isEqualTo(3);
    }

    @Test
    void rejectsEmptyRings() {
        assertThatThrownBy(() -> new ConsistentHashStrategy(2, 0)).hasMessageContaining("one virtual node");
    }
}
