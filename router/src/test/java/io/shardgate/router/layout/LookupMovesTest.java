package io.shardgate.router.layout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LookupMovesTest {

    private static String lookup(String locations, String node, String allocate) {
        return "- {name: orders, shard-key: email, strategy: lookup, nodes: [ds0, ds1], locations: " + locations
                + ", lookup: {node: " + node + ", table: orders_locator, allocate: " + allocate + "}}";
    }

    @Test
    void shardsAddedAtTheEndOrAnotherAllocatorKeepRecordedKeys() {
        KeyMovement m = Layouts.orders(lookup("[2, 2]", "ds0", "hash-mod"), lookup("[2, 3]", "ds0", "consistent-hash"));
        assertThat(m.scope()).isEqualTo(KeyMovement.Scope.NONE);
        assertThat(m.reason()).isEqualTo("shards added at the end; recorded keys keep their tables");
    }

    @Test
    void renumberedShardsMoveTheirKeys() {
        KeyMovement m = Layouts.orders(lookup("[2, 2]", "ds0", "hash-mod"), lookup("[3, 2]", "ds0", "hash-mod"));
        assertThat(m.scope()).isEqualTo(KeyMovement.Scope.ROWS);
        assertThat(m.reason()).isEqualTo("keys recorded for shard 2 would move from orders_0002 on ds1 to "
                + "orders_0002 on ds0 (1 of 4 shards)");
    }

    @Test
    void aMovedLocatorLosesEveryRecordedKey() {
        KeyMovement m = Layouts.orders(lookup("[2, 2]", "ds0", "hash-mod"), lookup("[2, 2]", "ds1", "hash-mod"));
        assertThat(m.reason()).startsWith("the locator table moves from orders_locator on ds0 to orders_locator on ds1");
    }
}
