package io.shardgate.router.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LookupStrategyTest {

    /** Counts calls so the tests can see what the cache saves. */
    static final class CountingStore implements LookupStore {
        final InMemoryLookupStore inner = new InMemoryLookupStore();
        final List<String> calls = new ArrayList<>();

        @Override
        public OptionalInt find(String key) {
            calls.add("find " + key);
            return inner.find(key);
        }

        @Override
        public int assign(String key, int proposedShard) {
            calls.add("assign " + key + " " + proposedShard);
            return inner.assign(key, proposedShard);
        }
    }

    private final CountingStore store = new CountingStore();
    private final HashModStrategy allocator = new HashModStrategy(4);
    private final LookupStrategy lookup = new LookupStrategy("email", store, allocator, 1000);

    @Test
    void findOfAnUnknownKeyRecordsNothing() {
        assertThat(lookup.find("nobody@x")).isEmpty();
        assertThat(lookup.find("nobody@x")).isEmpty();
        assertThat(store.calls).containsExactly("find nobody@x", "find nobody@x"); // misses are not cached
        assertThat(store.inner.size()).isZero();
    }

    @Test
    void shardOfAssignsNewKeysWithTheAllocatorAndCaches() {
        int expected = allocator.shardOf("a@x");
        assertThat(lookup.shardOf("a@x")).isEqualTo(expected);
        assertThat(store.calls).containsExactly("find a@x", "assign a@x " + expected);
        store.calls.clear();
        assertThat(lookup.shardOf("A@X")).isEqualTo(expected);
        assertThat(lookup.find("a@x")).hasValue(expected);
        assertThat(store.calls).isEmpty();
    }

    @Test
    void anExistingRecordWinsOverTheAllocator() {
        int proposed = allocator.shardOf("b@x");
        int other = (proposed + 1) % 4;
        store.inner.assign("b@x", other); // recorded earlier, e.g. by another proxy
        assertThat(lookup.find("b@x")).hasValue(other);
        assertThat(lookup.shardOf("b@x")).isEqualTo(other);
    }

    @Test
    void aRaceLostInTheStoreReturnsTheWinnersShard() {
        LookupStore racing = new LookupStore() {
            @Override
            public OptionalInt find(String key) {
                return OptionalInt.empty();
            }

            @Override
            public int assign(String key, int proposedShard) {
                return (proposedShard + 1) % 4; // another proxy inserted first
            }
        };
        LookupStrategy s = new LookupStrategy("email", racing, allocator, 10);
        int winner = (allocator.shardOf("c@x") + 1) % 4;
        assertThat(s.shardOf("c@x")).isEqualTo(winner);
        assertThat(s.find("c@x")).hasValue(winner); // cached from the assign
    }

    @Test
    void numericKeysAreStoredCanonically() {
        lookup.shardOf(42L);
        assertThat(store.inner.find("42")).isPresent();
        store.calls.clear();
        assertThat(lookup.find("042")).isPresent();
        assertThat(store.calls).isEmpty();
    }

    @Test
    void invalidateForgetsCachedKeys() {
        lookup.shardOf("d@x");
        lookup.invalidateCache();
        store.calls.clear();
        lookup.find("d@x");
        assertThat(store.calls).containsExactly("find d@x");
    }

    @Test
    void nullKeysLiveOnShardZeroAndAreNeverRecorded() {
        assertThat(lookup.shardOf(null)).isZero();
        assertThat(lookup.find(null)).hasValue(0);
        assertThat(store.calls).isEmpty();
    }

    @Test
    void keysLongerThanTheLocatorColumnFail() {
        assertThatThrownBy(() -> lookup.shardOf("x".repeat(256))).isInstanceOf(NoShardException.class)
                .hasMessageContaining("at most 255 characters");
    }

    @Test
    void aStoreAnsweringAShardThatDoesNotExistIsReported() {
        store.inner.assign("e@x", 9);
        assertThatThrownBy(() -> lookup.find("e@x")).isInstanceOf(IllegalStateException.class)
                .hasMessage("lookup store maps email 'e@x' to shard 9, but the table has shards 0..3");
    }

    @Test
    void rangesAreAllShards() {
        assertThat(lookup.shardsFor(null, null)).isEqualTo(ShardSet.all(4));
        assertThat(lookup.shardCount()).isEqualTo(4);
    }
}
